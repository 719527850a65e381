// Deterministic plans for benchmarks and load tests. Every plan here is a pure function of its
// arguments (integer hashing only, no std:: distributions), so a benchmark measures the same
// input on every machine and every run. Coordinates are image pixels, y down, as in plan.hpp.
#pragma once

#include "planning/plan.hpp"

#include <cstdint>

namespace hp::bench {

/// The example plan of plan-format.md §1: a ruler calibration, a 5-point hairline and three
/// four-point zones (one of each kind). What a small plan in the clinic costs.
Plan samplePlan();

/// A busy clinical plan on a 4000 x 3000 photo calibrated at 0.1 mm/px: a 9-point irregular
/// hairline with its glabella, then 20 zones of 400 vertices each: 15 graft zones piled on one
/// another behind the frontal hairline (up to about ten deep, so the layering of rule 6 does real
/// work), 3 overlapping SMP zones at the top of the photo and 2 overlapping donor zones low on one
/// side.
Plan clinicPlan();

/// A load-test plan on a 4000 x 3000 photo calibrated at 0.1 mm/px: `zoneCount` wobbly zones of
/// `verticesPerZone` vertices each, spread evenly over an elliptical scalp so that each overlaps
/// its neighbours (a point of the scalp lies in two or three zones). Zones low on the scalp are
/// donor zones (about 9%), those around the crown SMP zones (about 9%), the rest graft zones.
/// Every outline is simple (star-shaped about its centre, so it never crosses itself), lies
/// inside the image, and has coordinates rounded to 1/100 px so that the plan file stays compact.
/// Outlines alternate between clockwise and counter-clockwise. With `withHairline` the plan also
/// has the hairline and glabella of clinicPlan().
/// Preconditions: zoneCount >= 1, verticesPerZone >= 3.
Plan scalpPlan(int zoneCount, int verticesPerZone, bool withHairline = false);

/// A closed, simple, star-shaped outline of `vertices` points around `centre`: its radius at
/// angle a is meanRadiusPx * (1 + w(a)) with |w| <= 0.35, a few slow lobes plus a fine
/// hand-drawn tremor, all drawn from `seed`. `clockwise` is the turn on screen (y down).
Outline wobblyBlob(Point centre, double meanRadiusPx, int vertices, std::uint64_t seed,
                   bool clockwise);

} // namespace hp::bench
