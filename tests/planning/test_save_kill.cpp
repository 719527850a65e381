// Saves that cannot corrupt: a process saving in a loop is killed with SIGKILL at arbitrary
// moments, and the plan on disk must always parse and be one of the two versions being saved.
#include "planning/plan_io.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <filesystem>
#include <sys/wait.h>
#include <unistd.h>

using namespace hp;
namespace fs = std::filesystem;

namespace {

Plan version(int n) {
    Plan p;
    p.patient.id = "KILL-" + std::to_string(n);
    p.calibration = ScaleCalibration{0.1};
    // Large enough that a write takes a while: many chances to be cut in the middle.
    Outline outline;
    for (int i = 0; i < 20000; ++i)
        outline.push_back({1000 + 100.0 * n * std::cos(i * 0.000314159),
                           1000 + 100.0 * n * std::sin(i * 0.000314159)});
    p.zones.push_back(makeZone(ZoneKind::Graft, "Zone " + std::to_string(n), outline));
    return p;
}

} // namespace

TEST_CASE("a save killed at any moment leaves the old or the new plan, and a whole .bak",
          "[save][kill]") {
    const fs::path dir = fs::temp_directory_path() / ("hairplan-kill-" + std::to_string(getpid()));
    fs::create_directories(dir);
    const fs::path file = dir / "plan.json";
    const Plan a = version(1), b = version(2);
    REQUIRE_FALSE(savePlanFile(a, file));

    std::uint64_t state = 12345; // deterministic pseudo-random kill times
    int seenA = 0, seenB = 0;
    for (int round = 0; round < 40; ++round) {
        int done[2]; // the child reports each finished save, so kills land in every phase
        REQUIRE(pipe(done) == 0);
        const pid_t child = fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            close(done[0]);
            for (int i = 0;; ++i) {
                (void)savePlanFile(i % 2 ? a : b, file);
                (void)!write(done[1], "s", 1);
            }
        }
        close(done[1]);
        // Wait for 1 to 4 saves (so the file on disk alternates between the versions), then
        // kill somewhere inside the next one.
        char c;
        for (int saved = 0; saved < 1 + round % 4;)
            saved += static_cast<int>(read(done[0], &c, 1) == 1);
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        usleep(static_cast<useconds_t>((state >> 33) % 8000));
        kill(child, SIGKILL);
        close(done[0]);
        int status = 0;
        waitpid(child, &status, 0);
        REQUIRE(WIFSIGNALED(status));

        const PlanLoad now = loadPlanFile(file);
        INFO("round " << round << ": " << (now.errors.empty() ? "" : now.errors[0].describe()));
        REQUIRE(now.plan);
        const bool isA = *now.plan == a, isB = *now.plan == b;
        CHECK((isA || isB));
        seenA += isA;
        seenB += isB;
        fs::path backup = file;
        backup += ".bak";
        if (fs::exists(backup)) {
            const PlanLoad bak = loadPlanFile(backup);
            REQUIRE(bak.plan);
            CHECK((*bak.plan == a || *bak.plan == b));
        }
    }
    // Kill times spread over many saves: both versions were caught on disk.
    CHECK(seenA > 0);
    CHECK(seenB > 0);
    std::error_code ec;
    fs::remove_all(dir, ec);
}

TEST_CASE("saving keeps the previous version as .bak", "[save]") {
    const fs::path dir = fs::temp_directory_path() / ("hairplan-bak-" + std::to_string(getpid()));
    fs::create_directories(dir);
    const fs::path file = dir / "plan.json";
    Plan first;
    first.patient.id = "FIRST";
    Plan second = first;
    second.patient.id = "SECOND";
    REQUIRE_FALSE(savePlanFile(first, file));
    CHECK_FALSE(fs::exists(dir / "plan.json.bak")); // nothing replaced yet
    REQUIRE_FALSE(savePlanFile(second, file));
    CHECK(loadPlanFile(file).plan->patient.id == "SECOND");
    CHECK(loadPlanFile(dir / "plan.json.bak").plan->patient.id == "FIRST");
    std::error_code ec;
    fs::remove_all(dir, ec);
}

TEST_CASE("a plan at the 1,000,000-point limit saves under 64 MB and opens again", "[save]") {
    Plan plan;
    plan.calibration = ScaleCalibration{0.1};
    for (int z = 0; z < 10; ++z) {
        Outline circle;
        for (int i = 0; i < 100000; ++i) // full-precision coordinates: the longest numbers
            circle.push_back(
                {5000 + z * 1000.0 / 3 + 400 * std::cos(i * 6.283185307179586 / 100000),
                 5000 + 400 * std::sin(i * 6.283185307179586 / 100000) / 7});
        plan.zones.push_back(makeZone(ZoneKind::Graft, "Zone", circle));
    }
    REQUIRE(validatePlan(plan).empty());
    const fs::path file =
        fs::temp_directory_path() / ("hairplan-big-" + std::to_string(getpid()) + ".json");
    REQUIRE_FALSE(savePlanFile(plan, file));
    CHECK(fs::file_size(file) < kMaxPlanFileBytes);
    const PlanLoad load = loadPlanFile(file);
    REQUIRE(load.plan);
    CHECK(*load.plan == plan);
    fs::remove(file);
}
