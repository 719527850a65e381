// Areas of stacked regions, as the counting rules layer them (plan-format.md §2 rules 2, 6, 8, 9).
#pragma once

#include "geometry.hpp"

#include <vector>

namespace hp {

struct LayerArea {
    double drawnPx = 0.0;   ///< area the outline encloses under the non-zero rule
    double countedPx = 0.0; ///< the part of it no layer above covers
};

/// `stack` lists outlines from the bottom layer to the top one; each is filled under the
/// non-zero winding rule, so orientation does not matter and a self-crossing outline counts every
/// part it encloses. One sweep over the outlines' monotone chains gives every layer's counted
/// area at once, in about n + (turning points + crossings) log n for n vertices (see
/// layered_area.cpp), which is what lets the counts follow a drag on every frame; regions.hpp
/// gives the same regions as polygons, through Clipper, for drawing.
///
/// `simple`, when given, says for each layer whether its outline is known not to cross itself
/// (countSelfCrossings); such a layer's drawn area is its shoelace area, with no sweep of its own.
std::vector<LayerArea> layeredAreasPx(const std::vector<const Outline*>& stack,
                                      const std::vector<bool>& simple = {});

/// Area one outline encloses under the non-zero rule.
double regionAreaPx(const Outline& outline);

} // namespace hp
