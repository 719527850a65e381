// Pure edits of a plan that the editor's tools perform: hit-testing outlines, inserting and
// removing vertices, symmetric hairline editing and hairline templates. Kept here, not in app/,
// because they are geometry; the editor only maps the mouse to image space and calls them.
#pragma once

#include "plan.hpp"

#include <optional>

namespace hp {

/// The point of an outline's edge nearest to `p`.
struct EdgeHit {
    std::size_t edge = 0; ///< the edge from vertex `edge` to vertex `edge + 1` (wrapping if closed)
    Point at;             ///< the nearest point on it
    double distance = 0.0;
};

/// The nearest edge within `maxDistance` of `p`, or nullopt. `closed` treats the last vertex as
/// joined to the first (zones); an open polyline (the hairline) has one edge fewer.
std::optional<EdgeHit> nearestEdge(const std::vector<Point>& points, Point p, double maxDistance,
                                   bool closed);

/// Index of the vertex nearest to `p` within `maxDistance`, or nullopt.
std::optional<std::size_t> nearestVertex(const std::vector<Point>& points, Point p,
                                         double maxDistance);

/// Whether `p` lies inside the outline under the non-zero winding rule.
bool insideOutline(const Outline& outline, Point p);

/// The control point that mirrors `index` about the vertical line x = midlineX: the point nearest
/// to index's mirror image, when it lies within `tolerance` px; nullopt when there is none.
/// A point on the midline is its own partner.
std::optional<std::size_t> mirrorPartner(const std::vector<Point>& points, std::size_t index,
                                         double midlineX, double tolerance);

/// Moves hairline control point `index` to `to`, and, when `midlineX` is given, its mirror
/// partner to the mirror image of `to` (a point that is its own partner stays on the midline).
/// Keeps the points ordered left to right by refusing a move that would cross a neighbour.
void moveHairlinePoint(Hairline& hairline, std::size_t index, Point to,
                       std::optional<double> midlineX, double partnerTolerance);

/// Moves the whole hairline up (positive mm, toward smaller y) or down.
void raiseHairline(Hairline& hairline, double mm, double mmPerPx);

enum class HairlineTemplate { Male, Female };

/// A template hairline placed from the glabella and the scale: male, mid-frontal point 80 mm
/// above the glabella with temporal recession; female, about 60 mm, rounded, with closed
/// temporal angles. The hairline's densities and irregularity keep their defaults.
Hairline templateHairline(HairlineTemplate kind, Point glabella, double mmPerPx);

} // namespace hp
