#include "planning/geometry.hpp"
#include "planning/regions.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>

using namespace hp;

namespace {

Outline square(double x, double y, double side) {
    return {{x, y}, {x + side, y}, {x + side, y + side}, {x, y + side}};
}

Outline reversed(Outline o) {
    return {o.rbegin(), o.rend()};
}

// A regular star polygon {n/k}: n points on a circle joined every k-th; it crosses itself.
Outline star(int n, int k, double r) {
    Outline o;
    for (int i = 0; i < n; ++i) {
        const double a = 2 * M_PI * (i * k % n) / n;
        o.push_back({r * std::cos(a), r * std::sin(a)});
    }
    return o;
}

} // namespace

TEST_CASE("shoelace area of analytic shapes", "[geometry]") {
    CHECK(shoelaceAreaPx(square(0, 0, 10)) == 100.0);
    CHECK(shoelaceAreaPx(Outline{{0, 0}, {4, 0}, {0, 3}}) == 6.0);
    // An L: a 3 x 3 square without the 2 x 1 block at its top right.
    CHECK(shoelaceAreaPx(Outline{{0, 0}, {1, 0}, {1, 1}, {3, 1}, {3, 3}, {0, 3}}) == 7.0);
    CHECK(shoelaceAreaPx(Outline{{0, 0}, {1, 1}}) == 0.0);
}

TEST_CASE("signed area is positive clockwise on a y-down screen", "[geometry]") {
    // (0,0) -> (10,0) -> (10,10): right along the top, then down: clockwise as seen on screen.
    CHECK(signedAreaPx(square(0, 0, 10)) == 100.0);
    CHECK(signedAreaPx(reversed(square(0, 0, 10))) == -100.0);
}

TEST_CASE("shoelace area does not change under translation far from the origin", "[geometry]") {
    CHECK(shoelaceAreaPx(square(999000.25, -999000.5, 0.5)) == 0.25);
}

TEST_CASE("withoutRepeats drops consecutive and closing duplicates", "[geometry]") {
    const Outline o{{0, 0}, {0, 0}, {5, 0}, {5, 5}, {5, 5}, {0, 5}, {0, 0}};
    const Outline expected{{0, 0}, {5, 0}, {5, 5}, {0, 5}};
    CHECK(withoutRepeats(o) == expected);
}

TEST_CASE("simple outlines do not cross themselves", "[geometry]") {
    CHECK(countSelfCrossings(square(0, 0, 10), 1000) == 0);
    CHECK(countSelfCrossings(Outline{{0, 0}, {1, 0}, {1, 1}, {3, 1}, {3, 3}, {0, 3}}, 1000) == 0);
    CHECK(countSelfCrossings(Outline{{0, 0}, {4, 0}, {0, 3}}, 1000) == 0);
    // Repeated points are not crossings.
    CHECK(countSelfCrossings(Outline{{0, 0}, {10, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}, 1000) ==
          0);
    // A convex polygon of many points.
    Outline circle;
    for (int i = 0; i < 5000; ++i)
        circle.push_back(
            {1000 * std::cos(2 * M_PI * i / 5000), 1000 * std::sin(2 * M_PI * i / 5000)});
    CHECK(countSelfCrossings(circle, 1000) == 0);
}

TEST_CASE("a bow tie crosses itself once", "[geometry]") {
    CHECK(countSelfCrossings(Outline{{0, 0}, {10, 10}, {10, 0}, {0, 10}}, 1000) == 1);
}

TEST_CASE("an outline that visits a point twice meets itself there", "[geometry]") {
    // Two triangles joined at (5, 5): the edges around the shared vertex touch.
    const Outline figure8{{0, 0}, {5, 5}, {10, 0}, {10, 10}, {5, 5}, {0, 10}};
    CHECK(countSelfCrossings(figure8, 1000) > 0);
}

TEST_CASE("star polygons cross themselves as often as geometry says", "[geometry]") {
    // A pentagram {5/2} crosses itself 5 times; {7/3} crosses 14 times (n(k-1) crossings).
    CHECK(countSelfCrossings(star(5, 2, 100), 1000) == 5);
    CHECK(countSelfCrossings(star(7, 3, 100), 1000) == 14);
    CHECK(countSelfCrossings(star(101, 50, 100), 100000) == 101 * 49);
}

TEST_CASE("crossing count stops just past the limit", "[geometry]") {
    CHECK(countSelfCrossings(star(101, 50, 100), 1000) == 1001);
    CHECK(countSelfCrossings(star(5, 2, 100), 4) == 5);
    CHECK(countSelfCrossings(star(5, 2, 100), 5) == 5);
}

TEST_CASE("a 100,000-point outline crossing itself everywhere is answered fast", "[geometry]") {
    Outline zigzag;
    for (int i = 0; i < 100000; ++i)
        zigzag.push_back({(i % 2) * 1000.0 + i * 0.001, i * 0.01});
    zigzag.push_back({-50, 500});
    zigzag.push_back({2000, 500});
    CHECK(countSelfCrossings(zigzag, 1000) == 1001);
}

TEST_CASE("regions through Clipper: areas and orientation", "[geometry][regions]") {
    const Region r = regionOf(square(10, 20, 100));
    REQUIRE(r.size() == 1);
    CHECK(areaPx(r) == Approx(10000.0));
    CHECK(signedAreaPx(r[0]) > 0); // outer boundaries run clockwise on screen
    CHECK(areaPx(regionOf(reversed(square(10, 20, 100)))) == Approx(10000.0));
}

TEST_CASE("regions of a self-crossing outline count every enclosed part", "[geometry][regions]") {
    // Bow tie: two triangles of 25 each; the plain shoelace cancels them to zero.
    const Outline bowTie{{0, 0}, {10, 10}, {10, 0}, {0, 10}};
    CHECK(shoelaceAreaPx(bowTie) == 0.0);
    CHECK(areaPx(regionOf(bowTie)) == Approx(50.0));
}

TEST_CASE("visible regions: the layer above hides the one below", "[geometry][regions]") {
    const Outline below = square(0, 0, 10);
    const Outline above = square(5, 0, 10);
    const std::vector<Region> v = visibleRegions({&below, &above});
    CHECK(areaPx(v[0]) == Approx(50.0));
    CHECK(areaPx(v[1]) == Approx(100.0));
}

TEST_CASE("a valid 100,000-point comb is checked quickly in either orientation", "[geometry]") {
    // Tall teeth side by side: every edge spans the comb's height, so a sweep downwards would
    // keep them all open at once; the sweep goes sideways instead.
    Outline comb;
    for (int i = 0; i < 50000; ++i) {
        comb.push_back({i * 2.0, 0});
        comb.push_back({i * 2.0 + 1, 1000});
    }
    comb.push_back({100000, -10});
    comb.push_back({-1, -10});
    CHECK(countSelfCrossings(comb, 1000) == 0);
    Outline lying;
    for (const Point& p : comb)
        lying.push_back({p.y, p.x});
    CHECK(countSelfCrossings(lying, 1000) == 0);
}

namespace {

// Every pair of non-adjacent edges, tested with exact arithmetic (whole coordinates under 2^20,
// so every product below is exact): the definition countSelfCrossings must meet.
std::size_t crossingsByEveryPair(const Outline& raw) {
    const Outline pts = withoutRepeats(raw);
    const std::size_t n = pts.size();
    if (n < 4) return 0;
    const auto turn = [](Point a, Point b, Point c) {
        const double t = (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
        return (t > 0) - (t < 0);
    };
    const auto within = [](Point a, Point b, Point p) {
        return std::min(a.x, b.x) <= p.x && p.x <= std::max(a.x, b.x) &&
               std::min(a.y, b.y) <= p.y && p.y <= std::max(a.y, b.y);
    };
    std::size_t count = 0;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 2; j < n; ++j) {
            if (i == 0 && j == n - 1) continue; // the closing edge is next to the first
            const Point a = pts[i], b = pts[(i + 1) % n], c = pts[j], d = pts[(j + 1) % n];
            const int d1 = turn(c, d, a), d2 = turn(c, d, b), d3 = turn(a, b, c),
                      d4 = turn(a, b, d);
            const bool meet = (d1 * d2 < 0 && d3 * d4 < 0) || (d1 == 0 && within(c, d, a)) ||
                              (d2 == 0 && within(c, d, b)) || (d3 == 0 && within(a, b, c)) ||
                              (d4 == 0 && within(a, b, d));
            count += meet ? 1 : 0;
        }
    return count;
}

struct Rng {
    std::uint64_t state;
    double next() {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return static_cast<double>((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
    }
};

} // namespace

TEST_CASE("property: self-crossing counts equal a test of every pair of edges",
          "[geometry][property]") {
    // Outlines on a coarse grid: touching vertices, collinear overlaps, horizontal runs, repeated
    // points, spikes. Stretched along x or y so that the sweep runs along either axis.
    const std::uint64_t seed = GENERATE(range(1, 301));
    Rng rng{seed};
    const int n = 3 + static_cast<int>(rng.next() * 20);
    const double sx = rng.next() < 0.5 ? 1.0 : 7.0, sy = sx == 1.0 ? 5.0 : 1.0;
    Outline o;
    for (int i = 0; i < n; ++i)
        o.push_back({sx * std::floor(rng.next() * 6), sy * std::floor(rng.next() * 6)});
    const std::size_t expected = crossingsByEveryPair(o);
    INFO("seed " << seed << ", " << expected << " meeting pairs");
    CHECK(countSelfCrossings(o, 1000000) == expected);
    CHECK(countSelfCrossings(o, 0) == std::min<std::size_t>(expected, 1));
    CHECK(countSelfCrossings(o, 3) == std::min<std::size_t>(expected, 4));
}

TEST_CASE("property: outlines with many turning points are simple or not as every pair says",
          "[geometry][property]") {
    // A star-shaped outline with a wobbling radius (many turning points along both axes) is
    // simple; pulling one vertex through the centre and out beyond the far side (radii are 700
    // to 1,400) makes it cross itself.
    Rng rng{GENERATE(7u, 8u, 9u)};
    Outline o;
    const int n = 300;
    for (int i = 0; i < n; ++i) {
        const double a = 2 * M_PI * i / n;
        const double r = std::round(1000 * (1 + 0.3 * std::sin(7 * a) + 0.1 * rng.next()));
        o.push_back({std::round(r * std::cos(a)), std::round(r * std::sin(a))});
    }
    CHECK(countSelfCrossings(o, 1000) == crossingsByEveryPair(o));
    o[n / 2] = {-3 * o[n / 2].x, -3 * o[n / 2].y};
    CHECK(countSelfCrossings(o, 1000) == crossingsByEveryPair(o));
    CHECK(countSelfCrossings(o, 0) == 1);
}
