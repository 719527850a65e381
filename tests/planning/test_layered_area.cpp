#include "planning/layered_area.hpp"
#include "planning/regions.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>

using namespace hp;

namespace {

Outline rect(double x, double y, double w, double h) {
    return {{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}};
}

Outline reversed(Outline o) {
    return {o.rbegin(), o.rend()};
}

Outline circle(double cx, double cy, double r, int n) {
    Outline o;
    for (int i = 0; i < n; ++i)
        o.push_back({cx + r * std::cos(2 * M_PI * i / n), cy + r * std::sin(2 * M_PI * i / n)});
    return o;
}

// Deterministic pseudo-random numbers for property tests (SplitMix64).
struct Rng {
    std::uint64_t state;
    double next() {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return static_cast<double>((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
    }
};

// A star-shaped blob (simple, non-convex) of n vertices around (cx, cy).
Outline blob(Rng& rng, double cx, double cy, double r, int n) {
    Outline o;
    for (int i = 0; i < n; ++i) {
        const double a = 2 * M_PI * i / n;
        const double rr = r * (0.6 + 0.4 * rng.next());
        o.push_back({cx + rr * std::cos(a), cy + rr * std::sin(a)});
    }
    return o;
}

std::vector<const Outline*> pointers(const std::vector<Outline>& v) {
    std::vector<const Outline*> p;
    for (const Outline& o : v)
        p.push_back(&o);
    return p;
}

} // namespace

TEST_CASE("area of analytic shapes under the non-zero rule", "[layered]") {
    CHECK(regionAreaPx(rect(0, 0, 1000, 1000)) == 1000000.0);
    CHECK(regionAreaPx(Outline{{0, 0}, {4, 0}, {0, 3}}) == 6.0);
    CHECK(regionAreaPx(Outline{{0, 0}, {1, 0}, {1, 1}, {3, 1}, {3, 3}, {0, 3}}) == 7.0);
    const double r = 500;
    CHECK(regionAreaPx(circle(0, 0, r, 4096)) == Approx(M_PI * r * r).epsilon(1e-6));
    CHECK(regionAreaPx(Outline{{0, 0}, {1, 1}}) == 0.0);
    CHECK(regionAreaPx(Outline{}) == 0.0);
}

TEST_CASE("orientation does not change the area", "[layered]") {
    const Outline l{{0, 0}, {1, 0}, {1, 1}, {3, 1}, {3, 3}, {0, 3}};
    CHECK(regionAreaPx(reversed(l)) == regionAreaPx(l));
    CHECK(regionAreaPx(reversed(rect(3, 4, 10, 20))) == 200.0);
}

TEST_CASE("a self-crossing outline counts every part it encloses", "[layered]") {
    // Bow tie of two 25 px² triangles (its plain shoelace sum is 0).
    CHECK(regionAreaPx(Outline{{0, 0}, {10, 10}, {10, 0}, {0, 10}}) == Approx(50.0));
    // A square traced twice winds twice: non-zero still counts it once.
    Outline twice = rect(0, 0, 10, 10);
    const Outline again = rect(0, 0, 10, 10);
    twice.insert(twice.end(), again.begin(), again.end());
    CHECK(regionAreaPx(twice) == Approx(100.0));
    // Pentagram: non-zero fills the inner pentagon too.
    Outline pentagram;
    for (int i = 0; i < 5; ++i) {
        const double a = 2 * M_PI * (i * 2 % 5) / 5;
        pentagram.push_back({100 * std::cos(a), 100 * std::sin(a)});
    }
    CHECK(regionAreaPx(pentagram) == Approx(areaPx(regionOf(pentagram))).epsilon(1e-4));
}

TEST_CASE("the layer on top counts the overlap, the one below only the rest", "[layered]") {
    const Outline below = rect(0, 0, 100, 100);
    const Outline above = rect(50, 0, 100, 100);
    const auto a = layeredAreasPx({&below, &above});
    CHECK(a[0].drawnPx == 10000.0);
    CHECK(a[0].countedPx == 5000.0);
    CHECK(a[1].drawnPx == 10000.0);
    CHECK(a[1].countedPx == 10000.0);
}

TEST_CASE("a layer entirely covered counts nothing; a hole counts around it", "[layered]") {
    const Outline big = rect(0, 0, 100, 100);
    const Outline small = rect(25, 25, 50, 50);
    SECTION("small below big") {
        const auto a = layeredAreasPx({&small, &big});
        CHECK(a[0].countedPx == 0.0);
        CHECK(a[0].drawnPx == 2500.0);
        CHECK(a[1].countedPx == 10000.0);
    }
    SECTION("small above big") {
        const auto a = layeredAreasPx({&big, &small});
        CHECK(a[0].countedPx == 7500.0);
        CHECK(a[1].countedPx == 2500.0);
    }
}

TEST_CASE("three layers: each counts what no layer above covers", "[layered]") {
    const Outline a = rect(0, 0, 30, 10);
    const Outline b = rect(10, 0, 30, 10);
    const Outline c = rect(20, 0, 30, 10);
    const auto r = layeredAreasPx({&a, &b, &c});
    CHECK(r[0].countedPx == 100.0);
    CHECK(r[1].countedPx == 100.0);
    CHECK(r[2].countedPx == 300.0);
    // Counted areas add up to the union.
    CHECK(r[0].countedPx + r[1].countedPx + r[2].countedPx == 500.0);
}

TEST_CASE("crossing edges of different layers split the beams correctly", "[layered]") {
    // Two triangles whose slanted edges cross each other.
    const Outline t1{{0, 0}, {100, 100}, {0, 100}};
    const Outline t2{{100, 0}, {100, 100}, {0, 100}};
    const auto r = layeredAreasPx({&t1, &t2});
    CHECK(r[1].countedPx == Approx(5000.0));
    // t1 minus t2 is the triangle (0,0), (50,50), (0,100): area 2500.
    CHECK(r[0].countedPx == Approx(2500.0));
}

TEST_CASE("property: sweep areas agree with Clipper's regions", "[layered][property]") {
    Rng rng{GENERATE(1u, 2u, 3u, 4u, 5u)};
    std::vector<Outline> stack;
    const int layers = 3 + static_cast<int>(rng.next() * 8);
    for (int i = 0; i < layers; ++i)
        stack.push_back(blob(rng, 1000 + 600 * rng.next(), 800 + 400 * rng.next(),
                             200 + 300 * rng.next(), 20 + static_cast<int>(rng.next() * 200)));
    const auto sweep = layeredAreasPx(pointers(stack));
    const std::vector<Region> clipped = visibleRegions(pointers(stack));
    double unionArea = 0;
    for (std::size_t i = 0; i < stack.size(); ++i) {
        INFO("layer " << i);
        // Clipper snaps to 1/256 px: allow that much along the outlines.
        CHECK(sweep[i].countedPx == Approx(areaPx(clipped[i])).margin(1.0));
        CHECK(sweep[i].drawnPx == Approx(areaPx(regionOf(stack[i]))).margin(1.0));
        CHECK(sweep[i].countedPx <= sweep[i].drawnPx + 1e-6);
        unionArea += sweep[i].countedPx;
    }
    // The counted parts tile the union: never more than the sum of the parts.
    double sum = 0;
    for (const auto& l : sweep)
        sum += l.drawnPx;
    CHECK(unionArea <= sum + 1e-6);
}

TEST_CASE("property: areas do not change under translation or reversal", "[layered][property]") {
    Rng rng{GENERATE(11u, 12u, 13u)};
    std::vector<Outline> stack;
    for (int i = 0; i < 5; ++i)
        stack.push_back(blob(rng, 500 * rng.next(), 500 * rng.next(), 300, 64));
    const auto base = layeredAreasPx(pointers(stack));

    std::vector<Outline> moved = stack;
    for (Outline& o : moved)
        for (Point& p : o)
            p = p + Point{12345.5, -678.25};
    std::vector<Outline> flipped = stack;
    for (Outline& o : flipped)
        o = reversed(o);
    const auto m = layeredAreasPx(pointers(moved));
    const auto f = layeredAreasPx(pointers(flipped));
    for (std::size_t i = 0; i < stack.size(); ++i) {
        CHECK(m[i].countedPx == Approx(base[i].countedPx).epsilon(1e-9));
        CHECK(f[i].countedPx == Approx(base[i].countedPx).epsilon(1e-9));
    }
}

TEST_CASE("degenerate stacks give exact areas", "[layered]") {
    SECTION("identical rectangles: the top one counts all, the others nothing") {
        const Outline a = rect(0, 0, 1000, 1000), b = reversed(rect(0, 0, 1000, 1000));
        const auto r = layeredAreasPx({&a, &b, &a});
        CHECK(r[0].countedPx == 0.0);
        CHECK(r[1].countedPx == 0.0);
        CHECK(r[2].countedPx == 1000000.0);
        CHECK(r[0].drawnPx == 1000000.0);
        CHECK(r[1].drawnPx == 1000000.0);
    }
    SECTION("rectangles sharing an edge exactly") {
        const Outline left = rect(0, 0, 10, 10), right = rect(10, 0, 10, 10),
                      over = rect(5, 5, 10, 10);
        const auto r = layeredAreasPx({&left, &right, &over});
        CHECK(r[0].countedPx == 75.0);
        CHECK(r[1].countedPx == 75.0);
        CHECK(r[2].countedPx == 100.0);
    }
    SECTION("a vertex of one layer on an edge of another, and crossings at vertex heights") {
        const Outline diamond{{10, 0}, {20, 10}, {10, 20}, {0, 10}};
        const Outline square = rect(0, 0, 10, 10); // corner (10, 0) is the diamond's top
        const auto r = layeredAreasPx({&square, &diamond});
        CHECK(r[1].countedPx == 200.0);
        CHECK(r[0].countedPx == 50.0);
    }
    SECTION("many edges through one point") {
        // A fan of triangles around the origin, alternating layers.
        std::vector<Outline> fan;
        for (int k = 0; k < 8; ++k) {
            const double a0 = k * M_PI / 4, a1 = (k + 1) * M_PI / 4 + 0.3;
            fan.push_back(Outline{{0, 0},
                                  {100 * std::cos(a0), 100 * std::sin(a0)},
                                  {100 * std::cos(a1), 100 * std::sin(a1)}});
        }
        const auto layers = pointers(fan);
        const auto r = layeredAreasPx(layers);
        const std::vector<Region> clipped = visibleRegions(layers);
        for (std::size_t i = 0; i < fan.size(); ++i)
            CHECK(r[i].countedPx == Approx(areaPx(clipped[i])).margin(1.0));
    }
    SECTION("large coordinates keep small areas") {
        const Outline a = rect(1e6 + 0.25, 2e6 + 0.5, 3, 2), b = rect(1e6 + 1.25, 2e6 + 0.5, 3, 2);
        const auto r = layeredAreasPx({&a, &b});
        CHECK(r[0].countedPx == 2.0);
        CHECK(r[1].countedPx == 6.0);
    }
}

TEST_CASE("layers above drawn in opposite directions both cover what lies below", "[layered]") {
    // Two covering squares, one clockwise and one counter-clockwise, overlapping over the zone
    // below: filled together under one non-zero rule they would cancel where they overlap.
    const Outline below = rect(0, 0, 100, 100);
    const Outline a = rect(0, 0, 60, 100);
    const Outline b = reversed(rect(40, 0, 60, 100));
    const std::vector<const Outline*> stack{&below, &a, &b};
    CHECK(layeredAreasPx(stack)[0].countedPx == 0.0);
    CHECK(areaPx(visibleRegions(stack)[0]) == Approx(0.0).margin(1e-9));
    const Outline bowTie{{0, 0}, {100, 100}, {100, 0}, {0, 100}}; // self-crossing, above
    const std::vector<const Outline*> crossed{&below, &bowTie};
    CHECK(areaPx(visibleRegions(crossed)[0]) ==
          Approx(layeredAreasPx(crossed)[0].countedPx).margin(1.0));
}
