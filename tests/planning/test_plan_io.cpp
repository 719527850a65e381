// Reading, validating and writing plan files: plan-format.md §1 and the bad inputs of §4.
#include "planning/plan.hpp"
#include "planning/plan_io.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <numbers>
#include <string>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using hp::parsePlanJson;
using hp::Point;

namespace {

const fs::path kPlans = fs::path(HAIRPLAN_TEST_DATA) / "plans";

/// A plan with the required members and then `members` (JSON text without braces).
std::string planText(const std::string& members = "") {
    std::string text = R"({"format": "hairplan", "version": 1)";
    if (!members.empty()) text += ", " + members;
    return text + "}";
}

std::vector<std::string> describeAll(const hp::PlanLoad& load) {
    std::vector<std::string> lines;
    for (const hp::PlanError& error : load.errors)
        lines.push_back(error.describe());
    return lines;
}

std::vector<std::string> describeAll(const std::vector<hp::PlanError>& errors) {
    std::vector<std::string> lines;
    for (const hp::PlanError& error : errors)
        lines.push_back(error.describe());
    return lines;
}

/// The one error of a plan that must fail.
std::string onlyError(const std::string& text) {
    const hp::PlanLoad load = parsePlanJson(text);
    CHECK_FALSE(load.plan);
    REQUIRE(load.errors.size() == 1);
    return load.errors[0].describe();
}

std::string readFile(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// A fresh empty folder under the system's temporary folder, removed at the end of the test.
struct TempFolder {
    fs::path path;
    TempFolder() {
        static int counter = 0;
        path = fs::temp_directory_path() / ("hairplan-test-plan-io-" + std::to_string(::getpid()) +
                                            "-" + std::to_string(counter++));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempFolder() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    TempFolder(const TempFolder&) = delete;
    TempFolder& operator=(const TempFolder&) = delete;
};

std::vector<std::string> folderEntries(const fs::path& folder) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(folder))
        names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

/// "[[x, y], ...]" for JSON text, coordinates rounded to whole pixels to keep the text short.
std::string pointsText(const std::vector<Point>& points) {
    std::string text = "[";
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (i > 0) text += ",";
        text += "[" + std::to_string(std::lround(points[i].x)) + "," +
                std::to_string(std::lround(points[i].y)) + "]";
    }
    return text + "]";
}

/// n points on a circle: a convex outline that never crosses itself.
hp::Outline circle(std::size_t n, double radius = 1000.0) {
    hp::Outline points;
    for (std::size_t i = 0; i < n; ++i) {
        const double angle =
            2.0 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(n);
        points.push_back({5000.0 + radius * std::cos(angle), 5000.0 + radius * std::sin(angle)});
    }
    return points;
}

/// The star polygon {n/k}: every edge crosses many others (n * (k - 1) crossings in all).
hp::Outline star(std::size_t n, std::size_t k) {
    const hp::Outline around = circle(n);
    hp::Outline points;
    for (std::size_t i = 0; i < n; ++i)
        points.push_back(around[(i * k) % n]);
    return points;
}

const std::string kSquare = "[[0, 0], [100, 0], [100, 100], [0, 100]]";

/// The plan of plan-format.md §1, built by hand.
hp::Plan examplePlan() {
    hp::Plan plan;
    plan.patient = {"HP-0042", hp::Sex::Male, ""};
    plan.photo = "front.jpg";
    plan.imageSize = std::pair{4000, 3000};
    plan.calibration = hp::RulerCalibration{{1200, 2500}, {1700, 2500}, 50.0};
    plan.glabella = Point{2000, 1650};
    hp::Hairline hairline;
    hairline.points = {{1200, 900}, {1600, 760}, {2000, 720}, {2400, 760}, {2800, 900}};
    plan.hairline = hairline;
    plan.zones.push_back(hp::makeZone(hp::ZoneKind::Graft, "Frontal core",
                                      {{1250, 880}, {2750, 880}, {2600, 400}, {1400, 400}}));
    plan.zones.push_back(hp::makeZone(hp::ZoneKind::Smp, "Crown",
                                      {{1500, 300}, {2500, 300}, {2400, 120}, {1600, 120}}));
    plan.zones.push_back(hp::makeZone(hp::ZoneKind::Donor, "Occipital donor",
                                      {{100, 2900}, {900, 2900}, {900, 2600}, {100, 2600}}));
    return plan;
}

/// Every error message must be printable text: valid UTF-8 with no control characters.
bool isPrintableAscii(const std::string& text) {
    for (const char c : text)
        if (c < 0x20 || c > 0x7E) return false;
    return true;
}

} // namespace

// ---- plan.hpp ---------------------------------------------------------------------------------

TEST_CASE("mmPerPx and cm2PerPx2 of a ruler and of a given scale", "[plan_io]") {
    const hp::Calibration ruler = hp::RulerCalibration{{1200, 2500}, {1700, 2500}, 50.0};
    CHECK(hp::mmPerPx(ruler) == 0.1);
    CHECK(hp::cm2PerPx2(ruler) == 1e-4); // (0.1 mm)² = 0.01 mm² = 1e-4 cm²

    const hp::Calibration diagonal = hp::RulerCalibration{{0, 0}, {300, 400}, 25.0};
    CHECK(hp::mmPerPx(diagonal) == 0.05);
    CHECK(hp::cm2PerPx2(diagonal) == Approx(0.0025 / 100.0));

    const hp::Calibration scale = hp::ScaleCalibration{0.2};
    CHECK(hp::mmPerPx(scale) == 0.2);
    CHECK(hp::cm2PerPx2(scale) == Approx(4e-4));
}

TEST_CASE("makeZone gives each kind its default figures", "[plan_io]") {
    const hp::Zone graft = hp::makeZone(hp::ZoneKind::Graft, "G", {{0, 0}, {1, 0}, {0, 1}});
    CHECK(graft.name == "G");
    CHECK(graft.kind == hp::ZoneKind::Graft);
    CHECK(graft.points == hp::Outline{{0, 0}, {1, 0}, {0, 1}});
    CHECK(graft.densityFuCm2 == 40.0);
    CHECK(graft.hairsPerGraft == 2.0);
    CHECK(hp::makeZone(hp::ZoneKind::Smp, "S", {}).densityDotsCm2 == 100.0);
    const hp::Zone donor = hp::makeZone(hp::ZoneKind::Donor, "D", {});
    CHECK(donor.densityFuCm2 == 80.0);
    CHECK(donor.extractionFraction == 0.25);
}

TEST_CASE("toString gives the words of the file format", "[plan_io]") {
    CHECK(std::string(hp::toString(hp::Sex::Male)) == "male");
    CHECK(std::string(hp::toString(hp::Sex::Female)) == "female");
    CHECK(std::string(hp::toString(hp::Sex::Unspecified)) == "unspecified");
    CHECK(std::string(hp::toString(hp::ZoneKind::Graft)) == "graft");
    CHECK(std::string(hp::toString(hp::ZoneKind::Smp)) == "smp");
    CHECK(std::string(hp::toString(hp::ZoneKind::Donor)) == "donor");
    CHECK(std::string(hp::toString(hp::ScalpSide::Up)) == "up");
    CHECK(std::string(hp::toString(hp::ScalpSide::Down)) == "down");
}

TEST_CASE("PlanError::describe joins path and message", "[plan_io]") {
    CHECK(hp::PlanError{"zones[1].density_fu_cm2", "must be a number in (0, 200]"}.describe() ==
          "zones[1].density_fu_cm2: must be a number in (0, 200]");
    CHECK(hp::PlanError{"", "the file is empty"}.describe() == "the file is empty");
}

// ---- Reading valid plans ----------------------------------------------------------------------

TEST_CASE("the example of plan-format.md reads to the expected values", "[plan_io]") {
    const hp::PlanLoad load = hp::loadPlanFile(kPlans / "example.json");
    CHECK(describeAll(load).empty());
    REQUIRE(load.plan);
    const hp::Plan& plan = *load.plan;

    CHECK(plan.patient.id == "HP-0042");
    CHECK(plan.patient.sex == hp::Sex::Male);
    CHECK(plan.patient.notes.empty());
    CHECK(plan.photo == "front.jpg");
    CHECK(plan.imageSize == std::pair{4000, 3000});
    REQUIRE(plan.calibration);
    const auto* ruler = std::get_if<hp::RulerCalibration>(&*plan.calibration);
    REQUIRE(ruler != nullptr);
    CHECK(ruler->p1 == Point{1200, 2500});
    CHECK(ruler->p2 == Point{1700, 2500});
    CHECK(ruler->mm == 50.0);
    CHECK(hp::mmPerPx(*plan.calibration) == 0.1);
    CHECK(plan.glabella == Point{2000, 1650});

    REQUIRE(plan.hairline);
    CHECK(plan.hairline->points.size() == 5);
    CHECK(plan.hairline->points[2] == Point{2000, 720});
    CHECK(plan.hairline->scalpSide == hp::ScalpSide::Up);
    CHECK(plan.hairline->transitionMm == 8.0);
    CHECK(plan.hairline->irregularity == hp::Irregularity{1, 1.5, 6.0});
    CHECK(plan.hairline->densityFuCm2 == 45.0);
    CHECK(plan.hairline->hairsPerGraft == 1.0);

    REQUIRE(plan.zones.size() == 3);
    CHECK(plan.zones[0].name == "Frontal core");
    CHECK(plan.zones[0].kind == hp::ZoneKind::Graft);
    CHECK(plan.zones[0].points.size() == 4);
    CHECK(plan.zones[0].points[3] == Point{1400, 400});
    CHECK(plan.zones[0].densityFuCm2 == 40.0);
    CHECK(plan.zones[0].hairsPerGraft == 2.0);
    CHECK(plan.zones[1].name == "Crown");
    CHECK(plan.zones[1].kind == hp::ZoneKind::Smp);
    CHECK(plan.zones[1].densityDotsCm2 == 100.0);
    CHECK(plan.zones[2].name == "Occipital donor");
    CHECK(plan.zones[2].kind == hp::ZoneKind::Donor);
    CHECK(plan.zones[2].densityFuCm2 == 80.0);
    CHECK(plan.zones[2].extractionFraction == 0.25);

    CHECK(plan == examplePlan());
}

TEST_CASE("a minimal plan has every default", "[plan_io]") {
    const hp::PlanLoad load = hp::loadPlanFile(kPlans / "minimal.json");
    CHECK(describeAll(load).empty());
    REQUIRE(load.plan);
    CHECK(*load.plan == hp::Plan{});
    CHECK(load.plan->patient.sex == hp::Sex::Unspecified);
    CHECK(load.plan->photo.empty());
    CHECK_FALSE(load.plan->imageSize);
    CHECK_FALSE(load.plan->calibration);
    CHECK_FALSE(load.plan->glabella);
    CHECK_FALSE(load.plan->hairline);
    CHECK(load.plan->zones.empty());
}

TEST_CASE("missing fields take the defaults of plan-format.md", "[plan_io]") {
    const hp::PlanLoad load = parsePlanJson(planText(
        R"("patient": {}, "hairline": {"points": [[0, 0], [100, 0]]},
           "zones": [{"kind": "graft", "points": )" +
        kSquare + R"(}, {"kind": "smp", "points": )" + kSquare +
        R"(}, {"kind": "donor", "points": )" + kSquare + "}]"));
    CHECK(describeAll(load).empty());
    REQUIRE(load.plan);
    const hp::Plan& plan = *load.plan;
    CHECK(plan.patient == hp::Patient{});

    REQUIRE(plan.hairline);
    CHECK(plan.hairline->scalpSide == hp::ScalpSide::Up);
    CHECK(plan.hairline->transitionMm == 8.0);
    CHECK(plan.hairline->irregularity.seed == 1);
    CHECK(plan.hairline->irregularity.amplitudeMm == 1.5);
    CHECK(plan.hairline->irregularity.wavelengthMm == 6.0);
    CHECK(plan.hairline->densityFuCm2 == 45.0);
    CHECK(plan.hairline->hairsPerGraft == 1.0);

    REQUIRE(plan.zones.size() == 3);
    CHECK(plan.zones[0].name == "Zone 1");
    CHECK(plan.zones[1].name == "Zone 2");
    CHECK(plan.zones[2].name == "Zone 3");
    CHECK(plan.zones[0].densityFuCm2 == 40.0);
    CHECK(plan.zones[0].hairsPerGraft == 2.0);
    CHECK(plan.zones[1].densityDotsCm2 == 100.0);
    CHECK(plan.zones[2].densityFuCm2 == 80.0);
    CHECK(plan.zones[2].extractionFraction == 0.25);
}

TEST_CASE("an irregularity object with some members keeps the defaults of the others",
          "[plan_io]") {
    const hp::PlanLoad load = parsePlanJson(planText(
        R"("hairline": {"points": [[0, 0], [100, 0]], "irregularity": {"amplitude_mm": 0.5}})"));
    REQUIRE(load.plan);
    CHECK(load.plan->hairline->irregularity == hp::Irregularity{1, 0.5, 6.0});
}

TEST_CASE("unknown keys are ignored at every level", "[plan_io]") {
    const hp::PlanLoad load = parsePlanJson(planText(
        R"("future": {"a": [1, 2, {"b": null}]}, "patient": {"id": "X", "age": 40},
           "calibration": {"mm_per_px": 0.1, "unit": "mm"},
           "landmarks": {"glabella": [1, 2], "nasion": [3, 4]},
           "hairline": {"points": [[0, 0], [100, 0]], "style": "wavy",
                        "irregularity": {"seed": 3, "octaves": 4}},
           "zones": [{"kind": "graft", "points": )" +
        kSquare + R"(, "colour": "#ff0000", "density_dots_cm2": "not read for a graft zone"}])"));
    CHECK(describeAll(load).empty());
    REQUIRE(load.plan);
    CHECK(load.plan->patient.id == "X");
    CHECK(load.plan->glabella == Point{1, 2});
    CHECK(load.plan->hairline->irregularity.seed == 3);
    // A field of another kind is not read: the zone keeps makeZone's value for it.
    CHECK(load.plan->zones[0].densityDotsCm2 == 100.0);
}

TEST_CASE("integers may be written as decimals with an integral value", "[plan_io]") {
    const hp::PlanLoad load = parsePlanJson(
        R"({"format": "hairplan", "version": 1.0, "image_size": [4000.0, 3000],
            "hairline": {"points": [[0, 0], [100, 0]], "irregularity": {"seed": 7.0}}})");
    CHECK(describeAll(load).empty());
    REQUIRE(load.plan);
    CHECK(load.plan->imageSize == std::pair{4000, 3000});
    CHECK(load.plan->hairline->irregularity.seed == 7);
}

TEST_CASE("the limits of each range are accepted", "[plan_io]") {
    const hp::PlanLoad load = parsePlanJson(planText(
        R"("image_size": [1, 100000], "calibration": {"mm_per_px": 100},
           "landmarks": {"glabella": [-1000000, 1000000]},
           "hairline": {"points": [[0, 0], [0, 0], [1, 0]], "scalp_side": "down",
                        "transition_mm": 0, "density_fu_cm2": 200, "hairs_per_graft": 5,
                        "irregularity": {"seed": 4294967295, "amplitude_mm": 20,
                                         "wavelength_mm": 0.5}},
           "zones": [{"kind": "graft", "points": [[0, 0], [0, 0], [0, 0]],
                      "density_fu_cm2": 200, "hairs_per_graft": 1},
                     {"kind": "smp", "points": )" +
        kSquare + R"(, "density_dots_cm2": 400},
                     {"kind": "donor", "points": )" +
        kSquare + R"(, "extraction_fraction": 1, "density_fu_cm2": 0.001}])"));
    CHECK(describeAll(load).empty());
    REQUIRE(load.plan);
    CHECK(load.plan->hairline->irregularity.seed == 4294967295u);
    CHECK(load.plan->hairline->scalpSide == hp::ScalpSide::Down);
    // The repeated hairline point is kept as written; it is dropped when the curve is made.
    CHECK(load.plan->hairline->points.size() == 3);
}

TEST_CASE("a ruler, a given scale, or neither calibrates a plan", "[plan_io]") {
    SECTION("ruler") {
        const hp::PlanLoad load =
            parsePlanJson(planText(R"("calibration": {"p1": [0, 0], "p2": [0, 200], "mm": 20})"));
        REQUIRE(load.plan);
        CHECK(*load.plan->calibration ==
              hp::Calibration{hp::RulerCalibration{{0, 0}, {0, 200}, 20}});
        CHECK(hp::mmPerPx(*load.plan->calibration) == 0.1);
    }
    SECTION("scale") {
        const hp::PlanLoad load = parsePlanJson(planText(R"("calibration": {"mm_per_px": 0.25})"));
        REQUIRE(load.plan);
        CHECK(*load.plan->calibration == hp::Calibration{hp::ScaleCalibration{0.25}});
        CHECK(hp::cm2PerPx2(*load.plan->calibration) == Approx(0.000625));
    }
    SECTION("none") {
        const hp::PlanLoad load = parsePlanJson(planText());
        REQUIRE(load.plan);
        CHECK_FALSE(load.plan->calibration);
    }
}

TEST_CASE("a UTF-8 byte order mark and non-ASCII text are read", "[plan_io]") {
    const hp::PlanLoad load =
        parsePlanJson("\xEF\xBB\xBF" + planText(R"("patient": {"notes": "Zoë \u00e9"})"));
    CHECK(describeAll(load).empty());
    REQUIRE(load.plan);
    CHECK(load.plan->patient.notes == "Zo\xC3\xAB \xC3\xA9");
}

// ---- Errors: one field at a time -------------------------------------------------------------

TEST_CASE("each bad field is reported with its path and message", "[plan_io]") {
    struct Case {
        std::string members;
        std::string error;
    };
    const std::string square = kSquare;
    const std::string firstZone = R"({"kind": "graft", "points": )" + square + "}";
    const auto secondZone = [&](const std::string& zone) {
        return R"("zones": [)" + firstZone + ", " + zone + "]";
    };
    const std::string hairlinePoints = R"("points": [[0, 0], [100, 0]])";
    const auto hairline = [&](const std::string& members) {
        return R"("hairline": {)" + hairlinePoints + ", " + members + "}";
    };
    const std::vector<Case> cases = {
        // patient, photo, image_size
        {R"("patient": 5)", "patient: must be an object"},
        {R"("patient": {"id": 5})", "patient.id: must be a string"},
        {R"("patient": {"notes": ["a"]})", "patient.notes: must be a string"},
        {R"("patient": {"sex": "other"})",
         R"(patient.sex: must be one of "male", "female", "unspecified")"},
        {R"("patient": {"sex": "Male"})",
         R"(patient.sex: must be one of "male", "female", "unspecified")"},
        {R"("photo": 1)", "photo: must be a string"},
        {R"("photo": null)", "photo: must be a string"},
        {R"("image_size": [0, 3000])", "image_size: must be two integers in [1, 100000]"},
        {R"("image_size": [4000, 100001])", "image_size: must be two integers in [1, 100000]"},
        {R"("image_size": [4000.5, 3000])", "image_size: must be two integers in [1, 100000]"},
        {R"("image_size": [4000])", "image_size: must be two integers in [1, 100000]"},
        {R"("image_size": [4000, 3000, 1])", "image_size: must be two integers in [1, 100000]"},
        {R"("image_size": "4000x3000")", "image_size: must be two integers in [1, 100000]"},
        {R"("image_size": [1e15, 3000])", "image_size: must be two integers in [1, 100000]"},
        // calibration
        {R"("calibration": [])", "calibration: must be an object"},
        {R"("calibration": {})", "calibration: must have p1, p2 and mm, or mm_per_px"},
        {R"("calibration": {"p1": [0, 0], "p2": [100, 0], "mm": 10, "mm_per_px": 0.1})",
         "calibration: must have either p1, p2 and mm, or mm_per_px, not both"},
        {R"("calibration": {"mm": 10, "mm_per_px": 0.1})",
         "calibration: must have either p1, p2 and mm, or mm_per_px, not both"},
        {R"("calibration": {"p1": [0, 0], "p2": [100, 0], "mm": 0})",
         "calibration.mm: must be a number in (0, 10000]"},
        {R"("calibration": {"p1": [0, 0], "p2": [100000, 0], "mm": 10000.5})",
         "calibration.mm: must be a number in (0, 10000]"},
        {R"("calibration": {"p1": [0, 0], "p2": [100, 0], "mm": "50"})",
         "calibration.mm: must be a number in (0, 10000]"},
        {R"("calibration": {"p1": [0, 0], "p2": [100, 0]})",
         "calibration.mm: must be a number in (0, 10000]"},
        {R"("calibration": {"p1": [0, 0], "mm": 5})",
         "calibration.p2: must be a point: two numbers [x, y]"},
        {R"("calibration": {"p1": [0, 0, 0], "p2": [100, 0], "mm": 5})",
         "calibration.p1: must be a point: two numbers [x, y]"},
        {R"("calibration": {"p1": [0, 0], "p2": [0, 0], "mm": 5})",
         "calibration.p2: must differ from calibration.p1"},
        {R"("calibration": {"p1": [0, 0], "p2": [2000000, 0], "mm": 5})",
         "calibration.p2: must have finite coordinates with |value| <= 1e6"},
        {R"("calibration": {"p1": [0, 0], "p2": [1000000, 0], "mm": 50})",
         "calibration: mm_per_px derived from p1, p2 and mm must be in [0.001, 100] (it is 5e-05)"},
        {R"("calibration": {"p1": [0, 0], "p2": [0, 10], "mm": 1500})",
         "calibration: mm_per_px derived from p1, p2 and mm must be in [0.001, 100] (it is 150)"},
        {R"("calibration": {"mm_per_px": 0})",
         "calibration.mm_per_px: must be a number in [0.001, 100]"},
        {R"("calibration": {"mm_per_px": 0.000999})",
         "calibration.mm_per_px: must be a number in [0.001, 100]"},
        {R"("calibration": {"mm_per_px": 100.01})",
         "calibration.mm_per_px: must be a number in [0.001, 100]"},
        {R"("calibration": {"mm_per_px": true})",
         "calibration.mm_per_px: must be a number in [0.001, 100]"},
        // landmarks
        {R"("landmarks": [1, 2])", "landmarks: must be an object"},
        {R"("landmarks": {"glabella": [1, 2, 3]})",
         "landmarks.glabella: must be a point: two numbers [x, y]"},
        {R"("landmarks": {"glabella": {"x": 1, "y": 2}})",
         "landmarks.glabella: must be a point: two numbers [x, y]"},
        {R"("landmarks": {"glabella": [1000000.5, 0]})",
         "landmarks.glabella: must have finite coordinates with |value| <= 1e6"},
        {R"("landmarks": {"glabella": [0, -1e7]})",
         "landmarks.glabella: must have finite coordinates with |value| <= 1e6"},
        // hairline
        {R"("hairline": [])", "hairline: must be an object"},
        {R"("hairline": {})", "hairline.points: must have at least 2 distinct points"},
        {R"("hairline": {"points": [[0, 0]]})",
         "hairline.points: must have at least 2 distinct points"},
        {R"("hairline": {"points": [[5, 5], [5, 5], [5, 5]]})",
         "hairline.points: must have at least 2 distinct points"},
        {R"("hairline": {"points": {"a": [0, 0]}})", "hairline.points: must be an array of points"},
        {R"("hairline": {"points": [[0, 0], [1, "1"]]})",
         "hairline.points[1]: must be a point: two numbers [x, y]"},
        {hairline(R"("scalp_side": "left")"), R"(hairline.scalp_side: must be "up" or "down")"},
        {hairline(R"("scalp_side": 1)"), R"(hairline.scalp_side: must be "up" or "down")"},
        {hairline(R"("transition_mm": -0.1)"),
         "hairline.transition_mm: must be a number in [0, 50]"},
        {hairline(R"("transition_mm": 50.5)"),
         "hairline.transition_mm: must be a number in [0, 50]"},
        {hairline(R"("irregularity": 3)"), "hairline.irregularity: must be an object"},
        {hairline(R"("irregularity": {"seed": -1})"),
         "hairline.irregularity.seed: must be an integer in [0, 4294967295]"},
        {hairline(R"("irregularity": {"seed": 4294967296})"),
         "hairline.irregularity.seed: must be an integer in [0, 4294967295]"},
        {hairline(R"("irregularity": {"seed": 1.5})"),
         "hairline.irregularity.seed: must be an integer in [0, 4294967295]"},
        {hairline(R"("irregularity": {"seed": "1"})"),
         "hairline.irregularity.seed: must be an integer in [0, 4294967295]"},
        {hairline(R"("irregularity": {"amplitude_mm": 20.5})"),
         "hairline.irregularity.amplitude_mm: must be a number in [0, 20]"},
        {hairline(R"("irregularity": {"amplitude_mm": -1})"),
         "hairline.irregularity.amplitude_mm: must be a number in [0, 20]"},
        {hairline(R"("irregularity": {"wavelength_mm": 0.4})"),
         "hairline.irregularity.wavelength_mm: must be a number in [0.5, 100]"},
        {hairline(R"("irregularity": {"wavelength_mm": 101})"),
         "hairline.irregularity.wavelength_mm: must be a number in [0.5, 100]"},
        {hairline(R"("density_fu_cm2": 0)"),
         "hairline.density_fu_cm2: must be a number in (0, 200]"},
        {hairline(R"("density_fu_cm2": 200.001)"),
         "hairline.density_fu_cm2: must be a number in (0, 200]"},
        {hairline(R"("hairs_per_graft": 0.99)"),
         "hairline.hairs_per_graft: must be a number in [1, 5]"},
        {hairline(R"("hairs_per_graft": 5.01)"),
         "hairline.hairs_per_graft: must be a number in [1, 5]"},
        // zones
        {R"("zones": {})", "zones: must be an array"},
        {R"("zones": null)", "zones: must be an array"},
        {secondZone("5"), "zones[1]: must be an object"},
        {secondZone(R"({"kind": "hair", "points": )" + square + "}"),
         R"(zones[1].kind: must be one of "graft", "smp", "donor")"},
        {secondZone(R"({"points": )" + square + "}"),
         R"(zones[1].kind: must be one of "graft", "smp", "donor")"},
        {secondZone(R"({"kind": "graft", "name": 7, "points": )" + square + "}"),
         "zones[1].name: must be a string"},
        {secondZone(R"({"kind": "graft"})"), "zones[1].points: must have at least 3 points"},
        {secondZone(R"({"kind": "smp", "points": [[0, 0], [1, 1]]})"),
         "zones[1].points: must have at least 3 points"},
        {secondZone(R"({"kind": "smp", "points": "square"})"),
         "zones[1].points: must be an array of points"},
        {secondZone(R"({"kind": "donor", "points": [[0, 0], [1, 0], [1]]})"),
         "zones[1].points[2]: must be a point: two numbers [x, y]"},
        {secondZone(R"({"kind": "donor", "points": [[0, 0], [1, 0], ["1", 1]]})"),
         "zones[1].points[2]: must be a point: two numbers [x, y]"},
        {secondZone(R"({"kind": "donor", "points": [[0, 0], [1, 0], [1, 1], [0, 2e6]]})"),
         "zones[1].points[3]: must have finite coordinates with |value| <= 1e6"},
        {secondZone(R"({"kind": "graft", "points": )" + square + R"(, "density_fu_cm2": 0})"),
         "zones[1].density_fu_cm2: must be a number in (0, 200]"},
        {secondZone(R"({"kind": "graft", "points": )" + square + R"(, "density_fu_cm2": "40"})"),
         "zones[1].density_fu_cm2: must be a number in (0, 200]"},
        {secondZone(R"({"kind": "graft", "points": )" + square + R"(, "hairs_per_graft": 6})"),
         "zones[1].hairs_per_graft: must be a number in [1, 5]"},
        {secondZone(R"({"kind": "smp", "points": )" + square + R"(, "density_dots_cm2": 400.5})"),
         "zones[1].density_dots_cm2: must be a number in (0, 400]"},
        {secondZone(R"({"kind": "smp", "points": )" + square + R"(, "density_dots_cm2": -1})"),
         "zones[1].density_dots_cm2: must be a number in (0, 400]"},
        {secondZone(R"({"kind": "donor", "points": )" + square + R"(, "density_fu_cm2": 201})"),
         "zones[1].density_fu_cm2: must be a number in (0, 200]"},
        {secondZone(R"({"kind": "donor", "points": )" + square + R"(, "extraction_fraction": 0})"),
         "zones[1].extraction_fraction: must be a number in (0, 1]"},
        {secondZone(R"({"kind": "donor", "points": )" + square +
                    R"(, "extraction_fraction": 1.01})"),
         "zones[1].extraction_fraction: must be a number in (0, 1]"},
        // the simulation's look (optional fields beyond plan-format.md, README "Plan files")
        {secondZone(R"({"kind": "graft", "points": )" + square +
                    R"(, "hair_direction_deg": 360.5})"),
         "zones[1].hair_direction_deg: must be a number in [-360, 360]"},
        {secondZone(R"({"kind": "graft", "points": )" + square +
                    R"(, "hair_direction_deg": "down"})"),
         "zones[1].hair_direction_deg: must be a number in [-360, 360]"},
        {secondZone(R"({"kind": "smp", "points": )" + square + R"(, "pigment": "#12345"})"),
         R"(zones[1].pigment: must be a colour written "#rrggbb", such as "#3b2a20")"},
        {secondZone(R"({"kind": "smp", "points": )" + square + R"(, "pigment": "#12345g"})"),
         R"(zones[1].pigment: must be a colour written "#rrggbb", such as "#3b2a20")"},
        {R"("simulation": [])", "simulation: must be an object"},
        {R"("simulation": {"hair_colour": 3877408})",
         R"(simulation.hair_colour: must be a colour written "#rrggbb", such as "#3b2a20")"},
    };
    for (const Case& c : cases) {
        INFO(c.members);
        CHECK(onlyError(planText(c.members)) == c.error);
    }
}

TEST_CASE("format and version are required", "[plan_io]") {
    const std::string notAPlan = R"(format: must be "hairplan"; this is not a hairplan plan)";
    CHECK(onlyError(R"({"version": 1})") == notAPlan);
    CHECK(onlyError(R"({"format": "hairplan2", "version": 1})") == notAPlan);
    CHECK(onlyError(R"({"format": 1, "version": 1})") == notAPlan);
    CHECK(onlyError(R"({"name": "a different document", "zones": 5})") == notAPlan);

    const std::string mustBeOne = "version: must be the integer 1";
    CHECK(onlyError(R"({"format": "hairplan"})") == mustBeOne);
    CHECK(onlyError(R"({"format": "hairplan", "version": "1"})") == mustBeOne);
    CHECK(onlyError(R"({"format": "hairplan", "version": 1.5})") == mustBeOne);
    CHECK(onlyError(R"({"format": "hairplan", "version": 0})") == mustBeOne);
    CHECK(onlyError(R"({"format": "hairplan", "version": -2})") == mustBeOne);
    CHECK(onlyError(R"({"format": "hairplan", "version": 2.5})") == mustBeOne);
}

TEST_CASE("a newer version is refused with a message that names it", "[plan_io]") {
    CHECK(onlyError(R"({"format": "hairplan", "version": 2})") ==
          "version: this plan is version 2; this hairplan reads version 1");
    CHECK(onlyError(R"({"format": "hairplan", "version": 2.0})") ==
          "version: this plan is version 2; this hairplan reads version 1");
    CHECK(onlyError(R"({"format": "hairplan", "version": 18446744073709551615})") ==
          "version: this plan is version 18446744073709551615; this hairplan reads version 1");
    // A newer plan's fields are not judged by version 1's rules.
    CHECK(onlyError(R"({"format": "hairplan", "version": 3, "zones": "anything"})") ==
          "version: this plan is version 3; this hairplan reads version 1");
}

TEST_CASE("a top level that is not an object is not a plan", "[plan_io]") {
    for (const char* text : {"[]", "5", "\"hairplan\"", "null", "true"}) {
        INFO(text);
        CHECK(onlyError(text) == "not a hairplan plan: the top level must be a JSON object");
    }
}

// ---- Errors: several together ----------------------------------------------------------------

TEST_CASE("every error of a plan is reported, in the order of the fields", "[plan_io]") {
    const hp::PlanLoad load = hp::loadPlanFile(kPlans / "bad_ranges.json");
    CHECK_FALSE(load.plan);
    CHECK(describeAll(load) == std::vector<std::string>{
                                   "hairline.transition_mm: must be a number in [0, 50]",
                                   "zones[0].density_fu_cm2: must be a number in (0, 200]",
                                   "zones[0].hairs_per_graft: must be a number in [1, 5]",
                                   "zones[1].density_dots_cm2: must be a number in (0, 400]",
                                   "zones[2].points: must have at least 3 points",
                                   "zones[2].extraction_fraction: must be a number in (0, 1]",
                               });
}

TEST_CASE("type errors come first, then range errors, each said once", "[plan_io]") {
    const hp::PlanLoad load = parsePlanJson(planText(
        R"("patient": {"id": 5, "sex": "x"}, "landmarks": {"glabella": [1e7, 0]},
           "calibration": {"p1": [0, 0], "p2": "right", "mm": 50},
           "zones": [{"kind": "graft", "points": [[0, 0], [1, 0], "here", [2e6, 0]],
                      "density_fu_cm2": 300},
                     {"kind": "graft", "points": [[0, 0], null]}])"));
    CHECK_FALSE(load.plan);
    // A malformed value is not also called out of range, nor its outline too short, nor the
    // calibration's derived scale wrong.
    CHECK(describeAll(load) ==
          std::vector<std::string>{
              "patient.id: must be a string",
              "calibration.p2: must be a point: two numbers [x, y]",
              "zones[0].points[2]: must be a point: two numbers [x, y]",
              "zones[1].points[1]: must be a point: two numbers [x, y]",
              R"(patient.sex: must be one of "male", "female", "unspecified")",
              "landmarks.glabella: must have finite coordinates with |value| <= 1e6",
              "zones[0].points[3]: must have finite coordinates with |value| <= 1e6",
              "zones[0].density_fu_cm2: must be a number in (0, 200]",
          });
}

TEST_CASE("a long run of bad points is summed up after the first ten", "[plan_io]") {
    std::string points = "[[0, 0], [1, 0], [1, 1]";
    for (int i = 0; i < 50; ++i)
        points += ", []";
    const hp::PlanLoad load =
        parsePlanJson(planText(R"("zones": [{"kind": "smp", "points": )" + points + "]}]"));
    const std::vector<std::string> lines = describeAll(load);
    REQUIRE(lines.size() == 11);
    CHECK(lines[0] == "zones[0].points[3]: must be a point: two numbers [x, y]");
    CHECK(lines[9] == "zones[0].points[12]: must be a point: two numbers [x, y]");
    CHECK(lines[10] == "zones[0].points: and 40 more entries must be points: two numbers [x, y]");
}

TEST_CASE("a file of thousands of errors lists the first thousand", "[plan_io]") {
    std::string zones = "[5";
    for (int i = 1; i < 3000; ++i)
        zones += ", 5";
    const hp::PlanLoad load = parsePlanJson(planText(R"("zones": )" + zones + "]"));
    REQUIRE(load.errors.size() == 1001);
    CHECK(load.errors[0].describe() == "zones[0]: must be an object");
    CHECK(load.errors[999].describe() == "zones[999]: must be an object");
    CHECK(load.errors[1000].describe() == "too many errors; only the first 1,000 are listed");
}

// ---- Malformed text ---------------------------------------------------------------------------

TEST_CASE("text that is not JSON is reported with its line and column", "[plan_io]") {
    CHECK(onlyError("") == "not valid JSON: the text is empty");
    CHECK(onlyError(" \n\t ") == "not valid JSON: the text is empty");
    CHECK(onlyError("{\"format\": \"hairplan\",\n \"version\": 1,\n}") ==
          "not valid JSON: unexpected '}'; expected string literal at line 3, column 1");
    CHECK(onlyError("{\"format\": tru}") == "not valid JSON: invalid literal at line 1, column 15");
    CHECK(onlyError(planText() + " x") ==
          "not valid JSON: invalid literal; expected end of input at line 1, column 38");
    CHECK(onlyError("{\"format\": \"hairplan\", \"version\": 1") ==
          "not valid JSON: unexpected end of input; expected '}' at line 1, column 36");
    CHECK(onlyError("{\"format\": \"hair\nplan\"}") ==
          "not valid JSON: invalid string: control character U+000A (LF) must be escaped to "
          "\\u000A or \\n at line 1, column 17");
}

TEST_CASE("a NUL byte is not the end of the text", "[plan_io]") {
    // nlohmann stops at a NUL as at the end of its input; what follows must not be ignored.
    CHECK(onlyError(planText() + std::string("\0garbage", 8)) ==
          "not valid JSON: unexpected NUL byte at line 1, column 37");
    CHECK(onlyError(std::string("{\"format\": \"hair\0plan\"}", 23)) ==
          "not valid JSON: invalid string: control character U+0000 (NUL) must be escaped to "
          "\\u0000 at line 1, column 17");
}

TEST_CASE("invalid UTF-8 is not valid JSON", "[plan_io]") {
    CHECK(onlyError(planText("\"patient\": {\"id\": \"HP\xFF\"}")) ==
          "not valid JSON: invalid string: ill-formed UTF-8 byte at line 1, column 59");
    CHECK(onlyError(planText("\"patient\": {\"id\": \"\xC0\xAF\"}")) ==
          "not valid JSON: invalid string: ill-formed UTF-8 byte at line 1, column 57");
    CHECK(onlyError("\xFF\xFE{}") == "not valid JSON: invalid literal at line 1, column 1");
}

TEST_CASE("nesting deeper than 64 levels is refused before parsing, quickly", "[plan_io]") {
    // 64 levels in all (the plan object is the first) are fine, even inside an unknown key.
    const std::string deepest = std::string(63, '[') + std::string(63, ']');
    CHECK(parsePlanJson(planText(R"("x": )" + deepest)).plan);
    CHECK(onlyError(planText(R"("x": [)" + deepest + "]")) ==
          "not valid JSON: nested deeper than 64 levels at line 1, column 106");

    // Brackets inside strings, escaped quotes included, do not count.
    const std::string inString = R"("x": "\"[[[[)" + std::string(200, '[') + R"(\\")";
    CHECK(parsePlanJson(planText(inString)).plan);

    const auto start = std::chrono::steady_clock::now();
    CHECK(onlyError(std::string(100'000, '[')) ==
          "not valid JSON: nested deeper than 64 levels at line 1, column 65");
    CHECK(onlyError("\n\n  " + std::string(10'000'000, '{')) ==
          "not valid JSON: nested deeper than 64 levels at line 3, column 67");
    // About 20 ms in a debug build; a guard against quadratic work.
    CHECK(secondsSince(start) < 2.0);
}

TEST_CASE("a number that does not fit a double is malformed wherever it stands", "[plan_io]") {
    const std::string hairline = R"("hairline": {"points": [[0, 0], [100, 0]], "transition_mm": )";
    CHECK(onlyError(planText(hairline + "1e309}")) ==
          "hairline.transition_mm: the number 1e309 does not fit a double");
    CHECK(onlyError(planText(R"("extra": {"deep": [1, -1e400]})")) ==
          "extra.deep[1]: the number -1e400 does not fit a double");
    CHECK(onlyError(planText(R"("zones": [{"kind": "graft", "points": [[0, 0], [1, 0], [0, )" +
                             std::string(400, '9') + "]]}]")) ==
          "zones[0].points[2][1]: the number 99999999999999999999... (400 characters) does not "
          "fit a double");
    CHECK(onlyError("1E+400") == "the number 1E+400 does not fit a double");
    // A later duplicate key replaces the member, not the problem.
    CHECK(onlyError(planText(R"("x": 1e999, "x": 2)")) ==
          "the number 1e999 at line 1, column 43 does not fit a double");

    // Every one is reported, in the order of the file.
    const hp::PlanLoad load = parsePlanJson(
        planText(R"("b": 2e308, "a": [0.5e309], "version2": 179769313486231580793728971e283)"));
    CHECK(describeAll(load) ==
          std::vector<std::string>{
              "b: the number 2e308 does not fit a double",
              "a[0]: the number 0.5e309 does not fit a double",
              "version2: the number 17976931348623158079... (31 characters) does not fit a double",
          });

    // The largest double and numbers too small to matter are read.
    const hp::PlanLoad fine = parsePlanJson(
        planText(R"("x": [1.7976931348623157e308, 1e-400, -0.0e999999, 0e400], "y": "1e999")"));
    CHECK(describeAll(fine).empty());
}

TEST_CASE("thousands of huge numbers give the first thousand errors", "[plan_io]") {
    std::string numbers = "[1e999";
    for (int i = 1; i < 5000; ++i)
        numbers += ", 1e999";
    const hp::PlanLoad load = parsePlanJson(planText(R"("x": )" + numbers + "]"));
    REQUIRE(load.errors.size() == 1001);
    CHECK(load.errors[0].describe() == "x[0]: the number 1e999 does not fit a double");
    CHECK(load.errors[999].describe() == "x[999]: the number 1e999 does not fit a double");
    CHECK(load.errors[1000].describe() == "too many errors; only the first 1,000 are listed");
    // Past the thousandth, a syntax error is still placed right: at the byte after "tru".
    const std::string broken = planText(R"("x": )" + numbers + ", tru]");
    CHECK(onlyError(broken) == "not valid JSON: invalid literal at line 1, column " +
                                   std::to_string(broken.find("tru]") + 4));
}

TEST_CASE("a syntax error after a huge number is placed in the original text", "[plan_io]") {
    CHECK(onlyError("{\"a\": 1e999, \"b\": tru}") ==
          "not valid JSON: invalid literal at line 1, column 22");
    CHECK(onlyError("{\"a\": 1e300, \"b\": tru}") ==
          "not valid JSON: invalid literal at line 1, column 22");
    // A number where a key belongs stays a syntax error (nlohmann places it at its last byte).
    CHECK(onlyError("{\"format\": \"hairplan\", 1e999: 2}") ==
          "not valid JSON: unexpected number literal; expected string literal at line 1, "
          "column 28");
}

TEST_CASE("random bytes never throw and never give a plan", "[plan_io]") {
    std::uint64_t state = 0x9E3779B97F4A7C15u;
    const auto next = [&state] {
        state = state * 6364136223846793005u + 1442695040888963407u;
        return static_cast<char>(state >> 56);
    };
    const std::string example = readFile(kPlans / "example.json");
    for (int round = 0; round < 300; ++round) {
        std::string text;
        const int length = round * 7;
        for (int i = 0; i < length; ++i)
            text += next();
        // Garbage alone, garbage after a good start, and the example with a few bytes changed.
        std::string corrupted = example;
        for (int i = 0; i < 1 + round % 4; ++i)
            corrupted[static_cast<unsigned char>(next()) * corrupted.size() / 256] = next();
        for (const std::string& input : {text, planText() + text, corrupted}) {
            hp::PlanLoad load;
            REQUIRE_NOTHROW(load = parsePlanJson(input));
            CHECK(load.plan.has_value() == load.errors.empty());
            for (const hp::PlanError& error : load.errors) {
                CHECK_FALSE(error.message.empty());
                if (error.path.empty()) CHECK(isPrintableAscii(error.message));
            }
        }
        if (!text.empty()) CHECK_FALSE(parsePlanJson(text).plan);
    }
}

// ---- Limits -----------------------------------------------------------------------------------

TEST_CASE("an outline of more than 100,000 points is refused, quickly", "[plan_io]") {
    std::string points = "[[0,0]";
    for (std::size_t i = 1; i <= hp::kMaxOutlinePoints; ++i)
        points += ",[1,2]";
    points += "]";
    const auto start = std::chrono::steady_clock::now();
    CHECK(onlyError(planText(R"("zones": [{"kind": "graft", "points": )" + points + "}]")) ==
          "zones[0].points: must have at most 100,000 points (it has 100,001)");
    CHECK(onlyError(planText(R"("hairline": {"points": )" + points + "}")) ==
          "hairline.points: must have at most 100,000 points (it has 100,001)");
    // Under a second in a debug build; the points are never read.
    CHECK(secondsSince(start) < 5.0);

    hp::Plan plan;
    plan.zones.push_back(hp::makeZone(hp::ZoneKind::Smp, "Big", circle(100'001)));
    CHECK(describeAll(hp::validatePlan(plan)) ==
          std::vector<std::string>{
              "zones[0].points: must have at most 100,000 points (it has 100,001)"});
}

TEST_CASE("a plan of more than 1,000,000 points is refused", "[plan_io]") {
    hp::Plan plan;
    hp::Hairline hairline;
    hairline.points = {{0, 0}, {100, 0}};
    plan.hairline = hairline;
    for (int i = 0; i < 10; ++i)
        plan.zones.push_back(hp::makeZone(hp::ZoneKind::Graft, "Zone", circle(100'000)));
    CHECK(describeAll(hp::validatePlan(plan)) ==
          std::vector<std::string>{
              "a plan must have at most 1,000,000 points in all (this one has 1,000,002)"});
    plan.zones.back().points.resize(99'998);
    CHECK(hp::validatePlan(plan).empty());
}

TEST_CASE("a file of more than 1,000,000 points is refused", "[plan_io]") {
    const std::string outline = pointsText(circle(100'000, 100'000.0));
    std::string zones;
    for (int i = 0; i < 10; ++i)
        zones += R"({"kind": "smp", "points": )" + outline + "},";
    zones += R"({"kind": "smp", "points": [[0, 0], [1, 0], [0, 1]]})";
    CHECK(onlyError(planText(R"("zones": [)" + zones + "]")) ==
          "a plan must have at most 1,000,000 points in all (this one has 1,000,003)");
}

TEST_CASE("more zones than a plan can hold are refused before reading them", "[plan_io]") {
    std::string zones = "[{}";
    for (int i = 1; i <= 333'333; ++i)
        zones += ",{}";
    CHECK(onlyError(planText(R"("zones": )" + zones + "]")) ==
          "zones: must have at most 333,333 zones (it has 333,334)");
}

TEST_CASE("an outline that crosses itself thousands of times is refused", "[plan_io]") {
    const hp::Outline manyCrossings = star(201, 100); // 201 x 99 crossings
    CHECK(onlyError(planText(R"("zones": [)" + std::string(R"({"kind": "graft", "points": )") +
                             kSquare + "}, " + R"({"kind": "donor", "points": )" +
                             pointsText(manyCrossings) + "}]")) ==
          "zones[1].points: the outline crosses itself more than 1,000 times");

    // A few crossings are a warning of the summary, not an error.
    const hp::PlanLoad bowTie = parsePlanJson(planText(
        R"("zones": [{"kind": "graft", "points": [[0, 0], [100, 100], [100, 0], [0, 100]]}])"));
    CHECK(describeAll(bowTie).empty());
    const hp::PlanLoad fewCrossings =
        parsePlanJson(planText(R"("zones": [{"kind": "graft", "points": )" +
                               pointsText(star(21, 10)) + "}]")); // 189 crossings
    CHECK(describeAll(fewCrossings).empty());
}

// ---- validatePlan on plans made in the editor ---------------------------------------------------

TEST_CASE("validatePlan checks a plan however it was made", "[plan_io]") {
    CHECK(hp::validatePlan(examplePlan()).empty());
    CHECK(hp::validatePlan(hp::Plan{}).empty());

    hp::Plan plan = examplePlan();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    plan.patient.sex = static_cast<hp::Sex>(9);
    plan.patient.notes = "caf\xE9"; // Latin-1, not UTF-8
    plan.imageSize = std::pair{0, 3000};
    plan.calibration = hp::ScaleCalibration{nan};
    plan.glabella = Point{inf, 0};
    plan.hairline->scalpSide = static_cast<hp::ScalpSide>(2);
    plan.hairline->irregularity.amplitudeMm = nan;
    plan.zones[0].kind = static_cast<hp::ZoneKind>(3);
    plan.zones[1].points[1].y = -nan;
    plan.zones[1].densityDotsCm2 = inf;
    plan.zones[2].name = "\xED\xA0\x80"; // an encoded surrogate
    plan.zones[2].extractionFraction = -0.0;
    plan.zones[2].hairsPerGraft = nan; // not a donor's figure: not checked
    CHECK(describeAll(hp::validatePlan(plan)) ==
          std::vector<std::string>{
              R"(patient.sex: must be one of "male", "female", "unspecified")",
              "patient.notes: must be valid UTF-8 text",
              "image_size: must be two integers in [1, 100000]",
              "calibration.mm_per_px: must be a number in [0.001, 100]",
              "landmarks.glabella: must have finite coordinates with |value| <= 1e6",
              R"(hairline.scalp_side: must be "up" or "down")",
              "hairline.irregularity.amplitude_mm: must be a number in [0, 20]",
              R"(zones[0].kind: must be one of "graft", "smp", "donor")",
              "zones[1].points[1]: must have finite coordinates with |value| <= 1e6",
              "zones[1].density_dots_cm2: must be a number in (0, 400]",
              "zones[2].name: must be valid UTF-8 text",
              "zones[2].extraction_fraction: must be a number in (0, 1]",
          });
}

// ---- Writing ----------------------------------------------------------------------------------

TEST_CASE("planToJson writes every field, in the order of plan-format.md", "[plan_io]") {
    CHECK(hp::planToJson(hp::Plan{}) == R"({
  "format": "hairplan",
  "version": 1,
  "patient": {
    "id": "",
    "sex": "unspecified",
    "notes": ""
  },
  "zones": []
}
)");

    const std::string text = hp::planToJson(examplePlan());
    const std::vector<std::string> keys = {R"("format": "hairplan")",
                                           R"("version": 1,)",
                                           R"("patient")",
                                           R"("id": "HP-0042")",
                                           R"("sex": "male")",
                                           R"("notes": "")",
                                           R"("photo": "front.jpg")",
                                           R"("image_size")",
                                           "4000,",
                                           "3000",
                                           R"("calibration")",
                                           R"("p1")",
                                           R"("p2")",
                                           R"("mm": 50.0)",
                                           R"("landmarks")",
                                           R"("glabella")",
                                           R"("hairline")",
                                           R"("points")",
                                           R"("scalp_side": "up")",
                                           R"("transition_mm": 8.0)",
                                           R"("irregularity")",
                                           R"("seed": 1,)",
                                           R"("amplitude_mm": 1.5)",
                                           R"("wavelength_mm": 6.0)",
                                           R"("density_fu_cm2": 45.0)",
                                           R"("hairs_per_graft": 1.0)",
                                           R"("zones")",
                                           R"("name": "Frontal core")",
                                           R"("kind": "graft")",
                                           R"("density_fu_cm2": 40.0)",
                                           R"("hairs_per_graft": 2.0)",
                                           R"("name": "Crown")",
                                           R"("kind": "smp")",
                                           R"("density_dots_cm2": 100.0)",
                                           R"("name": "Occipital donor")",
                                           R"("kind": "donor")",
                                           R"("density_fu_cm2": 80.0)",
                                           R"("extraction_fraction": 0.25)"};
    std::size_t at = 0;
    for (const std::string& key : keys) {
        INFO(key);
        const std::size_t found = text.find(key, at);
        REQUIRE(found != std::string::npos);
        at = found + key.size();
    }
    CHECK(text.substr(0, 4) == "{\n  ");
    CHECK(text.substr(text.size() - 2) == "}\n");
    // Only each zone's own figures: one density_dots_cm2 (smp), two hairs_per_graft (hairline,
    // graft), one extraction_fraction (donor).
    const auto count = [&](const std::string& key) {
        std::size_t n = 0;
        for (std::size_t i = text.find(key); i != std::string::npos; i = text.find(key, i + 1))
            ++n;
        return n;
    };
    CHECK(count("density_dots_cm2") == 1);
    CHECK(count("hairs_per_graft") == 2);
    CHECK(count("extraction_fraction") == 1);
    CHECK(count("density_fu_cm2") == 3);
}

TEST_CASE("planToJson and parsePlanJson round-trip exactly", "[plan_io]") {
    SECTION("the example") {
        const hp::PlanLoad load = parsePlanJson(hp::planToJson(examplePlan()));
        CHECK(describeAll(load).empty());
        REQUIRE(load.plan);
        CHECK(*load.plan == examplePlan());
    }
    SECTION("every kind, both calibrations, awkward numbers and text") {
        hp::Plan plan;
        plan.patient = {"\xC3\x9C-1 \"q\" \\ \n\t", hp::Sex::Female, "line 1\nline 2 \xE2\x9C\x93"};
        plan.photo = "/abs/p\xC3\xA4th/photo.jpg";
        plan.imageSize = std::pair{1, 100000};
        plan.glabella = Point{-0.0, 1e6};
        hp::Hairline hairline;
        hairline.points = {{0.1, 0.2}, {1.0 / 3.0, 2.0 / 3.0}, {999999.999, -1e-300}};
        hairline.scalpSide = hp::ScalpSide::Down;
        hairline.transitionMm = 0.0;
        hairline.irregularity = {4294967295u, 0.0, 0.5};
        hairline.densityFuCm2 = 199.99999999999997;
        hairline.hairsPerGraft = 5.0;
        plan.hairline = hairline;
        plan.zones.push_back(hp::makeZone(hp::ZoneKind::Graft, "", {{0, 0}, {3, 0}, {0, 4}}));
        plan.zones.back().densityFuCm2 = 1e-300;
        plan.zones.back().hairsPerGraft = 1.0000000000000002;
        plan.zones.push_back(hp::makeZone(hp::ZoneKind::Smp, "Zone 1", {{1, 1}, {2, 1}, {2, 2}}));
        plan.zones.back().densityDotsCm2 = 400.0;
        plan.zones.push_back(hp::makeZone(hp::ZoneKind::Donor, "D", circle(500)));
        plan.zones.back().extractionFraction = 0.1 + 0.2;
        plan.zones.push_back(
            hp::makeZone(hp::ZoneKind::Graft, "Directed", {{0, 0}, {3, 0}, {0, 4}}));
        plan.zones.back().hairDirectionDeg = -359.5;
        plan.zones.push_back(hp::makeZone(hp::ZoneKind::Smp, "Inked", {{1, 1}, {2, 1}, {2, 2}}));
        plan.zones.back().pigment = {0x0a, 0xbc, 0xff};
        plan.simulation.hairColour = {0xf0, 0xe0, 0x01};
        for (const hp::Calibration& calibration :
             {hp::Calibration{hp::RulerCalibration{{0.5, 0.25}, {100.125, 7}, 12.3456789}},
              hp::Calibration{hp::ScaleCalibration{0.001}}}) {
            plan.calibration = calibration;
            REQUIRE(hp::validatePlan(plan).empty());
            const std::string text = hp::planToJson(plan);
            const hp::PlanLoad load = parsePlanJson(text);
            CHECK(describeAll(load).empty());
            REQUIRE(load.plan);
            CHECK(*load.plan == plan);
            CHECK(hp::planToJson(*load.plan) == text);
        }
    }
}

TEST_CASE("the simulation's look is read, and written only where it is not the default",
          "[plan_io]") {
    const std::string text = planText(R"("simulation": {"hair_colour": "#A0b1C2"}, "zones": [)"
                                      R"({"kind": "graft", "points": )" +
                                      std::string(kSquare) +
                                      R"(, "hair_direction_deg": 90},)"
                                      R"({"kind": "smp", "points": )" +
                                      std::string(kSquare) +
                                      R"(, "pigment": "#102030"},)"
                                      R"({"kind": "smp", "points": )" +
                                      std::string(kSquare) + R"(}])");
    const hp::PlanLoad load = parsePlanJson(text);
    REQUIRE(load.plan);
    const hp::Plan& plan = *load.plan;
    CHECK(plan.simulation.hairColour == hp::Rgb8{0xa0, 0xb1, 0xc2});
    CHECK(plan.zones[0].hairDirectionDeg == 90.0);
    CHECK(plan.zones[1].pigment == hp::Rgb8{0x10, 0x20, 0x30});
    CHECK(plan.zones[2].pigment == hp::kDefaultPigment);
    const std::string written = hp::planToJson(plan);
    CHECK(written.find(R"("hair_colour": "#a0b1c2")") != std::string::npos);
    CHECK(written.find(R"("hair_direction_deg": 90.0)") != std::string::npos);
    CHECK(written.find(R"("pigment": "#102030")") != std::string::npos);
    CHECK(written.find("pigment") == written.rfind("pigment")); // the default is not written

    const std::string plain = hp::planToJson(examplePlan());
    CHECK(plain.find("simulation") == std::string::npos);
    CHECK(plain.find("hair_direction_deg") == std::string::npos);
    CHECK(plain.find("pigment") == std::string::npos);
}

TEST_CASE("colours are written and parsed as #rrggbb", "[plan_io]") {
    CHECK(hp::toHex({0, 0x7f, 0xff}) == "#007fff");
    CHECK(hp::parseHexColour("#007FFF") == hp::Rgb8{0, 0x7f, 0xff});
    for (const char* bad : {"", "#", "007fff", "#007ff", "#007fff0", " #007ff", "#0x7fff"})
        CHECK_FALSE(hp::parseHexColour(bad));
}

TEST_CASE("planToJson never throws on text that is not UTF-8", "[plan_io]") {
    hp::Plan plan;
    plan.patient.id = "\xFF\xFE";
    std::string text;
    REQUIRE_NOTHROW(text = hp::planToJson(plan));
    CHECK(text.find("\"id\": \"\xEF\xBF\xBD\xEF\xBF\xBD\"") != std::string::npos);
}

TEST_CASE("a plan saved atomically reads back the same", "[plan_io]") {
    TempFolder folder;
    const fs::path file = folder.path / "plan.json";
    CHECK_FALSE(hp::savePlanFile(examplePlan(), file));
    CHECK(folderEntries(folder.path) == std::vector<std::string>{"plan.json"});
    CHECK(readFile(file) == hp::planToJson(examplePlan()));
    const hp::PlanLoad load = hp::loadPlanFile(file);
    REQUIRE(load.plan);
    CHECK(*load.plan == examplePlan());

    // Saving again replaces the file whole, keeps the previous version as plan.json.bak and
    // leaves no temporary file behind.
    CHECK_FALSE(hp::savePlanFile(hp::Plan{}, file));
    CHECK(folderEntries(folder.path) == std::vector<std::string>{"plan.json", "plan.json.bak"});
    CHECK(*hp::loadPlanFile(folder.path / "plan.json.bak").plan == examplePlan());
    CHECK(*hp::loadPlanFile(file).plan == hp::Plan{});

    CHECK_FALSE(hp::writeFileAtomically(file, "text"));
    CHECK(readFile(file) == "text");
}

TEST_CASE("saving into a folder that does not exist fails and leaves nothing", "[plan_io]") {
    TempFolder folder;
    const fs::path file = folder.path / "missing" / "plan.json";
    const std::optional<std::string> error = hp::savePlanFile(examplePlan(), file);
    REQUIRE(error);
    CHECK(*error == "cannot write " + file.string() +
                        " (creating a temporary file beside it): No such file or directory");
    CHECK_FALSE(fs::exists(folder.path / "missing"));
    CHECK(folderEntries(folder.path).empty());
}

TEST_CASE("saving over a folder fails and leaves the folder and no temporary file", "[plan_io]") {
    TempFolder folder;
    fs::create_directory(folder.path / "plan.json");
    const std::optional<std::string> error =
        hp::savePlanFile(examplePlan(), folder.path / "plan.json");
    REQUIRE(error);
    CHECK(*error == "cannot write " + (folder.path / "plan.json").string() +
                        " (replacing it with the new file): Is a directory");
    CHECK(fs::is_directory(folder.path / "plan.json"));
    CHECK(folderEntries(folder.path) == std::vector<std::string>{"plan.json"});
}

// ---- loadPlanFile -----------------------------------------------------------------------------

TEST_CASE("loadPlanFile explains a file it cannot read", "[plan_io]") {
    TempFolder folder;
    const auto onlyFileError = [](const fs::path& file) {
        const hp::PlanLoad load = hp::loadPlanFile(file);
        CHECK_FALSE(load.plan);
        REQUIRE(load.errors.size() == 1);
        CHECK(load.errors[0].path.empty());
        return load.errors[0].message;
    };
    CHECK(onlyFileError(folder.path / "absent.json") == "the file does not exist");
    CHECK(onlyFileError(folder.path) == "this is a folder, not a plan file");

    std::ofstream(folder.path / "empty.json").close();
    CHECK(onlyFileError(folder.path / "empty.json") == "the file is empty");

    // Sparse files, quick to make; only the size check gives these messages.
    const fs::path big = folder.path / "big.json";
    std::ofstream(big).close();
    fs::resize_file(big, hp::kMaxPlanFileBytes + 1);
    CHECK(onlyFileError(big) == "the file is 64.1 MB; plans are at most 64 MB");
    fs::resize_file(big, 100'000'000);
    CHECK(onlyFileError(big) == "the file is 100 MB; plans are at most 64 MB");

    // At the limit exactly the file is read (and here, being all zero bytes, is not JSON).
    fs::resize_file(big, hp::kMaxPlanFileBytes);
    CHECK(onlyFileError(big) == "not valid JSON: unexpected NUL byte at line 1, column 1");
}

TEST_CASE("loadPlanFile reads the bytes as they are", "[plan_io]") {
    TempFolder folder;
    const fs::path file = folder.path / "crlf.json";
    std::ofstream(file, std::ios::binary) << "{\r\n\"format\": \"hairplan\",\r\n\"version\": 1,\r\n"
                                             "\"patient\": {\"notes\": \"a\r\nb\"}}";
    const hp::PlanLoad load = hp::loadPlanFile(file);
    CHECK(describeAll(load) ==
          std::vector<std::string>{"not valid JSON: invalid string: control character U+000D "
                                   "(CR) must be escaped to \\u000D or \\r at line 4, column 24"});
}
