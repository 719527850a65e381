// hairplan export (plan-format.md §4), run as a separate process with no X display, exactly as a
// script on a headless machine runs it.
#include "planning/plan_io.hpp"
#include "planning/png_plan_chunk.hpp"
#include "support/cli_checks.hpp"
#include "support/run_process.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stb_image.h>
#include <stb_image_write.h>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using hp::test::TempDir;

namespace {

using hp::test::checkFailureLines;

using Run = hp::test::ProcessResult;

/// hairplan with DISPLAY and WAYLAND_DISPLAY removed from its environment, and a fixed
/// SOURCE_DATE_EPOCH (2024-05-01) so that the legend's date does not change at midnight.
Run hairplan(const std::vector<std::string>& args) {
    std::vector<std::string> all{
        "-u", "DISPLAY", "-u", "WAYLAND_DISPLAY", "SOURCE_DATE_EPOCH=1714521600", HAIRPLAN_EXE};
    all.insert(all.end(), args.begin(), args.end());
    return hp::test::runProcess("/usr/bin/env", all);
}

std::string slurp(const fs::path& p) {
    return hp::test::readFile(p);
}

constexpr int kWidth = 320;
constexpr int kHeight = 240;

/// Gradients in red and green, a checker in blue: every pixel differs from its neighbours.
std::vector<std::uint8_t> gradientRgb(int width = kWidth, int height = kHeight) {
    std::vector<std::uint8_t> rgb(static_cast<std::size_t>(width) * height * 3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            std::uint8_t* p = rgb.data() + (static_cast<std::size_t>(y) * width + x) * 3;
            p[0] = static_cast<std::uint8_t>(40 + x * 170 / width);
            p[1] = static_cast<std::uint8_t>(30 + y * 180 / height);
            p[2] = static_cast<std::uint8_t>(((x + y) % 2) ? 90 : 110);
        }
    return rgb;
}

void writePng(const fs::path& file) {
    const std::vector<std::uint8_t> rgb = gradientRgb();
    REQUIRE(stbi_write_png(file.c_str(), kWidth, kHeight, 3, rgb.data(), kWidth * 3) != 0);
}

std::string jpegBytes() {
    const std::vector<std::uint8_t> rgb = gradientRgb();
    std::string bytes;
    auto append = [](void* context, void* data, int size) {
        static_cast<std::string*>(context)->append(static_cast<const char*>(data),
                                                   static_cast<std::size_t>(size));
    };
    REQUIRE(stbi_write_jpg_to_func(append, &bytes, kWidth, kHeight, 3, rgb.data(), 92) != 0);
    return bytes;
}

/// A JPEG photo carrying metadata that must not reach the export: an EXIF segment and a
/// comment naming the patient, right after the start-of-image marker.
void writeJpegWithMetadata(const fs::path& file) {
    std::string bytes = jpegBytes();
    const std::string tiff("MM\0*\0\0\0\x08\0\0\0\0\0\0", 14); // an empty IFD0
    const std::string exif = std::string("Exif\0\0", 6) + tiff;
    const std::string comment = "PATIENT-NAME-SECRET";
    auto segment = [](char marker, const std::string& data) {
        const std::size_t length = data.size() + 2;
        return std::string{'\xFF', marker, static_cast<char>(length >> 8),
                           static_cast<char>(length & 0xFF)} +
               data;
    };
    bytes.insert(2, segment('\xE1', exif) + segment('\xFE', comment));
    std::ofstream(file, std::ios::binary) << bytes;
}

/// A JPEG whose frame header claims 65,000 x 65,000 pixels (4,225 MP).
void writeAbsurdJpeg(const fs::path& file) {
    std::string bytes = jpegBytes();
    const std::size_t sof = bytes.find("\xFF\xC0");
    REQUIRE(sof != std::string::npos);
    for (const std::size_t at : {sof + 5, sof + 7}) { // height, then width, big-endian
        bytes[at] = static_cast<char>(65000 >> 8);
        bytes[at + 1] = static_cast<char>(65000 & 0xFF);
    }
    std::ofstream(file, std::ios::binary) << bytes;
}

/// A plan over a 320 x 240 photo: a zone of each kind, a hairline with its band, a glabella.
std::string planJson(const std::string& photo) {
    nlohmann::json plan = nlohmann::json::parse(R"({
      "format": "hairplan", "version": 1,
      "patient": {"id": "HP-0042", "sex": "male"},
      "calibration": {"mm_per_px": 0.1},
      "landmarks": {"glabella": [160, 220]},
      "hairline": {"points": [[30, 170], [160, 160], [290, 170]], "transition_mm": 6.0},
      "zones": [
        {"name": "Core", "kind": "graft", "points": [[20, 20], [100, 20], [100, 90], [20, 90]]},
        {"name": "Crown", "kind": "smp", "points": [[120, 20], [200, 20], [200, 90], [120, 90]]},
        {"name": "Donor", "kind": "donor", "points": [[220, 20], [300, 20], [300, 90], [220, 90]]}
      ]})");
    if (!photo.empty()) plan["photo"] = photo;
    return plan.dump(2);
}

struct Decoded {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgb;
    const std::uint8_t* pixel(int x, int y) const {
        return rgb.data() + (static_cast<std::size_t>(y) * width + x) * 3;
    }
};

Decoded decode(const fs::path& file) {
    int width = 0, height = 0, channels = 0;
    std::uint8_t* pixels = stbi_load(file.c_str(), &width, &height, &channels, 3);
    INFO(file << ": " << (stbi_failure_reason() ? stbi_failure_reason() : ""));
    REQUIRE(pixels != nullptr);
    Decoded d{width, height, {pixels, pixels + static_cast<std::size_t>(width) * height * 3}};
    stbi_image_free(pixels);
    return d;
}

std::set<std::string> listing(const fs::path& folder) {
    std::set<std::string> names;
    for (const auto& entry : fs::recursive_directory_iterator(folder))
        names.insert(fs::relative(entry.path(), folder).string());
    return names;
}

/// A folder with photo.png and plan.json over it.
struct Fixture {
    TempDir dir;
    fs::path photo = dir.path / "photo.png";
    fs::path plan = dir.path / "plan.json";
    Fixture() {
        writePng(photo);
        dir.write("plan.json", planJson("photo.png"));
    }
};

} // namespace

TEST_CASE("export writes a PNG at the photo's size that opens again as the plan", "[export]") {
    Fixture f;
    const fs::path out = f.dir.path / "out.png";
    const Run r = hairplan({"export", f.plan.string(), "-o", out.string(), "--no-legend"});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    CHECK(r.err.empty());
    const Decoded image = decode(out);
    CHECK(image.width == kWidth);
    CHECK(image.height == kHeight);

    const std::vector<std::uint8_t> photo = gradientRgb();
    auto photoPixel = [&](int x, int y) {
        return std::vector<int>(photo.begin() + (y * kWidth + x) * 3,
                                photo.begin() + (y * kWidth + x) * 3 + 3);
    };
    auto imagePixel = [&](int x, int y) {
        const std::uint8_t* p = image.pixel(x, y);
        return std::vector<int>{p[0], p[1], p[2]};
    };
    // Away from the overlays: the photo's pixels exactly (a lossless photo, a lossless export).
    for (const auto& [x, y] : {std::pair{5, 5}, {10, 120}, {310, 120}, {60, 235}, {300, 230}}) {
        INFO("(" << x << ", " << y << ")");
        CHECK(imagePixel(x, y) == photoPixel(x, y));
    }
    // Inside each zone and on the band: tinted.
    for (const auto& [x, y] : {std::pair{60, 55}, {160, 55}, {260, 55}, {160, 130}}) {
        INFO("(" << x << ", " << y << ")");
        CHECK(imagePixel(x, y) != photoPixel(x, y));
    }

    // The plan chunk: `hairplan summary` reads the image as the plan it shows.
    const Run fromPlan = hairplan({"summary", f.plan.string(), "--json"});
    const Run fromImage = hairplan({"summary", out.string(), "--json"});
    REQUIRE(fromPlan.exitCode == 0);
    REQUIRE(fromImage.exitCode == 0);
    CHECK(nlohmann::json::parse(fromImage.out) == nlohmann::json::parse(fromPlan.out));
    std::string error;
    const auto text = hp::planTextFromPngFile(out, &error);
    INFO(error);
    REQUIRE(text);
    const hp::PlanLoad embedded = hp::parsePlanJson(*text);
    REQUIRE(embedded.plan);
    const hp::PlanLoad original = hp::loadPlanFile(f.plan);
    CHECK(*embedded.plan == *original.plan);
}

TEST_CASE("with the legend, the image is taller than the photo", "[export]") {
    Fixture f;
    const fs::path out = f.dir.path / "out.png";
    const Run r = hairplan({"export", f.plan.string(), "-o", out.string()});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    const Decoded image = decode(out);
    CHECK(image.width == kWidth);
    CHECK(image.height > kHeight);
}

TEST_CASE("export writes a JPEG without the photo's metadata", "[export]") {
    TempDir dir;
    writeJpegWithMetadata(dir.path / "photo.jpg");
    const fs::path plan = dir.write("plan.json", planJson("photo.jpg"));
    for (const char* name : {"out.jpg", "out.jpeg", "OUT.JPG"}) {
        const fs::path out = dir.path / name;
        const Run r = hairplan({"export", plan.string(), "-o", out.string()});
        INFO(name << ": " << r.err);
        REQUIRE(r.exitCode == 0);
        const std::string bytes = slurp(out);
        REQUIRE(bytes.size() > 3);
        CHECK(bytes.substr(0, 3) == "\xFF\xD8\xFF");
        CHECK(bytes.find("Exif") == std::string::npos);
        CHECK(bytes.find("PATIENT-NAME-SECRET") == std::string::npos);
        const Decoded image = decode(out);
        CHECK(image.width == kWidth);
        CHECK(image.height > kHeight);
    }
    // The PNG carries no trace of them either.
    const fs::path png = dir.path / "out.png";
    REQUIRE(hairplan({"export", plan.string(), "-o", png.string()}).exitCode == 0);
    const std::string bytes = slurp(png);
    CHECK(bytes.find("Exif") == std::string::npos);
    CHECK(bytes.find("PATIENT-NAME-SECRET") == std::string::npos);
}

TEST_CASE("the same plan exported twice gives the same bytes", "[export]") {
    Fixture f;
    for (const char* ext : {".png", ".jpg"}) {
        const fs::path a = f.dir.path / (std::string("a") + ext);
        const fs::path b = f.dir.path / (std::string("b") + ext);
        REQUIRE(hairplan({"export", f.plan.string(), "-o", a.string()}).exitCode == 0);
        REQUIRE(hairplan({"export", f.plan.string(), "-o", b.string()}).exitCode == 0);
        INFO(ext);
        CHECK(slurp(a) == slurp(b));
    }
}

TEST_CASE("with --preview the image shows the simulation; the counts do not change", "[export]") {
    Fixture f;
    const fs::path plain = f.dir.path / "plain.png";
    const fs::path preview = f.dir.path / "preview.png";
    const Run r1 = hairplan({"export", f.plan.string(), "-o", plain.string(), "--no-legend"});
    const Run r2 =
        hairplan({"export", f.plan.string(), "-o", preview.string(), "--no-legend", "--preview"});
    INFO(r1.err << r2.err);
    REQUIRE(r1.exitCode == 0);
    REQUIRE(r2.exitCode == 0);
    CHECK(r2.err.empty());
    const Decoded a = decode(plain);
    const Decoded b = decode(preview);
    REQUIRE(b.width == a.width);
    REQUIRE(b.height == a.height);

    // Far from every zone, the band and the lines: the same pixels.
    for (const auto& [x, y] : {std::pair{5, 5}, {310, 120}, {315, 5}}) {
        INFO("(" << x << ", " << y << ")");
        CHECK(std::equal(a.pixel(x, y), a.pixel(x, y) + 3, b.pixel(x, y)));
    }
    // In the graft zone (20, 20)-(100, 90), hairs: pixels much darker than without them; in
    // the SMP zone (120, 20)-(200, 90), dots likewise. (Fading the fills under the marks
    // darkens a pixel by 40 at most.)
    auto darker = [&](int x0, int y0, int x1, int y1) {
        int n = 0;
        for (int y = y0; y < y1; ++y)
            for (int x = x0; x < x1; ++x) {
                const std::uint8_t* p = a.pixel(x, y);
                const std::uint8_t* q = b.pixel(x, y);
                n += q[0] + q[1] + q[2] + 100 < p[0] + p[1] + p[2];
            }
        return n;
    };
    CHECK(darker(25, 25, 95, 85) > 150);
    CHECK(darker(125, 25, 195, 85) > 300);
    CHECK(darker(225, 25, 295, 85) == 0); // the donor zone has no marks

    // The PNG carries the plan, not the marks: its counts are the plan's.
    const Run fromPlan = hairplan({"summary", f.plan.string(), "--json"});
    const Run fromImage = hairplan({"summary", preview.string(), "--json"});
    REQUIRE(fromPlan.exitCode == 0);
    REQUIRE(fromImage.exitCode == 0);
    CHECK(nlohmann::json::parse(fromImage.out) == nlohmann::json::parse(fromPlan.out));

    // With the legend, it says that the marks are a simulation: one more line.
    const fs::path withLegend = f.dir.path / "legend.png";
    const fs::path withNotice = f.dir.path / "notice.png";
    REQUIRE(hairplan({"export", f.plan.string(), "-o", withLegend.string()}).exitCode == 0);
    REQUIRE(
        hairplan({"export", f.plan.string(), "-o", withNotice.string(), "--preview"}).exitCode ==
        0);
    CHECK(decode(withNotice).height > decode(withLegend).height);
}

TEST_CASE("a plan too large to simulate is exported with --preview, and says so", "[export]") {
    TempDir dir;
    writePng(dir.path / "photo.png");
    // 3.2 mm a pixel: the 300 x 220-pixel SMP zone is 6,758 cm², 2.7 million dots at 400/cm².
    nlohmann::json plan = nlohmann::json::parse(planJson("photo.png"));
    plan["calibration"] = {{"mm_per_px", 3.2}};
    plan["zones"] =
        nlohmann::json::array({{{"name", "Everything"},
                                {"kind", "smp"},
                                {"points", {{10, 10}, {310, 10}, {310, 230}, {10, 230}}},
                                {"density_dots_cm2", 400.0}}});
    const fs::path file = dir.write("plan.json", plan.dump());
    const fs::path out = dir.path / "out.png";
    const Run r = hairplan({"export", file.string(), "-o", out.string(), "--preview"});
    INFO(r.err);
    CHECK(r.exitCode == 0);
    CHECK(r.err.find("too many to simulate") != std::string::npos);
    CHECK(fs::exists(out));
}

TEST_CASE("an uncalibrated plan exported with --preview says there is nothing to simulate",
          "[export]") {
    TempDir dir;
    writePng(dir.path / "photo.png");
    nlohmann::json plan = nlohmann::json::parse(planJson("photo.png"));
    plan.erase("calibration");
    const fs::path file = dir.write("plan.json", plan.dump());
    const fs::path out = dir.path / "out.png";
    const Run r = hairplan({"export", file.string(), "-o", out.string(), "--preview"});
    INFO(r.err);
    CHECK(r.exitCode == 0);
    CHECK(r.err.find("hairplan: " + file.string() + ": warning: the plan has no scale") !=
          std::string::npos);
    CHECK(fs::exists(out));
}

TEST_CASE("the same plan exported twice with --preview gives the same bytes", "[export]") {
    Fixture f;
    for (const char* ext : {".png", ".jpg"}) {
        const fs::path a = f.dir.path / (std::string("a") + ext);
        const fs::path b = f.dir.path / (std::string("b") + ext);
        REQUIRE(hairplan({"export", f.plan.string(), "-o", a.string(), "--preview"}).exitCode == 0);
        REQUIRE(hairplan({"export", f.plan.string(), "-o", b.string(), "--preview"}).exitCode == 0);
        INFO(ext);
        CHECK(slurp(a) == slurp(b));
    }
}

TEST_CASE("the --width option scales the whole image", "[export]") {
    Fixture f;
    const fs::path out = f.dir.path / "half.png";
    const Run r =
        hairplan({"export", f.plan.string(), "-o", out.string(), "--width", "160", "--no-legend"});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    const Decoded image = decode(out);
    CHECK(image.width == kWidth / 2);
    CHECK(image.height == kHeight / 2);
    const fs::path legend = f.dir.path / "half-legend.png";
    REQUIRE(
        hairplan({"export", f.plan.string(), "-o", legend.string(), "--width", "160"}).exitCode ==
        0);
    CHECK(decode(legend).width == kWidth / 2);
}

TEST_CASE("several plans at once go to --out-dir, a failure does not stop the others", "[export]") {
    Fixture f;
    const fs::path a = f.dir.write("A.json", planJson("photo.png"));
    const fs::path b = f.dir.write("B.json", planJson("photo.png"));
    const fs::path out = f.dir.path / "out";
    fs::create_directory(out);
    const Run r = hairplan({"export", a.string(), b.string(), "--out-dir", out.string()});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    CHECK(listing(out) == std::set<std::string>{"A.png", "B.png"});
    CHECK(decode(out / "A.png").width == kWidth);
    // The plans in the images name the photo from their new folder: they export again.
    const Run again =
        hairplan({"export", (out / "A.png").string(), "-o", (out / "A2.jpg").string()});
    INFO(again.err);
    CHECK(again.exitCode == 0);

    const fs::path jpegs = f.dir.path / "jpegs";
    fs::create_directory(jpegs);
    const fs::path broken = f.dir.write("C.json", planJson("nowhere.png"));
    const Run mixed = hairplan({"export", a.string(), broken.string(), b.string(), "--out-dir",
                                jpegs.string(), "--format", "jpg"});
    CHECK(mixed.exitCode == 2);
    checkFailureLines(mixed);
    CHECK(mixed.err.find("nowhere.png") != std::string::npos);
    CHECK(listing(jpegs) == std::set<std::string>{"A.jpg", "B.jpg"});

    const Run oneOutput = hairplan({"export", a.string(), b.string(), "-o", "x.png"});
    CHECK(oneOutput.exitCode == 2);
    checkFailureLines(oneOutput);
}

TEST_CASE("bad input exits 2, names the file and leaves no file behind", "[export]") {
    Fixture f;
    writeAbsurdJpeg(f.dir.path / "absurd.jpg");
    f.dir.write("corrupt.jpg", std::string("\xFF\xD8\xFF\xE0 this is not a JPEG at all", 30));
    const fs::path missingPhoto = f.dir.write("missing.json", planJson("nowhere.jpg"));
    const fs::path corruptPhoto = f.dir.write("corrupt.json", planJson("corrupt.jpg"));
    const fs::path absurdPhoto = f.dir.write("absurd.json", planJson("absurd.jpg"));
    fs::create_directory(f.dir.path / "folder");
    // An exported image is a plan too: exporting it onto itself must be refused.
    const fs::path exported = f.dir.path / "exported.png";
    REQUIRE(hairplan({"export", f.plan.string(), "-o", exported.string()}).exitCode == 0);

    struct Case {
        std::string what;
        std::vector<std::string> args;
        std::string named; ///< the file the message must name
    };
    const std::string plan = f.plan.string();
    const std::vector<Case> cases{
        {"missing photo",
         {missingPhoto.string(), "-o", (f.dir.path / "o.png").string()},
         "nowhere.jpg"},
        {"corrupt photo",
         {corruptPhoto.string(), "-o", (f.dir.path / "o.png").string()},
         "corrupt.jpg"},
        {"absurd header",
         {absurdPhoto.string(), "-o", (f.dir.path / "o.png").string()},
         "absurd.jpg"},
        {"output folder missing",
         {plan, "-o", (f.dir.path / "nowhere" / "o.png").string()},
         "o.png"},
        {"output is a folder", {plan, "-o", (f.dir.path / "folder").string()}, "folder"},
        {"output is the plan", {plan, "-o", plan}, "plan.json"},
        {"output is the exported plan",
         {exported.string(), "-o", exported.string()},
         "exported.png"},
        {"output is the photo", {plan, "-o", f.photo.string()}, "photo.png"},
        {"unknown extension", {plan, "-o", (f.dir.path / "o.bmp").string()}, "o.bmp"},
        {"missing plan", {(f.dir.path / "none.json").string(), "-o", "o.png"}, "none.json"},
        {"out-dir missing", {plan, "--out-dir", (f.dir.path / "nowhere").string()}, "nowhere"},
        {"image over 100 MP",
         {plan, "-o", (f.dir.path / "o.png").string(), "--width", "30000"},
         "plan.json"},
        {"too narrow for the legend",
         {plan, "-o", (f.dir.path / "o.png").string(), "--width", "50"},
         "plan.json"},
    };
    const std::set<std::string> before = listing(f.dir.path);
    const std::string photoBytes = slurp(f.photo), planBytes = slurp(f.plan),
                      exportedBytes = slurp(exported);
    for (const Case& c : cases) {
        std::vector<std::string> args{"export"};
        args.insert(args.end(), c.args.begin(), c.args.end());
        const Run r = hairplan(args);
        INFO(c.what << ": " << r.err);
        CHECK(r.signal == 0);
        CHECK(r.exitCode == 2);
        checkFailureLines(r);
        CHECK(r.err.find(c.named) != std::string::npos);
        CHECK(listing(f.dir.path) == before);
    }
    CHECK(slurp(f.photo) == photoBytes);
    CHECK(slurp(f.plan) == planBytes);
    CHECK(slurp(exported) == exportedBytes);
}

TEST_CASE("export usage errors exit 2", "[export]") {
    Fixture f;
    const std::string plan = f.plan.string(), out = (f.dir.path / "o.png").string();
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"export"},
             {"export", plan},
             {"export", plan, "-o"},
             {"export", plan, "-o", out, "--width", "8"},
             {"export", plan, "-o", out, "--width", "30001"},
             {"export", plan, "-o", out, "--width", "12px"},
             {"export", plan, "-o", out, "--bogus"},
             {"export", plan, "-o", out, "--format", "jpg"},
             {"export", plan, "--out-dir", f.dir.path.string(), "--format", "gif"},
             {"export", plan, "-o", out, "--out-dir", f.dir.path.string()}}) {
        const Run r = hairplan(args);
        INFO(args.size());
        CHECK(r.exitCode == 2);
        checkFailureLines(r);
    }
    CHECK_FALSE(fs::exists(out));
}

TEST_CASE("the --help text lists export", "[export]") {
    const Run help = hairplan({"--help"});
    CHECK(help.exitCode == 0);
    CHECK(help.out.find("hairplan export PLAN -o OUT [--width PX] [--no-legend] [--preview]") !=
          std::string::npos);
}
