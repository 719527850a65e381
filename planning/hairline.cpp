// The smooth hairline, its irregular front edge, the transition band and the two measurements
// taken on the smooth hairline (plan-format.md §2 rules 3, 4, 5, 11 and 12). The noise n(s) is
// in irregularity.cpp.
#include "hairline.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

namespace hp {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

/// Hard cap on the samples of one curve (see sampleSmoothHairline).
constexpr std::size_t kMaxSamples = 200'000;

/// A span is split at most this many times below its control-point segment (2^24 pieces).
constexpr int kMaxSplitDepth = 24;

/// A finer tolerance than this means nothing for image coordinates (|x| <= 1e6 px).
constexpr double kFinestTolerancePx = 1e-6;

// sqrt, not hypot: sqrt is correctly rounded by IEEE 754 on every platform and hypot is not, and
// the same plan must give the same curve on every machine (rule 4). |coordinates| <= 1e6, so the
// squares cannot overflow.
double norm(Point v) {
    return std::sqrt(v.x * v.x + v.y * v.y);
}

Point dividedBy(Point v, double d) {
    return {v.x / d, v.y / d};
}

/// v / |v|, or (0, 0) when v is zero or not finite. Scaled first so that a tiny or huge
/// derivative neither underflows nor overflows when squared.
Point unitOrZero(Point v) {
    const double largest = std::max(std::abs(v.x), std::abs(v.y));
    if (!(largest > 0.0) || !std::isfinite(largest)) return {0.0, 0.0};
    const Point scaled = dividedBy(v, largest);
    return dividedBy(scaled, norm(scaled));
}

/// A point of the curve and its derivative with respect to the spline parameter t.
struct CurvePoint {
    Point p;
    Point velocity;
};

/// One level of the Barry-Goldman pyramid: the blend of a and b with weight w = (t - ta) / span,
/// written a + w (b - a) so that a coordinate on which a and b agree comes out exactly (a
/// horizontal hairline stays exactly horizontal). Its derivative, by the product rule with
/// w' = 1 / span, is a' + w (b' - a') + (b - a) / span.
CurvePoint blend(const CurvePoint& a, const CurvePoint& b, double t, double ta, double tb) {
    const double span = tb - ta;
    const double w = (t - ta) / span;
    const Point difference = b.p - a.p;
    return {a.p + w * difference,
            a.velocity + w * (b.velocity - a.velocity) + dividedBy(difference, span)};
}

/// The centripetal Catmull-Rom piece from p1 to p2, with neighbours p0 and p3. Knots are local:
/// t0 = 0 and t_{k+1} = t_k + |p_{k+1} - p_k|^0.5; the piece runs over [t1, t2]. Consecutive
/// pieces use the same knot differences, so the spline is C1 in t across control points.
class CatmullRomPiece {
  public:
    CatmullRomPiece(Point p0, Point p1, Point p2, Point p3) : p_{p0, p1, p2, p3} {
        t_[0] = 0.0;
        for (int k = 0; k < 3; ++k)
            t_[k + 1] = t_[k] + std::sqrt(norm(p_[k + 1] - p_[k]));
    }

    double startT() const { return t_[1]; }
    double endT() const { return t_[2]; }

    /// The Barry-Goldman pyramid, differentiated level by level (exact, not finite differences).
    CurvePoint at(double t) const {
        const CurvePoint p0{p_[0], {0.0, 0.0}};
        const CurvePoint p1{p_[1], {0.0, 0.0}};
        const CurvePoint p2{p_[2], {0.0, 0.0}};
        const CurvePoint p3{p_[3], {0.0, 0.0}};
        const CurvePoint a1 = blend(p0, p1, t, t_[0], t_[1]);
        const CurvePoint a2 = blend(p1, p2, t, t_[1], t_[2]);
        const CurvePoint a3 = blend(p2, p3, t, t_[2], t_[3]);
        const CurvePoint b1 = blend(a1, a2, t, t_[0], t_[2]);
        const CurvePoint b2 = blend(a2, a3, t, t_[1], t_[3]);
        return blend(b1, b2, t, t_[1], t_[2]);
    }

  private:
    Point p_[4];
    double t_[4];
};

/// Samples and the spline's derivative at each (not yet normalised).
struct Samples {
    std::vector<Point> points;
    std::vector<Point> velocities;

    std::size_t size() const { return points.size(); }
    void clear() {
        points.clear();
        velocities.clear();
    }
    void add(Point p, Point velocity) {
        points.push_back(p);
        velocities.push_back(velocity);
    }
};

double polylineLengthPx(const std::vector<Point>& points) {
    double length = 0.0;
    for (std::size_t i = 1; i < points.size(); ++i)
        length += norm(points[i] - points[i - 1]);
    return length;
}

/// Adaptive sampling of the whole spline for one (maxStepPx, tolerancePx) pair.
class SplineSampler {
  public:
    /// `controls`: distinct consecutive points, at least 2.
    explicit SplineSampler(const std::vector<Point>& controls) : controls_(controls) {
        const std::size_t n = controls.size();
        // Phantom end points (rule 3): P(-1) = 2 P0 - P1 and P(n) = 2 P(n-1) - P(n-2).
        const Point before = 2.0 * controls[0] - controls[1];
        const Point after = 2.0 * controls[n - 1] - controls[n - 2];
        const auto control = [&](std::size_t extendedIndex) {
            if (extendedIndex == 0) return before;
            if (extendedIndex == n + 1) return after;
            return controls[extendedIndex - 1];
        };
        pieces_.reserve(n - 1);
        for (std::size_t i = 0; i + 1 < n; ++i) {
            pieces_.emplace_back(control(i), control(i + 1), control(i + 2), control(i + 3));
        }
    }

    /// Fills `out` and returns true, or returns false as soon as more than `budget` samples
    /// would be needed. Every control point is written as given (bit-identical), never evaluated.
    bool run(double maxStepPx, double tolerancePx, std::size_t budget, Samples& out) {
        out.clear();
        maxStepPx_ = maxStepPx;
        tolerancePx_ = tolerancePx;
        budget_ = budget;
        out_ = &out;
        for (std::size_t i = 0; i < pieces_.size(); ++i) {
            const CatmullRomPiece& piece = pieces_[i];
            if (i == 0) out.add(controls_[0], piece.at(piece.startT()).velocity);
            if (!refine(piece, piece.startT(), controls_[i], piece.endT(), controls_[i + 1], 0)) {
                return false;
            }
            // One sample per join: the end of this piece is the start of the next.
            if (out.size() >= budget) return false;
            out.add(controls_[i + 1], piece.at(piece.endT()).velocity);
        }
        return true;
    }

  private:
    /// Writes the samples strictly inside (ta, tb), in order.
    bool refine(const CatmullRomPiece& piece, double ta, Point pa, double tb, Point pb, int depth) {
        const double tm = 0.5 * (ta + tb);
        const CurvePoint middle = piece.at(tm);
        const double deviation = norm(middle.p - 0.5 * (pa + pb));
        const double chord = norm(pb - pa);
        // Written with !(x > limit) so that a NaN (only from non-finite input) accepts the span
        // instead of splitting it all the way down.
        const bool flatEnough = !(deviation > tolerancePx_) && !(chord > maxStepPx_);
        if (flatEnough || depth >= kMaxSplitDepth) return true;
        if (!refine(piece, ta, pa, tm, middle.p, depth + 1)) return false;
        if (out_->size() >= budget_) return false;
        out_->add(middle.p, middle.velocity);
        return refine(piece, tm, middle.p, tb, pb, depth + 1);
    }

    const std::vector<Point>& controls_;
    std::vector<CatmullRomPiece> pieces_;
    // The settings of the current run, kept here rather than passed down every recursion.
    double maxStepPx_ = kInfinity;
    double tolerancePx_ = 0.01;
    std::size_t budget_ = kMaxSamples;
    Samples* out_ = nullptr;
};

/// Samples `controls` (distinct, at least 2) within the sample cap; see sampleSmoothHairline.
Samples sampleWithinCap(const std::vector<Point>& controls, double maxStepPx, double tolerancePx) {
    SplineSampler sampler(controls);
    // Every control point is a sample, so the cap can never be below their count.
    const std::size_t budget = std::max(kMaxSamples, controls.size());

    // First the tolerance alone: the curve's shape, its length and the samples it needs. Only an
    // absurd tolerance on a huge curve exceeds the cap; then the tolerance is doubled until it
    // fits (it ends: once the tolerance exceeds every piece's deviation, each piece is a single
    // chord and the samples are the control points).
    Samples coarse;
    while (!sampler.run(kInfinity, tolerancePx, budget, coarse)) {
        tolerancePx *= 2.0;
    }

    // Every chord of the coarse sampling is at most its total length, so a step at least that
    // long changes nothing.
    const double lengthPx = polylineLengthPx(coarse.points);
    if (!(maxStepPx < lengthPx) || coarse.size() >= budget) return coarse;

    // Why the estimate uses 2 L / step: bisection stops a chord between step / 2 and step (for an
    // evenly parametrised span), so a length L needs at most about 2 L / step samples beyond the
    // ones the tolerance asks for. When the requested step would exceed the cap, widen it so the
    // count fits; if the estimate is still short, double the step until it fits.
    const double room = static_cast<double>(budget - coarse.size());
    if (static_cast<double>(coarse.size()) + 2.0 * lengthPx / maxStepPx > budget) {
        maxStepPx = 2.0 * lengthPx / room;
    }
    Samples fine;
    for (; maxStepPx < lengthPx; maxStepPx *= 2.0) {
        if (sampler.run(maxStepPx, tolerancePx, budget, fine)) return fine;
    }
    return coarse;
}

/// How far a segment's y-range is from `targetY`: no crossing of the segment can be nearer.
double heightGap(Point a, Point b, double targetY) {
    if (targetY < std::min(a.y, b.y)) return std::min(a.y, b.y) - targetY;
    if (targetY > std::max(a.y, b.y)) return targetY - std::max(a.y, b.y);
    return 0.0;
}

/// The crossing of a polyline with a vertical line nearest to a given height.
class NearestCrossing {
  public:
    NearestCrossing(double x, double targetY) : x_(x), targetY_(targetY) {}

    /// Considers segment `index`, from a to b.
    void offer(Point a, Point b, std::size_t index) {
        if (x_ < std::min(a.x, b.x) || x_ > std::max(a.x, b.x)) return;
        double y = 0.0;
        if (a.x == b.x) {
            // A vertical segment lying on the line: its nearest endpoint (the contract's choice;
            // both endpoints are also crossings of the neighbouring segments).
            y = std::abs(a.y - targetY_) <= std::abs(b.y - targetY_) ? a.y : b.y;
        } else if (x_ == a.x) {
            y = a.y; // exact at a sample, not a + 0 (b - a)
        } else if (x_ == b.x) {
            y = b.y;
        } else {
            y = a.y + (x_ - a.x) / (b.x - a.x) * (b.y - a.y);
            // Rounding must not take it outside the segment (heightGap relies on it).
            y = std::clamp(y, std::min(a.y, b.y), std::max(a.y, b.y));
        }
        // Of two crossings equally near, the first along the curve wins, whatever the order in
        // which they are offered.
        const double distance = std::abs(y - targetY_);
        if (!found_ || distance < distance_ || (distance == distance_ && index < index_)) {
            found_ = true;
            y_ = y;
            distance_ = distance;
            index_ = index;
        }
    }

    /// A segment whose heightGap exceeds this cannot change the answer.
    double distance() const { return distance_; }
    std::optional<double> y() const { return found_ ? std::optional<double>(y_) : std::nullopt; }

  private:
    double x_;
    double targetY_;
    bool found_ = false;
    double y_ = 0.0;
    double distance_ = kInfinity;
    std::size_t index_ = 0;
};

/// The segments of a polyline bucketed by x, so that finding the crossing nearest to a fixed
/// height `targetY` on a vertical line looks at a few segments instead of all of them.
class SegmentsByX {
  public:
    SegmentsByX(const std::vector<Point>& points, double targetY)
        : points_(points), targetY_(targetY) {
        const std::size_t segmentCount = points.size() < 2 ? 0 : points.size() - 1;
        if (segmentCount == 0) return;
        double minX = kInfinity;
        double maxX = -kInfinity;
        double travelX = 0.0; // total |dx| over the segments
        for (std::size_t i = 0; i < points.size(); ++i) {
            minX = std::min(minX, points[i].x);
            maxX = std::max(maxX, points[i].x);
            if (i > 0) travelX += std::abs(points[i].x - points[i - 1].x);
        }
        const double rangeX = maxX - minX;

        // Why this bucket count: one bucket per segment makes a left-to-right hairline cost O(1)
        // per query. A segment of width e sits in at most e / bucketWidth + 2 buckets, so the
        // index holds at most 2 N + travelX * buckets / rangeX entries; for a curve that runs
        // back and forth many times fewer buckets keep it within about 6 N.
        double buckets = static_cast<double>(segmentCount);
        if (rangeX > 0.0 && travelX > 0.0) {
            buckets = std::min(buckets, 4.0 * buckets * rangeX / travelX);
        }
        bucketCount_ = static_cast<std::size_t>(std::max(1.0, std::floor(buckets)));
        minX_ = minX;
        bucketsPerPx_ = rangeX > 0.0 ? static_cast<double>(bucketCount_) / rangeX : 0.0;

        // Compressed rows: first_[b] .. first_[b + 1] index entries_ for bucket b.
        first_.assign(bucketCount_ + 1, 0);
        for (std::size_t s = 0; s < segmentCount; ++s) {
            const auto [from, to] = bucketsOf(s);
            for (std::size_t b = from; b <= to; ++b)
                ++first_[b + 1];
        }
        for (std::size_t b = 0; b < bucketCount_; ++b)
            first_[b + 1] += first_[b];
        entries_.resize(first_[bucketCount_]);
        std::vector<std::size_t> next(first_.begin(), first_.end() - 1);
        for (std::size_t s = 0; s < segmentCount; ++s) {
            const auto [from, to] = bucketsOf(s);
            const Entry entry{heightGap(points[s], points[s + 1], targetY), s};
            for (std::size_t b = from; b <= to; ++b)
                entries_[next[b]++] = entry;
        }
        // Why sort each bucket by height gap: a query can stop at the first segment farther
        // from targetY than the best crossing so far. A hairline folded back and forth over
        // itself (many segments over every x) then still costs little per query.
        for (std::size_t b = 0; b < bucketCount_; ++b) {
            std::sort(entries_.begin() + static_cast<std::ptrdiff_t>(first_[b]),
                      entries_.begin() + static_cast<std::ptrdiff_t>(first_[b + 1]),
                      [](const Entry& l, const Entry& r) {
                          return l.gap < r.gap || (l.gap == r.gap && l.segment < r.segment);
                      });
        }
    }

    /// The crossing with the vertical line at x nearest to targetY (rule 11's choice).
    std::optional<double> nearestCrossingY(double x) const {
        NearestCrossing nearest(x, targetY_);
        if (bucketCount_ == 0) return std::nullopt;
        const std::size_t b = bucketOf(x);
        for (std::size_t i = first_[b]; i < first_[b + 1]; ++i) {
            const Entry& entry = entries_[i];
            if (entry.gap > nearest.distance()) break;
            nearest.offer(points_[entry.segment], points_[entry.segment + 1], entry.segment);
        }
        return nearest.y();
    }

  private:
    struct Entry {
        double gap; ///< heightGap of the segment
        std::size_t segment;
    };

    // Monotone in x (a subtraction, a multiplication by a positive constant and floor all keep
    // order under IEEE rounding), so x in [a, b] always lands in a bucket between a's and b's.
    std::size_t bucketOf(double x) const {
        const double b = std::floor((x - minX_) * bucketsPerPx_);
        if (!(b > 0.0)) return 0; // NaN too
        const auto last = static_cast<double>(bucketCount_ - 1);
        return b >= last ? bucketCount_ - 1 : static_cast<std::size_t>(b);
    }

    std::pair<std::size_t, std::size_t> bucketsOf(std::size_t segment) const {
        const Point a = points_[segment];
        const Point b = points_[segment + 1];
        return {bucketOf(std::min(a.x, b.x)), bucketOf(std::max(a.x, b.x))};
    }

    const std::vector<Point>& points_;
    double targetY_;
    std::size_t bucketCount_ = 0;
    double minX_ = 0.0;
    double bucketsPerPx_ = 0.0;
    std::vector<std::size_t> first_;
    std::vector<Entry> entries_;
};

/// Rule 12 for a smooth hairline that runs strictly one way in x, as most do: then every vertical
/// line crosses it once, on the one segment whose span holds it, and two cursors walking out
/// from gx find those segments as d grows, in time linear in the samples. The breakpoints, the
/// abscissae asked and the segments offered are those of mirrorErrorMm's general path, so the
/// figure is the same to the last bit. nullopt when the curve turns back in x somewhere.
std::optional<double> mirrorErrorAlongMonotonePx(const std::vector<Point>& points, Point glabella,
                                                 double minX, double maxX, double reachPx) {
    const std::size_t n = points.size();
    if (n < 2) return std::nullopt;
    const bool increasing = points[1].x > points[0].x;
    for (std::size_t i = 0; i + 1 < n; ++i)
        if (increasing ? !(points[i + 1].x > points[i].x) : !(points[i + 1].x < points[i].x))
            return std::nullopt;
    const auto sample = [&](std::size_t k) { return increasing ? k : n - 1 - k; }; // k-th by x
    const auto xOf = [&](std::size_t k) { return points[sample(k)].x; };
    // The crossing at x on the segment between the k-th and (k+1)-th samples by x, offered in
    // the curve's order as the general path offers it.
    const auto yOn = [&](std::size_t k, double x) {
        const std::size_t a = std::min(sample(k), sample(k + 1));
        NearestCrossing crossing(x, glabella.y);
        crossing.offer(points[a], points[a + 1], a);
        return *crossing.y();
    };
    const double gx = glabella.x;
    std::size_t firstRight = 0; // the first sample by x at or right of gx
    while (firstRight < n && xOf(firstRight) < gx)
        ++firstRight;
    std::size_t left = std::min(firstRight == 0 ? 0 : firstRight - 1, n - 2), right = left;
    double largestPx = 0.0;
    const auto consider = [&](double d) { // d never decreases from one call to the next
        const double xl = std::clamp(gx - d, minX, maxX), xr = std::clamp(gx + d, minX, maxX);
        while (left > 0 && xOf(left) > xl)
            --left;
        while (right + 2 < n && xOf(right + 1) < xr)
            ++right;
        largestPx = std::max(largestPx, std::abs(yOn(left, xl) - yOn(right, xr)));
    };
    consider(0.0);
    // Every sample's distance from gx within the reach, in increasing order: the samples right
    // of gx going right merged with those left of it going left.
    for (std::size_t r = firstRight, l = firstRight;;) {
        const double dRight = r < n ? std::abs(xOf(r) - gx) : kInfinity;
        const double dLeft = l > 0 ? std::abs(xOf(l - 1) - gx) : kInfinity;
        const double d = std::min(dRight, dLeft);
        if (!(d <= reachPx)) break;
        consider(d);
        if (dRight == d) ++r;
        if (dLeft == d) --l;
    }
    consider(reachPx);
    return largestPx;
}

} // namespace

std::vector<Point> distinctControlPoints(const std::vector<Point>& points) {
    std::vector<Point> distinct;
    distinct.reserve(points.size());
    for (const Point& p : points) {
        if (distinct.empty() || !(p == distinct.back())) distinct.push_back(p);
    }
    return distinct;
}

SmoothHairline sampleSmoothHairline(const std::vector<Point>& controls, ScalpSide side,
                                    double maxStepPx, double tolerancePx) {
    // Contracts for the settings: a step that is not positive means "no step limit"; a
    // tolerance that is not positive means the finest meaningful one.
    if (!(maxStepPx > 0.0)) maxStepPx = kInfinity;
    if (!(tolerancePx >= kFinestTolerancePx)) tolerancePx = kFinestTolerancePx;

    // Hard cap: whatever the request, a curve has at most kMaxSamples samples (or as many as
    // it has control points, if that is more). When maxStepPx would need more, the step is
    // widened to fit, evenly along the whole curve; the tolerance is kept unless it alone needs
    // more (see sampleWithinCap). A 1,500 px hairline at the 4 px step of
    // buildHairlineGeometry needs a few hundred samples, so the cap only stops runaway requests
    // (a 0.0002 px step, wavelength 0.5 mm at 100 mm/px, on a 10^6 px curve would be 5 x 10^9).
    Samples samples;
    if (controls.size() >= 2) {
        samples = sampleWithinCap(controls, maxStepPx, tolerancePx);
    } else if (controls.size() == 1) {
        // Outside the contract (at least 2 points): the point itself, read as left to right.
        samples.add(controls[0], {1.0, 0.0});
    }

    SmoothHairline smooth;
    const std::size_t count = samples.size();
    smooth.points = std::move(samples.points);
    smooth.normals.reserve(count);
    smooth.arcPx.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        Point tangent = unitOrZero(samples.velocities[i]);
        if (tangent == Point{0.0, 0.0} && count >= 2) {
            // Where the derivative vanishes (a cusp, not seen with centripetal parametrisation
            // but cheap to survive), the direction of the neighbouring samples.
            const std::size_t before = i == 0 ? 0 : i - 1;
            const std::size_t after = i + 1 == count ? i : i + 1;
            tangent = unitOrZero(smooth.points[after] - smooth.points[before]);
        }
        if (tangent == Point{0.0, 0.0}) tangent = {1.0, 0.0};
        // Rule 3: (dy, -dx) for "up", (-dy, dx) for "down".
        smooth.normals.push_back(side == ScalpSide::Up ? Point{tangent.y, -tangent.x}
                                                       : Point{-tangent.y, tangent.x});
        smooth.arcPx.push_back(
            i == 0 ? 0.0 : smooth.arcPx[i - 1] + norm(smooth.points[i] - smooth.points[i - 1]));
    }
    return smooth;
}

HairlineGeometry buildHairlineGeometry(const Hairline& hairline, double mmPerPx) {
    HairlineGeometry geometry;
    if (!(mmPerPx > 0.0) || !std::isfinite(mmPerPx)) return geometry; // outside the contract

    const Irregularity& irregularity = hairline.irregularity;
    // Why this step: about 8 samples per noise lattice spacing (wavelength / 3) draw the smooth
    // noise faithfully; 4 px at most keeps the band's outline smooth on screen when the noise
    // is coarse in pixels.
    constexpr double kLongestStepPx = 4.0;
    constexpr double kSamplesPerLatticeSpacing = 8.0;
    double maxStepPx = irregularity.wavelengthMm / 3.0 / kSamplesPerLatticeSpacing / mmPerPx;
    if (!(maxStepPx > 0.0) || maxStepPx > kLongestStepPx) maxStepPx = kLongestStepPx;
    constexpr double kTolerancePx = 0.01;

    geometry.smooth = sampleSmoothHairline(distinctControlPoints(hairline.points),
                                           hairline.scalpSide, maxStepPx, kTolerancePx);
    const std::vector<Point>& points = geometry.smooth.points;
    const std::vector<Point>& normals = geometry.smooth.normals;
    const std::size_t count = points.size();

    // Rule 4: minus along the scalp normal, so a positive n moves the edge toward the face.
    const double amplitudePx = irregularity.amplitudeMm / mmPerPx;
    geometry.frontEdge.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const double sMm = geometry.smooth.arcPx[i] * mmPerPx;
        const double n = irregularityNoise(irregularity.seed, sMm, irregularity.wavelengthMm);
        geometry.frontEdge.push_back(points[i] - (amplitudePx * n) * normals[i]);
    }

    // Rule 5: the front edge first to last, then the smooth hairline pushed transition_mm into
    // the scalp, last to first. It may cross itself where the noise is deep; the caller fills it
    // under the non-zero rule.
    if (hairline.transitionMm > 0.0 && count >= 2) {
        const double transitionPx = hairline.transitionMm / mmPerPx;
        geometry.band.reserve(2 * count);
        geometry.band.insert(geometry.band.end(), geometry.frontEdge.begin(),
                             geometry.frontEdge.end());
        for (std::size_t i = count; i-- > 0;) {
            geometry.band.push_back(points[i] + transitionPx * normals[i]);
        }
    }

    geometry.lengthMm = count == 0 ? 0.0 : geometry.smooth.arcPx.back() * mmPerPx;
    return geometry;
}

std::optional<double> midFrontalHeightMm(const SmoothHairline& smooth, Point glabella,
                                         double mmPerPx) {
    NearestCrossing nearest(glabella.x, glabella.y);
    for (std::size_t i = 1; i < smooth.points.size(); ++i) {
        nearest.offer(smooth.points[i - 1], smooth.points[i], i - 1);
    }
    if (!nearest.y()) return std::nullopt;
    // y points down: a hairline above the glabella has a smaller y and a positive height.
    return (glabella.y - *nearest.y()) * mmPerPx;
}

std::optional<double> mirrorErrorMm(const SmoothHairline& smooth, Point glabella, double mmPerPx) {
    const std::vector<Point>& points = smooth.points;
    if (points.empty()) return std::nullopt;
    double minX = kInfinity;
    double maxX = -kInfinity;
    for (const Point& p : points) {
        minX = std::min(minX, p.x);
        maxX = std::max(maxX, p.x);
    }
    const double gx = glabella.x;
    const double reachPx = std::min(gx - minX, maxX - gx); // the largest d with both sides
    if (!(reachPx >= 0.0)) return std::nullopt;

    if (const std::optional<double> px =
            mirrorErrorAlongMonotonePx(points, glabella, minX, maxX, reachPx))
        return *px * mmPerPx;

    const SegmentsByX index(points, glabella.y);
    // Clamped because gx - (gx - minX) may round to just outside the curve's span.
    const auto yAt = [&](double x) { return index.nearestCrossingY(std::clamp(x, minX, maxX)); };
    if (!yAt(gx)) return std::nullopt; // a single sample: no segment to cross

    // Why only these d: between breakpoints, y(gx - d) and y(gx + d) are each linear in d (on
    // one polyline segment), so their difference is linear and its size is largest at an end.
    // The breakpoints are 0, the reach and every sample's distance from gx within the reach.
    // (Where the curve crosses a vertical line more than once, the nearest crossing may also
    // switch branches between breakpoints; the contract evaluates at the breakpoints only.)
    double largestPx = 0.0;
    const auto consider = [&](double d) {
        const std::optional<double> left = yAt(gx - d);
        const std::optional<double> right = yAt(gx + d);
        if (left && right) largestPx = std::max(largestPx, std::abs(*left - *right));
    };
    consider(0.0);
    consider(reachPx);
    for (const Point& p : points) {
        const double d = std::abs(p.x - gx);
        if (d <= reachPx) consider(d);
    }
    return largestPx * mmPerPx;
}

std::optional<HairlineGeometry> planHairlineGeometry(const Plan& plan) {
    if (!plan.hairline || !plan.calibration) return std::nullopt;
    if (distinctControlPoints(plan.hairline->points).size() < 2) return std::nullopt;
    return buildHairlineGeometry(*plan.hairline, mmPerPx(*plan.calibration));
}

} // namespace hp
