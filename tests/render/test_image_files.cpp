// Writing the exported image: PNG decoded back by stb_image to the very same pixels, the plan in
// its chunk and no other metadata; JPEG decoded back by TurboJPEG within JPEG's loss, with no
// EXIF. Byte-for-byte determinism of both.
#include "planning/plan_io.hpp"
#include "planning/png_plan_chunk.hpp"
#include "render/image_files.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <stb_image.h>
#include <string>
#include <turbojpeg.h>
#include <unistd.h>
#include <vector>

using hp::render::encodeJpeg;
using hp::render::encodePng;
using hp::render::RgbaImage;
using Bytes = std::vector<std::uint8_t>;

namespace {

/// A photo-like test image: gradients, a flat block (as overlays and the legend have), thin
/// saturated lines and noise. Opaque unless `withAlpha`.
RgbaImage testImage(int width, int height, bool withAlpha = false) {
    RgbaImage image;
    image.width = width;
    image.height = height;
    image.rgba.resize(static_cast<std::size_t>(width) * height * 4);
    std::mt19937 random(7);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            std::uint8_t* p = &image.rgba[(static_cast<std::size_t>(y) * width + x) * 4];
            const int noise = static_cast<int>(random() % 9) - 4;
            p[0] = static_cast<std::uint8_t>(std::clamp(60 + 150 * x / width + noise, 0, 255));
            p[1] = static_cast<std::uint8_t>(std::clamp(40 + 120 * y / height + noise, 0, 255));
            p[2] = static_cast<std::uint8_t>(std::clamp(90 + (x ^ y) % 40 + noise, 0, 255));
            p[3] = withAlpha ? static_cast<std::uint8_t>((x * 7 + y * 3) % 256) : 255;
            if (x > width / 2 && y > height / 2) { // flat, like the legend's background
                p[0] = 247, p[1] = 247, p[2] = 245;
            }
            if (y % 37 == 0 || x % 53 == 0) { // thin coloured lines
                p[0] = 26, p[1] = 153, p[2] = 204;
            }
        }
    }
    return image;
}

struct Decoded {
    int width = 0;
    int height = 0;
    int channelsInFile = 0;
    Bytes rgba;
};

Decoded decodeWithStb(const Bytes& png) {
    Decoded decoded;
    stbi_uc* pixels =
        stbi_load_from_memory(png.data(), static_cast<int>(png.size()), &decoded.width,
                              &decoded.height, &decoded.channelsInFile, 4);
    REQUIRE(pixels != nullptr);
    decoded.rgba.assign(pixels,
                        pixels + static_cast<std::size_t>(decoded.width) * decoded.height * 4);
    stbi_image_free(pixels);
    return decoded;
}

std::uint32_t readBigEndian32(const Bytes& bytes, std::size_t at) {
    return (std::uint32_t{bytes[at]} << 24) | (std::uint32_t{bytes[at + 1]} << 16) |
           (std::uint32_t{bytes[at + 2]} << 8) | std::uint32_t{bytes[at + 3]};
}

/// The chunk types of a PNG, in order; checks each chunk's CRC on the way.
std::vector<std::string> chunkTypes(const Bytes& png) {
    std::vector<std::string> types;
    std::size_t at = 8;
    while (at + 12 <= png.size()) {
        const std::uint32_t length = readBigEndian32(png, at);
        REQUIRE(at + 12 + length <= png.size());
        types.emplace_back(png.begin() + static_cast<std::ptrdiff_t>(at) + 4,
                           png.begin() + static_cast<std::ptrdiff_t>(at) + 8);
        const std::uint32_t crc = hp::pngCrc32(std::span(png).subspan(at + 4, length + 4));
        CHECK(crc == readBigEndian32(png, at + 8 + length));
        at += 12 + length;
    }
    CHECK(at == png.size());
    return types;
}

/// The JPEG's markers up to the start of scan.
std::vector<int> jpegMarkers(const Bytes& jpeg) {
    std::vector<int> markers;
    std::size_t at = 2;
    while (at + 4 <= jpeg.size() && jpeg[at] == 0xFF) {
        const int marker = jpeg[at + 1];
        markers.push_back(marker);
        if (marker == 0xDA) break;
        at += 2 + ((std::size_t{jpeg[at + 2]} << 8) | jpeg[at + 3]);
    }
    return markers;
}

const std::string kPlanJson = R"({"format": "hairplan", "version": 1})";

} // namespace

TEST_CASE("encodePng decodes to the very same pixels, as RGB", "[image_files]") {
    // 1 x 1, odd sizes, and one large enough for several compression bands.
    for (const auto& [width, height] : {std::pair{1, 1}, {257, 131}, {1, 600}, {2100, 1400}}) {
        INFO(width << " x " << height);
        const RgbaImage image = testImage(width, height);
        const Bytes png = encodePng(image, kPlanJson);
        REQUIRE_FALSE(png.empty());
        const Decoded decoded = decodeWithStb(png);
        CHECK(decoded.width == width);
        CHECK(decoded.height == height);
        CHECK(decoded.channelsInFile == 3); // alpha dropped: every pixel is opaque
        CHECK(decoded.rgba == image.rgba);
    }
}

TEST_CASE("encodePng keeps alpha when some pixel is not opaque", "[image_files]") {
    const RgbaImage image = testImage(300, 200, true);
    const Decoded decoded = decodeWithStb(encodePng(image, ""));
    CHECK(decoded.channelsInFile == 4);
    CHECK(decoded.rgba == image.rgba);
}

TEST_CASE("encodePng writes the plan chunk and no other metadata", "[image_files]") {
    const RgbaImage image = testImage(2100, 1400);
    const Bytes png = encodePng(image, kPlanJson);
    const std::vector<std::string> types = chunkTypes(png);
    REQUIRE(types.size() >= 4);
    CHECK(types[0] == "IHDR");
    CHECK(types[1] == "iTXt");
    CHECK(types.back() == "IEND");
    for (std::size_t i = 2; i + 1 < types.size(); ++i)
        CHECK(types[i] == "IDAT");
    CHECK(types.size() > 4); // several bands, one IDAT each
    std::string error;
    CHECK(hp::planTextFromPng(png, &error) == kPlanJson);

    const Bytes noPlan = encodePng(testImage(20, 10), "");
    CHECK(chunkTypes(noPlan) == std::vector<std::string>{"IHDR", "IDAT", "IEND"});
    CHECK_FALSE(hp::planTextFromPng(noPlan, &error));
    CHECK(error == hp::kNoPlanInPngMessage);
}

TEST_CASE("encodePng gives the same bytes every time", "[image_files]") {
    const RgbaImage image = testImage(2100, 1400);
    const Bytes first = encodePng(image, kPlanJson);
    CHECK(encodePng(image, kPlanJson) == first);
    CHECK(encodePng(testImage(2100, 1400), kPlanJson) == first);
}

TEST_CASE("encodePng compresses flat areas well", "[image_files]") {
    RgbaImage flat;
    flat.width = 1000;
    flat.height = 800;
    flat.rgba.assign(std::size_t{1000} * 800 * 4, 247);
    const Bytes png = encodePng(flat, "");
    CHECK(png.size() < 20'000); // of 2.4 MB of RGB
    CHECK(decodeWithStb(png).rgba == flat.rgba);
}

TEST_CASE("encodePng and encodeJpeg refuse empty and inconsistent images", "[image_files]") {
    CHECK(encodePng(RgbaImage{}, kPlanJson).empty());
    CHECK(encodeJpeg(RgbaImage{}).empty());
    RgbaImage wrongSize = testImage(10, 10);
    wrongSize.rgba.pop_back();
    CHECK(encodePng(wrongSize, "").empty());
    CHECK(encodeJpeg(wrongSize).empty());
    RgbaImage negative;
    negative.width = -4;
    negative.height = -4;
    negative.rgba.resize(64);
    CHECK(encodePng(negative, "").empty());
    CHECK(encodeJpeg(negative).empty());
}

TEST_CASE("withPlanChunk on an encoded PNG leaves its pixels as they were", "[image_files]") {
    const RgbaImage image = testImage(257, 131);
    const Bytes png = hp::withPlanChunk(encodePng(image, ""), kPlanJson);
    CHECK(decodeWithStb(png).rgba == image.rgba);
    CHECK(hp::planTextFromPng(png, nullptr) == kPlanJson);
}

TEST_CASE("an encoded PNG with a plan opens with loadPlanFile", "[image_files]") {
    hp::Plan plan;
    plan.patient.id = "HP-0042";
    plan.imageSize = std::pair{257, 131};
    plan.zones.push_back(hp::makeZone(hp::ZoneKind::Graft, "Frontal core",
                                      {{10, 10}, {200, 10}, {200, 100}, {10, 100}}));
    const Bytes png = encodePng(testImage(257, 131), hp::planToJson(plan));
    const std::filesystem::path file =
        std::filesystem::temp_directory_path() /
        ("hairplan-test-image-files-" + std::to_string(::getpid()) + ".png");
    {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(png.data()),
                  static_cast<std::streamsize>(png.size()));
    }
    const hp::PlanLoad load = hp::loadPlanFile(file);
    std::filesystem::remove(file);
    REQUIRE(load.errors.empty());
    REQUIRE(load.plan);
    CHECK(*load.plan == plan);
}

TEST_CASE("encodeJpeg decodes within JPEG's loss, 4:4:4, with no EXIF", "[image_files]") {
    const RgbaImage image = testImage(640, 480);
    const Bytes jpeg = encodeJpeg(image, 92);
    REQUIRE(jpeg.size() > 4);
    CHECK(jpeg[0] == 0xFF);
    CHECK(jpeg[1] == 0xD8);

    const std::vector<int> markers = jpegMarkers(jpeg);
    REQUIRE_FALSE(markers.empty());
    CHECK(markers.front() == 0xE0); // JFIF
    CHECK(markers.back() == 0xDA);
    for (const int marker : markers) {
        CHECK(marker != 0xE1);                   // APP1: EXIF or XMP
        CHECK(marker != 0xFE);                   // COM
        CHECK((marker < 0xE2 || marker > 0xEF)); // no other APPn
    }

    tjhandle handle = tjInitDecompress();
    REQUIRE(handle != nullptr);
    int width = 0, height = 0, subsampling = -1, colourspace = -1;
    REQUIRE(tjDecompressHeader3(handle, jpeg.data(), jpeg.size(), &width, &height, &subsampling,
                                &colourspace) == 0);
    CHECK(width == 640);
    CHECK(height == 480);
    CHECK(subsampling == TJSAMP_444);
    Bytes rgba(std::size_t{640} * 480 * 4);
    REQUIRE(tjDecompress2(handle, jpeg.data(), jpeg.size(), rgba.data(), 640, 0, 480, TJPF_RGBA,
                          0) == 0);
    tjDestroy(handle);

    double sumError = 0.0;
    int largest = 0;
    for (std::size_t i = 0; i < rgba.size(); ++i) {
        if (i % 4 == 3) continue;
        const int error = std::abs(int{rgba[i]} - int{image.rgba[i]});
        sumError += error;
        largest = std::max(largest, error);
    }
    CHECK(sumError / (640.0 * 480 * 3) < 3.0);
    CHECK(largest < 80);
}

TEST_CASE("encodeJpeg gives the same bytes every time; quality is clamped", "[image_files]") {
    const RgbaImage image = testImage(300, 200);
    const Bytes first = encodeJpeg(image, 92);
    CHECK(encodeJpeg(image, 92) == first);
    CHECK(encodeJpeg(image, 50).size() < first.size());
    CHECK(encodeJpeg(image, 500) == encodeJpeg(image, 100));
    CHECK(encodeJpeg(image, -3) == encodeJpeg(image, 1));
}
