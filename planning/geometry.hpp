// Plane geometry in image space: pixels, origin at the photo's top-left corner, x to the right,
// y DOWN. Because y points down, a shoelace sum is positive for an outline that runs clockwise
// on screen; every function here that returns an area returns its absolute value unless it says
// "signed".
#pragma once

#include <cstddef>
#include <vector>

namespace hp {

struct Point {
    double x = 0.0;
    double y = 0.0;
    friend bool operator==(const Point&, const Point&) = default;
};

inline Point operator+(Point a, Point b) {
    return {a.x + b.x, a.y + b.y};
}
inline Point operator-(Point a, Point b) {
    return {a.x - b.x, a.y - b.y};
}
inline Point operator*(double k, Point a) {
    return {k * a.x, k * a.y};
}

/// A closed outline: the last point joins the first implicitly.
using Outline = std::vector<Point>;

/// An axis-aligned bounding box.
struct Box {
    double minX = 0, minY = 0, maxX = 0, maxY = 0;
    bool overlaps(const Box& b) const {
        return minX <= b.maxX && b.minX <= maxX && minY <= b.maxY && b.minY <= maxY;
    }
};

/// The box around the points; all zero for none.
Box boundingBox(const std::vector<Point>& points);

/// Shoelace sum over a closed outline. Positive when the outline runs clockwise on screen
/// (y down), negative when it runs counter-clockwise.
double signedAreaPx(const Outline& outline);

/// Absolute shoelace area. For a self-crossing outline this is NOT the area it encloses
/// (lobes of opposite turn cancel): use regionAreaPx for that.
inline double shoelaceAreaPx(const Outline& outline) {
    const double a = signedAreaPx(outline);
    return a < 0 ? -a : a;
}

/// The outline without consecutive repeated points (the closing pair, last == first, included).
/// A repeated vertex adds a zero-length edge, which would make the edges on either side of it
/// "non-adjacent edges that meet" and raise a false self-crossing.
Outline withoutRepeats(const Outline& outline);

/// A scan-line sweep over polygons costs, for every edge, about one step per beam it spans. A
/// wide, wavy outline such as the hairline's band spans few beams across x but many across y, so
/// sweeps pick their direction: true when sweeping along x (over the transposed outlines) is the
/// cheaper of the two. Estimated from the outlines' total travel along each axis relative to
/// their extent: O(n), far below the sweep's cost.
bool sweepAlongX(const std::vector<const Outline*>& outlines);

/// (x, y) -> (y, x): mirrors about the diagonal (and so reverses every outline's turn).
inline Point transposed(Point p) {
    return {p.y, p.x};
}

/// Counts the pairs of non-adjacent edges of a closed outline that meet (cross or touch),
/// stopping as soon as the count exceeds `limit` (so the result is at most limit + 1).
/// Consecutive repeated points are ignored. Runs a sweep over y that tests every pair of edges
/// whose boxes overlap; its order comes from merging the outline's runs down and up, so an
/// ordinary outline of n points with r turning points costs about n log r.
std::size_t countSelfCrossings(const Outline& outline, std::size_t limit);

} // namespace hp
