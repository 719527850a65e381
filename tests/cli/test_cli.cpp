// The command line, run as a separate process exactly as scripts and people run it.
#include "support/cli_checks.hpp"
#include "support/run_process.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace fs = std::filesystem;
using hp::test::TempDir;

namespace {

using hp::test::checkFailureLines;

using Run = hp::test::ProcessResult;

Run hairplan(const std::vector<std::string>& args) {
    return hp::test::runProcess(HAIRPLAN_EXE, args);
}

std::string slurp(const fs::path& p) {
    return hp::test::readFile(p);
}

const std::string kSample = std::string(HAIRPLAN_ASSETS) + "/sample/plan.json";

const char* kValidPlan = R"({"format": "hairplan", "version": 1,
  "calibration": {"mm_per_px": 0.1},
  "zones": [{"name": "Core", "kind": "graft",
             "points": [[0, 0], [1000, 0], [1000, 1000], [0, 1000]]}]})";

} // namespace

TEST_CASE("the --help and --version options", "[cli]") {
    const Run help = hairplan({"--help"});
    CHECK(help.exitCode == 0);
    CHECK(help.out.find("hairplan summary PLAN [--json]") != std::string::npos);
    CHECK(help.out.find("hairplan validate PLAN") != std::string::npos);
    const Run version = hairplan({"--version"});
    CHECK(version.exitCode == 0);
    CHECK(version.out.rfind("hairplan ", 0) == 0);
}

TEST_CASE("summary prints a table of the sample plan", "[cli]") {
    const Run r = hairplan({"summary", kSample});
    CHECK(r.exitCode == 0);
    CHECK(r.err.empty());
    for (const char* text : {"Hairline transition", "Frontal core", "Midscalp", "Crown SMP",
                             "Occipital donor", "Total", "grafts", "mid-frontal point"}) {
        INFO(text);
        CHECK(r.out.find(text) != std::string::npos);
    }
}

TEST_CASE("summary's table keeps huge figures apart", "[cli]") {
    // A 10 m square (1,000,000 cm²) at 200 FU/cm² and 5 hairs per graft.
    TempDir dir;
    const std::string plan =
        R"({"format": "hairplan", "version": 1, "calibration": {"mm_per_px": 10},
        "zones": [{"name": "Huge", "kind": "graft", "density_fu_cm2": 200, "hairs_per_graft": 5,
                   "points": [[0, 0], [1000, 0], [1000, 1000], [0, 1000]]}]})";
    const Run r = hairplan({"summary", dir.write("huge.json", plan).string()});
    REQUIRE(r.exitCode == 0);
    const std::size_t row = r.out.find("Huge");
    REQUIRE(row != std::string::npos);
    const std::string line = r.out.substr(row, r.out.find('\n', row) - row);
    INFO(line);
    CHECK(line.find("  1000000.0  ") != std::string::npos);     // drawn cm²
    CHECK(line.find("  200,000,000  ") != std::string::npos);   // grafts
    CHECK(line.find("  1,000,000,000  ") != std::string::npos); // hairs, exactly
}

TEST_CASE("summary --json prints the object of plan-format.md §4", "[cli]") {
    TempDir dir;
    const Run r = hairplan({"summary", dir.write("square.json", kValidPlan).string(), "--json"});
    REQUIRE(r.exitCode == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["calibrated"] == true);
    CHECK(j["mm_per_px"] == 0.1);
    REQUIRE(j["zones"].size() == 1);
    CHECK(j["zones"][0]["grafts"] == 4000);
    CHECK(j["zones"][0]["hairs"] == 8000);
    CHECK(j["zones"][0]["drawn_area_cm2"] == 100.0);
    CHECK(j["totals"]["grafts"] == 4000);
    CHECK(j["totals"]["donor_balance"].is_null());
    CHECK(j["hairline"].is_null());
    REQUIRE(j["warnings"].size() == 1);
    CHECK(j["warnings"][0]["code"] == "SESSION_TOO_LARGE");
}

TEST_CASE("summary --json of the sample: band first, then zones in file order", "[cli]") {
    const Run r = hairplan({"summary", "--json", kSample});
    REQUIRE(r.exitCode == 0);
    const auto j = nlohmann::json::parse(r.out);
    REQUIRE(j["zones"].size() == 5);
    CHECK(j["zones"][0]["kind"] == "hairline");
    CHECK(j["zones"][1]["name"] == "Midscalp");
    CHECK(j["zones"][3]["kind"] == "smp");
    CHECK(j["zones"][4]["kind"] == "donor");
    // A Norwood IV first session (Bernstein: 1,600-2,200 grafts), paid for by the donor zone.
    CHECK(j["totals"]["grafts"].get<long>() >= 1600);
    CHECK(j["totals"]["grafts"].get<long>() <= 2200);
    CHECK(j["totals"]["donor_balance"].get<long>() > 0);
    CHECK(j["warnings"].empty());
    CHECK(j["hairline"]["mid_frontal_height_mm"].get<double>() == Approx(91.0).margin(0.5));
}

TEST_CASE("validate: exit 0 with warnings on lines of their own", "[cli]") {
    TempDir dir;
    const Run ok = hairplan({"validate", dir.write("ok.json", kValidPlan).string()});
    CHECK(ok.exitCode == 0);
    CHECK(ok.out.find("\nwarning: SESSION_TOO_LARGE: ") != std::string::npos);
    const Run sample = hairplan({"validate", kSample});
    CHECK(sample.exitCode == 0);
    CHECK(sample.err.empty());
}

TEST_CASE("validate prints every error with the file and the JSON path", "[cli]") {
    TempDir dir;
    const fs::path bad = dir.write("bad.json", R"({"format": "hairplan", "version": 1, "zones": [
        {"kind": "graft", "points": [[0,0],[10,0],[10,10]]},
        {"kind": "graft", "points": [[0,0],[10,0],[10,10]], "density_fu_cm2": 250},
        {"kind": "smp", "points": [[0,0],[10,0],[10,10]], "density_dots_cm2": 0}]})");
    const Run r = hairplan({"validate", bad.string()});
    CHECK(r.exitCode == 2);
    checkFailureLines(r);
    CHECK(r.err.find("hairplan: " + bad.string() +
                     ": zones[1].density_fu_cm2: must be a number in (0, 200]") !=
          std::string::npos);
    CHECK(r.err.find("zones[2].density_dots_cm2: must be a number in (0, 400]") !=
          std::string::npos);
}

TEST_CASE("bad input exits 2 with a message naming the file, never a signal", "[cli]") {
    TempDir dir;
    std::string deep(100000, '[');
    std::string garbage;
    for (int i = 0; i < 4096; ++i)
        garbage += static_cast<char>((i * 7919 + 13) % 256);
    const std::vector<std::pair<std::string, std::string>> cases{
        {"empty.json", ""},
        {"deep.json", deep},
        {"huge-number.json", R"({"format": "hairplan", "version": 1, "extra": 1e309})"},
        {"garbage.json", garbage},
        {"newer.json", R"({"format": "hairplan", "version": 2})"},
        {"not-a-plan.json", R"({"type": "FeatureCollection"})"},
        {"array.json", "[1, 2, 3]"},
    };
    for (const auto& [name, text] : cases) {
        for (const char* command : {"summary", "validate"}) {
            INFO(command << " " << name);
            const fs::path file = dir.write(name, text);
            const Run r = hairplan({command, file.string()});
            CHECK(r.signal == 0);
            CHECK(r.exitCode == 2);
            CHECK(r.out.empty());
            checkFailureLines(r);
            CHECK(r.err.find(file.string()) != std::string::npos);
            CHECK(r.seconds < 10); // a generous guard against hangs, not a timing claim
        }
    }
    const Run newer = hairplan({"summary", (dir.path / "newer.json").string()});
    CHECK(newer.err.find("version") != std::string::npos);
    CHECK(newer.err.find('2') != std::string::npos);
}

TEST_CASE("a missing file, a folder and a file over 64 MB exit 2", "[cli]") {
    TempDir dir;
    const Run missing = hairplan({"summary", (dir.path / "nowhere.json").string()});
    CHECK(missing.exitCode == 2);
    checkFailureLines(missing);
    CHECK(missing.err.find("nowhere.json") != std::string::npos);

    const Run folder = hairplan({"validate", dir.path.string()});
    CHECK(folder.exitCode == 2);
    checkFailureLines(folder);

    const fs::path big = dir.path / "big.json";
    std::ofstream(big).put('{');
    fs::resize_file(big, 65ull * 1000 * 1000); // sparse: quick to make
    const Run huge = hairplan({"summary", big.string()});
    CHECK(huge.exitCode == 2);
    checkFailureLines(huge);
    CHECK(huge.err.find("64 MB") != std::string::npos);
}

TEST_CASE("usage errors exit 2", "[cli]") {
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"--frobnicate"}, {"summary"}, {"validate"}, {"summary", kSample, "--bogus"}}) {
        const Run r = hairplan(args);
        CHECK(r.exitCode == 2);
        checkFailureLines(r);
    }
}

TEST_CASE("the editor refuses a file it cannot open before opening a window", "[cli]") {
    TempDir dir;
    const Run missing = hairplan({(dir.path / "nowhere.json").string()});
    CHECK(missing.exitCode == 2);
    checkFailureLines(missing);
    CHECK(missing.err.find("nowhere.json") != std::string::npos);
    const Run bad = hairplan({dir.write("bad.json", R"({"format": "hairplan", "version": 1,
        "zones": [{"kind": "graft", "points": [[0, 0], [1, 0]]}]})")
                                  .string()});
    CHECK(bad.exitCode == 2);
    CHECK(bad.err.find("zones[0].points") != std::string::npos);
}

TEST_CASE("summary and validate never change their input", "[cli]") {
    TempDir dir;
    const fs::path plan = dir.write("plan.json", kValidPlan);
    const auto before = fs::last_write_time(plan);
    hairplan({"summary", plan.string()});
    hairplan({"summary", plan.string(), "--json"});
    hairplan({"validate", plan.string()});
    CHECK(slurp(plan) == kValidPlan);
    CHECK(fs::last_write_time(plan) == before);
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path))
        ++files;
    CHECK(files == 1); // nothing written beside it
}
