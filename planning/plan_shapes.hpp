// What is drawn of a plan, in image pixels: the regions as they are counted and the lines as they
// were drawn. The editor's canvas and the exported image both draw these, so what a surgeon sees
// is what is counted.
#pragma once

#include "plan.hpp"
#include "regions.hpp"

#include <optional>
#include <vector>

namespace hp {

struct ZoneShape {
    Region visible; ///< the counted region: the part no zone above it (or the band) covers
};

struct PlanShapes {
    std::vector<ZoneShape> zones; ///< one per Plan::zones entry, same order
    /// The transition band's outline, to fill under the non-zero rule (which is what its region
    /// is: plan-format.md §2 rule 5); empty without a band.
    Region band;
    std::vector<Point> smoothHairline; ///< the smooth curve (drawn even without a scale)
    std::vector<Point> frontEdge;      ///< the irregular front edge; empty without a scale
};

struct HairlineGeometry;

/// Computes every shape of the plan. A few milliseconds for a large plan: compute it when the
/// plan changes, not on every frame.
PlanShapes planShapes(const Plan& plan);

/// The same, with the hairline's geometry already built (planHairlineGeometry(plan)).
PlanShapes planShapes(const Plan& plan, const std::optional<HairlineGeometry>& hairline);

} // namespace hp
