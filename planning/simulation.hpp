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
    /// The spacing its density implies, in pixels: one mark per 100 / density mm², so
    /// sqrt(100 / density) mm apart, divided by mm_per_px.
    double spacingPx = 0.0;
    /// No two marks of this zone are closer than this: kMinSpacingFraction x spacingPx, or less
    /// in the rare region that cannot hold its count that far apart (then the distance of its
    /// two closest marks: the count always wins).
    double minSpacingPx = 0.0;
    std::vector<GraftSite> sites; ///< band and graft zones: exactly the zone's `grafts`
    std::vector<Point> dots;      ///< SMP zones: exactly the zone's `dots`
};

/// The guaranteed distance between two marks of one zone, as a fraction of its spacing. Blue
/// noise at its best keeps marks about 0.8 spacings apart; 0.6 leaves room for the ragged
/// places (a region's narrow parts, its corners) and still rules out any visible clump.
inline constexpr double kMinSpacingFraction = 0.6;

/// A plan asking for more marks than this gets none (Simulation::tooManyMarks): a full scalp
/// of SMP at the densest 400 dots/cm² is 200,000 dots, so only an implausible plan (a wrong
/// scale, say) gets here, and placing millions of marks would take seconds and gigabytes on
/// every change of the plan. The counts are unaffected.
inline constexpr long long kMaxSimulatedMarks = 250'000;

/// The seeded variation of each hair's direction: at most this many degrees either way
/// (the sum of two uniform draws, so most stay within half of it).
inline constexpr double kDirectionVariationDeg = 6.0;

struct Simulation {
    double mmPerPx = 0.0; ///< the plan's scale; 0 for an uncalibrated plan (no marks)
    /// The band first (when it counts any graft), then the graft and SMP zones in file order.
    /// Donor zones have no marks.
    std::vector<ZoneMarks> zones;
    /// The plan asks for more than kMaxSimulatedMarks marks: the zones are listed, with no marks.
    bool tooManyMarks = false;

    std::size_t siteCount() const;
    std::size_t dotCount() const;
    long long hairCount() const;
};

/// Places the marks of every counted zone: for the band and each graft zone exactly its
/// `grafts` sites inside its counted region (shapes), spaced as blue noise close to the spacing
/// its density implies, the band's sites single hairs; for each SMP zone exactly its `dots`
/// dots likewise. An uncalibrated plan has no counts, so no marks. `summary`, `shapes` and
/// `hairline` must be those of `plan` (summarize(), planShapes(), planHairlineGeometry()).
/// The one exception to "exactly": a counted region too small for Clipper's 1/256 px grid to
/// keep (a speck of a few millionths of a px², which counts a graft only at scales of tens of
/// mm per pixel) has no area to place marks in, and gets none.
///
/// A pure function of its arguments, deterministic to the bit on every machine (simulation.cpp
/// says how), and a few milliseconds per 10,000 marks: run it when the plan changes (on a worker
/// thread, say), never per frame; equal plans give equal marks, so a cached result stays valid
/// for as long as the plan compares equal.
Simulation simulate(const Plan& plan, const Summary& summary, const PlanShapes& shapes,
                    const std::optional<HairlineGeometry>& hairline);

/// The same, computing what it needs from the plan.
Simulation simulate(const Plan& plan);

} // namespace hp
