// The layering of the counting rules (plan-format.md §2 rules 6, 8, 9): three independent stacks,
// one per zone kind, each bottom to top in file order, with the hairline's band on top of the
// graft stack. The counts (summary.cpp) and the drawn shapes (plan_shapes.cpp) both use it.
#pragma once

#include "plan.hpp"

#include <array>
#include <vector>

namespace hp {

struct Stack {
    std::vector<const Outline*> outlines; ///< bottom to top
    std::vector<std::size_t> zones;       ///< Plan::zones index of each outline; the band,
                                          ///< when on top, has none (outlines is one longer)
};

/// Indexed by ZoneKind. `band` may be null or empty (no band).
std::array<Stack, 3> countingStacks(const Plan& plan, const Outline* band);

} // namespace hp
