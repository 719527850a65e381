// The plan chunk of exported PNGs: round trips, and any bytes at all (cut, corrupted, random,
// absurd lengths) giving an error message rather than a crash. The PNGs are made here, with
// uncompressed (stored) deflate blocks, so planning's tests need no zlib.
#include "planning/plan.hpp"
#include "planning/plan_io.hpp"
#include "planning/png_plan_chunk.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using Bytes = std::vector<std::uint8_t>;

namespace {

const fs::path kPlans = fs::path(HAIRPLAN_TEST_DATA) / "plans";

void appendBigEndian32(Bytes& out, std::uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<std::uint8_t>(value >> shift));
}

std::uint32_t readBigEndian32(const Bytes& bytes, std::size_t at) {
    return (std::uint32_t{bytes[at]} << 24) | (std::uint32_t{bytes[at + 1]} << 16) |
           (std::uint32_t{bytes[at + 2]} << 8) | std::uint32_t{bytes[at + 3]};
}

/// Appends byte by byte: vector::insert of a range draws a false -Wstringop-overflow from GCC 12.
void append(Bytes& out, std::initializer_list<std::uint8_t> bytes) {
    for (const std::uint8_t b : bytes)
        out.push_back(b);
}

Bytes bytesOf(std::string_view text) {
    return Bytes(text.begin(), text.end());
}

/// A width x height 8-bit RGB PNG whose zlib stream holds one stored (uncompressed) block.
Bytes tinyPng(int width, int height) {
    Bytes raw;
    for (int y = 0; y < height; ++y) {
        raw.push_back(0); // filter None
        for (int x = 0; x < width; ++x)
            append(raw,
                   {static_cast<std::uint8_t>(40 * x), static_cast<std::uint8_t>(60 * y), 100});
    }
    std::uint32_t a = 1, b = 0; // Adler-32
    for (const std::uint8_t byte : raw) {
        a = (a + byte) % 65521;
        b = (b + a) % 65521;
    }
    Bytes zlib{0x78, 0x01, 0x01}; // header; a final stored block
    const auto length = static_cast<std::uint16_t>(raw.size());
    const auto inverse = static_cast<std::uint16_t>(~length);
    append(zlib, {static_cast<std::uint8_t>(length), static_cast<std::uint8_t>(length >> 8),
                  static_cast<std::uint8_t>(inverse), static_cast<std::uint8_t>(inverse >> 8)});
    for (const std::uint8_t byte : raw)
        zlib.push_back(byte);
    appendBigEndian32(zlib, (b << 16) | a);

    Bytes png{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    Bytes header;
    appendBigEndian32(header, static_cast<std::uint32_t>(width));
    appendBigEndian32(header, static_cast<std::uint32_t>(height));
    append(header, {8, 2, 0, 0, 0});
    hp::appendPngChunk(png, "IHDR", header);
    hp::appendPngChunk(png, "IDAT", zlib);
    hp::appendPngChunk(png, "IEND", {});
    return png;
}

struct Chunk {
    std::string type;
    std::size_t at = 0; ///< offset of its length field
    std::uint32_t length = 0;
};

/// The chunks of a well-formed PNG.
std::vector<Chunk> chunksOf(const Bytes& png) {
    std::vector<Chunk> chunks;
    std::size_t at = 8;
    while (at + 12 <= png.size()) {
        Chunk chunk;
        chunk.at = at;
        chunk.length = readBigEndian32(png, at);
        chunk.type.assign(png.begin() + static_cast<std::ptrdiff_t>(at) + 4,
                          png.begin() + static_cast<std::ptrdiff_t>(at) + 8);
        chunks.push_back(chunk);
        at += 12 + chunk.length;
    }
    return chunks;
}

std::vector<std::string> typesOf(const Bytes& png) {
    std::vector<std::string> types;
    for (const Chunk& chunk : chunksOf(png))
        types.push_back(chunk.type);
    return types;
}

/// The error planTextFromPng gives, failing if it gives text.
std::string errorOf(const Bytes& png) {
    std::string error;
    const std::optional<std::string> text = hp::planTextFromPng(png, &error);
    CHECK_FALSE(text);
    CHECK_FALSE(error.empty());
    return error;
}

const std::string kPlanJson = R"({"format": "hairplan", "version": 1, "patient": {"id": "Zoë"}})";

/// A fresh file path under the system's temporary folder, removed at the end of the test.
struct TempFile {
    fs::path path;
    TempFile() {
        static int counter = 0;
        path =
            fs::temp_directory_path() / ("hairplan-test-png-chunk-" + std::to_string(::getpid()) +
                                         "-" + std::to_string(counter++) + ".png");
    }
    ~TempFile() {
        std::error_code ec;
        fs::remove(path, ec);
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    void write(const Bytes& bytes) const {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(bytes.data()),
                  static_cast<std::streamsize>(bytes.size()));
    }
};

} // namespace

TEST_CASE("pngCrc32 is the CRC-32 of PNG and zlib, and continues across pieces", "[png_chunk]") {
    CHECK(hp::pngCrc32(bytesOf("123456789")) == 0xCBF43926u);
    CHECK(hp::pngCrc32(bytesOf("IEND")) == 0xAE426082u);
    CHECK(hp::pngCrc32({}) == 0u);
    CHECK(hp::pngCrc32(bytesOf("56789"), hp::pngCrc32(bytesOf("1234"))) == 0xCBF43926u);
}

TEST_CASE("the plan chunk goes right after IHDR and reads back", "[png_chunk]") {
    const Bytes png = tinyPng(3, 2);
    REQUIRE(typesOf(png) == std::vector<std::string>{"IHDR", "IDAT", "IEND"});
    std::string error;
    CHECK_FALSE(hp::planTextFromPng(png, &error));
    CHECK(error == hp::kNoPlanInPngMessage);

    const Bytes withPlan = hp::withPlanChunk(png, kPlanJson);
    CHECK(typesOf(withPlan) == std::vector<std::string>{"IHDR", "iTXt", "IDAT", "IEND"});
    error.clear();
    const std::optional<std::string> text = hp::planTextFromPng(withPlan, &error);
    REQUIRE(text);
    CHECK(*text == kPlanJson);
    CHECK(error.empty());

    // The chunk's layout: keyword, NUL, flag 0, method 0, empty language and translation.
    const Chunk plan = chunksOf(withPlan)[1];
    const std::string expected = "hairplan" + std::string(5, '\0') + kPlanJson;
    CHECK(plan.length == expected.size());
    CHECK(std::string(withPlan.begin() + static_cast<std::ptrdiff_t>(plan.at) + 8,
                      withPlan.begin() + static_cast<std::ptrdiff_t>(plan.at) + 8 +
                          static_cast<std::ptrdiff_t>(plan.length)) == expected);

    // Every other byte is the original's.
    const std::size_t ihdrEnd = 8 + 25;
    Bytes without(withPlan.begin(), withPlan.begin() + ihdrEnd);
    without.insert(without.end(),
                   withPlan.begin() + static_cast<std::ptrdiff_t>(plan.at) + 12 +
                       static_cast<std::ptrdiff_t>(plan.length),
                   withPlan.end());
    CHECK(without == png);
}

TEST_CASE("a second plan replaces the first", "[png_chunk]") {
    const Bytes once = hp::withPlanChunk(tinyPng(2, 2), "first");
    const Bytes twice = hp::withPlanChunk(once, "second");
    CHECK(typesOf(twice) == std::vector<std::string>{"IHDR", "iTXt", "IDAT", "IEND"});
    CHECK(hp::planTextFromPng(twice, nullptr) == std::optional<std::string>("second"));
}

TEST_CASE("other iTXt chunks are kept and passed over", "[png_chunk]") {
    Bytes png = tinyPng(2, 2);
    Bytes other = bytesOf("Comment");
    other.insert(other.end(), {0, 0, 0, 0, 0});
    const Bytes text = bytesOf("hairplan is mentioned here");
    other.insert(other.end(), text.begin(), text.end());
    Bytes withOther(png.begin(), png.begin() + 33);
    hp::appendPngChunk(withOther, "iTXt", other);
    withOther.insert(withOther.end(), png.begin() + 33, png.end());
    CHECK(errorOf(withOther) == hp::kNoPlanInPngMessage);

    const Bytes withPlan = hp::withPlanChunk(withOther, kPlanJson);
    CHECK(typesOf(withPlan) == std::vector<std::string>{"IHDR", "iTXt", "iTXt", "IDAT", "IEND"});
    CHECK(hp::planTextFromPng(withPlan, nullptr) == kPlanJson);
}

TEST_CASE("a plan chunk after the pixels is found too", "[png_chunk]") {
    const Bytes png = tinyPng(2, 2);
    const std::size_t iend = png.size() - 12;
    Bytes late(png.begin(), png.begin() + static_cast<std::ptrdiff_t>(iend));
    hp::appendPngChunk(late, "iTXt", hp::planChunkData(kPlanJson));
    late.insert(late.end(), png.begin() + static_cast<std::ptrdiff_t>(iend), png.end());
    CHECK(hp::planTextFromPng(late, nullptr) == kPlanJson);
}

TEST_CASE("an empty plan text and a plan with NUL bytes round-trip", "[png_chunk]") {
    CHECK(hp::planTextFromPng(hp::withPlanChunk(tinyPng(1, 1), ""), nullptr) ==
          std::optional<std::string>(""));
    const std::string withNul("a\0b", 3);
    CHECK(hp::planTextFromPng(hp::withPlanChunk(tinyPng(1, 1), withNul), nullptr) == withNul);
}

TEST_CASE("withPlanChunk refuses what is not a PNG with an IHDR", "[png_chunk]") {
    CHECK(hp::withPlanChunk({}, kPlanJson).empty());
    CHECK(hp::withPlanChunk(bytesOf("GIF89a and more bytes than a PNG header"), kPlanJson).empty());
    const Bytes png = tinyPng(2, 2);
    CHECK(hp::withPlanChunk(Bytes(png.begin(), png.begin() + 20), kPlanJson).empty());
    Bytes noIhdr = png;
    noIhdr[12] = 'X';
    CHECK(hp::withPlanChunk(noIhdr, kPlanJson).empty());
    // Cut after IHDR: what follows is copied as it is.
    const Bytes cut(png.begin(), png.begin() + 40);
    const Bytes out = hp::withPlanChunk(cut, kPlanJson);
    REQUIRE_FALSE(out.empty());
    CHECK(hp::planTextFromPng(out, nullptr) == kPlanJson);
}

TEST_CASE("what is not a PNG is said so", "[png_chunk]") {
    CHECK(errorOf({}) == "not a PNG file");
    CHECK(errorOf(bytesOf("{\"format\": \"hairplan\"}")) == "not a PNG file");
    CHECK(errorOf(Bytes{0x89, 'P', 'N', 'G'}) == "not a PNG file");
    CHECK_FALSE(hp::hasPngSignature(Bytes{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A}));
    CHECK(hp::hasPngSignature(tinyPng(1, 1)));
    // A null error pointer is allowed.
    CHECK_FALSE(hp::planTextFromPng(Bytes{1, 2, 3}, nullptr));
}

TEST_CASE("a corrupted plan chunk fails its CRC and is refused", "[png_chunk]") {
    const Bytes png = hp::withPlanChunk(tinyPng(2, 2), kPlanJson);
    const Chunk plan = chunksOf(png)[1];
    Bytes corrupt = png;
    corrupt[plan.at + 8 + 20] ^= 0x01; // one bit of the text
    CHECK(errorOf(corrupt).find("the hairplan plan in this PNG is damaged") == 0);

    Bytes badCrc = png;
    badCrc[plan.at + 8 + plan.length] ^= 0x80; // the stored CRC itself
    CHECK(errorOf(badCrc).find("fails the CRC check") != std::string::npos);

    Bytes badHeader = png;
    badHeader[20] ^= 0x04; // in IHDR's data
    CHECK(errorOf(badHeader) ==
          "the PNG file is damaged: its IHDR chunk at byte 8 fails the CRC check");
}

TEST_CASE("a compressed or malformed plan chunk is refused with a message", "[png_chunk]") {
    const Bytes base = tinyPng(2, 2);
    const auto withData = [&](const Bytes& data) {
        Bytes png(base.begin(), base.begin() + 33);
        hp::appendPngChunk(png, "iTXt", data);
        png.insert(png.end(), base.begin() + 33, base.end());
        return png;
    };
    Bytes compressed = bytesOf("hairplan");
    compressed.insert(compressed.end(), {0, 1, 0, 0, 0, 0x78, 0x9C});
    CHECK(errorOf(withData(compressed)) ==
          "the hairplan plan in this PNG is compressed, which hairplan does not read");

    for (const Bytes& malformed : {Bytes{'h', 'a', 'i', 'r', 'p', 'l', 'a', 'n', 0},
                                   Bytes{'h', 'a', 'i', 'r', 'p', 'l', 'a', 'n', 0, 0, 0},
                                   Bytes{'h', 'a', 'i', 'r', 'p', 'l', 'a', 'n', 0, 0, 0, 'e', 'n'},
                                   Bytes{'h', 'a', 'i', 'r', 'p', 'l', 'a', 'n', 0, 0, 0, 0, 'x'},
                                   Bytes{'h', 'a', 'i', 'r', 'p', 'l', 'a', 'n', 0, 7, 0, 0, 0}})
        CHECK(errorOf(withData(malformed)) == "the hairplan plan chunk of this PNG is malformed");

    // Another keyword that begins with ours is not ours.
    Bytes longer = bytesOf("hairplans");
    longer.insert(longer.end(), {0, 0, 0, 0, 0, '{', '}'});
    CHECK(errorOf(withData(longer)) == hp::kNoPlanInPngMessage);
}

TEST_CASE("a PNG cut short anywhere before the end of its plan chunk is refused", "[png_chunk]") {
    const Bytes png = hp::withPlanChunk(tinyPng(4, 3), kPlanJson);
    const Chunk plan = chunksOf(png)[1];
    const std::size_t planEnd = plan.at + 12 + plan.length;
    for (std::size_t size = 0; size < png.size(); ++size) {
        const Bytes cut(png.begin(), png.begin() + static_cast<std::ptrdiff_t>(size));
        std::string error;
        const std::optional<std::string> text = hp::planTextFromPng(cut, &error);
        if (size < planEnd) {
            INFO("cut at " << size);
            CHECK_FALSE(text);
            CHECK_FALSE(error.empty());
        } else {
            // The plan chunk is whole and its CRC checks: the plan is there even if the pixels
            // are not.
            CHECK(text == kPlanJson);
        }
    }
    CHECK(errorOf(Bytes(png.begin(), png.begin() + 40)) ==
          "the PNG file is cut short: it ends before its hairplan plan");
}

TEST_CASE("huge and absurd length fields are refused without reading or allocating",
          "[png_chunk]") {
    const Bytes png = hp::withPlanChunk(tinyPng(2, 2), kPlanJson);
    const Chunk plan = chunksOf(png)[1];
    const std::pair<std::uint32_t, std::string> cases[] = {
        {0xFFFF'FFFFu, "more than a PNG chunk may hold"},
        {0x8000'0000u, "more than a PNG chunk may hold"},
        {0x7FFF'FFFFu, "plans are at most 64 MB"},
        {0x1000'0000u, "plans are at most 64 MB"},
        {70'000'000u, "plans are at most 64 MB"},
        {1'000'000u, "cut short"},
        {plan.length + 1, "fails the CRC check"},
        {plan.length - 1, "fails the CRC check"},
        {0, "the PNG file is damaged: its iTXt chunk at byte 33 fails the CRC check"},
    };
    for (const auto& [length, expected] : cases) {
        Bytes bad = png;
        for (int i = 0; i < 4; ++i)
            bad[plan.at + static_cast<std::size_t>(i)] =
                static_cast<std::uint8_t>(length >> (24 - 8 * i));
        INFO("length " << length);
        const auto start = std::chrono::steady_clock::now();
        const std::string error = errorOf(bad);
        CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(100));
        CHECK(error.find(expected) != std::string::npos);
    }
    // The same in IHDR, the first chunk.
    Bytes badIhdr = png;
    badIhdr[8] = 0xFF;
    CHECK(errorOf(badIhdr).find("the PNG file is damaged") == 0);
}

TEST_CASE("a chunk type that is not four letters is damage", "[png_chunk]") {
    Bytes png = hp::withPlanChunk(tinyPng(2, 2), kPlanJson);
    png[33 + 4] = '1';
    CHECK(errorOf(png) == "the PNG file is damaged: no chunk starts at byte 33");
}

TEST_CASE("random bytes and random damage never crash the reader", "[png_chunk]") {
    std::mt19937 random(20261123);
    const Bytes png = hp::withPlanChunk(tinyPng(5, 4), kPlanJson);
    const Bytes signature(png.begin(), png.begin() + 8);
    std::size_t found = 0;
    for (int round = 0; round < 20'000; ++round) {
        Bytes bytes;
        switch (round % 4) {
        case 0: { // garbage
            bytes.resize(random() % 200);
            for (std::uint8_t& b : bytes)
                b = static_cast<std::uint8_t>(random());
            break;
        }
        case 1: { // a signature, then garbage
            bytes = signature;
            bytes.resize(8 + random() % 200);
            for (std::size_t i = 8; i < bytes.size(); ++i)
                bytes[i] = static_cast<std::uint8_t>(random());
            break;
        }
        case 2: { // a few bytes of a real one changed
            bytes = png;
            for (int k = 1 + static_cast<int>(random() % 4); k > 0; --k)
                bytes[random() % bytes.size()] = static_cast<std::uint8_t>(random());
            break;
        }
        default: { // a real one cut at random and changed once
            bytes.assign(png.begin(),
                         png.begin() + static_cast<std::ptrdiff_t>(random() % png.size()));
            if (!bytes.empty()) bytes[random() % bytes.size()] ^= 0xFF;
            break;
        }
        }
        std::string error;
        const std::optional<std::string> text = hp::planTextFromPng(bytes, &error);
        if (text) {
            // Only a plan whose chunk survived untouched can come back.
            CHECK(*text == kPlanJson);
            ++found;
        } else {
            CHECK_FALSE(error.empty());
        }
        (void)hp::withPlanChunk(bytes, "{}");
    }
    CHECK(found > 0);
}

TEST_CASE("planTextFromPngFile reads the plan chunk of a file", "[png_chunk]") {
    const TempFile file;
    const Bytes png = hp::withPlanChunk(tinyPng(3, 3), kPlanJson);
    file.write(png);
    CHECK(hp::isPngFile(file.path));
    std::string error;
    CHECK(hp::planTextFromPngFile(file.path, &error) == kPlanJson);

    file.write(tinyPng(3, 3));
    CHECK_FALSE(hp::planTextFromPngFile(file.path, &error));
    CHECK(error == hp::kNoPlanInPngMessage);

    file.write(Bytes(png.begin(), png.begin() + 50));
    CHECK_FALSE(hp::planTextFromPngFile(file.path, &error));
    CHECK(error == "the PNG file is cut short: it ends before its hairplan plan");

    Bytes corrupt = png;
    corrupt[45] ^= 0x10;
    file.write(corrupt);
    CHECK_FALSE(hp::planTextFromPngFile(file.path, &error));
    CHECK(error.find("damaged") != std::string::npos);

    file.write(bytesOf("plain text"));
    CHECK_FALSE(hp::isPngFile(file.path));
    CHECK_FALSE(hp::planTextFromPngFile(file.path, &error));
    CHECK(error == "not a PNG file");

    const fs::path missing = file.path.string() + ".missing";
    CHECK_FALSE(hp::isPngFile(missing));
    CHECK_FALSE(hp::planTextFromPngFile(missing, &error));
    CHECK(error.find("cannot open the file") == 0);
}

TEST_CASE("a large exported file is read by its chunks: the pixels are skipped", "[png_chunk]") {
    // 200 MB of IDAT in a sparse file, with the plan chunk before it (as exported) or after it
    // (found by seeking over the pixels): either way a few kilobytes are read.
    const hp::PlanLoad example = hp::loadPlanFile(kPlans / "example.json");
    REQUIRE(example.plan);
    const std::string planJson = hp::planToJson(*example.plan);
    const std::uint32_t idatLength = 200'000'000;
    for (const bool planFirst : {true, false}) {
        INFO("plan chunk " << (planFirst ? "before" : "after") << " the pixels");
        const TempFile file;
        Bytes head = tinyPng(2, 2);
        head.resize(33); // signature and IHDR
        if (planFirst) hp::appendPngChunk(head, "iTXt", hp::planChunkData(planJson));
        appendBigEndian32(head, idatLength);
        head.insert(head.end(), {'I', 'D', 'A', 'T'});
        file.write(head);
        fs::resize_file(file.path, head.size() + idatLength + 4); // zeros: data and CRC
        Bytes tail;
        if (!planFirst) hp::appendPngChunk(tail, "iTXt", hp::planChunkData(planJson));
        hp::appendPngChunk(tail, "IEND", {});
        {
            std::ofstream out(file.path, std::ios::binary | std::ios::app);
            out.write(reinterpret_cast<const char*>(tail.data()),
                      static_cast<std::streamsize>(tail.size()));
        }
        REQUIRE(fs::file_size(file.path) > hp::kMaxPlanFileBytes);

        const auto start = std::chrono::steady_clock::now();
        std::string error;
        CHECK(hp::planTextFromPngFile(file.path, &error) == planJson);
        CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(200));
        // loadPlanFile takes it although it is larger than a plan file may be.
        const hp::PlanLoad load = hp::loadPlanFile(file.path);
        REQUIRE(load.plan);
        CHECK(*load.plan == *example.plan);
    }
}

TEST_CASE("loadPlanFile opens a PNG exported with its plan", "[png_chunk]") {
    const hp::PlanLoad example = hp::loadPlanFile(kPlans / "example.json");
    REQUIRE(example.plan);
    const TempFile file;
    file.write(hp::withPlanChunk(tinyPng(4, 4), hp::planToJson(*example.plan)));
    const hp::PlanLoad load = hp::loadPlanFile(file.path);
    REQUIRE(load.errors.empty());
    REQUIRE(load.plan);
    CHECK(*load.plan == *example.plan);
}

TEST_CASE("loadPlanFile on a PNG without a plan says how to make one", "[png_chunk]") {
    const TempFile file;
    file.write(tinyPng(4, 4));
    const hp::PlanLoad load = hp::loadPlanFile(file.path);
    CHECK_FALSE(load.plan);
    REQUIRE(load.errors.size() == 1);
    CHECK(load.errors[0].describe() ==
          "this PNG carries no hairplan plan (export it with hairplan export)");
}

TEST_CASE("loadPlanFile reports a bad plan inside a PNG with its JSON path", "[png_chunk]") {
    const TempFile file;
    file.write(hp::withPlanChunk(
        tinyPng(2, 2),
        R"({"format": "hairplan", "version": 1, "hairline": {"points": [[0, 0]]}})"));
    const hp::PlanLoad load = hp::loadPlanFile(file.path);
    CHECK_FALSE(load.plan);
    REQUIRE_FALSE(load.errors.empty());
    CHECK(load.errors[0].path.find("hairline") == 0);

    file.write(hp::withPlanChunk(tinyPng(2, 2), "not json"));
    const hp::PlanLoad notJson = hp::loadPlanFile(file.path);
    CHECK_FALSE(notJson.plan);
    CHECK_FALSE(notJson.errors.empty());
}
