// The hairline: a centripetal Catmull-Rom spline through the surgeon's control points, its
// seeded irregular front edge and the transition band behind it (plan-format.md §2 rules 3-5,
// 11 and 12). All coordinates are image pixels (y down); lengths named *Mm are millimetres.
#pragma once

#include "geometry.hpp"
#include "plan.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace hp {

/// The control points with every point equal to the one before it dropped (plan-format.md §1).
std::vector<Point> distinctControlPoints(const std::vector<Point>& points);

/// The smooth hairline sampled densely enough to stand for the curve in every figure.
struct SmoothHairline {
    std::vector<Point> points;  ///< samples in the order of the control points; every control
                                ///< point is one of them, exactly
    std::vector<Point> normals; ///< unit scalp normal at each sample (rule 3)
    std::vector<double> arcPx;  ///< arc length from the first sample, in pixels
};

/// Samples the centripetal (alpha 0.5) Catmull-Rom spline through `controls` (already distinct,
/// at least 2), with phantom end points P(-1) = 2 P0 - P1 and P(n) = 2 P(n-1) - P(n-2).
/// Sampling is adaptive: a span is split until it deviates from its chord by less than
/// `tolerancePx` and is no longer than `maxStepPx`.
SmoothHairline sampleSmoothHairline(const std::vector<Point>& controls, ScalpSide side,
                                    double maxStepPx, double tolerancePx = 0.01);

/// Irregularity noise n(s) in [-1, 1]: zero-mean, smooth (C2), with peaks on average
/// `wavelengthMm` apart, a pure function of (seed, s) computed with integer hashing only, so the
/// same plan gives the same edge on every machine.
double irregularityNoise(std::uint32_t seed, double sMm, double wavelengthMm);

/// Everything drawn and counted for a calibrated hairline.
struct HairlineGeometry {
    SmoothHairline smooth;
    std::vector<Point> frontEdge; ///< the irregular front edge, one point per smooth sample
    Outline band;                 ///< empty when transition_mm is 0
    double lengthMm = 0.0;
};

/// Builds the irregular front edge and the transition band (rules 4 and 5). `controls` must hold
/// at least 2 distinct points; `mmPerPx` must be positive.
HairlineGeometry buildHairlineGeometry(const Hairline& hairline, double mmPerPx);

/// The plan's hairline geometry when it has a hairline and a scale; nullopt otherwise. The
/// editor builds it once per change of the plan and hands it to summarize() and planShapes().
std::optional<HairlineGeometry> planHairlineGeometry(const Plan& plan);

/// Rule 11: vertical distance in mm from the glabella up to the smooth hairline at
/// x = glabella.x (positive when the hairline is above). Of several crossings, the one nearest
/// the glabella. nullopt when the hairline does not span x = glabella.x.
std::optional<double> midFrontalHeightMm(const SmoothHairline& smooth, Point glabella,
                                         double mmPerPx);

/// Rule 12: the largest |y(gx - d) - y(gx + d)| in mm over every d >= 0 for which the smooth
/// hairline spans both gx - d and gx + d. Where the curve crosses a vertical line more than once,
/// y(x) is the crossing nearest the glabella's height (as in rule 11). nullopt when the hairline
/// does not span x = gx.
std::optional<double> mirrorErrorMm(const SmoothHairline& smooth, Point glabella, double mmPerPx);

} // namespace hp
