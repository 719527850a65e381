// What is drawn of a plan, in image pixels: the regions as they are counted and the lines as they
// were drawn. The editor's canvas and the exported image both draw these, so what a surgeon sees
// is what is counted.
#pragma once

#include "plan.hpp"
#include "regions.hpp"

#include <vector>

namespace hp {

struct ZoneShape {
    Region visible;  ///< the counted region: the part no zone above it (or the band) covers
};

struct PlanShapes {
    std::vector<ZoneShape> zones;   ///< one per Plan::zones entry, same order
    Region band;                    ///< the transition band's region; empty without one
    std::vector<Point> smoothHairline;  ///< the smooth curve (drawn even without a scale)
    std::vector<Point> frontEdge;       ///< the irregular front edge; empty without a scale
};

/// Computes every shape of the plan. A few milliseconds for a large plan: compute it when the
/// plan changes, not on every frame.
PlanShapes planShapes(const Plan& plan);

}  // namespace hp
