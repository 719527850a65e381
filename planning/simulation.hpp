// The simulation shown to the patient (issue 6): simulated graft sites and SMP dots, where every
// mark is one planned graft or one planned dot. A pure function of the plan, like every other
// derived figure: the same plan gives the same marks on every machine, and nothing here is
// stored in the plan or changes a count.
#pragma once

#include "hairline.hpp"
#include "plan.hpp"
#include "plan_shapes.hpp"
#include "summary.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace hp {

/// One simulated graft: where a follicular unit would be implanted, the way its hairs point and
/// how many hairs it holds.
struct GraftSite {
    Point at;               ///< image pixels
    Point direction{0, 1};  ///< unit vector in image space (y down): the way its hairs point
    std::uint8_t hairs = 1; ///< 1-4 (up to 5 where hairs_per_graft is above 4)
};

/// The marks of one counted row of the summary: the band, a graft zone or an SMP zone.
struct ZoneMarks {
    int zoneIndex = -1;                  ///< Plan::zones index; -1 for the transition band
    FigureKind kind = FigureKind::Graft; ///< Hairline (the band), Graft or Smp
    double spacingPx = 0.0;       ///< the spacing its density implies: sqrt(1 / density), in pixels
    std::vector<GraftSite> sites; ///< band and graft zones: exactly the zone's `grafts`
    std::vector<Point> dots;      ///< SMP zones: exactly the zone's `dots`
};

struct Simulation {
    double mmPerPx = 0.0; ///< the plan's scale; 0 for an uncalibrated plan (no marks)
    /// The band first (when it counts any graft), then the graft and SMP zones in file order.
    /// Donor zones have no marks.
    std::vector<ZoneMarks> zones;

    std::size_t siteCount() const;
    std::size_t dotCount() const;
    long long hairCount() const;
};

/// Places the marks of every counted zone: for the band and each graft zone exactly its
/// `grafts` sites inside its counted region (shapes), spaced as blue noise close to the spacing
/// its density implies, the band's sites single hairs; for each SMP zone exactly its `dots`
/// dots likewise. An uncalibrated plan has no counts, so no marks. `summary`, `shapes` and
/// `hairline` must be those of `plan` (summarize(), planShapes(), planHairlineGeometry()).
Simulation simulate(const Plan& plan, const Summary& summary, const PlanShapes& shapes,
                    const std::optional<HairlineGeometry>& hairline);

/// The same, computing what it needs from the plan.
Simulation simulate(const Plan& plan);

} // namespace hp
