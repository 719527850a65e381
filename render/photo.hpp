// Patient photos: JPEG and PNG files decoded to RGBA pixels as the camera meant them to be seen
// (EXIF orientation applied). Nothing but pixels comes out: no EXIF, no colour profile, so
// nothing from the photo's metadata can leak into an exported plan image.
#pragma once

#include "render/rgba_image.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace hp::render {

/// Limits checked before any pixel buffer is allocated (and, for the file size, before the
/// file is read). A 100 MP RGBA image is 400 MB; the largest clinic cameras give about 60 MP.
inline constexpr std::int64_t kMaxPhotoPixels = 100'000'000;
inline constexpr int kMaxPhotoSide = 65'535;
inline constexpr std::uintmax_t kMaxPhotoFileBytes = 512ull * 1024 * 1024;

/// The outcome of loading a photo: either `image` is set, or `error` says, in words for the
/// user and naming the file, why there is none.
///
/// `warning` is set (with `image`) when the file is damaged but the decoder could still make an
/// image of it, e.g. a JPEG cut short, whose missing part comes out grey. The editor should
/// show it: the photo may not be what the surgeon expects.
struct PhotoLoad {
    std::optional<RgbaImage> image;
    std::string error;
    std::string warning;
};

/// Reads and decodes a JPEG or PNG file. The format is told by the file's first bytes, not its
/// name. Never throws for a bad file and never aborts: a missing file, a directory, an empty,
/// truncated, corrupt, unsupported (HEIC, WebP, GIF, CMYK JPEG, ...) or over-limit file gives
/// an `error`. Files larger than kMaxPhotoFileBytes are refused before they are read.
///
/// The image is as displayed: rotated and mirrored by the JPEG's EXIF orientation (tag 0x0112,
/// in IFD0), so a portrait phone photo comes out portrait. Alpha is 255 for JPEG; PNG keeps
/// its alpha. 16-bit PNGs are reduced to 8 bits. Colour profiles are ignored (sRGB assumed),
/// as is a PNG's rarely used eXIf orientation. Safe to call from several threads at once.
PhotoLoad loadPhoto(const std::filesystem::path& path);

/// decodePhoto() on bytes already in memory. `nameForMessages` starts every message, e.g. the
/// file's name.
PhotoLoad decodePhoto(std::span<const std::uint8_t> bytes, std::string_view nameForMessages);

/// The size loadPhoto() would give (width, height, after the EXIF orientation), from the
/// headers only: reads the start of the file, decodes no pixels. Returns nullopt and sets
/// `*error` (when not null) in exactly the cases loadPhoto() would refuse the file before
/// decoding (missing, unsupported, over the limits, ...); a file whose pixel data is damaged
/// may still report a size here and fail to load.
std::optional<std::pair<int, int>> photoDisplaySize(const std::filesystem::path& path,
                                                    std::string* error = nullptr);

} // namespace hp::render
