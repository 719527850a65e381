// Photos: decoding JPEG and PNG with the EXIF orientation, refusing bad and oversized files, and
// the tiled photo texture drawn under an EGL surfaceless context (probe pixels, no golden
// images). Every input is made here, with the same libraries that read such files.
#include "render/framebuffer.hpp"
#include "render/offscreen_context.hpp"
#include "render/photo.hpp"
#include "render/photo_texture.hpp"
#include "support/photo_inputs.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <glad/gl.h>
#include <libexif/exif-data.h>
#include <new>
#include <optional>
#include <random>
#include <stb_image.h>
#include <stb_image_write.h>
#include <string>
#include <sys/stat.h>
#include <turbojpeg.h>
#include <unistd.h>
#include <vector>

// --- The largest single allocation made while tracking is on: shows that an oversized header is
// refused before the pixel buffer is allocated. ---
namespace {
std::atomic<bool> trackAllocations{false};
std::atomic<std::size_t> largestAllocation{0};

void noteAllocation(std::size_t size) noexcept {
    if (trackAllocations.load(std::memory_order_relaxed)) {
        std::size_t seen = largestAllocation.load(std::memory_order_relaxed);
        while (size > seen && !largestAllocation.compare_exchange_weak(seen, size)) {
        }
    }
}
} // namespace

#if defined(__SANITIZE_ADDRESS__) // GCC
#define HAIRPLAN_TEST_ASAN 1
#elif defined(__has_feature) // clang
#if __has_feature(address_sanitizer)
#define HAIRPLAN_TEST_ASAN 1
#endif
#endif

#ifdef HAIRPLAN_TEST_ASAN
// Under AddressSanitizer the global operator new and delete are NOT replaced: replacing them
// breaks Mesa's llvmpipe (the EGL tests below) under ASan. ASan's allocator reports every
// allocation (malloc and new alike) to a hook instead, which feeds the same tracking.
extern "C" int __sanitizer_install_malloc_and_free_hooks(void (*)(const volatile void*,
                                                                  std::size_t),
                                                         void (*)(const volatile void*));
namespace {
void onMalloc(const volatile void*, std::size_t size) {
    noteAllocation(size);
}
void onFree(const volatile void*) {}
const bool allocationHookInstalled = __sanitizer_install_malloc_and_free_hooks(onMalloc, onFree);
} // namespace
#else
// Every non-aligned form of new and delete is replaced, so that each pair matches (libraries
// such as LLVM in llvmpipe use the nothrow forms).
namespace {
void* trackedAllocate(std::size_t size) noexcept {
    noteAllocation(size);
    return std::malloc(size ? size : 1);
}
constexpr bool allocationHookInstalled = true;
} // namespace

void* operator new(std::size_t size) {
    if (void* p = trackedAllocate(size)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
    if (void* p = trackedAllocate(size)) return p;
    throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    return trackedAllocate(size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
    return trackedAllocate(size);
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete[](void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    std::free(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
    std::free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
    std::free(p);
}
#endif

using hp::render::decodePhoto;
using hp::render::Framebuffer;
using hp::render::loadPhoto;
using hp::render::OffscreenContext;
using hp::render::PhotoLoad;
using hp::render::PhotoTexture;
using hp::render::RgbaImage;
using Bytes = std::vector<std::uint8_t>;

using namespace hp::test::photos;
using hp::test::headlessContext;

// ------------------------------------------------------------------------------------------
// Decoding

TEST_CASE("a JPEG decodes to its size and, within JPEG's loss, its colours", "[photo]") {
    // 37 x 23: neither side a multiple of the 8- or 16-pixel JPEG blocks.
    for (auto [width, height] : {std::pair{64, 48}, {37, 23}}) {
        for (int subsampling : {TJSAMP_444, TJSAMP_420}) {
            INFO(width << " x " << height << ", subsampling " << subsampling);
            RgbaImage source = solid(width, height, grey);
            fillRect(source, 0, 0, width / 2, height / 2, red);
            fillRect(source, width / 2, height / 2, width, height, blue);
            const RgbaImage image =
                requireImage(decodePhoto(encodeJpeg(source, 95, subsampling), "q.jpg"));
            REQUIRE(image.width == width);
            REQUIRE(image.height == height);
            REQUIRE(image.rgba.size() == std::size_t(width) * height * 4);
            const int tolerance = subsampling == TJSAMP_444 ? 6 : 12;
            CHECK(near(at(image, 2, 2), red, tolerance));
            CHECK(near(at(image, width - 3, 2), grey, tolerance));
            CHECK(near(at(image, width - 3, height - 3), blue, tolerance));
            CHECK(at(image, width / 4, height / 4)[3] == 255);
        }
    }
}

TEST_CASE("a grey JPEG decodes to RGBA", "[photo]") {
    tjhandle handle = tjInitCompress();
    std::vector<std::uint8_t> lumas(32 * 16, 90);
    unsigned char* jpeg = nullptr;
    unsigned long size = 0;
    REQUIRE(tjCompress2(handle, lumas.data(), 32, 0, 16, TJPF_GRAY, &jpeg, &size, TJSAMP_GRAY, 95,
                        0) == 0);
    const Bytes bytes(jpeg, jpeg + size);
    tjFree(jpeg);
    tjDestroy(handle);
    const RgbaImage image = requireImage(decodePhoto(bytes, "grey.jpg"));
    CHECK(image.width == 32);
    CHECK(near(at(image, 5, 5), Rgba{90, 90, 90, 255}, 2));
}

TEST_CASE("a PNG decodes exactly, alpha kept; grey and RGB PNGs become RGBA", "[photo]") {
    RgbaImage source = solid(13, 7, Rgba{10, 20, 30, 255});
    fillRect(source, 0, 0, 5, 3, Rgba{200, 100, 50, 128});
    fillRect(source, 9, 4, 13, 7, Rgba{1, 2, 3, 0});

    const RgbaImage rgba = requireImage(decodePhoto(encodePng(source, 4), "a.png"));
    REQUIRE(rgba.width == 13);
    REQUIRE(rgba.height == 7);
    CHECK(rgba.rgba == source.rgba);

    const RgbaImage rgb = requireImage(decodePhoto(encodePng(source, 3), "b.png"));
    CHECK(at(rgb, 1, 1) == Rgba{200, 100, 50, 255});
    CHECK(at(rgb, 12, 6) == Rgba{1, 2, 3, 255});

    const RgbaImage greyPng = requireImage(decodePhoto(encodePng(source, 1), "c.png"));
    CHECK(at(greyPng, 1, 1) == Rgba{200, 200, 200, 255});
    CHECK(at(greyPng, 7, 1) == Rgba{10, 10, 10, 255});

    // stb_image's process-wide "flip on load", set by other code, must not turn photos over.
    stbi_set_flip_vertically_on_load(1);
    const RgbaImage unflipped = requireImage(decodePhoto(encodePng(source, 4), "d.png"));
    stbi_set_flip_vertically_on_load(0);
    CHECK(unflipped.rgba == source.rgba);
}

TEST_CASE("a 16-bit PNG is reduced to 8 bits", "[photo]") {
    // 2 x 2 RGB, 16 bits a sample, big-endian: stb_image keeps the high byte.
    // clang-format off
    const Bytes rows = {
        0,                                  // row 0: filter byte "none", then 2 pixels of R G B
        0xAB, 0xCD, 0x12, 0x34, 0xFF, 0x00,
        0x00, 0x01, 0x80, 0xFF, 0x7F, 0xFF,
        0,                                  // row 1
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
    // clang-format on
    const RgbaImage image = requireImage(decodePhoto(handMadePng(2, 2, 16, 2, rows), "deep.png"));
    REQUIRE(image.width == 2);
    CHECK(at(image, 0, 0) == Rgba{0xAB, 0x12, 0xFF, 255});
    CHECK(at(image, 1, 0) == Rgba{0x00, 0x80, 0x7F, 255});
    CHECK(at(image, 0, 1) == Rgba{0, 0, 0, 255});
    CHECK(at(image, 1, 1) == Rgba{255, 255, 255, 255});
}

TEST_CASE("the format is told by content, not by the file's name", "[photo]") {
    TempDir dir;
    const RgbaImage source = solid(16, 8, red);
    const RgbaImage fromJpeg =
        requireImage(loadPhoto(dir.write("really-a-jpeg.png", encodeJpeg(source))));
    CHECK(near(at(fromJpeg, 3, 3), red, 6));
    const RgbaImage fromPng =
        requireImage(loadPhoto(dir.write("really-a-png.jpg", encodePng(source))));
    CHECK(at(fromPng, 3, 3) == red);
}

TEST_CASE("each EXIF orientation gives the photo as displayed", "[photo]") {
    // Stored 48 x 32: red at the start of row 0 (column 0), green at its end. Where they are
    // seen follows the EXIF definition, "row 0 is seen at ..., column 0 at ...":
    //   1 top/left  2 top/right  3 bottom/right  4 bottom/left
    //   5 left/top  6 right/top  7 right/bottom  8 left/bottom
    enum Corner { TL, TR, BL, BR };
    struct Expected {
        int orientation;
        Corner redAt;   // where stored (0, 0) is seen
        Corner greenAt; // where stored (47, 0) is seen
    };
    const Expected table[] = {{1, TL, TR}, {2, TR, TL}, {3, BR, BL}, {4, BL, BR},
                              {5, TL, BL}, {6, TR, BR}, {7, BR, TR}, {8, BL, TL}};
    constexpr int storedWidth = 48, storedHeight = 32, block = 8;
    RgbaImage stored = solid(storedWidth, storedHeight, grey);
    fillRect(stored, 0, 0, block, block, red);
    fillRect(stored, storedWidth - block, 0, storedWidth, block, green);
    const Bytes jpeg = encodeJpeg(stored);

    TempDir dir;
    for (const Expected& e : table) {
        for (bool afterApp0 : {false, true}) {
            for (ExifByteOrder order : {EXIF_BYTE_ORDER_INTEL, EXIF_BYTE_ORDER_MOTOROLA}) {
                INFO("orientation " << e.orientation << (afterApp0 ? ", after APP0" : "")
                                    << (order == EXIF_BYTE_ORDER_INTEL ? ", II" : ", MM"));
                const Bytes file = withExifOrientation(jpeg, e.orientation, afterApp0, order);
                const RgbaImage image = requireImage(decodePhoto(file, "o.jpg"));
                const bool turned = e.orientation >= 5;
                REQUIRE(image.width == (turned ? storedHeight : storedWidth));
                REQUIRE(image.height == (turned ? storedWidth : storedHeight));

                auto colourAt = [&](Corner corner) {
                    const int x =
                        corner == TL || corner == BL ? block / 2 : image.width - 1 - block / 2;
                    const int y =
                        corner == TL || corner == TR ? block / 2 : image.height - 1 - block / 2;
                    return at(image, x, y);
                };
                for (Corner corner : {TL, TR, BL, BR}) {
                    const Rgba expected = corner == e.redAt     ? red
                                          : corner == e.greenAt ? green
                                                                : grey;
                    INFO("corner " << corner);
                    CHECK(near(colourAt(corner), expected, 8));
                }

                const auto size = hp::render::photoDisplaySize(dir.write("o.jpg", file), nullptr);
                REQUIRE(size.has_value());
                CHECK(*size == std::pair{image.width, image.height});
            }
        }
    }
}

TEST_CASE("orientations that do not count are ignored", "[photo]") {
    const Bytes jpeg = encodeJpeg(solid(48, 32, grey));
    SECTION("out of range") {
        for (int value : {0, 9, 300}) {
            const RgbaImage image =
                requireImage(decodePhoto(withExifOrientation(jpeg, value), "o.jpg"));
            CHECK(image.width == 48);
        }
    }
    SECTION("only in IFD1, which describes the thumbnail") {
        const Bytes file = withExifOrientation(jpeg, 6, false, EXIF_BYTE_ORDER_INTEL, EXIF_IFD_1);
        const RgbaImage image = requireImage(decodePhoto(file, "o.jpg"));
        CHECK(image.width == 48);
    }
    SECTION("in a PNG") { // not read: see loadPhoto's contract
        const RgbaImage image = requireImage(decodePhoto(encodePng(solid(48, 32, grey)), "o.png"));
        CHECK(image.width == 48);
    }
}

TEST_CASE("headers claiming too many pixels are refused at once, before allocating", "[photo]") {
    // First, that the tracking sees a decoded photo's pixel buffer (4 MB) in this build.
    REQUIRE(allocationHookInstalled);
    {
        const Bytes control = encodePng(solid(1024, 1024, grey));
        largestAllocation = 0;
        trackAllocations = true;
        const PhotoLoad load = decodePhoto(control, "control.png");
        trackAllocations = false;
        REQUIRE(load.image);
        CHECK(largestAllocation >= 1024 * 1024 * 4);
    }

    // A real JPEG whose frame header (SOF0) is edited to claim 60000 x 60000: 14.4 GB of RGBA.
    Bytes jpeg = encodeJpeg(solid(16, 16, grey));
    const std::size_t sof = findSegment(jpeg, 0xC0);
    REQUIRE(sof != 0);
    // FF C0, length (2), precision (1), then height and width, big-endian.
    jpeg[sof + 5] = jpeg[sof + 7] = 60000 >> 8;
    jpeg[sof + 6] = jpeg[sof + 8] = 60000 & 0xFF;
    const Bytes png = handMadePng(60000, 60000, 8, 6, Bytes(16, 0));

    TempDir dir;
    for (const auto& [name, bytes] : {std::pair{"huge.jpg", jpeg}, {"huge.png", png}}) {
        INFO(name);
        largestAllocation = 0;
        trackAllocations = true;
        const auto start = std::chrono::steady_clock::now();
        const PhotoLoad load = decodePhoto(bytes, name);
        const auto elapsed = std::chrono::steady_clock::now() - start;
        trackAllocations = false;
        requireRefused(load, name);
        CHECK(load.error == std::string(name) +
                                ": the image claims 60000 x 60000 pixels (3,600 MP); photos are "
                                "limited to 100.0 MP");
        CHECK(largestAllocation < 1024 * 1024);
        CHECK(elapsed < std::chrono::milliseconds(500));

        std::string error;
        const std::filesystem::path file = dir.write(name, bytes);
        CHECK_FALSE(hp::render::photoDisplaySize(file, &error));
        CHECK(contains(error, "60000 x 60000"));
        requireRefused(loadPhoto(file), file.string());
    }
}

TEST_CASE("a side over 65,535 pixels or of 0 pixels is refused", "[photo]") {
    const PhotoLoad wide = decodePhoto(handMadePng(70000, 10, 8, 6, Bytes(16, 0)), "wide.png");
    requireRefused(wide, "wide.png");
    CHECK(wide.error == "wide.png: the image claims 70000 x 10 pixels; photos are limited to "
                        "65,535 pixels a side");
    const PhotoLoad empty = decodePhoto(handMadePng(0, 10, 8, 6, Bytes(16, 0)), "empty.png");
    requireRefused(empty, "empty.png");
    CHECK(contains(empty.error, "0 x 10"));
    // Just over 100 MP is not shown as "100 MP".
    const PhotoLoad over = decodePhoto(handMadePng(10001, 10000, 8, 6, Bytes(16, 0)), "o.png");
    CHECK(contains(over.error, "(100.1 MP)"));
    // Exactly 100 MP passes the limit (and then fails to decode, having no pixel data).
    const PhotoLoad limit = decodePhoto(handMadePng(10000, 10000, 8, 6, Bytes(16, 0)), "l.png");
    requireRefused(limit, "l.png");
    CHECK_FALSE(contains(limit.error, "limited to"));
}

TEST_CASE("a truncated file is refused, or decoded with a warning when the data allows",
          "[photo]") {
    RgbaImage source = solid(256, 256, grey);
    fillRect(source, 0, 0, 16, 16, red);
    fillRect(source, 40, 40, 200, 200, blue);
    const Bytes jpeg = encodeJpeg(source);

    SECTION("JPEG cut inside its headers") {
        const std::size_t sos = findSegment(jpeg, 0xDA);
        REQUIRE(sos > 0);
        for (std::size_t length : {std::size_t{3}, std::size_t{20}, sos / 2, sos}) {
            INFO("first " << length << " bytes");
            const PhotoLoad load = decodePhoto({jpeg.data(), length}, "cut.jpg");
            requireRefused(load, "cut.jpg");
        }
    }
    SECTION("JPEG cut in its pixel data") {
        const std::size_t sos = findSegment(jpeg, 0xDA);
        REQUIRE(sos > 0);
        const PhotoLoad load = decodePhoto({jpeg.data(), sos + (jpeg.size() - sos) / 2}, "cut.jpg");
        // libjpeg treats a missing end as a warning: what was decoded is kept, the rest is
        // grey, and the user is told.
        const RgbaImage image = requireImage(load);
        CHECK(image.width == 256);
        CHECK(near(at(image, 4, 4), red, 8));
        CHECK_FALSE(near(at(image, 100, 190), blue, 8)); // lost: the source is blue there
        INFO("warning: " << load.warning);
        CHECK(load.warning.rfind("cut.jpg: the JPEG is damaged", 0) == 0);
    }
    SECTION("PNG cut short") {
        const Bytes png = encodePng(source);
        for (std::size_t length :
             {std::size_t{8}, std::size_t{30}, png.size() / 2, png.size() - 13}) {
            INFO("first " << length << " bytes");
            requireRefused(decodePhoto({png.data(), length}, "cut.png"), "cut.png");
        }
    }
}

TEST_CASE("garbage and damaged files give a message, never a crash", "[photo]") {
    std::mt19937 random(12345); // fixed seed: the same cases on every run
    auto randomBytes = [&](std::size_t size) {
        Bytes bytes(size);
        for (auto& b : bytes)
            b = static_cast<std::uint8_t>(random());
        return bytes;
    };

    SECTION("random bytes") {
        for (std::size_t size : {1, 2, 7, 100, 5000}) {
            Bytes bytes = randomBytes(size);
            bytes[0] = 0x00; // not FF: neither a JPEG nor a PNG start
            const PhotoLoad load = decodePhoto(bytes, "noise.jpg");
            requireRefused(load, "noise.jpg");
            CHECK(contains(load.error, "not a JPEG or PNG"));
        }
    }
    SECTION("a JPEG or PNG start followed by garbage") {
        for (Bytes start :
             {Bytes{0xFF, 0xD8, 0xFF}, Bytes{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0,
                                             13, 'I', 'H', 'D', 'R'}}) {
            Bytes bytes = start;
            const Bytes tail = randomBytes(3000);
            bytes.insert(bytes.end(), tail.begin(), tail.end());
            requireRefused(decodePhoto(bytes, "noise"), "noise");
        }
    }
    SECTION("valid files with bytes changed at random") {
        RgbaImage source = solid(40, 24, grey);
        fillRect(source, 5, 5, 30, 20, blue);
        const Bytes originals[] = {withExifOrientation(encodeJpeg(source, 90, TJSAMP_420), 6),
                                   encodePng(source)};
        int decoded = 0, refused = 0;
        for (const Bytes& original : originals) {
            for (int round = 0; round < 300; ++round) {
                Bytes bytes = original;
                const int changes = 1 + static_cast<int>(random() % 8);
                for (int i = 0; i < changes; ++i)
                    bytes[8 + random() % (bytes.size() - 8)] = static_cast<std::uint8_t>(random());
                const PhotoLoad load = decodePhoto(bytes, "mangled");
                if (load.image) {
                    ++decoded;
                    CHECK(load.image->rgba.size() ==
                          std::size_t(load.image->width) * load.image->height * 4);
                } else {
                    ++refused;
                    CHECK(load.error.rfind("mangled: ", 0) == 0);
                }
            }
        }
        CHECK(decoded + refused == 600);
    }
}

TEST_CASE("other image formats are named in the message", "[photo]") {
    const Bytes heic = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0};
    const PhotoLoad load = decodePhoto(heic, "IMG_0001.HEIC");
    requireRefused(load, "IMG_0001.HEIC");
    CHECK(contains(load.error, "HEIC"));
    const Bytes gif = {'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0};
    CHECK(contains(decodePhoto(gif, "a.gif").error, "GIF"));
    const Bytes tiff = {'I', 'I', '*', 0, 8, 0, 0, 0};
    CHECK(contains(decodePhoto(tiff, "a.tif").error, "TIFF"));
    // Magic numbers are compared whole, NULs included: "MM" alone is not a TIFF.
    const Bytes notTiff = {'M', 'M', 'x', 'y', 8, 0, 0, 0};
    CHECK(contains(decodePhoto(notTiff, "a.dat").error, "not a JPEG or PNG"));
}

TEST_CASE("files that are not there, empty, folders or too large are refused", "[photo]") {
    TempDir dir;
    SECTION("empty") {
        const std::filesystem::path file = dir.write("empty.jpg", {});
        const PhotoLoad load = loadPhoto(file);
        requireRefused(load, file.string());
        CHECK(contains(load.error, "empty"));
        CHECK_FALSE(hp::render::photoDisplaySize(file));
        requireRefused(decodePhoto({}, "e.jpg"), "e.jpg");
    }
    SECTION("missing") {
        const std::filesystem::path file = dir.path() / "missing.jpg";
        const PhotoLoad load = loadPhoto(file);
        requireRefused(load, file.string());
        CHECK(contains(load.error, "no such file"));
        std::string error;
        CHECK_FALSE(hp::render::photoDisplaySize(file, &error));
        CHECK(error == load.error);
    }
    SECTION("a folder") {
        const PhotoLoad load = loadPhoto(dir.path());
        requireRefused(load, dir.path().string());
        CHECK(contains(load.error, "folder"));
    }
    SECTION("a named pipe, whose reading could wait forever") {
        const std::filesystem::path fifo = dir.path() / "pipe.jpg";
        REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
        const PhotoLoad load = loadPhoto(fifo);
        requireRefused(load, fifo.string());
        CHECK(contains(load.error, "not a regular file"));
    }
    SECTION("over 512 MB, refused unread") {
        // A sparse file: no disk space used, and nothing is read.
        const std::filesystem::path file = dir.write("huge.jpg", {0xFF, 0xD8, 0xFF});
        std::filesystem::resize_file(file, 600ull * 1024 * 1024);
        largestAllocation = 0;
        trackAllocations = true;
        const PhotoLoad load = loadPhoto(file);
        trackAllocations = false;
        requireRefused(load, file.string());
        CHECK(contains(load.error, "the file is 600 MB; photos are limited to 512 MB"));
        CHECK(largestAllocation < 1024 * 1024);
    }
}

TEST_CASE("photoDisplaySize reads the size from the headers", "[photo]") {
    TempDir dir;
    CHECK(hp::render::photoDisplaySize(dir.write("a.png", encodePng(solid(13, 7, red)))) ==
          std::pair{13, 7});
    // A JPEG with 2 MB of headers before its frame: more than the first read.
    Bytes jpeg = encodeJpeg(solid(40, 24, red));
    Bytes padded(jpeg.begin(), jpeg.begin() + 2);
    for (int i = 0; i < 40; ++i) { // APP15 segments of 50 KB
        const std::size_t length = 50'000;
        padded.insert(padded.end(),
                      {0xFF, 0xEF, std::uint8_t(length >> 8), std::uint8_t(length & 0xFF)});
        padded.insert(padded.end(), length - 2, 0x20);
    }
    padded.insert(padded.end(), jpeg.begin() + 2, jpeg.end());
    CHECK(hp::render::photoDisplaySize(dir.write("long.jpg", padded)) == std::pair{40, 24});
    CHECK(requireImage(loadPhoto(dir.path() / "long.jpg")).width == 40);
}

// ------------------------------------------------------------------------------------------
// The photo texture

TEST_CASE("a photo in many tiles is drawn at 1:1 exactly, on both sides of every seam",
          "[photo][render]") {
    const OffscreenContext context = headlessContext();
    const RgbaImage image = blocks(200, 150);
    // Tiles of 64: a border of 8, cells of 48, so 5 columns (48 x 4 + 8) and 4 rows.
    const PhotoTexture texture = makeTexture(image, 64);
    CHECK(texture.width() == 200);
    CHECK(texture.height() == 150);
    REQUIRE(texture.tileCount() == 20);
    long covered = 0;
    for (int i = 0; i < texture.tileCount(); ++i) {
        const PhotoTexture::Cell& cell = texture.cell(i);
        CHECK(cell.x % 48 == 0);
        CHECK(cell.y % 48 == 0);
        covered += long(cell.width) * cell.height;
    }
    CHECK(covered == 200L * 150);

    const RgbaImage drawn = render(texture, 200, 150, placement(1, 0, 0, 200, 150));
    for (int seam : {48, 96, 144, 192}) {
        for (int y : {0, 20, 47, 48, 100, 149}) {
            INFO("vertical seam at x = " << seam << ", y = " << y);
            CHECK(at(drawn, seam - 1, y) == at(image, seam - 1, y));
            CHECK(at(drawn, seam, y) == at(image, seam, y));
            CHECK(at(drawn, seam - 1, y) != at(drawn, seam, y));
        }
    }
    for (int seam : {48, 96, 144}) {
        for (int x : {0, 47, 48, 130, 199}) {
            INFO("horizontal seam at y = " << seam << ", x = " << x);
            CHECK(at(drawn, x, seam - 1) == at(image, x, seam - 1));
            CHECK(at(drawn, x, seam) == at(image, x, seam));
        }
    }
    CHECK(drawn.rgba == image.rgba); // and every other pixel
}

// This test failed in Release builds (-O3) by up to 137 levels at 1/2 to 1/8 zoom while the
// mipmaps came from glGenerateMipmap; since they are made on the CPU (PhotoTiles) it passes in
// every build.
TEST_CASE("zoomed in or out, tiles look like one texture", "[photo][render]") {
    const OffscreenContext context = headlessContext();
    SECTION("magnified 2.5x, seams mid-screen") {
        const RgbaImage image = blocks(200, 150);
        const PhotoTexture tiled = makeTexture(image, 64);
        const PhotoTexture whole = makeTexture(image);
        REQUIRE(whole.tileCount() == 1);
        // Image x 30..150 on screen: the seams at 48, 96 and 144 fall inside.
        const auto m = placement(2.5, -75, -60.5, 300, 200);
        const RgbaImage a = render(tiled, 300, 200, m);
        const RgbaImage b = render(whole, 300, 200, m);
        CHECK(largestDifference(a, b) <= 2);
        // Inside a block, away from its edges, the exact source colour: image (56, 56) is at
        // screen (2.5 * 56 - 75, 2.5 * 56 - 60.5).
        CHECK(at(a, 65, 79) == at(image, 56, 56));
    }
    SECTION("minified with mipmaps: noise, the hardest case for seams") {
        // 256 x 192 halves exactly to level 6, so the single texture's mip levels are exact
        // 2 x 2 averages too; tiles of 64 are exact through level 3 (border 8).
        const RgbaImage image = noise(256, 192);
        const PhotoTexture tiled = makeTexture(image, 64);
        const PhotoTexture whole = makeTexture(image);
        CHECK(tiled.tileCount() == 6 * 4);
        for (double scale : {1.0 / 2, 1.0 / 3, 1.0 / 4, 1.0 / 6, 1.0 / 8}) {
            INFO("scale " << scale);
            const int width = int(256 * scale + 0.999);
            const int height = int(192 * scale + 0.999);
            const auto m = placement(scale, 0, 0, width, height);
            CHECK(largestDifference(render(tiled, width, height, m),
                                    render(whole, width, height, m)) <= 2);
        }
    }
}

TEST_CASE("tiles are no larger than GL_MAX_TEXTURE_SIZE", "[photo][render]") {
    const OffscreenContext context = headlessContext();
    const int maxTexture = context.maxTextureSize();
    const RgbaImage image = solid(maxTexture + 100, 3, red);
    const PhotoTexture texture = makeTexture(image, 1 << 30);
    CHECK(texture.tileCount() == 2);
    for (int i = 0; i < texture.tileCount(); ++i)
        CHECK(texture.cell(i).width <= maxTexture);
    // The default size: a 6000 x 4000 photo (only its size matters here) in 2 tiles.
    CHECK(makeTexture(solid(6000, 4000, red)).tileCount() == 2);
}

TEST_CASE("PhotoTexture refuses what it cannot show, and moves", "[photo][render]") {
    const OffscreenContext context = headlessContext();
    std::string error;
    CHECK_FALSE(PhotoTexture::create(RgbaImage{}, &error));
    CHECK_FALSE(error.empty());
    RgbaImage wrong = solid(4, 4, red);
    wrong.rgba.pop_back();
    CHECK_FALSE(PhotoTexture::create(wrong, &error));
    CHECK_FALSE(PhotoTexture::create(solid(4, 4, red), &error, 8));

    PhotoTexture first = makeTexture(solid(5, 3, blue));
    PhotoTexture second = std::move(first);
    first.draw(placement(1, 0, 0, 5, 3)); // moved from: draws nothing, no GL error
    CHECK(first.tileCount() == 0);
    first = makeTexture(solid(5, 3, red));
    CHECK(at(render(second, 5, 3, placement(1, 0, 0, 5, 3)), 2, 1) == blue);
    CHECK(at(render(first, 5, 3, placement(1, 0, 0, 5, 3)), 2, 1) == red);
}

TEST_CASE("draw leaves GL's bindings as they were", "[photo][render]") {
    const OffscreenContext context = headlessContext();
    const PhotoTexture texture = makeTexture(blocks(100, 60), 64);
    GLuint otherTexture = 0, otherVertexArray = 0;
    glGenTextures(1, &otherTexture);
    glGenVertexArrays(1, &otherVertexArray);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, otherTexture);
    glActiveTexture(GL_TEXTURE3);
    glBindVertexArray(otherVertexArray);
    GLint alignment = 0;
    glPixelStorei(GL_UNPACK_ALIGNMENT, 2);

    const RgbaImage drawn = render(texture, 100, 60, placement(1, 0, 0, 100, 60));
    CHECK(at(drawn, 50, 30) == at(blocks(100, 60), 50, 30));
    GLint value = 0;
    glGetIntegerv(GL_ACTIVE_TEXTURE, &value);
    CHECK(value == GL_TEXTURE3);
    glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &value);
    CHECK(GLuint(value) == otherVertexArray);
    glGetIntegerv(GL_CURRENT_PROGRAM, &value);
    CHECK(value == 0);
    glActiveTexture(GL_TEXTURE0);
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &value);
    CHECK(GLuint(value) == otherTexture);

    // create() restores the unpack settings it changes.
    const PhotoTexture another = makeTexture(blocks(100, 60), 64);
    glGetIntegerv(GL_UNPACK_ALIGNMENT, &alignment);
    CHECK(alignment == 2);
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &value);
    CHECK(GLuint(value) == otherTexture);
    glBindVertexArray(0);
    glDeleteVertexArrays(1, &otherVertexArray);
    glDeleteTextures(1, &otherTexture);
}

TEST_CASE("a decoded photo goes to the screen the right way up", "[photo][render]") {
    const OffscreenContext context = headlessContext();
    RgbaImage stored = solid(48, 32, grey);
    fillRect(stored, 0, 0, 8, 8, red);
    // Orientation 6: stored top-left is seen at the top-right of a 32 x 48 photo.
    const PhotoLoad load = decodePhoto(withExifOrientation(encodeJpeg(stored), 6), "p.jpg");
    const PhotoTexture texture = makeTexture(requireImage(load));
    const RgbaImage drawn = render(texture, 32, 48, placement(1, 0, 0, 32, 48));
    CHECK(near(at(drawn, 28, 3), red, 8));
    CHECK(near(at(drawn, 3, 3), grey, 8));
}
