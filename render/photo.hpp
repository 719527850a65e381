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
#include <vector>

namespace hp::render {

/// Limits checked before any pixel buffer is allocated (and, for the file size, before the
/// file is read). A 100 MP RGBA image is 400 MB; the largest clinic cameras give about 60 MP.
inline constexpr std::int64_t kMaxPhotoPixels = 100'000'000;
inline constexpr int kMaxPhotoSide = 65'535;
inline constexpr std::uintmax_t kMaxPhotoFileBytes = 512ull * 1024 * 1024;

/// Where a decoded image lies over the photo it comes from, in the photo's pixels as displayed
/// (after the EXIF orientation; x right, y down). A whole photo lies exactly over itself; one
/// decoded at a reduced scale (decodePhoto with a PhotoScale) has larger pixels: its pixel
/// (i, j) covers the photo's [left + i * pixelSize, left + (i + 1) * pixelSize) along x, and
/// the same with `top` along y. Where a side is not a whole number of JPEG blocks, the last
/// reduced pixel reaches past the photo's edge; when the orientation turns that edge to the left
/// or the top, `left` or `top` is negative (by less than a pixel) so the rest stays in place.
struct PhotoPlacement {
    int photoWidth = 0;  ///< the photo at full resolution, as displayed
    int photoHeight = 0; ///< the photo at full resolution, as displayed
    double left = 0;
    double top = 0;
    double pixelSize = 1; ///< photo pixels per image pixel, along each side
};

/// The outcome of loading a photo: either `image` is set, or `error` says, in words for the
/// user and naming the file, why there is none. With `image`, `placement` says where it lies
/// over the full photo (the image itself when it was decoded at full scale).
///
/// `warning` is set (with `image`) when the file is damaged but the decoder could still make an
/// image of it, e.g. a JPEG cut short, whose missing part comes out grey. The editor should
/// show it: the photo may not be what the surgeon expects.
struct PhotoLoad {
    std::optional<RgbaImage> image;
    std::string error;
    std::string warning;
    PhotoPlacement placement;
};

/// A JPEG decoding scale, numerator / denominator, one of TurboJPEG's (tjGetScalingFactors:
/// n/8 for n = 1..16). 1/1 decodes the photo whole.
struct PhotoScale {
    int numerator = 1;
    int denominator = 1;
    bool reduces() const { return numerator < denominator; }
    bool operator==(const PhotoScale&) const = default;
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

/// loadPhoto() on bytes already in memory. `nameForMessages` starts every message, e.g. the
/// file's name.
PhotoLoad decodePhoto(std::span<const std::uint8_t> bytes, std::string_view nameForMessages);

/// decodePhoto() at a reduced scale: a JPEG is decoded straight to the smaller size by
/// TurboJPEG's DCT scaling, each side rounded up (a 6000 x 4000 photo at 1/4 is 1500 x 1000),
/// then turned by its EXIF orientation; `placement` says where it lies over the full photo. A
/// PNG (stb_image cannot reduce), or a scale that TurboJPEG does not offer, is decoded whole.
/// Every part of the file is read, so a file damaged past its headers is refused (or warned
/// about) as decodePhoto() would do it, in the same words.
PhotoLoad decodePhoto(std::span<const std::uint8_t> bytes, std::string_view nameForMessages,
                      PhotoScale scale);

/// The scale to decode a photo at when it is to fill, fitted, a view of `viewWidth` x
/// `viewHeight` pixels: the smallest of TurboJPEG's scales at which the photo, as displayed, is
/// still at least `viewWidth` wide or `viewHeight` tall (whichever limits the fit), so the view
/// never magnifies it. 1/1 for a PNG, for a photo smaller than the view, and for bytes whose
/// headers cannot be read (the decoder then says why).
PhotoScale scaleToFill(std::span<const std::uint8_t> bytes, int viewWidth, int viewHeight);

/// Reads a photo file whole, refusing what loadPhoto() refuses before decoding: a missing file,
/// a folder, a device or pipe, a file over kMaxPhotoFileBytes. Returns nullopt and sets
/// `*error` (when not null) in loadPhoto()'s words.
std::optional<std::vector<std::uint8_t>> readPhotoFile(const std::filesystem::path& path,
                                                       std::string* error = nullptr);

/// Sizes `bytes` to `size` zero bytes, asking Linux for 2 MB pages when the buffer is large
/// (see photo.cpp): for the multi-megabyte pixel buffers of photos, whose 4 KB page faults
/// cost as much as decoding on some virtual machines.
void allocatePixelBuffer(std::vector<std::uint8_t>& bytes, std::size_t size);

/// The size loadPhoto() would give (width, height, after the EXIF orientation), from the
/// headers only: reads the start of the file, decodes no pixels. Returns nullopt and sets
/// `*error` (when not null) in exactly the cases loadPhoto() would refuse the file before
/// decoding (missing, unsupported, over the limits, ...); a file whose pixel data is damaged
/// may still report a size here and fail to load.
std::optional<std::pair<int, int>> photoDisplaySize(const std::filesystem::path& path,
                                                    std::string* error = nullptr);

} // namespace hp::render
