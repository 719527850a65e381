// Every input the fuzzers kept (tests/fuzz/corpus/TARGET/) and every crash they found
// (tests/fuzz/crashes/TARGET/) goes through the fuzz targets again here, built with the normal
// compiler, in the normal test run: a bug found once stays found. The targets check their own
// promises and trap when one is broken (fuzz_targets.hpp); these tests add that the corpus is
// there at all, that it reaches both the accepting and the refusing side of every reader, and
// what the named seeds (seed-*, from make_seeds.cpp) must give.
#include "fuzz_targets.hpp"
#include "planning/plan_io.hpp"
#include "planning/png_plan_chunk.hpp"
#include "render/photo.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace fs = std::filesystem;
using hp::fuzz::Outcome;
using Bytes = std::vector<std::uint8_t>;

namespace {

const fs::path kFuzzDir = HAIRPLAN_FUZZ_DIR;

Bytes readBytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    REQUIRE(in);
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// The files of one folder, sorted by name; none when it does not exist (no crash found yet).
std::vector<fs::path> filesIn(const fs::path& folder) {
    std::vector<fs::path> files;
    if (!fs::is_directory(folder)) return files;
    for (const fs::directory_entry& entry : fs::directory_iterator(folder))
        if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

struct Run {
    std::size_t corpusFiles = 0;
    std::size_t crashFiles = 0;
    std::map<Outcome, std::size_t> outcomes;
    std::map<std::string, Outcome> seeds; ///< by file name, for the seed-* files
};

/// Runs every corpus and crash file of `target` through `check` and through libFuzzer's entry
/// point `entry` (which must return 0).
template <class Check, class Entry>
Run runAll(const std::string& target, Check check, Entry entry) {
    Run run;
    const std::vector<fs::path> corpus = filesIn(kFuzzDir / "corpus" / target);
    const std::vector<fs::path> crashes = filesIn(kFuzzDir / "crashes" / target);
    run.corpusFiles = corpus.size();
    run.crashFiles = crashes.size();
    for (const std::vector<fs::path>* files : {&corpus, &crashes})
        for (const fs::path& file : *files) {
            INFO(file.string());
            const Bytes bytes = readBytes(file);
            const Outcome outcome = check(bytes.data(), bytes.size());
            ++run.outcomes[outcome];
            if (file.filename().string().starts_with("seed-"))
                run.seeds[file.filename().string()] = outcome;
            CHECK(entry(bytes.data(), bytes.size()) == 0);
        }
    return run;
}

void requireBothSides(const Run& run) {
    INFO(run.corpusFiles << " corpus files, " << run.crashFiles << " crash files");
    REQUIRE(run.corpusFiles > 0);
    CHECK(run.outcomes.count(Outcome::Accepted) == 1);
    CHECK(run.outcomes.count(Outcome::Refused) == 1);
}

Outcome seedOutcome(const Run& run, const std::string& name) {
    INFO("seed " << name);
    const auto seed = run.seeds.find(name);
    REQUIRE(seed != run.seeds.end());
    return seed->second;
}

Bytes corpusFile(const std::string& target, const std::string& name) {
    return readBytes(kFuzzDir / "corpus" / target / name);
}

std::vector<std::string> describeAll(const std::vector<hp::PlanError>& errors) {
    std::vector<std::string> text;
    for (const hp::PlanError& error : errors)
        text.push_back(error.describe());
    return text;
}

} // namespace

TEST_CASE("plan texts found by fuzzing are read, validated and round-tripped", "[fuzz]") {
    const Run run = runAll("plan", hp::fuzz::checkPlan, hp::fuzz::plan);
    requireBothSides(run);
    for (const char* name : {"seed-full.json", "seed-scale.json", "seed-sample.json",
                             "seed-data-example.json", "seed-data-minimal.json"})
        CHECK(seedOutcome(run, name) == Outcome::Accepted);
    for (const char* name : {"seed-data-bad_ranges.json", "seed-bad-version.json",
                             "seed-bad-huge-number.json", "seed-bad-types.json",
                             "seed-bad-syntax.json", "seed-bad-utf8.json", "seed-bad-deep.json"})
        CHECK(seedOutcome(run, name) == Outcome::Refused);
}

TEST_CASE("plans found by fuzzing are counted with figures that add up", "[fuzz]") {
    const Run run = runAll("summary", hp::fuzz::checkSummary, hp::fuzz::summary);
    requireBothSides(run);
    for (const char* name : {"seed-full.json", "seed-scale.json", "seed-sample.json"})
        CHECK(seedOutcome(run, name) == Outcome::Accepted);
}

TEST_CASE("reading a plan twice gives the same plan or the same errors", "[fuzz]") {
    const std::vector<fs::path> files = filesIn(kFuzzDir / "corpus" / "plan");
    REQUIRE_FALSE(files.empty());
    for (const fs::path& file : files) {
        INFO(file.string());
        const Bytes bytes = readBytes(file);
        const std::string text(bytes.begin(), bytes.end());
        const hp::PlanLoad first = hp::parsePlanJson(text);
        const hp::PlanLoad second = hp::parsePlanJson(text);
        CHECK(first.plan == second.plan);
        CHECK(describeAll(first.errors) == describeAll(second.errors));
    }
}

TEST_CASE("photos found by fuzzing decode or are refused, never crash", "[fuzz]") {
    const Run run = runAll("photo", hp::fuzz::checkPhoto, hp::fuzz::photo);
    requireBothSides(run);
    for (const char* name : {"seed-bad-huge.png", "seed-bad-cut-header.png"})
        CHECK(seedOutcome(run, name) == Outcome::Refused);

    // The seeds are 12 x 8; EXIF orientations 5-8 turn them on their side.
    for (int orientation = 1; orientation <= 8; ++orientation) {
        const std::string name = orientation == 1
                                     ? "seed-plain.jpg"
                                     : "seed-orientation-" + std::to_string(orientation) + ".jpg";
        INFO(name);
        CHECK(seedOutcome(run, name) == Outcome::Accepted);
        const hp::render::PhotoLoad load = hp::render::decodePhoto(corpusFile("photo", name), name);
        REQUIRE(load.image);
        CHECK(std::pair{load.image->width, load.image->height} ==
              (orientation >= 5 ? std::pair{8, 12} : std::pair{12, 8}));
    }
    for (const char* name :
         {"seed-orientation-6-motorola-after-app0.jpg", "seed-420.jpg", "seed-grey.jpg",
          "seed-progressive.jpg", "seed-grey.png", "seed-grey-alpha.png", "seed-rgb.png",
          "seed-rgba.png", "seed-16-bit.png", "seed-palette.png"})
        CHECK(seedOutcome(run, name) == Outcome::Accepted);
}

TEST_CASE("plan chunks found by fuzzing are read or refused, never crash", "[fuzz]") {
    const Run run = runAll("chunk", hp::fuzz::checkPngPlanChunk, hp::fuzz::chunk);
    requireBothSides(run);
    for (const char* name :
         {"seed-exported-full.png", "seed-exported-scale.png", "seed-plan-after-text.png"}) {
        INFO(name);
        CHECK(seedOutcome(run, name) == Outcome::Accepted);
        const std::optional<std::string> text =
            hp::planTextFromPng(corpusFile("chunk", name), nullptr);
        REQUIRE(text);
        CHECK(hp::parsePlanJson(*text).plan);
    }
    CHECK(seedOutcome(run, "seed-exported-bad-plan.png") == Outcome::Accepted);
    for (const char* name : {"seed-no-plan.png", "seed-compressed-plan.png"})
        CHECK(seedOutcome(run, name) == Outcome::Refused);
    std::string error;
    CHECK_FALSE(hp::planTextFromPng(corpusFile("chunk", "seed-no-plan.png"), &error));
    CHECK(error == hp::kNoPlanInPngMessage);
}
