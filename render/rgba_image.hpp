// The pixel buffer shared by the photo decoder, the photo texture and framebuffer read-back.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace hp::render {

/// 8-bit RGBA pixels in image order: row 0 is the TOP row (as in the photo and in PNG/JPEG
/// files), 4 bytes per pixel, rows packed with no padding.
struct RgbaImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgba; ///< width * height * 4 bytes

    /// The 4 bytes of pixel (x, y), y counted down from the top. No bounds check.
    const std::uint8_t* pixel(int x, int y) const {
        return rgba.data() + (static_cast<std::size_t>(y) * width + x) * 4;
    }
};

} // namespace hp::render
