// The simulated graft sites and SMP dots (issue 6). Where the marks go is blue_noise.cpp; this
// file decides, per zone, the region, the count, the seed, each hair's direction and each
// site's hairs. Every choice is deterministic: integer hashing and + - * / sqrt only
// (deterministic.hpp), so the same plan gives the same marks, bit for bit, on every machine.
#include "simulation.hpp"

#include "blue_noise.hpp"
#include "deterministic.hpp"
#include "regions.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>

namespace hp {

std::size_t Simulation::siteCount() const {
    std::size_t n = 0;
    for (const ZoneMarks& z : zones)
        n += z.sites.size();
    return n;
}

std::size_t Simulation::dotCount() const {
    std::size_t n = 0;
    for (const ZoneMarks& z : zones)
        n += z.dots.size();
    return n;
}

long long Simulation::hairCount() const {
    long long n = 0;
    for (const ZoneMarks& z : zones)
        for (const GraftSite& s : z.sites)
            n += s.hairs;
    return n;
}

namespace {

// Seeds. A zone's marks come from a seed of its own, so that changing one zone never moves the
// marks of another whose counted region did not change:
// - the band's from the hairline's irregularity seed: "New variation" draws a new front edge,
//   which moves the band's marks anyway, and draws new ones with it;
// - a graft or SMP zone's from its kind and its index in the file, and NOT from the hairline's
//   seed: editing the hairline must leave the marks of zones away from it exactly where they
//   were, or the whole picture would shimmer while the surgeon drags the hairline.
// Each purpose (positions, directions, hairs) then has its own stream from the zone's seed.
constexpr std::uint64_t kBandTag = 0x62616E64;  // "band"
constexpr std::uint64_t kGraftTag = 0x67726674; // "grft"
constexpr std::uint64_t kSmpTag = 0x736D7020;   // "smp "
constexpr std::uint64_t kPositions = 1;
constexpr std::uint64_t kDirections = 2;
constexpr std::uint64_t kHairs = 3;

/// The band's sites: hairs beyond one per site (hairs_per_graft above 1) go to the sites
/// deepest behind the front edge, ranked by depth (0 at the front edge, 1 at transition_mm) plus
/// a seeded jitter of up to this much, so that the very front stays single hairs and the
/// doubles thin out gradually toward it instead of starting on a visible line.
constexpr double kBandDepthJitter = 0.5;

double norm(Point v) {
    return std::sqrt(v.x * v.x + v.y * v.y);
}

Point unitOr(Point v, Point fallback) {
    const double n = norm(v);
    return n > 0.0 && std::isfinite(n) ? Point{v.x / n, v.y / n} : fallback;
}

double dot(Point a, Point b) {
    return a.x * b.x + a.y * b.y;
}

/// v turned by `degrees` clockwise on screen (y down), length kept at 1.
Point turned(Point v, double degrees) {
    const SinCos t = sinCosDegrees(degrees);
    return unitOr({v.x * t.cos - v.y * t.sin, v.x * t.sin + v.y * t.cos}, v);
}

/// A seeded turn in [-kDirectionVariationDeg, kDirectionVariationDeg], triangular (most turns
/// small, as neighbouring hairs mostly agree).
double directionVariationDeg(SeededStream& stream) {
    // Two statements: the order of two calls within one expression is unspecified in C++.
    const double a = stream.unit();
    const double b = stream.unit();
    return kDirectionVariationDeg * (a + b - 1.0);
}

/// Nearest sample of the smooth hairline, by a grid of cells about as wide as the band is deep,
/// searched in growing square rings. Ties go to the lower index.
class NearestSample {
  public:
    NearestSample(const std::vector<Point>& samples, Box around, double cellPx)
        : samples_(samples) {
        Box box = boundingBox(samples);
        box.minX = std::min(box.minX, around.minX);
        box.minY = std::min(box.minY, around.minY);
        box.maxX = std::max(box.maxX, around.maxX);
        box.maxY = std::max(box.maxY, around.maxY);
        cell_ = cellPx > 0.0 ? cellPx : 1.0;
        // A dense grid; a huge box gets wider cells rather than millions of them.
        constexpr double kMaxCells = 1 << 20;
        for (;;) {
            nx_ = static_cast<std::size_t>(std::floor((box.maxX - box.minX) / cell_)) + 1;
            ny_ = static_cast<std::size_t>(std::floor((box.maxY - box.minY) / cell_)) + 1;
            const double cells = static_cast<double>(nx_) * static_cast<double>(ny_);
            if (cells <= kMaxCells) break;
            cell_ *= std::sqrt(cells / kMaxCells) * 1.01;
        }
        originX_ = box.minX;
        originY_ = box.minY;
        start_.assign(nx_ * ny_ + 1, 0);
        std::vector<std::size_t> cellOf(samples.size());
        for (std::size_t i = 0; i < samples.size(); ++i) {
            cellOf[i] = row(samples[i].y) * nx_ + column(samples[i].x);
            ++start_[cellOf[i] + 1];
        }
        for (std::size_t c = 0; c + 1 < start_.size(); ++c)
            start_[c + 1] += start_[c];
        order_.resize(samples.size());
        std::vector<std::size_t> fill(start_.begin(), start_.end() - 1);
        for (std::size_t i = 0; i < samples.size(); ++i)
            order_[fill[cellOf[i]]++] = i;
    }

    std::size_t nearest(Point p) const {
        const std::size_t cx = column(p.x), cy = row(p.y);
        double best = std::numeric_limits<double>::infinity();
        std::size_t bestIndex = 0;
        const std::size_t rings = std::max(nx_, ny_);
        for (std::size_t r = 0; r <= rings; ++r) {
            // Every cell of ring r is at least (r - 1) cells from p, so once the best is nearer
            // than that nothing farther out can beat it.
            if (r >= 1 &&
                best < static_cast<double>(r - 1) * cell_ * static_cast<double>(r - 1) * cell_)
                break;
            const std::size_t x0 = cx >= r ? cx - r : 0, x1 = std::min(cx + r, nx_ - 1);
            const std::size_t y0 = cy >= r ? cy - r : 0, y1 = std::min(cy + r, ny_ - 1);
            for (std::size_t y = y0; y <= y1; ++y)
                for (std::size_t x = x0; x <= x1; ++x) {
                    const bool onRing = x + r == cx || x == cx + r || y + r == cy || y == cy + r;
                    if (!onRing) continue;
                    const std::size_t c = y * nx_ + x;
                    for (std::size_t k = start_[c]; k < start_[c + 1]; ++k) {
                        const std::size_t i = order_[k];
                        const Point d = samples_[i] - p;
                        const double d2 = d.x * d.x + d.y * d.y;
                        if (d2 < best || (d2 == best && i < bestIndex)) {
                            best = d2;
                            bestIndex = i;
                        }
                    }
                }
        }
        return bestIndex;
    }

  private:
    std::size_t column(double x) const { return clamped((x - originX_) / cell_, nx_); }
    std::size_t row(double y) const { return clamped((y - originY_) / cell_, ny_); }
    static std::size_t clamped(double v, std::size_t n) {
        if (!(v > 0)) return 0;
        const double f = std::floor(v);
        return f >= static_cast<double>(n - 1) ? n - 1 : static_cast<std::size_t>(f);
    }

    const std::vector<Point>& samples_;
    double originX_ = 0, originY_ = 0, cell_ = 1;
    std::size_t nx_ = 1, ny_ = 1;
    std::vector<std::size_t> start_;
    std::vector<std::size_t> order_;
};

/// The hairline's mean direction toward the face: its anti-scalp normals averaged along its
/// length (each sample weighted by the arc it stands for, since samples crowd where it bends).
Point meanFaceDirection(const SmoothHairline& smooth) {
    Point sum{0, 0};
    const std::size_t n = smooth.points.size();
    for (std::size_t i = 0; i < n; ++i) {
        const double before = i > 0 ? smooth.arcPx[i] - smooth.arcPx[i - 1] : 0.0;
        const double after = i + 1 < n ? smooth.arcPx[i + 1] - smooth.arcPx[i] : 0.0;
        sum = sum - (0.5 * (before + after)) * smooth.normals[i];
    }
    return unitOr(sum, {0.0, 1.0});
}

/// How many sites carry 1, 2, ... hairs: `sites` sites holding `hairs` hairs in all, at most
/// `most` each. The mix follows real follicular units: 1 + a binomial count of extra hairs out
/// of most - 1, whose mean is hairs / sites. At 2.0 hairs per graft that is 30% singles, 44%
/// doubles, 22% triples and 4% fours; at 2.2 (Caucasian average) 22/43/29/6%. The expected
/// numbers are rounded by largest remainder, then single sites move one class up or down, each
/// time where the rounding left the most surplus, until the hairs add up exactly.
std::array<long long, 6> hairMix(long long sites, long long hairs, int most) {
    std::array<long long, 6> count{}; // count[k]: sites with k hairs, k in 1..most
    hairs = std::clamp(hairs, sites, sites * most);
    const int extras = most - 1;
    const double p =
        sites > 0 ? static_cast<double>(hairs - sites) / (static_cast<double>(sites) * extras)
                  : 0.0;
    // Binomial(extras, p) by products only (no pow): C(extras, j) p^j (1 - p)^(extras - j).
    std::array<double, 6> expected{};
    for (int j = 0; j <= extras; ++j) {
        double prob = 1.0;
        for (int m = 0; m < j; ++m)
            prob *= p * static_cast<double>(extras - m) / static_cast<double>(m + 1);
        for (int m = 0; m < extras - j; ++m)
            prob *= 1.0 - p;
        expected[static_cast<std::size_t>(j + 1)] = prob * static_cast<double>(sites);
    }
    long long placed = 0;
    std::array<double, 6> remainder{};
    for (int k = 1; k <= most; ++k) {
        const auto kk = static_cast<std::size_t>(k);
        count[kk] = static_cast<long long>(std::floor(expected[kk]));
        remainder[kk] = expected[kk] - static_cast<double>(count[kk]);
        placed += count[kk];
    }
    while (placed < sites) { // largest remainder first; ties to the fewer hairs
        std::size_t best = 1;
        for (std::size_t k = 2; k <= static_cast<std::size_t>(most); ++k)
            if (remainder[k] > remainder[best]) best = k;
        ++count[best];
        remainder[best] -= 1.0;
        ++placed;
    }
    auto surplus = [&](std::size_t k) { return static_cast<double>(count[k]) - expected[k]; };
    long long total = 0;
    for (int k = 1; k <= most; ++k)
        total += k * count[static_cast<std::size_t>(k)];
    while (total != hairs) {
        const bool up = total < hairs;
        std::size_t best = 0;
        double bestGain = -std::numeric_limits<double>::infinity();
        for (std::size_t k = 1; k <= static_cast<std::size_t>(most); ++k) {
            const std::size_t to = up ? k + 1 : k - 1;
            if (count[k] == 0 || to < 1 || to > static_cast<std::size_t>(most)) continue;
            const double gain = surplus(k) - surplus(to);
            if (gain > bestGain) {
                bestGain = gain;
                best = k;
            }
        }
        --count[best];
        ++count[up ? best + 1 : best - 1];
        total += up ? 1 : -1;
    }
    return count;
}

/// Fisher-Yates with the seeded stream.
template <class T> void shuffle(std::vector<T>& items, SeededStream& stream) {
    for (std::size_t i = items.size(); i > 1; --i) {
        const std::size_t j = stream.below(static_cast<std::uint32_t>(i));
        std::swap(items[i - 1], items[j]);
    }
}

/// Graft zone: hairs per site as hairMix gives them, dealt to the sites by a seeded shuffle.
void assignZoneHairs(std::vector<GraftSite>& sites, long long hairs, double hairsPerGraft,
                     SeededStream& stream) {
    const int most = hairsPerGraft > 4.0 ? 5 : 4;
    const auto mix = hairMix(static_cast<long long>(sites.size()), hairs, most);
    std::vector<std::uint8_t> deck;
    deck.reserve(sites.size());
    for (int k = 1; k <= most; ++k)
        deck.insert(deck.end(), static_cast<std::size_t>(mix[static_cast<std::size_t>(k)]),
                    static_cast<std::uint8_t>(k));
    shuffle(deck, stream);
    for (std::size_t i = 0; i < sites.size(); ++i)
        sites[i].hairs = deck[i];
}

/// The band: single hairs, and where hairs_per_graft is above 1 the extra hairs one per site
/// on the sites ranked deepest behind the front edge (kBandDepthJitter), all of them once every
/// site has one more, until the hairs add up to the band's figure.
void assignBandHairs(std::vector<GraftSite>& sites, const std::vector<double>& depth,
                     long long hairs, SeededStream& stream) {
    const auto n = static_cast<long long>(sites.size());
    if (n == 0) return;
    const long long extra = std::clamp(hairs - n, 0LL, 4 * n);
    const long long everySite = extra / n;
    const long long someSites = extra % n;
    std::vector<double> key(sites.size());
    for (std::size_t i = 0; i < sites.size(); ++i) {
        sites[i].hairs = static_cast<std::uint8_t>(1 + everySite);
        key[i] = depth[i] + kBandDepthJitter * stream.unit();
    }
    if (someSites == 0) return;
    std::vector<std::size_t> rank(sites.size());
    std::iota(rank.begin(), rank.end(), std::size_t{0});
    std::sort(rank.begin(), rank.end(), [&](std::size_t a, std::size_t b) {
        return key[a] > key[b] || (key[a] == key[b] && a < b);
    });
    for (long long r = 0; r < someSites; ++r)
        ++sites[rank[static_cast<std::size_t>(r)]].hairs;
}

long long figureOrZero(const std::optional<long long>& v) {
    return v && *v > 0 ? *v : 0;
}

} // namespace

Simulation simulate(const Plan& plan, const Summary& summary, const PlanShapes& shapes,
                    const std::optional<HairlineGeometry>& hairline) {
    Simulation sim;
    if (!summary.calibrated || !summary.mmPerPx || !(*summary.mmPerPx > 0.0)) return sim;
    sim.mmPerPx = *summary.mmPerPx;

    long long wanted = 0;
    for (const ZoneFigures& f : summary.zones)
        wanted += figureOrZero(f.grafts) + figureOrZero(f.dots);
    sim.tooManyMarks = wanted > kMaxSimulatedMarks;

    // The default way hair points in a graft zone: toward the face, as the hairline's mean
    // anti-scalp normal; without a hairline, down the image (a frontal photo, scalp up).
    const Point zoneDefault = hairline ? meanFaceDirection(hairline->smooth) : Point{0.0, 1.0};

    for (const ZoneFigures& f : summary.zones) {
        ZoneMarks marks;
        marks.zoneIndex = f.zoneIndex;
        marks.kind = f.kind;
        double density = 0.0;
        long long count = 0;
        std::uint64_t seed = 0;
        const Region* region = nullptr;
        Region bandRegion;
        switch (f.kind) {
        case FigureKind::Hairline:
            count = figureOrZero(f.grafts);
            // The band only when it counts a graft, and only with its geometry at hand.
            if (count == 0 || !plan.hairline || !hairline || shapes.band.empty()) continue;
            density = plan.hairline->densityFuCm2;
            seed = combineSeeds(kBandTag, plan.hairline->irregularity.seed);
            // The band is on top of the graft stack, so its counted region is all of its
            // outline's region (non-zero rule, plan-format.md §2 rule 5).
            bandRegion = regionOf(shapes.band.front());
            region = &bandRegion;
            break;
        case FigureKind::Graft:
        case FigureKind::Smp: {
            const auto zone = static_cast<std::size_t>(f.zoneIndex);
            if (f.zoneIndex < 0 || zone >= plan.zones.size() || zone >= shapes.zones.size())
                continue;
            const bool graft = f.kind == FigureKind::Graft;
            count = figureOrZero(graft ? f.grafts : f.dots);
            density = graft ? plan.zones[zone].densityFuCm2 : plan.zones[zone].densityDotsCm2;
            seed = combineSeeds(graft ? kGraftTag : kSmpTag, zone);
            region = &shapes.zones[zone].visible;
            break;
        }
        case FigureKind::Donor:
            continue;
        }
        marks.spacingPx = density > 0.0 ? std::sqrt(100.0 / density) / sim.mmPerPx : 0.0;
        marks.minSpacingPx = kMinSpacingFraction * marks.spacingPx;
        if (sim.tooManyMarks || count == 0) {
            sim.zones.push_back(std::move(marks));
            continue;
        }

        BlueNoise placed = placeBlueNoise(*region, static_cast<std::size_t>(count),
                                          marks.minSpacingPx, combineSeeds(seed, kPositions));
        marks.minSpacingPx = placed.minDistancePx;
        if (f.kind == FigureKind::Smp) {
            marks.dots = std::move(placed.points);
            sim.zones.push_back(std::move(marks));
            continue;
        }

        marks.sites.resize(placed.points.size());
        SeededStream directions(combineSeeds(seed, kDirections));
        SeededStream hairsStream(combineSeeds(seed, kHairs));
        if (f.kind == FigureKind::Hairline) {
            // Each band site points along the anti-scalp normal of the nearest sample of the
            // smooth hairline: toward the face, fanning out as the hairline curves.
            const SmoothHairline& smooth = hairline->smooth;
            const double depthPx = plan.hairline->transitionMm / sim.mmPerPx;
            const NearestSample nearest(smooth.points, boundingBox(placed.points), 0.5 * depthPx);
            std::vector<double> depth(placed.points.size());
            for (std::size_t i = 0; i < placed.points.size(); ++i) {
                const Point at = placed.points[i];
                const std::size_t s = nearest.nearest(at);
                const Point face{-smooth.normals[s].x, -smooth.normals[s].y};
                marks.sites[i].at = at;
                marks.sites[i].direction = turned(face, directionVariationDeg(directions));
                depth[i] = depthPx > 0
                               ? dot(at - hairline->frontEdge[s], smooth.normals[s]) / depthPx
                               : 0.0;
            }
            assignBandHairs(marks.sites, depth, figureOrZero(f.hairs), hairsStream);
        } else {
            const Zone& zone = plan.zones[static_cast<std::size_t>(f.zoneIndex)];
            Point base = zoneDefault;
            if (zone.hairDirectionDeg) {
                const SinCos t = sinCosDegrees(*zone.hairDirectionDeg);
                base = {t.cos, t.sin};
            }
            for (std::size_t i = 0; i < placed.points.size(); ++i) {
                marks.sites[i].at = placed.points[i];
                marks.sites[i].direction = turned(base, directionVariationDeg(directions));
            }
            assignZoneHairs(marks.sites, figureOrZero(f.hairs), zone.hairsPerGraft, hairsStream);
        }
        sim.zones.push_back(std::move(marks));
    }
    return sim;
}

Simulation simulate(const Plan& plan) {
    const std::optional<HairlineGeometry> hairline = planHairlineGeometry(plan);
    return simulate(plan, summarize(plan, hairline), planShapes(plan, hairline), hairline);
}

} // namespace hp
