#include "stacks.hpp"

namespace hp {

std::array<Stack, 3> countingStacks(const Plan& plan, const Outline* band) {
    std::array<Stack, 3> stacks;
    for (std::size_t i = 0; i < plan.zones.size(); ++i) {
        Stack& s = stacks[static_cast<std::size_t>(plan.zones[i].kind)];
        s.outlines.push_back(&plan.zones[i].points);
        s.zones.push_back(i);
    }
    if (band && !band->empty())
        stacks[static_cast<std::size_t>(ZoneKind::Graft)].outlines.push_back(band);
    return stacks;
}

} // namespace hp
