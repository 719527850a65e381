#include "geometry.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace hp {

double signedAreaPx(const Outline& outline) {
    if (outline.size() < 3) return 0.0;
    // Relative to the first point, so that large coordinates do not cancel small areas away.
    const Point o = outline.front();
    double twice = 0.0;
    for (std::size_t i = 1; i + 1 < outline.size(); ++i) {
        const Point a = outline[i] - o;
        const Point b = outline[i + 1] - o;
        twice += a.x * b.y - b.x * a.y;
    }
    return twice * 0.5;
}

Box boundingBox(const std::vector<Point>& points) {
    if (points.empty()) return {};
    Box b{points.front().x, points.front().y, points.front().x, points.front().y};
    for (const Point& p : points) {
        b.minX = std::min(b.minX, p.x), b.maxX = std::max(b.maxX, p.x);
        b.minY = std::min(b.minY, p.y), b.maxY = std::max(b.maxY, p.y);
    }
    return b;
}

Outline withoutRepeats(const Outline& outline) {
    Outline out;
    out.reserve(outline.size());
    for (const Point& p : outline)
        if (out.empty() || !(p == out.back())) out.push_back(p);
    while (out.size() > 1 && out.back() == out.front())
        out.pop_back();
    return out;
}

bool sweepAlongX(const std::vector<const Outline*>& outlines) {
    double travelX = 0, travelY = 0;
    double minX = 0, maxX = 0, minY = 0, maxY = 0;
    bool first = true;
    for (const Outline* o : outlines) {
        const std::size_t n = o->size();
        for (std::size_t i = 0; i < n; ++i) {
            const Point a = (*o)[i], b = (*o)[(i + 1) % n];
            travelX += std::abs(b.x - a.x);
            travelY += std::abs(b.y - a.y);
            if (first) {
                minX = maxX = a.x;
                minY = maxY = a.y;
                first = false;
            }
            minX = std::min(minX, a.x), maxX = std::max(maxX, a.x);
            minY = std::min(minY, a.y), maxY = std::max(maxY, a.y);
        }
    }
    // Steps per beam are about travel / extent along the sweep's axis.
    return travelX * (maxY - minY) < travelY * (maxX - minX);
}

namespace {

// Sign of the turn a -> b -> c: > 0 one way, < 0 the other, 0 collinear.
double turn(Point a, Point b, Point c) {
    return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

bool onSegment(Point a, Point b, Point p) {
    return std::min(a.x, b.x) <= p.x && p.x <= std::max(a.x, b.x) && std::min(a.y, b.y) <= p.y &&
           p.y <= std::max(a.y, b.y);
}

int sign(double v) {
    return (v > 0) - (v < 0);
}

// Whether closed segments ab and cd share at least one point.
bool segmentsMeet(Point a, Point b, Point c, Point d) {
    const int d1 = sign(turn(c, d, a));
    const int d2 = sign(turn(c, d, b));
    const int d3 = sign(turn(a, b, c));
    const int d4 = sign(turn(a, b, d));
    if (d1 * d2 < 0 && d3 * d4 < 0) return true;
    return (d1 == 0 && onSegment(c, d, a)) || (d2 == 0 && onSegment(c, d, b)) ||
           (d3 == 0 && onSegment(a, b, c)) || (d4 == 0 && onSegment(a, b, d));
}

} // namespace

std::size_t countSelfCrossings(const Outline& raw, std::size_t limit) {
    Outline pts = withoutRepeats(raw);
    const std::size_t n = pts.size();
    if (n < 4) return 0; // every pair of edges of a triangle is adjacent
    // Whether edges meet does not change when the plane is mirrored about its diagonal; sweep
    // across the axis along which fewer edges stay open together (a comb of tall teeth is slow
    // to sweep downwards and fast to sweep sideways).
    if (sweepAlongX({&pts}))
        for (Point& p : pts)
            p = transposed(p);

    struct Edge {
        double yMin, yMax, xMin, xMax;
    };
    std::vector<Edge> edges(n);
    for (std::size_t i = 0; i < n; ++i) {
        const Point a = pts[i], b = pts[(i + 1) % n];
        edges[i] = {std::min(a.y, b.y), std::max(a.y, b.y), std::min(a.x, b.x), std::max(a.x, b.x)};
    }
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return edges[a].yMin < edges[b].yMin; });

    // Sweep downwards: an edge is tested against the edges still open at its top.
    std::vector<std::size_t> open;
    std::size_t count = 0;
    for (const std::size_t e : order) {
        const Edge& ee = edges[e];
        std::erase_if(open, [&](std::size_t o) { return edges[o].yMax < ee.yMin; });
        for (const std::size_t o : open) {
            const std::size_t gap = e > o ? e - o : o - e;
            if (gap == 1 || gap == n - 1) continue; // adjacent edges share their vertex
            const Edge& oe = edges[o];
            if (oe.xMax < ee.xMin || ee.xMax < oe.xMin) continue;
            if (segmentsMeet(pts[e], pts[(e + 1) % n], pts[o], pts[(o + 1) % n]) && ++count > limit)
                return count;
        }
        open.push_back(e);
    }
    return count;
}

} // namespace hp
