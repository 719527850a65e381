#include "geometry.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

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
    constexpr double kInfinity = std::numeric_limits<double>::infinity();
    double minX = kInfinity, maxX = -kInfinity, minY = kInfinity, maxY = -kInfinity;
    for (const Outline* o : outlines) {
        if (o->empty()) continue;
        Point a = o->back(); // the closing edge first
        for (const Point& b : *o) {
            travelX += std::abs(b.x - a.x);
            travelY += std::abs(b.y - a.y);
            minX = std::min(minX, b.x), maxX = std::max(maxX, b.x);
            minY = std::min(minY, b.y), maxY = std::max(maxY, b.y);
            a = b;
        }
    }
    if (!(minX <= maxX)) return false; // no points
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

    const auto next = [n](std::size_t i) { return i + 1 < n ? i + 1 : 0; };

    // The sweep takes the edges in order of their tops. Along the outline the vertices go down
    // and up in runs: in a run going down the edges' tops come in order already, in a run going
    // up in reverse order (a horizontal edge fits either). So the order is a merge of a few
    // sorted runs, about as many as the outline has turning points, not a sort of n edges.
    // (The scratch arrays are not zeroed first: every entry read has been written.)
    struct Top {
        double y;
        std::size_t edge;
    };
    const auto tops = std::make_unique_for_overwrite<Top[]>(n);
    const auto merged = std::make_unique_for_overwrite<Top[]>(n);
    std::vector<std::size_t> runEnds; // one past each run's last entry in `tops`
    int runDirection = 0;             // +1 down, -1 up, 0 not known yet (only flat edges so far)
    std::size_t runBegin = 0;
    const auto closeRun = [&](std::size_t end) {
        if (runDirection < 0) std::reverse(&tops[runBegin], &tops[end]);
        runEnds.push_back(end);
        runBegin = end;
    };
    for (std::size_t i = 0; i < n; ++i) {
        const double a = pts[i].y, b = pts[next(i)].y;
        const int direction = (a < b) - (a > b);
        if (direction != 0 && runDirection != 0 && direction != runDirection) closeRun(i);
        if (direction != 0) runDirection = direction;
        tops[i] = {std::min(a, b), i};
    }
    closeRun(n);
    // Bottom-up merging of neighbouring runs, from one array to the other.
    Top* from = tops.get();
    Top* to = merged.get();
    std::vector<std::size_t> mergedEnds;
    const auto higher = [](const Top& l, const Top& r) { return l.y < r.y; };
    while (runEnds.size() > 1) {
        mergedEnds.clear();
        std::size_t begin = 0;
        for (std::size_t k = 0; k < runEnds.size(); k += 2) {
            const std::size_t middle = runEnds[k];
            const std::size_t end = k + 1 < runEnds.size() ? runEnds[k + 1] : middle;
            std::merge(from + begin, from + middle, from + middle, from + end, to + begin, higher);
            mergedEnds.push_back(end);
            begin = end;
        }
        std::swap(from, to);
        runEnds.swap(mergedEnds);
    }

    // Sweep downwards: an edge is tested against the edges still open at its top. Every pair of
    // edges whose boxes overlap is tested exactly once, whatever the order among equal tops. The
    // open edges keep their boxes by them, and those closed above the new top are dropped in the
    // same pass (the order of the open list does not matter).
    struct Open {
        double yMax, xMin, xMax;
        std::size_t edge;
    };
    std::vector<Open> open;
    std::size_t count = 0;
    for (std::size_t t = 0; t < n; ++t) {
        const std::size_t e = from[t].edge;
        const Point a = pts[e], b = pts[next(e)];
        const Open ee{std::max(a.y, b.y), std::min(a.x, b.x), std::max(a.x, b.x), e};
        for (std::size_t k = 0; k < open.size();) {
            const Open& o = open[k];
            if (o.yMax < from[t].y) {
                open[k] = open.back();
                open.pop_back();
                continue;
            }
            ++k;
            if (o.xMax < ee.xMin || ee.xMax < o.xMin) continue;
            const std::size_t gap = e > o.edge ? e - o.edge : o.edge - e;
            if (gap == 1 || gap == n - 1) continue; // adjacent edges share their vertex
            if (segmentsMeet(a, b, pts[o.edge], pts[next(o.edge)]) && ++count > limit) return count;
        }
        open.push_back(ee);
    }
    return count;
}

} // namespace hp
