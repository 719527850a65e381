// The simulated graft sites and SMP dots (planning/simulation.hpp, blue_noise.hpp,
// region_sampler.hpp, deterministic.hpp): counts, regions, spacing, determinism, hairs and
// directions, on hand-made plans, the bundled sample and seeded random plans.
#include "planning/blue_noise.hpp"
#include "planning/deterministic.hpp"
#include "planning/plan_io.hpp"
#include "planning/region_sampler.hpp"
#include "planning/simulation.hpp"

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <numeric>
#include <string>

using namespace hp;

namespace {

// At 0.1 mm per pixel, 100 px are 1 cm and 10,000 px² are 1 cm².
Plan calibratedPlan() {
    Plan p;
    p.calibration = ScaleCalibration{0.1};
    return p;
}

Outline rectCm(double xCm, double yCm, double wCm, double hCm) {
    const double x = xCm * 100, y = yCm * 100, w = wCm * 100, h = hCm * 100;
    return {{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}};
}

// A straight hairline from x = 1000 to x = 2000 at y = 1000 (10 cm at 0.1 mm/px), scalp above,
// without irregularity: the band is the rectangle y in [920, 1000].
Hairline straightHairline() {
    Hairline h;
    h.points = {{1000, 1000}, {1500, 1000}, {2000, 1000}};
    h.irregularity.amplitudeMm = 0.0;
    return h;
}

// Independent of RegionSampler: a ray cast to the right, crossings counted over every outline
// of the region (even-odd, which for outer boundaries and holes is the region).
bool insideRegion(const Region& region, Point p) {
    bool inside = false;
    for (const Outline& o : region) {
        for (std::size_t i = 0, j = o.size() - 1; i < o.size(); j = i++) {
            const Point a = o[i], b = o[j];
            if ((a.y > p.y) != (b.y > p.y)) {
                const double x = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y);
                if (p.x < x) inside = !inside;
            }
        }
    }
    return inside;
}

// The smallest distance between two of the points (sweep over x).
double closestDistance(std::vector<Point> points) {
    std::sort(points.begin(), points.end(),
              [](Point a, Point b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < points.size(); ++i)
        for (std::size_t j = i + 1; j < points.size() && points[j].x - points[i].x < best; ++j) {
            const double dx = points[j].x - points[i].x, dy = points[j].y - points[i].y;
            best = std::min(best, std::sqrt(dx * dx + dy * dy));
        }
    return best;
}

std::vector<Point> markPositions(const ZoneMarks& z) {
    if (!z.dots.empty()) return z.dots;
    std::vector<Point> out;
    for (const GraftSite& s : z.sites)
        out.push_back(s.at);
    return out;
}

// The counted region of a row of the summary.
Region countedRegion(const ZoneMarks& z, const PlanShapes& shapes) {
    if (z.kind == FigureKind::Hairline) return regionOf(shapes.band.front());
    return shapes.zones[static_cast<std::size_t>(z.zoneIndex)].visible;
}

const ZoneMarks* marksOf(const Simulation& sim, const ZoneFigures& f) {
    for (const ZoneMarks& z : sim.zones)
        if (z.zoneIndex == f.zoneIndex && z.kind == f.kind) return &z;
    return nullptr;
}

long long hairsOf(const ZoneMarks& z) {
    long long n = 0;
    for (const GraftSite& s : z.sites)
        n += s.hairs;
    return n;
}

// A star-shaped outline around `centre` with `n` vertices, radius varying in [0.6, 1.4] r.
Outline randomBlob(SeededStream& rng, Point centre, double r, int n) {
    Outline o;
    for (int i = 0; i < n; ++i) {
        const SinCos a = sinCosDegrees(360.0 * i / n);
        const double radius = r * (0.6 + 0.8 * rng.unit());
        o.push_back({centre.x + radius * a.cos, centre.y + radius * a.sin});
    }
    return o;
}

// A seeded random plan on a 3000 x 2000 photo at 0.1 mm/px: a hairline (sometimes), 2-6
// overlapping zones of every kind, random densities.
Plan randomPlan(std::uint64_t seed) {
    // One draw per statement throughout: the order of two calls within one expression (say,
    // two arguments of a function) is unspecified, and gcc and clang take them differently.
    SeededStream rng(seed);
    Plan p = calibratedPlan();
    if (rng.unit() < 0.7) {
        Hairline h;
        const double y = 1200 + 200 * rng.unit();
        h.points = {{600, y}, {1000, y}, {1500, y - 150}, {2000, y}, {2400, y}};
        h.points[0].y += 150 * rng.unit();
        h.points[1].y -= 100 * rng.unit();
        h.points[3].y -= 100 * rng.unit();
        h.points[4].y += 150 * rng.unit();
        h.irregularity.seed = static_cast<std::uint32_t>(rng.next());
        h.irregularity.amplitudeMm = 2.0 * rng.unit();
        h.transitionMm = 3 + 7 * rng.unit();
        h.densityFuCm2 = 30 + 30 * rng.unit();
        const double extraHairs = 0.5 * rng.unit();
        h.hairsPerGraft = rng.unit() < 0.5 ? 1.0 : 1.0 + extraHairs;
        h.scalpSide = rng.unit() < 0.8 ? ScalpSide::Up : ScalpSide::Down;
        p.hairline = h;
    }
    const int zones = 2 + static_cast<int>(rng.below(5));
    for (int i = 0; i < zones; ++i) {
        const double u = rng.unit();
        const ZoneKind kind =
            u < 0.6 ? ZoneKind::Graft : (u < 0.85 ? ZoneKind::Smp : ZoneKind::Donor);
        const double cx = 900 + 1200 * rng.unit();
        const double cy = 500 + 900 * rng.unit();
        const double radius = 150 + 250 * rng.unit();
        const int vertices = 5 + static_cast<int>(rng.below(20));
        Zone z = makeZone(kind, "Zone", randomBlob(rng, {cx, cy}, radius, vertices));
        z.densityFuCm2 = 20 + 40 * rng.unit();
        z.hairsPerGraft = 1.0 + 3.5 * rng.unit();
        z.densityDotsCm2 = 40 + 100 * rng.unit();
        const double direction = -360 + 720 * rng.unit();
        if (rng.unit() < 0.3) z.hairDirectionDeg = direction;
        p.zones.push_back(z);
    }
    return p;
}

// Everything placed, checked against the summary and the shapes of the same plan.
void checkAgainstFigures(const Plan& plan) {
    REQUIRE(validatePlan(plan).empty());
    const std::optional<HairlineGeometry> hairline = planHairlineGeometry(plan);
    const Summary summary = summarize(plan, hairline);
    const PlanShapes shapes = planShapes(plan, hairline);
    const Simulation sim = simulate(plan, summary, shapes, hairline);
    REQUIRE(sim.mmPerPx == *summary.mmPerPx);
    REQUIRE_FALSE(sim.tooManyMarks);

    for (const ZoneFigures& f : summary.zones) {
        const ZoneMarks* z = marksOf(sim, f);
        if (f.kind == FigureKind::Donor) {
            CHECK(z == nullptr);
            continue;
        }
        if (f.kind == FigureKind::Hairline && *f.grafts == 0) {
            CHECK(z == nullptr);
            continue;
        }
        REQUIRE(z != nullptr);
        INFO("zone " << f.zoneIndex << " (" << toString(f.kind) << ")");
        // The count, exactly.
        if (f.kind == FigureKind::Smp) {
            CHECK(static_cast<long long>(z->dots.size()) == *f.dots);
            CHECK(z->sites.empty());
        } else {
            CHECK(static_cast<long long>(z->sites.size()) == *f.grafts);
            CHECK(z->dots.empty());
            CHECK(hairsOf(*z) == *f.hairs);
        }
        // Inside the counted region.
        const Region region = countedRegion(*z, shapes);
        const std::vector<Point> at = markPositions(*z);
        std::size_t outside = 0;
        for (Point p : at)
            outside += insideRegion(region, p) ? 0 : 1;
        CHECK(outside == 0);
        // The spacing its density implies, and the guaranteed distance.
        const Zone* zone =
            f.zoneIndex >= 0 ? &plan.zones[static_cast<std::size_t>(f.zoneIndex)] : nullptr;
        const double density =
            f.kind == FigureKind::Hairline
                ? plan.hairline->densityFuCm2
                : (f.kind == FigureKind::Smp ? zone->densityDotsCm2 : zone->densityFuCm2);
        CHECK(z->spacingPx == Approx(std::sqrt(100.0 / density) / sim.mmPerPx));
        CHECK(z->minSpacingPx == Approx(kMinSpacingFraction * z->spacingPx));
        if (at.size() >= 2) CHECK(closestDistance(at) >= z->minSpacingPx);
        // Sites: hairs and directions.
        const int most = f.kind == FigureKind::Graft && zone->hairsPerGraft > 4.0 ? 5 : 4;
        for (const GraftSite& s : z->sites) {
            CHECK(s.hairs >= 1);
            if (f.kind == FigureKind::Graft) CHECK(s.hairs <= most);
            CHECK(std::sqrt(s.direction.x * s.direction.x + s.direction.y * s.direction.y) ==
                  Approx(1.0).epsilon(1e-12));
        }
    }
}

// Bit-for-bit equality of two simulations.
bool identical(const Simulation& a, const Simulation& b) {
    if (a.mmPerPx != b.mmPerPx || a.tooManyMarks != b.tooManyMarks ||
        a.zones.size() != b.zones.size())
        return false;
    for (std::size_t i = 0; i < a.zones.size(); ++i) {
        const ZoneMarks &x = a.zones[i], &y = b.zones[i];
        if (x.zoneIndex != y.zoneIndex || x.kind != y.kind || x.spacingPx != y.spacingPx ||
            x.minSpacingPx != y.minSpacingPx || x.sites.size() != y.sites.size() ||
            x.dots != y.dots)
            return false;
        for (std::size_t k = 0; k < x.sites.size(); ++k)
            if (!(x.sites[k].at == y.sites[k].at) ||
                !(x.sites[k].direction == y.sites[k].direction) ||
                x.sites[k].hairs != y.sites[k].hairs)
                return false;
    }
    return true;
}

// A fingerprint of every bit of the marks (FNV-1a over the doubles' bytes and the hairs).
std::uint64_t fingerprint(const Simulation& sim) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    auto add = [&](const void* data, std::size_t n) {
        const auto* bytes = static_cast<const unsigned char*>(data);
        for (std::size_t i = 0; i < n; ++i) {
            h ^= bytes[i];
            h *= 0x100000001b3ULL;
        }
    };
    for (const ZoneMarks& z : sim.zones) {
        for (const GraftSite& s : z.sites) {
            add(&s.at.x, 8);
            add(&s.at.y, 8);
            add(&s.direction.x, 8);
            add(&s.direction.y, 8);
            add(&s.hairs, 1);
        }
        for (const Point& d : z.dots) {
            add(&d.x, 8);
            add(&d.y, 8);
        }
    }
    return h;
}

} // namespace

// ---- the plan's marks ------------------------------------------------------------------------

TEST_CASE("a 10 x 10 cm graft zone gets its 4,000 sites, 8,000 hairs, inside and spaced",
          "[simulation]") {
    Plan p = calibratedPlan();
    p.zones.push_back(makeZone(ZoneKind::Graft, "Core", rectCm(1, 1, 10, 10)));
    const Simulation sim = simulate(p);
    REQUIRE(sim.zones.size() == 1);
    const ZoneMarks& z = sim.zones[0];
    CHECK(z.kind == FigureKind::Graft);
    CHECK(z.zoneIndex == 0);
    CHECK(z.sites.size() == 4000);
    CHECK(sim.siteCount() == 4000);
    CHECK(sim.dotCount() == 0);
    CHECK(sim.hairCount() == 8000);
    // 40 FU/cm²: one graft per 2.5 mm², 1.58 mm apart, 15.8 px at 0.1 mm/px.
    CHECK(z.spacingPx == Approx(15.811388));
    CHECK(z.minSpacingPx == Approx(0.6 * 15.811388));
    CHECK(closestDistance(markPositions(z)) >= z.minSpacingPx);
    for (const GraftSite& s : z.sites) {
        CHECK(s.at.x > 100);
        CHECK(s.at.x < 1100);
        CHECK(s.at.y > 100);
        CHECK(s.at.y < 1100);
    }
}

TEST_CASE("the marks spread evenly: every square centimetre holds close to its share",
          "[simulation]") {
    // Blue noise, not clumps: 40 sites in each of the 100 cm² of the zone, give or take a
    // few (pure random placement would give 40 +- 19 at three standard deviations).
    Plan p = calibratedPlan();
    p.zones.push_back(makeZone(ZoneKind::Graft, "Core", rectCm(0, 0, 10, 10)));
    const Simulation sim = simulate(p);
    std::vector<int> perCm2(100, 0);
    for (const GraftSite& s : sim.zones[0].sites)
        ++perCm2[static_cast<std::size_t>(std::floor(s.at.y / 100) * 10 +
                                          std::floor(s.at.x / 100))];
    const auto [least, most] = std::minmax_element(perCm2.begin(), perCm2.end());
    CHECK(*least >= 30);
    CHECK(*most <= 50);
    // Nearest neighbours: on average well over the guaranteed 0.6 spacings (0.5 is what pure
    // random points give).
    const std::vector<Point> at = markPositions(sim.zones[0]);
    double sum = 0;
    for (std::size_t i = 0; i < at.size(); ++i) {
        double best = std::numeric_limits<double>::infinity();
        for (std::size_t j = 0; j < at.size(); ++j) {
            if (i == j) continue;
            const double dx = at[j].x - at[i].x, dy = at[j].y - at[i].y;
            best = std::min(best, dx * dx + dy * dy);
        }
        sum += std::sqrt(best);
    }
    CHECK(sum / static_cast<double>(at.size()) / sim.zones[0].spacingPx > 0.75);
}

TEST_CASE("the sample plan: every zone and the band get exactly their figures", "[simulation]") {
    const PlanLoad load =
        loadPlanFile(std::filesystem::path(HAIRPLAN_ASSETS) / "sample" / "plan.json");
    REQUIRE(load.plan);
    checkAgainstFigures(*load.plan);
    const Simulation sim = simulate(*load.plan);
    const Summary s = summarize(*load.plan);
    CHECK(static_cast<long long>(sim.siteCount()) == *s.totals.grafts);
    CHECK(static_cast<long long>(sim.dotCount()) == *s.totals.smpDots);
    CHECK(sim.hairCount() == *s.totals.hairs);
    // The band first, then the graft and SMP zones in file order; no donor zone.
    REQUIRE(sim.zones.size() == 4);
    CHECK(sim.zones[0].kind == FigureKind::Hairline);
    CHECK(sim.zones[0].zoneIndex == -1);
    CHECK(sim.zones[1].zoneIndex == 0);
    CHECK(sim.zones[2].zoneIndex == 1);
    CHECK(sim.zones[3].zoneIndex == 2);
    CHECK(sim.zones[3].kind == FigureKind::Smp);
}

TEST_CASE("random plans: counts, regions, spacing, hairs and directions hold", "[simulation]") {
    for (std::uint64_t seed = 1; seed <= 24; ++seed) {
        INFO("random plan " << seed);
        checkAgainstFigures(randomPlan(seed));
    }
}

TEST_CASE("an uncalibrated plan has no marks", "[simulation]") {
    Plan p;
    p.hairline = straightHairline();
    p.zones.push_back(makeZone(ZoneKind::Graft, "Core", rectCm(1, 1, 10, 10)));
    p.zones.push_back(makeZone(ZoneKind::Smp, "Crown", rectCm(1, 12, 5, 5)));
    const Simulation sim = simulate(p);
    CHECK(sim.mmPerPx == 0.0);
    CHECK(sim.zones.empty());
    CHECK(sim.siteCount() == 0);
    CHECK(sim.dotCount() == 0);
    CHECK(sim.hairCount() == 0);
}

TEST_CASE("a zone that counts nothing is listed with no marks", "[simulation]") {
    Plan p = calibratedPlan();
    // Hidden entirely under the zone after it, and a zone too small to count one graft.
    p.zones.push_back(makeZone(ZoneKind::Graft, "Hidden", rectCm(0, 0, 2, 2)));
    p.zones.push_back(makeZone(ZoneKind::Graft, "Cover", rectCm(0, 0, 2, 2)));
    p.zones.push_back(makeZone(ZoneKind::Smp, "Speck", {{3000, 3000}, {3001, 3000}, {3001, 3001}}));
    const Summary s = summarize(p);
    REQUIRE(*s.zones[0].grafts == 0);
    REQUIRE(*s.zones[2].dots == 0);
    const Simulation sim = simulate(p);
    REQUIRE(sim.zones.size() == 3);
    CHECK(sim.zones[0].sites.empty());
    CHECK(sim.zones[1].sites.size() == 160);
    CHECK(sim.zones[2].dots.empty());
    CHECK(sim.zones[2].spacingPx == Approx(10.0)); // 100 dots/cm²: 1 mm apart
}

TEST_CASE("overlapping zones: a lower zone's marks stay out of the upper zone", "[simulation]") {
    Plan p = calibratedPlan();
    p.zones.push_back(makeZone(ZoneKind::Graft, "Midscalp", rectCm(0, 0, 10, 10)));
    p.zones.push_back(makeZone(ZoneKind::Graft, "Frontal", rectCm(5, 2, 10, 6)));
    p.zones.push_back(makeZone(ZoneKind::Graft, "Island", rectCm(1, 1, 2, 2)));
    p.zones[0].densityFuCm2 = 30;
    const Simulation sim = simulate(p);
    const Summary s = summarize(p);
    REQUIRE(sim.zones.size() == 3);
    CHECK(static_cast<long long>(sim.zones[0].sites.size()) == *s.zones[0].grafts);
    const Region frontal = regionOf(p.zones[1].points);
    const Region island = regionOf(p.zones[2].points);
    std::size_t inUpper = 0;
    for (const GraftSite& site : sim.zones[0].sites)
        inUpper += insideRegion(frontal, site.at) || insideRegion(island, site.at) ? 1 : 0;
    CHECK(inUpper == 0);
    // The island is a hole in the midscalp's counted region; its own marks are all inside it.
    for (const GraftSite& site : sim.zones[2].sites)
        CHECK(insideRegion(island, site.at));
    CHECK(sim.zones[2].sites.size() == 160);
}

TEST_CASE("a sliver left of a covered zone still gets its exact count inside it", "[simulation]") {
    // 10 cm x 10 cm, all covered but a strip 0.3 mm (3 px) wide along the top: 0.3 cm² of
    // counted area at 40 FU/cm², 12 grafts in a strip a fifth of a spacing wide.
    Plan p = calibratedPlan();
    p.zones.push_back(makeZone(ZoneKind::Graft, "Base", rectCm(0, 0, 10, 10)));
    p.zones.push_back(
        makeZone(ZoneKind::Graft, "Cover", {{0, 3}, {1000, 3}, {1000, 1000}, {0, 1000}}));
    const Summary s = summarize(p);
    REQUIRE(*s.zones[0].grafts == 12);
    const Simulation sim = simulate(p);
    const std::vector<Point> at = markPositions(sim.zones[0]);
    REQUIRE(at.size() == 12);
    for (Point q : at) {
        CHECK(q.y > 0);
        CHECK(q.y < 3);
        CHECK(q.x > 0);
        CHECK(q.x < 1000);
    }
    CHECK(closestDistance(at) >= sim.zones[0].minSpacingPx);
    checkAgainstFigures(p);
}

TEST_CASE("one and two marks in a zone", "[simulation]") {
    Plan p = calibratedPlan();
    // 0.025 cm² at 40 FU/cm² is one graft; 0.05 cm², two.
    p.zones.push_back(makeZone(ZoneKind::Graft, "One", rectCm(0, 0, 0.25, 0.1)));
    p.zones.push_back(makeZone(ZoneKind::Graft, "Two", rectCm(1, 0, 0.5, 0.1)));
    const Summary s = summarize(p);
    REQUIRE(*s.zones[0].grafts == 1);
    REQUIRE(*s.zones[1].grafts == 2);
    checkAgainstFigures(p);
}

TEST_CASE("the same plan gives the same marks, bit for bit", "[simulation]") {
    const Plan plan = randomPlan(7);
    const Simulation first = simulate(plan);
    const Plan copy = plan;
    CHECK(identical(first, simulate(plan)));
    CHECK(identical(first, simulate(copy)));
    CHECK(fingerprint(first) == fingerprint(simulate(copy)));
}

TEST_CASE("the marks are the same on every machine", "[simulation]") {
    // A fingerprint of every bit of a simple plan's marks, taken on the project's machine
    // (x86-64, g++ 12). Another compiler or processor must give the same. If the placement is
    // changed on purpose, take the new value (and say so in the commit).
    Plan p = calibratedPlan();
    p.zones.push_back(makeZone(ZoneKind::Graft, "Core", rectCm(1, 1, 4, 3)));
    p.zones.push_back(makeZone(ZoneKind::Smp, "Crown", rectCm(6, 1, 2, 2)));
    p.zones.push_back(makeZone(ZoneKind::Graft, "Temple",
                               {{400, 300}, {700, 350}, {650, 600}, {420, 560}, {300, 450}}));
    p.zones[0].hairDirectionDeg = 75.0;
    p.zones[2].hairsPerGraft = 2.2;
    const Simulation sim = simulate(p);
    REQUIRE(static_cast<long long>(sim.siteCount()) == *summarize(p).totals.grafts);
    REQUIRE(sim.dotCount() == 400);
    CHECK(fingerprint(sim) == 0x45adfa3f65416a12ULL);
}

TEST_CASE("changing one zone leaves the marks of a zone it does not touch alone", "[simulation]") {
    Plan p = calibratedPlan();
    p.hairline = straightHairline();
    p.zones.push_back(makeZone(ZoneKind::Graft, "Far", rectCm(20, 20, 4, 4)));
    p.zones.push_back(makeZone(ZoneKind::Graft, "Near", rectCm(10, 8, 5, 3)));
    const Simulation before = simulate(p);
    p.zones[1].points[0].x -= 50;      // another shape for the near zone
    p.hairline->irregularity.seed = 9; // and "new variation"
    p.hairline->irregularity.amplitudeMm = 1.5;
    const Simulation after = simulate(p);
    const ZoneMarks &farBefore = before.zones[1], &farAfter = after.zones[1];
    REQUIRE(farBefore.zoneIndex == 0);
    REQUIRE(farAfter.zoneIndex == 0);
    REQUIRE(farBefore.sites.size() == farAfter.sites.size());
    for (std::size_t i = 0; i < farBefore.sites.size(); ++i)
        CHECK(farBefore.sites[i].at == farAfter.sites[i].at);
    // The band's marks follow the new variation.
    CHECK_FALSE(before.zones[0].sites.front().at == after.zones[0].sites.front().at);
}

// ---- hairs -----------------------------------------------------------------------------------

TEST_CASE("the hairs of a graft zone add up to its figure, in a natural mix", "[simulation]") {
    for (double hpg : {1.0, 1.3, 2.0, 2.2, 2.5, 3.0, 4.0, 4.5, 5.0}) {
        INFO("hairs per graft " << hpg);
        Plan p = calibratedPlan();
        p.zones.push_back(makeZone(ZoneKind::Graft, "Core", rectCm(0, 0, 5, 5)));
        p.zones[0].hairsPerGraft = hpg;
        const Summary s = summarize(p);
        const Simulation sim = simulate(p);
        const ZoneMarks& z = sim.zones[0];
        REQUIRE(z.sites.size() == 1000);
        CHECK(hairsOf(z) == *s.zones[0].hairs);
        std::array<int, 7> count{};
        for (const GraftSite& site : z.sites) {
            REQUIRE(site.hairs >= 1);
            REQUIRE(site.hairs <= (hpg > 4.0 ? 5 : 4));
            ++count[site.hairs];
        }
        if (hpg == 1.0) CHECK(count[1] == 1000);
        if (hpg == 4.0) CHECK(count[4] == 1000);
        if (hpg == 2.0 || hpg == 2.2) {
            // Mostly doubles, some singles and triples, few fours.
            CHECK(count[2] > count[1]);
            CHECK(count[2] > count[3]);
            CHECK(count[1] > count[4]);
            CHECK(count[3] > count[4]);
            CHECK(count[4] > 0);
            CHECK(count[2] > 400);
        }
    }
}

TEST_CASE("which site holds which count is shuffled, not sorted by place", "[simulation]") {
    Plan p = calibratedPlan();
    p.zones.push_back(makeZone(ZoneKind::Graft, "Core", rectCm(0, 0, 5, 5)));
    const Simulation sim = simulate(p);
    // The triples are spread over the zone: some in each half, left and right.
    int left = 0, right = 0;
    for (const GraftSite& s : sim.zones[0].sites)
        if (s.hairs == 3) (s.at.x < 250 ? left : right)++;
    CHECK(left > 60);
    CHECK(right > 60);
}

TEST_CASE("the band's sites are single hairs", "[simulation]") {
    Plan p = calibratedPlan();
    p.hairline = straightHairline();
    const Summary s = summarize(p);
    const Simulation sim = simulate(p);
    REQUIRE(sim.zones.size() == 1);
    const ZoneMarks& band = sim.zones[0];
    CHECK(band.kind == FigureKind::Hairline);
    CHECK(band.zoneIndex == -1);
    CHECK(static_cast<long long>(band.sites.size()) == *s.zones[0].grafts); // 8 cm² x 45 = 360
    CHECK(band.sites.size() == 360);
    for (const GraftSite& site : band.sites)
        CHECK(site.hairs == 1);
}

TEST_CASE("above one hair per graft, the band's extra hairs go deeper behind the front edge",
          "[simulation]") {
    Plan p = calibratedPlan();
    p.hairline = straightHairline();
    p.hairline->hairsPerGraft = 1.3;
    const Summary s = summarize(p);
    const Simulation sim = simulate(p);
    const ZoneMarks& band = sim.zones[0];
    CHECK(hairsOf(band) == *s.zones[0].hairs); // round(360 x 1.3) = 468
    CHECK(hairsOf(band) == 468);
    int singles = 0, doubles = 0;
    double singleDepth = 0, doubleDepth = 0;
    for (const GraftSite& site : band.sites) {
        REQUIRE(site.hairs <= 2);
        // The front edge is y = 1000, the band reaches up to y = 920.
        const double depth = 1000 - site.at.y;
        (site.hairs == 1 ? singleDepth : doubleDepth) += depth;
        ++(site.hairs == 1 ? singles : doubles);
    }
    CHECK(doubles == 108);
    CHECK(singles == 252);
    CHECK(doubleDepth / doubles > singleDepth / singles + 15);
    // The first millimetre behind the front edge: single hairs only.
    for (const GraftSite& site : band.sites)
        if (1000 - site.at.y < 10) CHECK(site.hairs == 1);
}

// ---- directions ------------------------------------------------------------------------------

TEST_CASE("hair points toward the face by default", "[simulation]") {
    Plan p = calibratedPlan();
    p.hairline = straightHairline();
    p.zones.push_back(makeZone(ZoneKind::Graft, "Core", rectCm(10, 5, 10, 3)));
    const Simulation sim = simulate(p);
    REQUIRE(sim.zones.size() == 2);
    // Scalp up, face down the image: (0, 1), give or take the seeded variation.
    const double cosVariation = std::cos(kDirectionVariationDeg * M_PI / 180.0);
    double sumX = 0;
    for (const ZoneMarks& z : sim.zones)
        for (const GraftSite& s : z.sites) {
            CHECK(s.direction.y >= cosVariation - 1e-12);
            sumX += s.direction.x;
        }
    // The variation goes both ways and averages out.
    CHECK(std::abs(sumX / static_cast<double>(sim.siteCount())) < 0.01);

    // Without a hairline, down the image too.
    Plan q = calibratedPlan();
    q.zones.push_back(makeZone(ZoneKind::Graft, "Core", rectCm(10, 5, 10, 3)));
    const Simulation withoutHairline = simulate(q);
    REQUIRE(withoutHairline.zones.size() == 1);
    REQUIRE(withoutHairline.zones[0].sites.size() == 1200);
    for (const GraftSite& s : withoutHairline.zones[0].sites)
        CHECK(s.direction.y >= cosVariation - 1e-12);
}

TEST_CASE("band hair follows the hairline's curve", "[simulation]") {
    // A hairline rising from the left to the middle and falling to the right, scalp up: the
    // face is below the arch, so the band sites on the left lean right of straight down and
    // those on the right lean left (the local anti-scalp normal of the nearest sample).
    Plan p = calibratedPlan();
    p.hairline = straightHairline();
    p.hairline->points = {{1000, 1300}, {1500, 1000}, {2000, 1300}};
    const Simulation sim = simulate(p);
    double leftX = 0, rightX = 0;
    int left = 0, right = 0;
    for (const GraftSite& s : sim.zones[0].sites) {
        if (s.at.x < 1200) {
            leftX += s.direction.x;
            ++left;
        } else if (s.at.x > 1800) {
            rightX += s.direction.x;
            ++right;
        }
        CHECK(s.direction.y > 0);
    }
    REQUIRE(left > 20);
    REQUIRE(right > 20);
    CHECK(leftX / left > 0.3);
    CHECK(rightX / right < -0.3);
}

TEST_CASE("a graft zone's hair direction, when set, is its own", "[simulation]") {
    const double cosVariation = std::cos(kDirectionVariationDeg * M_PI / 180.0);
    for (double deg : {0.0, 90.0, 135.0, -45.0, 200.0, 360.0}) {
        INFO("direction " << deg);
        Plan p = calibratedPlan();
        p.hairline = straightHairline();
        p.zones.push_back(makeZone(ZoneKind::Graft, "Core", rectCm(10, 5, 5, 3)));
        p.zones[0].hairDirectionDeg = deg;
        const Simulation sim = simulate(p);
        const Point want{std::cos(deg * M_PI / 180.0), std::sin(deg * M_PI / 180.0)};
        for (const GraftSite& s : sim.zones[1].sites)
            CHECK(s.direction.x * want.x + s.direction.y * want.y >= cosVariation - 1e-12);
    }
}

// ---- limits ----------------------------------------------------------------------------------

TEST_CASE("a plan asking for more marks than the simulation draws gets none", "[simulation]") {
    // 1 mm per pixel: a 2,000 x 2,000 px zone is 40,000 cm², 1.6 million grafts.
    Plan p;
    p.calibration = ScaleCalibration{1.0};
    p.zones.push_back(makeZone(ZoneKind::Graft, "Huge", rectCm(0, 0, 20, 20)));
    p.zones.push_back(makeZone(ZoneKind::Smp, "Small", rectCm(30, 0, 1, 1)));
    const Simulation sim = simulate(p);
    CHECK(sim.tooManyMarks);
    REQUIRE(sim.zones.size() == 2);
    CHECK(sim.siteCount() == 0);
    CHECK(sim.dotCount() == 0);
    CHECK(sim.zones[0].spacingPx == Approx(std::sqrt(2.5)));
}

// ---- placement -------------------------------------------------------------------------------

TEST_CASE("placeBlueNoise: the count wins when the region cannot keep the distance",
          "[simulation][blue_noise]") {
    // 500 points asked to keep 10 px apart in a 50 x 50 px square (room for about 30).
    const Region square = regionOf({{0, 0}, {50, 0}, {50, 50}, {0, 50}});
    const BlueNoise b = placeBlueNoise(square, 500, 10.0, 1);
    CHECK(b.points.size() == 500);
    CHECK(b.relaxed);
    CHECK(b.minDistancePx < 10.0);
    CHECK(closestDistance(b.points) == Approx(b.minDistancePx));
    for (Point q : b.points)
        CHECK(insideRegion(square, q));
}

TEST_CASE("placeBlueNoise: nothing to place, or nowhere to place it", "[simulation][blue_noise]") {
    const Region square = regionOf({{0, 0}, {50, 0}, {50, 50}, {0, 50}});
    CHECK(placeBlueNoise(square, 0, 1.0, 1).points.empty());
    CHECK(placeBlueNoise({}, 10, 1.0, 1).points.empty());
    const BlueNoise one = placeBlueNoise(square, 1, 100.0, 1);
    REQUIRE(one.points.size() == 1);
    CHECK_FALSE(one.relaxed);
}

TEST_CASE("placeBlueNoise: regions with holes, several parts, and thin strips",
          "[simulation][blue_noise]") {
    // A frame (a square with a square hole), two far-apart parts, and a 2 px strip.
    const Outline outer{{0, 0}, {400, 0}, {400, 400}, {0, 400}};
    const Outline inner{{100, 100}, {300, 100}, {300, 300}, {100, 300}};
    const std::vector<Region> regions = {
        visibleRegions({&outer, &inner})[0],
        [] {
            Region r = regionOf({{0, 0}, {100, 0}, {100, 100}, {0, 100}});
            const Region far = regionOf({{5000, 5000}, {5100, 5000}, {5100, 5100}});
            r.insert(r.end(), far.begin(), far.end());
            return r;
        }(),
        regionOf({{0, 0}, {3000, 0}, {3000, 2}, {0, 2}}),
    };
    for (std::size_t k = 0; k < regions.size(); ++k) {
        INFO("region " << k);
        const double area = areaPx(regions[k]);
        for (std::size_t n : {1u, 2u, 7u, 100u, 1000u}) {
            INFO(n << " points");
            const double spacing = std::sqrt(area / static_cast<double>(n));
            const BlueNoise b = placeBlueNoise(regions[k], n, 0.6 * spacing, 3 + n);
            REQUIRE(b.points.size() == n);
            CHECK_FALSE(b.relaxed);
            for (Point q : b.points)
                CHECK(insideRegion(regions[k], q));
            if (n >= 2) CHECK(closestDistance(b.points) >= 0.6 * spacing);
        }
    }
}

TEST_CASE("RegionSampler: area, inside test and samples agree with the region",
          "[simulation][region_sampler]") {
    SeededStream rng(5);
    for (int trial = 0; trial < 10; ++trial) {
        const Outline a = randomBlob(rng, {500, 500}, 300, 30);
        const Outline b = randomBlob(rng, {650, 450}, 200, 12);
        const Region region = visibleRegions({&a, &b})[0]; // a, less b: holes and parts
        const RegionSampler sampler(region);
        CHECK(sampler.areaPx() == Approx(areaPx(region)).epsilon(1e-9));
        for (int i = 0; i < 2000; ++i) {
            const double x = 100 + 800 * rng.unit();
            const double y = 100 + 800 * rng.unit();
            const Point q{x, y};
            CHECK(sampler.contains(q) == insideRegion(region, q));
        }
        for (int i = 0; i < 2000; ++i)
            CHECK(insideRegion(region, sampler.sample(rng)));
    }
}

// ---- deterministic arithmetic ----------------------------------------------------------------

TEST_CASE("sinCosDegrees: exact at quarter turns, within 1e-15 elsewhere", "[simulation]") {
    for (double deg : {0.0, 90.0, 180.0, 270.0, 360.0, -90.0, -180.0, -360.0, 720.0}) {
        const SinCos t = sinCosDegrees(deg);
        CHECK(t.sin == std::round(std::sin(deg * M_PI / 180.0)));
        CHECK(t.cos == std::round(std::cos(deg * M_PI / 180.0)));
    }
    for (double deg = -400.0; deg <= 400.0; deg += 0.37) {
        const SinCos t = sinCosDegrees(deg);
        const long double rad =
            static_cast<long double>(deg) * 3.14159265358979323846264338327950288L / 180.0L;
        CHECK(std::abs(t.sin - static_cast<double>(std::sin(rad))) < 1e-15);
        CHECK(std::abs(t.cos - static_cast<double>(std::cos(rad))) < 1e-15);
    }
    const SinCos none = sinCosDegrees(std::numeric_limits<double>::quiet_NaN());
    CHECK(none.sin == 0.0);
    CHECK(none.cos == 1.0);
}

TEST_CASE("SeededStream: the same seed, the same numbers; fixed values", "[simulation]") {
    SeededStream a(42), b(42), c(43);
    for (int i = 0; i < 100; ++i) {
        const std::uint64_t x = a.next();
        CHECK(x == b.next());
        CHECK(x != c.next());
    }
    SeededStream d(0);
    for (int i = 0; i < 1000; ++i) {
        const double u = d.unit();
        CHECK(u >= 0.0);
        CHECK(u < 1.0);
        const double v = d.openUnit();
        CHECK(v > 0.0);
        CHECK(v < 1.0);
        CHECK(d.below(7) < 7u);
    }
    // SplitMix64's published first output for state 0 (gamma added before mixing).
    CHECK(splitMix64Mix(0x9E3779B97F4A7C15ULL) == 0xE220A8397B1DCDAFULL);
}
