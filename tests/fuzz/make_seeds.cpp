// Writes the fuzzers' seed inputs (the "seed-*" files of tests/fuzz/corpus/*/): small plans,
// JPEGs with every EXIF orientation, PNGs of every colour type, and exported PNGs carrying plan
// chunks. The seeds are committed; run this (scripts/fuzz seeds) only to make them again.
// Usage: hairplan_fuzz_seeds CORPUS_DIR SOURCE_DIR
#include "planning/plan.hpp"
#include "planning/plan_io.hpp"
#include "planning/png_plan_chunk.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <libexif/exif-data.h>
#include <stb_image_write.h>
#include <string>
#include <string_view>
#include <turbojpeg.h>
#include <vector>

namespace fs = std::filesystem;
using Bytes = std::vector<std::uint8_t>;

namespace {

[[noreturn]] void die(const std::string& message) {
    std::fprintf(stderr, "hairplan_fuzz_seeds: %s\n", message.c_str());
    std::exit(1);
}

void writeFile(const fs::path& file, const void* data, std::size_t size) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out) die("cannot write " + file.string());
}

void writeBytes(const fs::path& file, const Bytes& bytes) {
    writeFile(file, bytes.data(), bytes.size());
}

void writeText(const fs::path& file, std::string_view text) {
    writeFile(file, text.data(), text.size());
}

std::string readText(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) die("cannot read " + file.string());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// --- Plans ---

/// A plan using every part of the format: ruler calibration, glabella, a hairline on the "down"
/// side, and one zone of each kind, one of them crossing itself.
hp::Plan fullPlan() {
    hp::Plan plan;
    plan.patient = {"HP-0001", hp::Sex::Female, "seed \"notes\" \u00e9"};
    plan.photo = "front.jpg";
    plan.imageSize = std::pair{400, 300};
    plan.calibration = hp::RulerCalibration{{120, 250}, {170, 250}, 5.0};
    plan.glabella = hp::Point{200, 165};
    hp::Hairline hairline;
    hairline.points = {{120, 90}, {160, 76}, {200, 72.5}, {240, 76}, {280, 90}};
    hairline.scalpSide = hp::ScalpSide::Down;
    hairline.irregularity = {7, 2.0, 5.5};
    plan.hairline = hairline;
    plan.zones.push_back(hp::makeZone(hp::ZoneKind::Graft, "Frontal core",
                                      {{125, 88}, {275, 88}, {260, 40}, {140, 40}}));
    plan.zones.push_back(hp::makeZone(hp::ZoneKind::Smp, "Crown (crossed)",
                                      {{150, 30}, {250, 10}, {250, 30}, {150, 10}}));
    plan.zones.push_back(hp::makeZone(hp::ZoneKind::Donor, "Occipital donor",
                                      {{10, 290}, {90, 290}, {90, 260}, {10, 260}}));
    return plan;
}

hp::Plan scalePlan() {
    hp::Plan plan;
    plan.calibration = hp::ScaleCalibration{0.1};
    hp::Hairline hairline;
    hairline.points = {{0, 100}, {1000, 100}};
    plan.hairline = hairline;
    return plan;
}

void writePlanSeeds(const fs::path& dir, const fs::path& source) {
    writeText(dir / "seed-full.json", hp::planToJson(fullPlan()));
    writeText(dir / "seed-scale.json", hp::planToJson(scalePlan()));
    writeText(dir / "seed-sample.json", readText(source / "assets/sample/plan.json"));
    for (const char* name : {"example", "minimal", "bad_ranges"})
        writeText(dir / ("seed-data-" + std::string(name) + ".json"),
                  readText(source / "tests/data/plans" / (std::string(name) + ".json")));
    // Bad inputs, each refused for another reason.
    writeText(dir / "seed-bad-version.json", R"({"format": "hairplan", "version": 2})");
    writeText(dir / "seed-bad-huge-number.json",
              R"({"format": "hairplan", "version": 1, "image_size": [1e309, 10]})");
    writeText(dir / "seed-bad-types.json",
              R"({"format": "hairplan", "version": 1.5, "patient": {"sex": "x", "id": 3},
 "calibration": {"p1": [0, 0], "p2": [0, 0], "mm": 5}, "landmarks": {"glabella": [1]},
 "hairline": {"points": [[0, 0]], "scalp_side": "left", "irregularity": {"seed": -1}},
 "zones": [{"kind": "graft", "points": [[0, 0], [1, 1]]}, 7, {"kind": "beard"}]})");
    writeText(dir / "seed-bad-syntax.json", "{\"format\": \"hairplan\", \"version\": 1,");
    writeText(dir / "seed-bad-utf8.json",
              "{\"format\": \"hairplan\", \"version\": 1, \"photo\": \"\xC3\x28\"}");
    std::string deep = R"({"format": "hairplan", "version": 1, "x": )";
    deep += std::string(70, '[') + std::string(70, ']') + "}";
    writeText(dir / "seed-bad-deep.json", deep);
}

// --- Photos ---

/// A width x height RGBA test card: colour ramps, so that every JPEG block has content.
Bytes testCard(int width, int height) {
    Bytes rgba;
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            rgba.push_back(static_cast<std::uint8_t>(255 * x / width));
            rgba.push_back(static_cast<std::uint8_t>(255 * y / height));
            rgba.push_back(static_cast<std::uint8_t>((x + y) % 2 ? 40 : 200));
            rgba.push_back(static_cast<std::uint8_t>(255 - 10 * x));
        }
    return rgba;
}

constexpr int kWidth = 12;
constexpr int kHeight = 8;

Bytes encodeJpeg(int subsampling, int flags) {
    const Bytes rgba = testCard(kWidth, kHeight);
    tjhandle handle = tjInitCompress();
    if (!handle) die("tjInitCompress failed");
    unsigned char* jpeg = nullptr;
    unsigned long size = 0;
    if (tjCompress2(handle, rgba.data(), kWidth, 0, kHeight, TJPF_RGBA, &jpeg, &size, subsampling,
                    90, flags) != 0)
        die(std::string("tjCompress2: ") + tjGetErrorStr2(handle));
    tjDestroy(handle);
    Bytes bytes(jpeg, jpeg + size);
    tjFree(jpeg);
    return bytes;
}

/// `jpeg` with an EXIF APP1 segment holding `orientation` in IFD0, made with libexif, right
/// after SOI (as cameras write it) or after the JFIF APP0 segment (as some editors do).
Bytes withExifOrientation(const Bytes& jpeg, int orientation, ExifByteOrder order, bool afterApp0) {
    ExifData* exif = exif_data_new();
    if (!exif) die("exif_data_new failed");
    exif_data_set_byte_order(exif, order);
    ExifEntry* entry = exif_entry_new();
    exif_content_add_entry(exif->ifd[EXIF_IFD_0], entry);
    exif_entry_initialize(entry, EXIF_TAG_ORIENTATION);
    exif_set_short(entry->data, order, static_cast<ExifShort>(orientation));
    exif_entry_unref(entry);
    unsigned char* block = nullptr;
    unsigned int blockSize = 0;
    exif_data_save_data(exif, &block, &blockSize);
    exif_data_unref(exif);
    if (!block) die("exif_data_save_data failed");
    const std::size_t segmentLength = blockSize + 2;
    Bytes app1 = {0xFF, 0xE1, static_cast<std::uint8_t>(segmentLength >> 8),
                  static_cast<std::uint8_t>(segmentLength & 0xFF)};
    app1.insert(app1.end(), block, block + blockSize);
    std::free(block);

    // JFIF APP0 (FF E0) comes right after SOI in what TurboJPEG writes.
    std::size_t at = 2;
    if (afterApp0) {
        if (jpeg.size() < 6 || jpeg[2] != 0xFF || jpeg[3] != 0xE0) die("no APP0 after SOI");
        at = 4 + (std::size_t{jpeg[4]} << 8 | jpeg[5]);
    }
    Bytes out(jpeg.begin(), jpeg.begin() + static_cast<std::ptrdiff_t>(at));
    out.insert(out.end(), app1.begin(), app1.end());
    out.insert(out.end(), jpeg.begin() + static_cast<std::ptrdiff_t>(at), jpeg.end());
    return out;
}

Bytes encodePng(int channels) {
    const Bytes rgba = testCard(kWidth, kHeight);
    Bytes pixels;
    for (std::size_t i = 0; i < rgba.size(); i += 4)
        for (int c = 0; c < channels; ++c)
            pixels.push_back(rgba[i + static_cast<std::size_t>(c)]);
    Bytes png;
    const auto append = [](void* context, void* data, int size) {
        const auto* bytes = static_cast<const std::uint8_t*>(data);
        static_cast<Bytes*>(context)->insert(static_cast<Bytes*>(context)->end(), bytes,
                                             bytes + size);
    };
    if (stbi_write_png_to_func(append, &png, kWidth, kHeight, channels, pixels.data(),
                               kWidth * channels) == 0)
        die("stbi_write_png_to_func failed");
    return png;
}

void appendBigEndian32(Bytes& out, std::uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<std::uint8_t>(value >> shift));
}

Bytes bytesOf(std::string_view text) {
    return Bytes(text.begin(), text.end());
}

/// A PNG written by hand, for what stb_image_write does not make (16-bit samples, palettes):
/// `rows` is the filtered scanline data, stored in one uncompressed zlib block.
Bytes handMadePng(int bitDepth, int colourType, int width, int height, const Bytes& rows,
                  const Bytes& palette = {}) {
    Bytes png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    Bytes header;
    appendBigEndian32(header, static_cast<std::uint32_t>(width));
    appendBigEndian32(header, static_cast<std::uint32_t>(height));
    for (const int byte : {bitDepth, colourType, 0, 0, 0})
        header.push_back(static_cast<std::uint8_t>(byte));
    hp::appendPngChunk(png, "IHDR", header);
    if (!palette.empty()) hp::appendPngChunk(png, "PLTE", palette);
    const auto length = static_cast<std::uint16_t>(rows.size());
    Bytes zlib = {0x78,
                  0x01,
                  0x01,
                  static_cast<std::uint8_t>(length & 0xFF),
                  static_cast<std::uint8_t>(length >> 8),
                  static_cast<std::uint8_t>(~length & 0xFF),
                  static_cast<std::uint8_t>(~length >> 8 & 0xFF)};
    zlib.insert(zlib.end(), rows.begin(), rows.end());
    std::uint32_t a = 1, b = 0; // Adler-32
    for (const std::uint8_t byte : rows) {
        a = (a + byte) % 65521;
        b = (b + a) % 65521;
    }
    appendBigEndian32(zlib, b << 16 | a);
    hp::appendPngChunk(png, "IDAT", zlib);
    hp::appendPngChunk(png, "IEND", {});
    return png;
}

void writePhotoSeeds(const fs::path& dir) {
    const Bytes jpeg = encodeJpeg(TJSAMP_444, 0);
    writeBytes(dir / "seed-plain.jpg", jpeg);
    for (int orientation = 2; orientation <= 8; ++orientation)
        writeBytes(dir / ("seed-orientation-" + std::to_string(orientation) + ".jpg"),
                   withExifOrientation(jpeg, orientation, EXIF_BYTE_ORDER_INTEL, false));
    writeBytes(dir / "seed-orientation-6-motorola-after-app0.jpg",
               withExifOrientation(jpeg, 6, EXIF_BYTE_ORDER_MOTOROLA, true));
    writeBytes(dir / "seed-420.jpg", encodeJpeg(TJSAMP_420, 0));
    writeBytes(dir / "seed-grey.jpg", encodeJpeg(TJSAMP_GRAY, 0));
    writeBytes(dir / "seed-progressive.jpg",
               withExifOrientation(encodeJpeg(TJSAMP_422, TJFLAG_PROGRESSIVE), 8,
                                   EXIF_BYTE_ORDER_INTEL, false));

    writeBytes(dir / "seed-grey.png", encodePng(1));
    writeBytes(dir / "seed-grey-alpha.png", encodePng(2));
    writeBytes(dir / "seed-rgb.png", encodePng(3));
    writeBytes(dir / "seed-rgba.png", encodePng(4));
    // 3 x 2, 16-bit RGB: a 0 filter byte per row, then 6 bytes a pixel.
    Bytes rows16;
    for (int y = 0; y < 2; ++y) {
        rows16.push_back(0);
        for (int i = 0; i < 3 * 6; ++i)
            rows16.push_back(static_cast<std::uint8_t>(40 * y + 13 * i));
    }
    writeBytes(dir / "seed-16-bit.png", handMadePng(16, 2, 3, 2, rows16));
    // 4 x 2, 8-bit palette of three colours.
    const Bytes palette = {255, 0, 0, 0, 255, 0, 0, 0, 255};
    const Bytes rowsPalette = {0, 0, 1, 2, 1, 0, 2, 2, 1, 0};
    writeBytes(dir / "seed-palette.png", handMadePng(8, 3, 4, 2, rowsPalette, palette));

    // Damaged: a header claiming 60000 x 60000 pixels, a PNG cut inside its header, a JPEG cut
    // in the middle of its scan (which decodes, with a warning).
    writeBytes(dir / "seed-bad-huge.png", handMadePng(8, 6, 60000, 60000, Bytes(16, 0)));
    const Bytes rgb = encodePng(3);
    writeBytes(dir / "seed-bad-cut-header.png", Bytes(rgb.begin(), rgb.begin() + 20));
    writeBytes(dir / "seed-cut.jpg",
               Bytes(jpeg.begin(), jpeg.begin() + static_cast<std::ptrdiff_t>(jpeg.size() - 40)));
}

// --- Exported PNGs ---

/// The chunks of `png` after the signature, each whole (length, type, data, CRC).
std::vector<Bytes> chunksOf(const Bytes& png) {
    std::vector<Bytes> chunks;
    for (std::size_t at = 8; at + 12 <= png.size();) {
        const std::size_t length = std::size_t{png[at]} << 24 | std::size_t{png[at + 1]} << 16 |
                                   std::size_t{png[at + 2]} << 8 | png[at + 3];
        chunks.emplace_back(png.begin() + static_cast<std::ptrdiff_t>(at),
                            png.begin() + static_cast<std::ptrdiff_t>(at + 12 + length));
        at += 12 + length;
    }
    return chunks;
}

/// The signature and IHDR of `png`, then `extra` chunks, then the rest of `png`.
Bytes withChunksAfterHeader(const Bytes& png, const std::vector<Bytes>& extra) {
    const std::vector<Bytes> chunks = chunksOf(png);
    Bytes out(png.begin(), png.begin() + 8);
    out.insert(out.end(), chunks[0].begin(), chunks[0].end());
    for (const Bytes& chunk : extra)
        out.insert(out.end(), chunk.begin(), chunk.end());
    for (std::size_t i = 1; i < chunks.size(); ++i)
        out.insert(out.end(), chunks[i].begin(), chunks[i].end());
    return out;
}

Bytes chunk(std::string_view type, const Bytes& data) {
    Bytes out;
    hp::appendPngChunk(out, type, data);
    return out;
}

void writeChunkSeeds(const fs::path& dir) {
    const Bytes png = encodePng(3);
    writeBytes(dir / "seed-no-plan.png", png);
    writeBytes(dir / "seed-exported-full.png", hp::withPlanChunk(png, hp::planToJson(fullPlan())));
    writeBytes(dir / "seed-exported-scale.png",
               hp::withPlanChunk(png, hp::planToJson(scalePlan())));
    writeBytes(dir / "seed-exported-bad-plan.png",
               hp::withPlanChunk(png, R"({"format": "hairplan", "version": 2})"));

    // The plan behind other text chunks, one of them an iTXt of another keyword.
    Bytes otherItxt = bytesOf("Comment");
    otherItxt.insert(otherItxt.end(), {0, 0, 0, 'e', 'n', 0, 0});
    const Bytes comment = bytesOf("made by hand");
    otherItxt.insert(otherItxt.end(), comment.begin(), comment.end());
    Bytes text = bytesOf("Software");
    text.push_back(0);
    const Bytes software = bytesOf("hairplan seeds");
    text.insert(text.end(), software.begin(), software.end());
    const std::string_view smpPlan = R"({"format": "hairplan", "version": 1,
 "zones": [{"kind": "smp", "points": [[0, 0], [9, 0], [9, 9]]}]})";
    writeBytes(dir / "seed-plan-after-text.png",
               withChunksAfterHeader(png, {chunk("tEXt", text), chunk("iTXt", otherItxt),
                                           chunk("iTXt", hp::planChunkData(smpPlan))}));

    // A plan chunk marked compressed, which hairplan does not read.
    Bytes compressed = hp::planChunkData("x");
    compressed[hp::kPngPlanKeyword.size() + 1] = 1;
    writeBytes(dir / "seed-compressed-plan.png",
               withChunksAfterHeader(png, {chunk("iTXt", compressed)}));
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) die("usage: hairplan_fuzz_seeds CORPUS_DIR SOURCE_DIR");
    const fs::path corpus = argv[1];
    const fs::path source = argv[2];
    for (const char* target : {"plan", "summary", "photo", "chunk"})
        fs::create_directories(corpus / target);
    writePlanSeeds(corpus / "plan", source);
    writePlanSeeds(corpus / "summary", source);
    writePhotoSeeds(corpus / "photo");
    writeChunkSeeds(corpus / "chunk");
    return 0;
}
