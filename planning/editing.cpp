#include "editing.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace hp {
namespace {

double distance(Point a, Point b) {
    return std::hypot(a.x - b.x, a.y - b.y);
}

Point nearestOnSegment(Point a, Point b, Point p) {
    const Point ab = b - a;
    const double len2 = ab.x * ab.x + ab.y * ab.y;
    if (len2 == 0) return a;
    const double t = std::clamp(((p.x - a.x) * ab.x + (p.y - a.y) * ab.y) / len2, 0.0, 1.0);
    return a + t * ab;
}

} // namespace

std::optional<EdgeHit> nearestEdge(const std::vector<Point>& points, Point p, double maxDistance,
                                   bool closed) {
    std::optional<EdgeHit> best;
    const std::size_t n = points.size();
    const std::size_t edges = closed ? n : (n == 0 ? 0 : n - 1);
    if (n < 2) return best;
    for (std::size_t i = 0; i < edges; ++i) {
        const Point on = nearestOnSegment(points[i], points[(i + 1) % n], p);
        const double d = distance(on, p);
        if (d <= maxDistance && (!best || d < best->distance)) best = EdgeHit{i, on, d};
    }
    return best;
}

std::optional<std::size_t> nearestVertex(const std::vector<Point>& points, Point p,
                                         double maxDistance) {
    std::optional<std::size_t> best;
    double bestDistance = maxDistance;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const double d = distance(points[i], p);
        if (d <= bestDistance) {
            best = i;
            bestDistance = d;
        }
    }
    return best;
}

bool insideOutline(const Outline& outline, Point p) {
    int winding = 0;
    const std::size_t n = outline.size();
    for (std::size_t i = 0; i < n; ++i) {
        const Point a = outline[i], b = outline[(i + 1) % n];
        const double side = (b.x - a.x) * (p.y - a.y) - (p.x - a.x) * (b.y - a.y);
        if (a.y <= p.y) {
            if (b.y > p.y && side > 0) ++winding;
        } else if (b.y <= p.y && side < 0) {
            --winding;
        }
    }
    return winding != 0;
}

std::optional<std::size_t> mirrorPartner(const std::vector<Point>& points, std::size_t index,
                                         double midlineX, double tolerance) {
    if (index >= points.size()) return std::nullopt;
    const Point mirrored{2 * midlineX - points[index].x, points[index].y};
    return nearestVertex(points, mirrored, tolerance);
}

void moveHairlinePoint(Hairline& hairline, std::size_t index, Point to,
                       std::optional<double> midlineX, double partnerTolerance) {
    std::vector<Point>& pts = hairline.points;
    if (index >= pts.size()) return;
    std::optional<std::size_t> partner;
    if (midlineX) partner = mirrorPartner(pts, index, *midlineX, partnerTolerance);
    if (partner && *partner == index) to.x = *midlineX; // the middle point stays on the midline

    // Control points are ordered left to right (plan-format.md §1): stop short of a neighbour.
    const auto clampBetweenNeighbours = [&](std::size_t i, Point q) {
        constexpr double gap = 1.0;
        if (i > 0) q.x = std::max(q.x, pts[i - 1].x + gap);
        if (i + 1 < pts.size()) q.x = std::min(q.x, pts[i + 1].x - gap);
        return q;
    };
    if (partner && *partner != index) {
        // Keep the pair on opposite sides of the midline.
        const bool left = pts[index].x < *midlineX;
        to.x = left ? std::min(to.x, *midlineX - 0.5) : std::max(to.x, *midlineX + 0.5);
        to = clampBetweenNeighbours(index, to);
        const Point mirrored{2 * *midlineX - to.x, to.y};
        pts[index] = to;
        pts[*partner] = clampBetweenNeighbours(*partner, mirrored);
    } else {
        pts[index] = clampBetweenNeighbours(index, to);
    }
}

void raiseHairline(Hairline& hairline, double mm, double mmPerPx) {
    const double px = mm / mmPerPx;
    for (Point& p : hairline.points)
        p.y -= px;
}

Hairline templateHairline(HairlineTemplate kind, Point glabella, double mmPerPx) {
    // Control points in mm from the glabella, x to the patient's left as seen in the photo
    // (image right), y up. Male: mid-frontal point 80 mm up (rule of facial thirds), frontotemporal
    // recession rising to about 88 mm, temples coming down toward the sideburns. Female: 60 mm
    // forehead, a rounded line with the temporal angles closed (no recession).
    static constexpr std::array<std::array<double, 2>, 9> male{{{-68, 46},
                                                                {-60, 70},
                                                                {-46, 87},
                                                                {-24, 82},
                                                                {0, 80},
                                                                {24, 82},
                                                                {46, 87},
                                                                {60, 70},
                                                                {68, 46}}};
    static constexpr std::array<std::array<double, 2>, 9> female{{{-66, 35},
                                                                  {-60, 47},
                                                                  {-47, 56},
                                                                  {-24, 60},
                                                                  {0, 60},
                                                                  {24, 60},
                                                                  {47, 56},
                                                                  {60, 47},
                                                                  {66, 35}}};
    const auto& shape = kind == HairlineTemplate::Male ? male : female;
    Hairline h;
    h.points.clear();
    for (const auto& [xMm, yMm] : shape)
        h.points.push_back({glabella.x + xMm / mmPerPx, glabella.y - yMm / mmPerPx});
    return h;
}

} // namespace hp
