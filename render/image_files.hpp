// The bytes of an exported plan image: PNG (lossless, carrying the plan, so it opens again as the
// plan) or JPEG (small, for mail). Pixels only: nothing of the photo's metadata (EXIF, colour
// profile, dates) is written, so nothing about the patient leaks beyond what the image shows.
#pragma once

#include "render/rgba_image.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace hp::render {

/// A PNG of `image`: 8-bit RGB when every alpha is 255 (as in exports), else 8-bit RGBA; not
/// interlaced. When `planJson` is not empty it goes in the plan chunk right after IHDR
/// (planning/png_plan_chunk.hpp); no other metadata chunk is written (no tEXt, tIME, gAMA, sRGB,
/// pHYs). Deterministic: the same image and text give the same bytes, whatever the number of
/// cores (with the same zlib).
///
/// Built for speed on 24 MP photos (under 1 s of CPU): each row gets the cheapest of the Sub, Up,
/// Average and Paeth filters, and bands of about 4 MB of rows are deflated at once on every core
/// (zlib level 1, Z_RLE strategy) into one zlib stream, one IDAT chunk per band. A photo comes to
/// about 55-60% of its raw size; see image_files.cpp for the measurements behind the choice.
///
/// Returns an empty vector when the image is empty or inconsistent (rgba.size() is not
/// width * height * 4), when it is too large for a PNG, or when memory runs out.
std::vector<std::uint8_t> encodePng(const RgbaImage& image, std::string_view planJson);

/// A baseline JPEG of `image` (alpha ignored) at `quality` (clamped to [1, 100]) with TurboJPEG:
/// 4:4:4 chroma (no subsampling), so that the overlays' thin coloured lines and the legend's
/// small text keep sharp colour edges; a JFIF header and nothing else (no EXIF, no comment).
/// Deterministic. Returns an empty vector when the image is empty or inconsistent, larger than
/// JPEG's 65,535 pixels a side, or on an encoder error.
std::vector<std::uint8_t> encodeJpeg(const RgbaImage& image, int quality = 92);

} // namespace hp::render
