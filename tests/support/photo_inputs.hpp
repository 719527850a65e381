// Photos for the photo tests, made with the same libraries that read such files (TurboJPEG,
// libexif, stb_image_write), and small helpers to look at decoded and drawn pixels.
#pragma once

#include "render/framebuffer.hpp"
#include "render/offscreen_context.hpp"
#include "render/photo.hpp"
#include "render/photo_texture.hpp"
#include "support/headless_gl.hpp"

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <glad/gl.h>
#include <libexif/exif-data.h>
#include <random>
#include <stb_image_write.h>
#include <string>
#include <turbojpeg.h>
#include <unistd.h>
#include <vector>

namespace hp::test::photos {

using hp::render::Framebuffer;
using hp::render::OffscreenContext;
using hp::render::PhotoLoad;
using hp::render::PhotoTexture;
using hp::render::RgbaImage;
using Bytes = std::vector<std::uint8_t>;

// int, not uint8_t, so that Catch prints failures as numbers rather than characters.
using Rgba = std::array<int, 4>;

inline constexpr Rgba grey{128, 128, 128, 255};
inline constexpr Rgba red{230, 20, 20, 255};
inline constexpr Rgba green{20, 200, 40, 255};
inline constexpr Rgba blue{30, 40, 220, 255};

inline RgbaImage solid(int width, int height, Rgba colour) {
    RgbaImage image{width, height, {}};
    image.rgba.resize(static_cast<std::size_t>(width) * height * 4);
    for (std::size_t i = 0; i < image.rgba.size(); ++i)
        image.rgba[i] = static_cast<std::uint8_t>(colour[i % 4]);
    return image;
}

inline void fillRect(RgbaImage& image, int left, int top, int right, int bottom, Rgba colour) {
    for (int y = top; y < bottom; ++y)
        for (int x = left; x < right; ++x)
            for (int c = 0; c < 4; ++c)
                image.rgba[(static_cast<std::size_t>(y) * image.width + x) * 4 + c] =
                    static_cast<std::uint8_t>(colour[c]);
}

inline Rgba at(const RgbaImage& image, int x, int y) {
    const std::uint8_t* p = image.pixel(x, y);
    return {p[0], p[1], p[2], p[3]};
}

inline bool near(Rgba a, Rgba b, int tolerance) {
    for (int c = 0; c < 4; ++c)
        if (std::abs(a[c] - b[c]) > tolerance) return false;
    return true;
}

/// The largest difference of any channel of any pixel; the images must be the same size.
inline int largestDifference(const RgbaImage& a, const RgbaImage& b) {
    REQUIRE(a.width == b.width);
    REQUIRE(a.height == b.height);
    int largest = 0;
    for (std::size_t i = 0; i < a.rgba.size(); ++i)
        largest = std::max(largest, std::abs(int(a.rgba[i]) - int(b.rgba[i])));
    return largest;
}

// --- Making inputs ---

inline Bytes encodeJpeg(const RgbaImage& image, int quality = 95, int subsampling = TJSAMP_444) {
    tjhandle handle = tjInitCompress();
    REQUIRE(handle);
    unsigned char* jpeg = nullptr;
    unsigned long size = 0;
    const int status = tjCompress2(handle, image.rgba.data(), image.width, 0, image.height,
                                   TJPF_RGBA, &jpeg, &size, subsampling, quality, 0);
    INFO(tjGetErrorStr2(handle));
    tjDestroy(handle);
    REQUIRE(status == 0);
    Bytes bytes(jpeg, jpeg + size);
    tjFree(jpeg);
    return bytes;
}

/// A PNG of 1 (grey), 3 (RGB) or 4 (RGBA) channels of `image`, through stb_image_write.
inline Bytes encodePng(const RgbaImage& image, int channels = 4) {
    std::vector<std::uint8_t> pixels;
    for (std::size_t i = 0; i < image.rgba.size(); i += 4)
        for (int c = 0; c < channels; ++c)
            pixels.push_back(image.rgba[i + static_cast<std::size_t>(c)]);
    Bytes png;
    const auto append = [](void* context, void* data, int size) {
        auto* out = static_cast<Bytes*>(context);
        const auto* bytes = static_cast<const std::uint8_t*>(data);
        out->insert(out->end(), bytes, bytes + size);
    };
    REQUIRE(stbi_write_png_to_func(append, &png, image.width, image.height, channels, pixels.data(),
                                   image.width * channels) != 0);
    return png;
}

inline void putBigEndian32(Bytes& out, std::uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<std::uint8_t>(value >> shift));
}

inline std::uint32_t crc32(const std::uint8_t* data, std::size_t size) {
    std::uint32_t crc = 0xFFFFFFFFu;
    for (std::size_t i = 0; i < size; ++i) {
        crc ^= data[i];
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

inline void putChunk(Bytes& png, const char* type, const Bytes& data) {
    putBigEndian32(png, static_cast<std::uint32_t>(data.size()));
    const std::size_t start = png.size();
    png.insert(png.end(), type, type + 4);
    png.insert(png.end(), data.begin(), data.end());
    putBigEndian32(png, crc32(png.data() + start, png.size() - start));
}

/// A PNG written by hand, for what stb_image_write cannot make: 16-bit samples and headers
/// that lie about the size. `rows` is the filtered scanline data (a 0 filter byte per row
/// then the samples), stored uncompressed in one zlib "stored" block.
inline Bytes handMadePng(std::uint32_t width, std::uint32_t height, int bitDepth, int colourType,
                         const Bytes& rows) {
    Bytes png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    Bytes header;
    putBigEndian32(header, width);
    putBigEndian32(header, height);
    header.insert(header.end(), {static_cast<std::uint8_t>(bitDepth),
                                 static_cast<std::uint8_t>(colourType), 0, 0, 0});
    putChunk(png, "IHDR", header);
    REQUIRE(rows.size() < 65536);
    const auto length = static_cast<std::uint16_t>(rows.size());
    const auto low = static_cast<std::uint8_t>(length & 0xFF);
    const auto high = static_cast<std::uint8_t>(length >> 8);
    Bytes zlib;
    zlib.reserve(rows.size() + 11); // (also keeps GCC 12's -Warray-bounds false alarm away)
    // zlib header, then one final "stored" block: LEN and its complement NLEN, little-endian.
    zlib.insert(zlib.end(), {0x78, 0x01, 0x01, low, high, std::uint8_t(~low), std::uint8_t(~high)});
    zlib.insert(zlib.end(), rows.begin(), rows.end());
    std::uint32_t a = 1, b = 0; // Adler-32
    for (std::uint8_t byte : rows) {
        a = (a + byte) % 65521;
        b = (b + a) % 65521;
    }
    putBigEndian32(zlib, b << 16 | a);
    putChunk(png, "IDAT", zlib);
    putChunk(png, "IEND", {});
    return png;
}

/// JPEG markers are FF xx; segments other than SOI/EOI/RSTn carry a 2-byte big-endian length.
/// The offset of the first segment with `marker` before the scan data, or 0 if none.
inline std::size_t findSegment(const Bytes& jpeg, std::uint8_t marker) {
    std::size_t at = 2; // after SOI
    while (at + 4 <= jpeg.size() && jpeg[at] == 0xFF) {
        if (jpeg[at + 1] == marker) return at;
        if (jpeg[at + 1] == 0xDA) return 0; // start of scan: no more headers
        at += 2 + (std::size_t{jpeg[at + 2]} << 8 | jpeg[at + 3]);
    }
    return 0;
}

/// `jpeg` with an EXIF APP1 segment holding `orientation` in IFD0 (or, when `ifd` says so,
/// another IFD), built with libexif. The segment goes right after SOI, as cameras write it,
/// or after the JFIF APP0 segment, as some editors do.
inline Bytes withExifOrientation(const Bytes& jpeg, int orientation, bool afterApp0 = false,
                                 ExifByteOrder order = EXIF_BYTE_ORDER_INTEL,
                                 ExifIfd ifd = EXIF_IFD_0) {
    ExifData* exif = exif_data_new();
    REQUIRE(exif);
    exif_data_set_byte_order(exif, order);
    ExifEntry* entry = exif_entry_new();
    exif_content_add_entry(exif->ifd[ifd], entry);
    exif_entry_initialize(entry, EXIF_TAG_ORIENTATION);
    exif_set_short(entry->data, order, static_cast<ExifShort>(orientation));
    exif_entry_unref(entry);
    unsigned char* block = nullptr;
    unsigned int blockSize = 0;
    exif_data_save_data(exif, &block, &blockSize);
    exif_data_unref(exif);
    REQUIRE(block);
    // libexif's block starts with the "Exif\0\0" identifier the APP1 segment needs.
    REQUIRE(std::equal(block, block + 6, "Exif\0\0"));
    const std::size_t segmentLength = blockSize + 2;
    Bytes app1 = {0xFF, 0xE1, static_cast<std::uint8_t>(segmentLength >> 8),
                  static_cast<std::uint8_t>(segmentLength & 0xFF)};
    app1.insert(app1.end(), block, block + blockSize);
    std::free(block);

    std::size_t insertAt = 2;
    if (afterApp0) {
        const std::size_t app0 = findSegment(jpeg, 0xE0);
        REQUIRE(app0 == 2);
        insertAt = app0 + 2 + (std::size_t{jpeg[app0 + 2]} << 8 | jpeg[app0 + 3]);
    }
    Bytes out(jpeg.begin(), jpeg.begin() + static_cast<long>(insertAt));
    out.insert(out.end(), app1.begin(), app1.end());
    out.insert(out.end(), jpeg.begin() + static_cast<long>(insertAt), jpeg.end());
    return out;
}

/// `source` as a progressive JPEG whose second scan header is damaged: its headers read well, and
/// only decoding finds the error (libjpeg: "Invalid progressive parameters").
inline Bytes damagedPastItsHeaders(const RgbaImage& source) {
    tjhandle handle = tjInitCompress();
    unsigned char* jpeg = nullptr;
    unsigned long size = 0;
    REQUIRE(tjCompress2(handle, source.rgba.data(), source.width, 0, source.height, TJPF_RGBA,
                        &jpeg, &size, TJSAMP_420, 90, TJFLAG_PROGRESSIVE) == 0);
    Bytes bytes(jpeg, jpeg + size);
    tjFree(jpeg);
    tjDestroy(handle);
    // Markers FF DA start the scans; inside the coded data an FF byte is always followed by 00.
    std::vector<std::size_t> scans;
    for (std::size_t i = 0; i + 1 < bytes.size(); ++i)
        if (bytes[i] == 0xFF && bytes[i + 1] == 0xDA) scans.push_back(i);
    REQUIRE(scans.size() > 2);
    // FF DA, length (2), component count n, n x (id, tables), then Ss: the first coefficient.
    const std::size_t second = scans[1];
    bytes[second + 5 + 2 * std::size_t{bytes[second + 4]}] = 0x7F;
    return bytes;
}

/// A folder of its own under the system's temporary folder, removed afterwards.
class TempDir {
  public:
    TempDir() {
        static int count = 0;
        path_ = std::filesystem::temp_directory_path() /
                ("hairplan-test-photo-" + std::to_string(getpid()) + "-" + std::to_string(++count));
        std::filesystem::create_directories(path_);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    std::filesystem::path write(const std::string& name, const Bytes& bytes) const {
        const std::filesystem::path file = path_ / name;
        std::ofstream(file, std::ios::binary)
            .write(reinterpret_cast<const char*>(bytes.data()), static_cast<long>(bytes.size()));
        return file;
    }
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

inline RgbaImage requireImage(const PhotoLoad& load) {
    INFO("error: " << load.error);
    REQUIRE(load.image.has_value());
    CHECK(load.error.empty());
    return *load.image;
}

inline void requireRefused(const PhotoLoad& load, const std::string& name) {
    CHECK_FALSE(load.image.has_value());
    INFO("error: " << load.error);
    REQUIRE_FALSE(load.error.empty());
    CHECK(load.error.rfind(name + ": ", 0) == 0); // names the file first
}

inline bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// --- The photo texture ---

inline PhotoTexture makeTexture(const RgbaImage& image, int maxTileSize = 4096) {
    std::string error;
    auto texture = PhotoTexture::create(image, &error, maxTileSize);
    INFO("PhotoTexture::create: " << error);
    REQUIRE(texture.has_value());
    return std::move(*texture);
}

/// The photo at `scale` target pixels per image pixel, image (0, 0) at target (ox, oy), in a
/// target of `width` x `height`; see PhotoTexture::draw.
inline std::array<float, 9> placement(double scale, double ox, double oy, int width, int height) {
    return {float(2 * scale / width),
            0,
            0,
            0,
            float(-2 * scale / height),
            0,
            float(2 * ox / width - 1),
            float(1 - 2 * oy / height),
            1};
}

inline RgbaImage render(const PhotoTexture& texture, int width, int height,
                        const std::array<float, 9>& imageToClip) {
    std::string error;
    auto target = Framebuffer::create(width, height, &error);
    INFO("Framebuffer::create: " << error);
    REQUIRE(target.has_value());
    target->bind();
    glClearColor(0, 0, 0, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    texture.draw(imageToClip);
    REQUIRE(glGetError() == GL_NO_ERROR);
    return target->readPixels();
}

/// Flat 16 x 16 blocks, each of its own colour: with cells of 48 pixels, colours change exactly
/// at every seam.
inline RgbaImage blocks(int width, int height) {
    RgbaImage image = solid(width, height, grey);
    for (int y = 0; y < height; y += 16)
        for (int x = 0; x < width; x += 16) {
            const int i = x / 16 * 7 + y / 16 * 13;
            fillRect(image, x, y, std::min(x + 16, width), std::min(y + 16, height),
                     Rgba{(i * 53) % 256, (i * 101 + 60) % 256, (i * 29 + 120) % 256, 255});
        }
    return image;
}

inline RgbaImage noise(int width, int height) {
    std::mt19937 random(7);
    RgbaImage image = solid(width, height, grey);
    for (std::size_t i = 0; i < image.rgba.size(); ++i)
        if (i % 4 != 3) image.rgba[i] = static_cast<std::uint8_t>(random());
    return image;
}

} // namespace hp::test::photos
