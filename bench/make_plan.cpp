// hairplan_make_plan: writes a generated benchmark plan (clinic_plan.hpp) as a plan file.
//
//   hairplan_make_plan OUT.json ZONES VERTICES [--hairline]   scalpPlan(ZONES, VERTICES)
//   hairplan_make_plan OUT.json --clinic                       clinicPlan()
//   hairplan_make_plan OUT.json --sample                       samplePlan()
//
// The scalp plan has no hairline unless --hairline is given, so that hairplan_geos_layering,
// which does not build the transition band, computes the same figures from it.
// Exit status: 0 written, 2 bad arguments or a plan that fails validation, 1 cannot write.
#include "clinic_plan.hpp"
#include "planning/geometry.hpp"
#include "planning/plan_io.hpp"

#include <charconv>
#include <cstddef>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr const char* kUsage = "usage: hairplan_make_plan OUT.json ZONES VERTICES [--hairline]\n"
                               "       hairplan_make_plan OUT.json --clinic | --sample\n";

std::optional<int> parseCount(std::string_view text, int lo, int hi) {
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value < lo || value > hi)
        return std::nullopt;
    return value;
}

int badArguments(const std::string& why) {
    std::cerr << "hairplan_make_plan: " << why << '\n' << kUsage;
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    if (args.size() < 2) return badArguments("missing arguments");
    const std::string out(args[0]);

    hp::Plan plan;
    if (args.size() == 2 && args[1] == "--clinic") {
        plan = hp::bench::clinicPlan();
    } else if (args.size() == 2 && args[1] == "--sample") {
        plan = hp::bench::samplePlan();
    } else if (args.size() == 3 || (args.size() == 4 && args[3] == "--hairline")) {
        const auto zones = parseCount(args[1], 1, 100'000);
        const auto vertices = parseCount(args[2], 3, static_cast<int>(hp::kMaxOutlinePoints));
        if (!zones) return badArguments("ZONES must be an integer in [1, 100000]");
        if (!vertices) return badArguments("VERTICES must be an integer in [3, 100000]");
        if (static_cast<std::size_t>(*zones) * static_cast<std::size_t>(*vertices) >
            hp::kMaxPlanPoints)
            return badArguments("ZONES x VERTICES must be at most 1,000,000 (plan-format.md §1)");
        plan = hp::bench::scalpPlan(*zones, *vertices, args.size() == 4);
    } else {
        return badArguments("unexpected arguments");
    }

    // A generator bug must not turn into a benchmark of a plan hairplan would refuse.
    const std::vector<hp::PlanError> errors = hp::validatePlan(plan);
    for (const hp::PlanError& e : errors)
        std::cerr << "hairplan_make_plan: generated plan is invalid: " << e.describe() << '\n';
    if (!errors.empty()) return 2;
    for (std::size_t i = 0; i < plan.zones.size(); ++i)
        if (hp::countSelfCrossings(plan.zones[i].points, 0) > 0) {
            std::cerr << "hairplan_make_plan: generated outline of zones[" << i
                      << "] crosses itself\n";
            return 2;
        }

    if (const auto error = hp::savePlanFile(plan, out)) {
        std::cerr << "hairplan_make_plan: " << out << ": " << *error << '\n';
        return 1;
    }
    std::size_t points = 0;
    for (const hp::Zone& z : plan.zones)
        points += z.points.size();
    std::cout << out << ": " << plan.zones.size() << " zones, " << points << " points\n";
    return 0;
}
