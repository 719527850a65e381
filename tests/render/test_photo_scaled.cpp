// Decoding a JPEG at a reduced scale for the first frame: the scale chosen for a view, the
// reduced image's size, orientation and placement over the full photo, and that it refuses
// and warns exactly as the full decode does (so the editor can refuse a damaged photo before it
// closes the open plan).
#include "support/photo_inputs.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>

using namespace hp::test::photos;
using hp::render::decodePhoto;
using hp::render::loadPhoto;
using hp::render::PhotoScale;
using hp::render::scaleToFill;

namespace {

/// A real 16 x 16 JPEG whose frame header claims `width` x `height`: enough for scaleToFill,
/// which reads the headers only.
Bytes claimingSize(int width, int height, int orientation = 1) {
    Bytes jpeg = encodeJpeg(solid(16, 16, grey));
    const std::size_t sof = findSegment(jpeg, 0xC0);
    REQUIRE(sof != 0);
    // FF C0, length (2), precision (1), then height and width, big-endian.
    jpeg[sof + 5] = static_cast<std::uint8_t>(height >> 8);
    jpeg[sof + 6] = static_cast<std::uint8_t>(height & 0xFF);
    jpeg[sof + 7] = static_cast<std::uint8_t>(width >> 8);
    jpeg[sof + 8] = static_cast<std::uint8_t>(width & 0xFF);
    return orientation == 1 ? jpeg : withExifOrientation(jpeg, orientation);
}

} // namespace

TEST_CASE("the scale for a view is the smallest that still fills it when fitted",
          "[photo][scaled]") {
    const Bytes photo = claimingSize(6000, 4000);
    // The editor's canvas: 1/4 (1500 x 1000) fills 1000 pixels of height.
    CHECK(scaleToFill(photo, 1600, 1000) == PhotoScale{1, 4});
    CHECK(scaleToFill(photo, 1200, 900) == PhotoScale{1, 4});
    // Fitting is limited by the tighter side: 6000 x f >= 2000 needs f >= 1/3: 3/8.
    CHECK(scaleToFill(photo, 2000, 1600) == PhotoScale{3, 8});
    CHECK(scaleToFill(photo, 3000, 2000) == PhotoScale{1, 2});
    CHECK(scaleToFill(photo, 500, 300) == PhotoScale{1, 8});
    // No reduction fills a view larger than the photo, or one as large.
    CHECK(scaleToFill(photo, 6000, 4000) == PhotoScale{1, 1});
    CHECK(scaleToFill(claimingSize(800, 600), 1600, 1000) == PhotoScale{1, 1});
    // Sideways by EXIF (a portrait, 4000 x 6000 as displayed): the orientation counts.
    CHECK(scaleToFill(photo, 700, 3000) == PhotoScale{1, 8});
    CHECK(scaleToFill(claimingSize(6000, 4000, 6), 700, 3000) == PhotoScale{1, 4});
    // Nothing to reduce, or nothing readable: decoded whole (and refused there, if need be).
    CHECK(scaleToFill(encodePng(solid(4000, 30, red)), 100, 100) == PhotoScale{1, 1});
    CHECK(scaleToFill(Bytes{0xFF, 0xD8, 0xFF, 0x00}, 100, 100) == PhotoScale{1, 1});
    CHECK(scaleToFill(Bytes{}, 100, 100) == PhotoScale{1, 1});
}

TEST_CASE("a reduced decode has the scaled size and the full decode's colours", "[photo][scaled]") {
    RgbaImage source = solid(200, 120, grey);
    fillRect(source, 0, 0, 64, 64, red);
    fillRect(source, 136, 56, 200, 120, blue);
    const Bytes jpeg = encodeJpeg(source, 95, TJSAMP_420);
    const RgbaImage full = requireImage(decodePhoto(jpeg, "p.jpg"));
    struct Case {
        PhotoScale scale;
        int width, height;
    };
    for (const Case& c : {Case{{1, 2}, 100, 60}, Case{{3, 8}, 75, 45}, Case{{1, 4}, 50, 30},
                          Case{{1, 8}, 25, 15}, Case{{1, 1}, 200, 120}}) {
        INFO("scale " << c.scale.numerator << "/" << c.scale.denominator);
        const PhotoLoad load = decodePhoto(jpeg, "p.jpg", c.scale);
        const RgbaImage image = requireImage(load);
        CHECK(load.warning.empty());
        CHECK(image.width == c.width);
        CHECK(image.height == c.height);
        CHECK(load.placement.photoWidth == 200);
        CHECK(load.placement.photoHeight == 120);
        CHECK(load.placement.pixelSize == double(c.scale.denominator) / c.scale.numerator);
        CHECK(load.placement.left == 0);
        CHECK(load.placement.top == 0);
        // The reduced pixel over photo pixel (x, y) has its colour, inside the flat areas.
        const double size = load.placement.pixelSize;
        for (auto [x, y] : {std::pair{20, 20}, {100, 30}, {170, 90}, {40, 100}}) {
            INFO("photo pixel " << x << ", " << y);
            CHECK(near(at(image, int(x / size), int(y / size)), at(full, x, y), 10));
        }
    }
}

TEST_CASE("a reduced decode is turned by the EXIF orientation like the full one",
          "[photo][scaled]") {
    // Stored 75 x 43 (not whole JPEG blocks): red at the start of row 0, green at its end.
    RgbaImage stored = solid(75, 43, grey);
    fillRect(stored, 0, 0, 16, 16, red);
    fillRect(stored, 59, 0, 75, 16, green);
    const Bytes jpeg = encodeJpeg(stored);
    for (int orientation = 1; orientation <= 8; ++orientation) {
        INFO("orientation " << orientation);
        const Bytes file = withExifOrientation(jpeg, orientation);
        const RgbaImage full = requireImage(decodePhoto(file, "o.jpg"));
        const PhotoLoad load = decodePhoto(file, "o.jpg", PhotoScale{1, 4});
        const RgbaImage reduced = requireImage(load);
        const bool turned = orientation >= 5;
        // 75 x 43 at 1/4: 19 x 11 (rounded up), sides swapped when turned.
        CHECK(reduced.width == (turned ? 11 : 19));
        CHECK(reduced.height == (turned ? 19 : 11));
        CHECK(load.placement.photoWidth == full.width);
        CHECK(load.placement.photoHeight == full.height);
        // The partial last pixels (76 and 44 photo pixels covered, not 75 and 43) come first
        // along a side the orientation reverses.
        const bool reversesX =
            orientation == 2 || orientation == 3 || orientation == 6 || orientation == 7;
        const bool reversesY =
            orientation == 3 || orientation == 4 || orientation == 7 || orientation == 8;
        CHECK(load.placement.left == (reversesX ? -1 : 0));
        CHECK(load.placement.top == (reversesY ? -1 : 0));
        // Each corner of the photo has the same colour in both.
        for (auto [fx, fy] : {std::pair{0.05, 0.08}, {0.95, 0.08}, {0.05, 0.92}, {0.95, 0.92}}) {
            const double x = fx * full.width, y = fy * full.height;
            INFO("photo point " << x << ", " << y);
            const int rx = int((x - load.placement.left) / 4);
            const int ry = int((y - load.placement.top) / 4);
            CHECK(near(at(reduced, rx, ry), at(full, int(x), int(y)), 12));
        }
    }
}

TEST_CASE("a reduced decode refuses and warns exactly as the full decode does", "[photo][scaled]") {
    SECTION("damaged past its headers") {
        const Bytes bytes = damagedPastItsHeaders(noise(64, 48));
        TempDir dir;
        CHECK(hp::render::photoDisplaySize(dir.write("d.jpg", bytes)).has_value());
        const PhotoLoad full = decodePhoto(bytes, "d.jpg");
        const PhotoLoad reduced = decodePhoto(bytes, "d.jpg", PhotoScale{1, 8});
        requireRefused(full, "d.jpg");
        CHECK(contains(full.error, "cannot be decoded (Invalid progressive parameters"));
        CHECK(reduced.error == full.error);
        CHECK_FALSE(reduced.image);
    }
    SECTION("cut short: the same warning") {
        const Bytes jpeg = encodeJpeg(noise(64, 64));
        const Bytes cut(jpeg.begin(), jpeg.begin() + static_cast<long>(jpeg.size() * 2 / 3));
        const PhotoLoad full = decodePhoto(cut, "c.jpg");
        const PhotoLoad reduced = decodePhoto(cut, "c.jpg", PhotoScale{1, 4});
        REQUIRE(reduced.image);
        CHECK(contains(reduced.warning, "c.jpg: the JPEG is damaged"));
        CHECK(reduced.warning == full.warning);
    }
    SECTION("bytes changed at random, and the fuzzers' JPEGs") {
        std::mt19937 random(2024); // fixed seed: the same cases on every run
        RgbaImage source = noise(48, 40);
        fillRect(source, 8, 8, 40, 30, blue);
        std::vector<Bytes> files;
        for (int flags : {0, TJFLAG_PROGRESSIVE}) {
            tjhandle handle = tjInitCompress();
            unsigned char* jpeg = nullptr;
            unsigned long size = 0;
            REQUIRE(tjCompress2(handle, source.rgba.data(), 48, 0, 40, TJPF_RGBA, &jpeg, &size,
                                TJSAMP_420, 90, flags) == 0);
            const Bytes original(jpeg, jpeg + size);
            tjFree(jpeg);
            tjDestroy(handle);
            for (int round = 0; round < 400; ++round) {
                Bytes bytes = original;
                const int changes = 1 + static_cast<int>(random() % 8);
                for (int i = 0; i < changes; ++i)
                    bytes[8 + random() % (bytes.size() - 8)] = static_cast<std::uint8_t>(random());
                if (round % 3 == 0) bytes.resize(3 + bytes.size() * (random() % 100) / 100);
                files.push_back(std::move(bytes));
            }
        }
        for (const char* folder : {"corpus/photo", "crashes/photo"})
            for (const auto& entry : std::filesystem::directory_iterator(
                     std::filesystem::path(HAIRPLAN_FUZZ_DIR) / folder)) {
                std::ifstream in(entry.path(), std::ios::binary);
                Bytes bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
                if (bytes.size() >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8)
                    files.push_back(std::move(bytes));
            }
        REQUIRE(files.size() > 820);
        int refused = 0, warned = 0;
        for (const Bytes& bytes : files) {
            const PhotoLoad full = decodePhoto(bytes, "m.jpg");
            for (PhotoScale scale : {PhotoScale{1, 8}, PhotoScale{1, 4}}) {
                const PhotoLoad reduced = decodePhoto(bytes, "m.jpg", scale);
                if (reduced.image.has_value() != full.image.has_value() ||
                    reduced.error != full.error || reduced.warning != full.warning) {
                    INFO("full: " << full.error << full.warning);
                    INFO("reduced: " << reduced.error << reduced.warning);
                    FAIL("a reduced decode judged a file differently");
                }
            }
            refused += !full.image;
            warned += !full.warning.empty();
        }
        // Both sides are reached: refusals and warnings, and clean decodes.
        CHECK(refused > 20);
        CHECK(warned > 100);
        CHECK(refused + warned < int(files.size()));
    }
}

TEST_CASE("readPhotoFile refuses what loadPhoto refuses, in its words", "[photo][scaled]") {
    TempDir dir;
    const std::filesystem::path missing = dir.path() / "missing.jpg";
    std::string error;
    CHECK_FALSE(hp::render::readPhotoFile(missing, &error));
    CHECK(error == loadPhoto(missing).error);
    CHECK_FALSE(hp::render::readPhotoFile(dir.path(), &error));
    CHECK(contains(error, "folder"));
    const Bytes jpeg = encodeJpeg(solid(8, 8, red));
    const auto bytes = hp::render::readPhotoFile(dir.write("a.jpg", jpeg), &error);
    REQUIRE(bytes);
    CHECK(*bytes == jpeg);
}
