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

// ---------------------------------------------------------------------------------------------
// The sweep against an independent reference, on random and deliberately degenerate stacks.

namespace {

// Reference areas, computed the slow and obvious way: cut the plane into slabs at every vertex
// height and at every height where two edges cross. Inside a slab no two edges cross, so
// between neighbouring edges lies a trapezoid whose area is its width at the slab's middle times
// the slab's height (exact for a trapezoid). Each trapezoid goes to the topmost layer whose
// winding number is non-zero there (counted) and to every such layer (drawn).
std::vector<LayerArea> referenceAreas(const std::vector<const Outline*>& stack) {
    struct Edge {
        Point top, bottom;
        int layer, winding;
        double xAt(double y) const {
            return top.x + (bottom.x - top.x) * ((y - top.y) / (bottom.y - top.y));
        }
    };
    std::vector<Edge> edges;
    std::vector<double> ys;
    for (std::size_t layer = 0; layer < stack.size(); ++layer) {
        const Outline& o = *stack[layer];
        if (o.size() < 3) continue;
        for (std::size_t i = 0; i < o.size(); ++i) {
            const Point a = o[i], b = o[(i + 1) % o.size()];
            ys.push_back(a.y);
            if (a.y < b.y) edges.push_back({a, b, static_cast<int>(layer), 1});
            if (a.y > b.y) edges.push_back({b, a, static_cast<int>(layer), -1});
        }
    }
    for (std::size_t i = 0; i < edges.size(); ++i)
        for (std::size_t j = i + 1; j < edges.size(); ++j) {
            const double lo = std::max(edges[i].top.y, edges[j].top.y);
            const double hi = std::min(edges[i].bottom.y, edges[j].bottom.y);
            if (!(lo < hi)) continue;
            const double dLo = edges[i].xAt(lo) - edges[j].xAt(lo);
            const double dHi = edges[i].xAt(hi) - edges[j].xAt(hi);
            if ((dLo < 0 && dHi > 0) || (dLo > 0 && dHi < 0))
                ys.push_back(lo + (hi - lo) * (dLo / (dLo - dHi)));
        }
    std::sort(ys.begin(), ys.end());
    ys.erase(std::unique(ys.begin(), ys.end()), ys.end());

    std::vector<LayerArea> areas(stack.size());
    std::vector<int> winding(stack.size());
    for (std::size_t s = 0; s + 1 < ys.size(); ++s) {
        const double height = ys[s + 1] - ys[s];
        const double middle = ys[s] + 0.5 * height;
        std::vector<std::pair<double, const Edge*>> crossing;
        for (const Edge& e : edges)
            if (e.top.y < middle && middle < e.bottom.y) crossing.push_back({e.xAt(middle), &e});
        std::sort(crossing.begin(), crossing.end(),
                  [](const auto& l, const auto& r) { return l.first < r.first; });
        std::fill(winding.begin(), winding.end(), 0);
        for (std::size_t k = 0; k + 1 < crossing.size(); ++k) {
            winding[static_cast<std::size_t>(crossing[k].second->layer)] +=
                crossing[k].second->winding;
            const double area = (crossing[k + 1].first - crossing[k].first) * height;
            bool top = true;
            for (std::size_t layer = stack.size(); layer-- > 0;) {
                if (winding[layer] == 0) continue;
                if (top) areas[layer].countedPx += area;
                top = false;
                areas[layer].drawnPx += area;
            }
        }
    }
    return areas;
}

// A random outline of n vertices whose coordinates are whole multiples of `cell`, in a square
// of `cells` x `cells` cells from (x0, y0). Few cells force the degenerate cases: repeated
// points, shared vertices, horizontal and collinear overlapping edges, zero-area spikes, many
// edges through one point.
Outline gridOutline(Rng& rng, int n, int cells, double cell, double x0 = 0, double y0 = 0) {
    Outline o;
    for (int i = 0; i < n; ++i)
        o.push_back({x0 + cell * std::floor(rng.next() * (cells + 1)),
                     y0 + cell * std::floor(rng.next() * (cells + 1))});
    return o;
}

// The sweep's areas agree with the reference to rounding, relative to the stack's size.
void checkAgainstReference(const std::vector<const Outline*>& stack, double scalePx2) {
    const std::vector<LayerArea> sweep = layeredAreasPx(stack);
    const std::vector<LayerArea> reference = referenceAreas(stack);
    for (std::size_t i = 0; i < stack.size(); ++i) {
        INFO("layer " << i << " of " << stack.size());
        CHECK(sweep[i].countedPx == Approx(reference[i].countedPx).margin(1e-9 * scalePx2));
        CHECK(sweep[i].drawnPx == Approx(reference[i].drawnPx).margin(1e-9 * scalePx2));
        CHECK(regionAreaPx(*stack[i]) == Approx(reference[i].drawnPx).margin(1e-9 * scalePx2));
    }
}

// And with Clipper's regions. Clipper rounds the points where edges cross to its grid (1/256
// px), so the margin grows with the crossings; on whole coordinates scaled up it is tight.
void checkAgainstClipper(const std::vector<const Outline*>& stack, double marginPx2) {
    const std::vector<LayerArea> sweep = layeredAreasPx(stack);
    const std::vector<Region> visible = visibleRegions(stack);
    for (std::size_t i = 0; i < stack.size(); ++i) {
        INFO("layer " << i << " of " << stack.size());
        CHECK(sweep[i].countedPx == Approx(areaPx(visible[i])).margin(marginPx2));
        CHECK(sweep[i].drawnPx == Approx(areaPx(regionOf(*stack[i]))).margin(marginPx2));
    }
}

} // namespace

TEST_CASE("the reference areas are right on hand-checked stacks", "[layered][reference]") {
    const Outline below = rect(0, 0, 100, 100), above = rect(50, 0, 100, 100);
    const auto r = referenceAreas({&below, &above});
    CHECK(r[0].countedPx == 5000.0);
    CHECK(r[0].drawnPx == 10000.0);
    CHECK(r[1].countedPx == 10000.0);
    const Outline bowTie{{0, 0}, {10, 10}, {10, 0}, {0, 10}};
    CHECK(referenceAreas({&bowTie})[0].drawnPx == Approx(50.0));
}

TEST_CASE("property: random overlapping blobs match the reference", "[layered][property]") {
    Rng rng{GENERATE(21u, 22u, 23u, 24u, 25u, 26u)};
    std::vector<Outline> stack;
    const int layers = 2 + static_cast<int>(rng.next() * 7);
    for (int i = 0; i < layers; ++i)
        stack.push_back(blob(rng, 1000 + 400 * rng.next(), 800 + 300 * rng.next(),
                             150 + 250 * rng.next(), 8 + static_cast<int>(rng.next() * 60)));
    if (rng.next() < 0.5) stack[1] = reversed(stack[1]);
    checkAgainstReference(pointers(stack), 1e6);
    checkAgainstClipper(pointers(stack), 1.0);
}

TEST_CASE("property: random self-crossing outlines match the reference and Clipper",
          "[layered][property]") {
    // Vertices anywhere in a box: every outline crosses itself many times, and the layers
    // cross one another everywhere.
    Rng rng{GENERATE(31u, 32u, 33u, 34u, 35u, 36u, 37u, 38u)};
    std::vector<Outline> stack;
    const int layers = 1 + static_cast<int>(rng.next() * 5);
    for (int i = 0; i < layers; ++i) {
        Outline o;
        const int n = 3 + static_cast<int>(rng.next() * 25);
        for (int k = 0; k < n; ++k)
            o.push_back({2000 * rng.next(), 1500 * rng.next()});
        stack.push_back(o);
    }
    checkAgainstReference(pointers(stack), 4e6);
    checkAgainstClipper(pointers(stack), 1e-3 * 4e6);
}

TEST_CASE("property: degenerate outlines on a coarse grid match the reference and Clipper",
          "[layered][property][degenerate]") {
    // Coordinates from a 6 x 6 grid: shared vertices, repeated points, horizontal and vertical
    // edges, collinear edges overlapping in part, zero-area spikes, many edges through one
    // point, layers that coincide edge for edge. Whole coordinates scaled to 1000 px, so that
    // Clipper's rounding is small against the areas.
    const std::uint64_t seed = GENERATE(range(100, 160));
    Rng rng{seed};
    std::vector<Outline> stack;
    const int layers = 1 + static_cast<int>(rng.next() * 6);
    for (int i = 0; i < layers; ++i)
        stack.push_back(gridOutline(rng, 3 + static_cast<int>(rng.next() * 12), 5, 1000.0));
    INFO("seed " << seed);
    checkAgainstReference(pointers(stack), 25e6);
    checkAgainstClipper(pointers(stack), 1e-5 * 25e6);
}

TEST_CASE("property: many small degenerate outlines in one stack", "[layered][property]") {
    // More layers than one machine word of flags, all on one coarse grid.
    Rng rng{GENERATE(201u, 202u, 203u)};
    std::vector<Outline> stack;
    for (int i = 0; i < 90; ++i)
        stack.push_back(gridOutline(rng, 3 + static_cast<int>(rng.next() * 5), 8, 100.0,
                                    100.0 * std::floor(rng.next() * 8),
                                    100.0 * std::floor(rng.next() * 8)));
    checkAgainstReference(pointers(stack), 256e4);
}

TEST_CASE("property: outlines through one hub, on lines at 30 degrees", "[layered][property]") {
    // Points at whole distances along six lines through the origin, from cos and sin: edges
    // through one point everywhere, collinear and concurrent only up to rounding, and edges
    // that rise by one ulp across others (the sweep once left such a pair out of order).
    const std::uint64_t seed = GENERATE(range(300, 380));
    Rng rng{seed};
    std::vector<Outline> stack;
    const int layers = 1 + static_cast<int>(rng.next() * 6);
    for (int i = 0; i < layers; ++i) {
        Outline o;
        const int n = 3 + static_cast<int>(rng.next() * 12);
        for (int k = 0; k < n; ++k) {
            const double angle = std::floor(rng.next() * 6) * M_PI / 6;
            const double r = 100 * (std::floor(rng.next() * 5) - 2);
            o.push_back({r * std::cos(angle), r * std::sin(angle)});
        }
        stack.push_back(o);
    }
    INFO("seed " << seed);
    checkAgainstReference(pointers(stack), 16e4);
}

TEST_CASE("property: dozens of layers on a fine grid, many chains through each point",
          "[layered][property]") {
    // Many layers crossing at the same grid points: the order of the chains through a point
    // must settle however rounding orders their x there (the sweep once swapped such chains
    // back and forth for ever).
    Rng rng{GENERATE(401u, 402u, 403u, 404u)};
    std::vector<Outline> stack;
    for (int i = 0; i < 40; ++i)
        stack.push_back(gridOutline(rng, 3 + static_cast<int>(rng.next() * 12), 9, 1.0));
    checkAgainstReference(pointers(stack), 100);
}

TEST_CASE("a nearly horizontal edge that crosses two chains within one ulp of height",
          "[layered][degenerate]") {
    // The edge from (0.5, y) to (-0.5, y + 1 ulp) crosses both chains of the triangle below it
    // between two adjacent doubles; the second crossing must not be lost.
    const Outline a{{1.2246467991473532e-16, 2},
                    {-0.49999999999999978, 0.86602540378443871},
                    {0.50000000000000011, 0.8660254037844386}};
    const Outline b{
        {1.2246467991473532e-16, 2}, {-1.0000000000000002, -1.7320508075688772}, {0, 0}};
    const auto r = layeredAreasPx({&a, &b});
    CHECK(r[0].countedPx == Approx(0.394709581222).epsilon(1e-9));
    checkAgainstReference({&a, &b}, 4);
}

TEST_CASE("degenerate stacks against the reference", "[layered][degenerate]") {
    SECTION("collinear edges overlapping in part, of different layers and directions") {
        const Outline a = rect(0, 0, 10, 10), b = rect(0, 5, 10, 10),
                      c = reversed(rect(0, 3, 4, 4));
        const auto r = layeredAreasPx({&a, &b, &c});
        CHECK(r[2].countedPx == 16.0);
        CHECK(r[1].countedPx == 100.0 - 8.0);           // c covers x 0..4, y 5..7 of b
        CHECK(r[0].countedPx == 100.0 - (50 + 16 - 8)); // b and c cover 58 of a
        checkAgainstReference({&a, &b, &c}, 100);
    }
    SECTION("a zero-area spike changes nothing") {
        const Outline spiked{{0, 0}, {10, 0}, {10, 10}, {5, 10}, {5, 30}, {5, 10}, {0, 10}};
        CHECK(regionAreaPx(spiked) == 100.0);
        const Outline flatSpike{{0, 0}, {10, 0}, {20, 0}, {10, 0}, {10, 10}, {0, 10}};
        CHECK(regionAreaPx(flatSpike) == 100.0);
        const Outline over = rect(5, 5, 10, 10);
        checkAgainstReference({&spiked, &over}, 400);
    }
    SECTION("repeated points, the closing point repeated too") {
        const Outline repeated{{0, 0},   {0, 0},   {10, 0}, {10, 10},
                               {10, 10}, {10, 10}, {0, 10}, {0, 0}};
        CHECK(regionAreaPx(repeated) == 100.0);
        const Outline other = rect(5, -5, 10, 10);
        const auto r = layeredAreasPx({&repeated, &other});
        CHECK(r[0].countedPx == 75.0);
    }
    SECTION("an outline traced twice winds twice and still counts once") {
        Outline twice = rect(0, 0, 10, 10);
        const Outline again = rect(0, 0, 10, 10);
        twice.insert(twice.end(), again.begin(), again.end());
        const Outline over = reversed(rect(5, 0, 10, 10));
        const auto r = layeredAreasPx({&twice, &over});
        CHECK(r[0].countedPx == 50.0);
        CHECK(r[0].drawnPx == 100.0);
        checkAgainstReference({&twice, &over}, 400);
    }
    SECTION("many edges of many layers through one point") {
        std::vector<Outline> fan;
        for (int k = 0; k < 16; ++k) {
            const double a0 = k * M_PI / 8, a1 = a0 + M_PI / 8 * (1 + k % 3);
            Outline t{{0, 0},
                      {100 * std::cos(a0), 100 * std::sin(a0)},
                      {100 * std::cos(a1), 100 * std::sin(a1)}};
            fan.push_back(k % 2 ? reversed(t) : t);
        }
        // And a square with a corner at the hub, on top of them all.
        fan.push_back(rect(0, 0, 50, 50));
        checkAgainstReference(pointers(fan), 4e4);
        checkAgainstClipper(pointers(fan), 1.0);
    }
    SECTION("outlines touching at a vertex without crossing") {
        const Outline left{{0, 0}, {10, 5}, {0, 10}}, right{{20, 0}, {20, 10}, {10, 5}};
        const Outline diamond{{10, 0}, {15, 5}, {10, 10}, {5, 5}};
        // The triangles touch at (10, 5); the diamond covers 25/9 + 50/9 of each (its edges
        // meet theirs at x = 20/3 and x = 40/3).
        const auto r = layeredAreasPx({&left, &right, &diamond});
        CHECK(r[0].countedPx == Approx(50.0 - 25.0 / 3));
        CHECK(r[1].countedPx == Approx(50.0 - 25.0 / 3));
        CHECK(r[2].countedPx == Approx(50.0));
        const auto pair = layeredAreasPx({&left, &right});
        CHECK(pair[0].countedPx == 50.0);
        checkAgainstReference({&left, &right, &diamond}, 400);
    }
    SECTION("a figure eight whose lobes turn opposite ways") {
        const Outline eight{{0, 0}, {10, 10}, {0, 20}, {20, 20}, {10, 10}, {20, 0}};
        CHECK(regionAreaPx(eight) == Approx(200.0));
        const Outline bar = rect(0, 8, 20, 4);
        checkAgainstReference({&eight, &bar}, 400);
        checkAgainstReference({&bar, &eight}, 400);
    }
    SECTION("edges crossing exactly at vertex heights and at vertices of other layers") {
        const Outline x1{{0, 0}, {10, 10}, {0, 10}}, x2{{10, 0}, {10, 10}, {0, 10}},
            x3{{5, 0}, {5, 10}, {0, 5}}, x4{{0, 5}, {10, 5}, {5, 10}};
        checkAgainstReference({&x1, &x2, &x3, &x4}, 100);
        checkAgainstReference({&x4, &x3, &x2, &x1}, 100);
    }
    SECTION("nearly parallel long edges crossing at a tiny angle") {
        const Outline thin1{{0, 0}, {1000, 1e-3}, {1000, 10}, {0, 10}};
        const Outline thin2{{0, 1e-3}, {1000, 0}, {1000, -10}, {0, -10}};
        checkAgainstReference({&thin1, &thin2}, 1e4);
        checkAgainstReference({&thin2, &thin1}, 1e4);
    }
}
