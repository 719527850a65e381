// Regions as polygons, for drawing them and placing marks inside them. Computed with Clipper on
// integer coordinates (1/256 px), so they agree with layered_area.hpp to well under a pixel.
#pragma once

#include "geometry.hpp"

#include <vector>

namespace hp {

/// A region of the plane: outer boundaries and holes. Outer boundaries run clockwise on screen
/// (positive signedAreaPx), holes counter-clockwise, so the region's area is the sum of the
/// signed areas of its outlines.
using Region = std::vector<Outline>;

/// The sub-pixel grid regions are snapped to: 1/256 px.
inline constexpr double kRegionGridPerPx = 256.0;

/// The area `outline` encloses under the non-zero winding rule.
Region regionOf(const Outline& outline);

/// For a stack of outlines from the bottom layer to the top one, the part of each layer's region
/// that no layer above covers (the counted region of plan-format.md §2 rule 6).
std::vector<Region> visibleRegions(const std::vector<const Outline*>& stack);

/// The signed-area sum of a region's outlines: its area in px².
double areaPx(const Region& region);

} // namespace hp
