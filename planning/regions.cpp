#include "regions.hpp"

#include <algorithm>
#include <clipper.hpp>
#include <cmath>

namespace hp {
namespace {

using ClipperLib::cInt;

// Clipper sweeps along y; for wide, wavy outlines (the band) sweeping along x is much cheaper
// (geometry.hpp, sweepAlongX), so such work is done on transposed coordinates and mapped back.
ClipperLib::Path toClipper(const Outline& outline, bool transpose) {
    ClipperLib::Path path;
    path.reserve(outline.size());
    for (Point p : outline) {
        if (transpose) p = transposed(p);
        path.emplace_back(static_cast<cInt>(std::llround(p.x * kRegionGridPerPx)),
                          static_cast<cInt>(std::llround(p.y * kRegionGridPerPx)));
    }
    return path;
}

Region fromClipper(const ClipperLib::Paths& paths, bool transpose) {
    Region region;
    region.reserve(paths.size());
    for (const ClipperLib::Path& path : paths) {
        Outline o;
        o.reserve(path.size());
        for (const ClipperLib::IntPoint& p : path) {
            const Point q{static_cast<double>(p.X) / kRegionGridPerPx,
                          static_cast<double>(p.Y) / kRegionGridPerPx};
            o.push_back(transpose ? transposed(q) : q);
        }
        // Transposing mirrors, which reverses each outline's turn: restore it.
        if (transpose) std::reverse(o.begin(), o.end());
        region.push_back(std::move(o));
    }
    return region;
}

// Clipper's outer boundaries have positive Orientation (counter-clockwise with y up), which on a
// y-down screen is clockwise: positive signedAreaPx, as regions.hpp promises.
ClipperLib::Paths unionNonZero(const ClipperLib::Paths& subject) {
    ClipperLib::Clipper clipper;
    clipper.AddPaths(subject, ClipperLib::ptSubject, true);
    ClipperLib::Paths out;
    clipper.Execute(ClipperLib::ctUnion, out, ClipperLib::pftNonZero, ClipperLib::pftNonZero);
    return out;
}

} // namespace

Region regionOf(const Outline& outline) {
    if (outline.size() < 3) return {};
    const bool transpose = sweepAlongX({&outline});
    return fromClipper(unionNonZero({toClipper(outline, transpose)}), transpose);
}

std::vector<Region> visibleRegions(const std::vector<const Outline*>& stack) {
    std::vector<Region> result(stack.size());
    std::vector<Box> boxes(stack.size());
    for (std::size_t i = 0; i < stack.size(); ++i)
        if (stack[i]->size() >= 3) boxes[i] = boundingBox(*stack[i]);
    // One difference per layer: its outline minus the outlines above whose boxes meet its own
    // (Clipper fills the clip outlines together under the non-zero rule, so no running union is
    // needed, and layers far apart never meet in Clipper at all).
    for (std::size_t i = 0; i < stack.size(); ++i) {
        if (stack[i]->size() < 3) continue;
        std::vector<const Outline*> involved{stack[i]};
        for (std::size_t j = i + 1; j < stack.size(); ++j)
            if (stack[j]->size() >= 3 && boxes[i].overlaps(boxes[j])) involved.push_back(stack[j]);
        const bool transpose = sweepAlongX(involved);
        ClipperLib::Clipper clipper;
        clipper.AddPath(toClipper(*stack[i], transpose), ClipperLib::ptSubject, true);
        // The clip outlines are filled together under one non-zero rule, so each must first be
        // its own region turned the same way: two covering outlines drawn in opposite directions
        // would otherwise cancel where they overlap and leave that part uncovered.
        for (std::size_t k = 1; k < involved.size(); ++k) {
            ClipperLib::Path path = toClipper(*involved[k], transpose);
            if (countSelfCrossings(*involved[k], 0) > 0) {
                clipper.AddPaths(unionNonZero({path}), ClipperLib::ptClip, true);
            } else {
                if (!ClipperLib::Orientation(path)) ClipperLib::ReversePath(path);
                clipper.AddPath(path, ClipperLib::ptClip, true);
            }
        }
        ClipperLib::Paths visible;
        clipper.Execute(involved.size() > 1 ? ClipperLib::ctDifference : ClipperLib::ctUnion,
                        visible, ClipperLib::pftNonZero, ClipperLib::pftNonZero);
        result[i] = fromClipper(visible, transpose);
    }
    return result;
}

double areaPx(const Region& region) {
    double sum = 0.0;
    for (const Outline& o : region)
        sum += signedAreaPx(o);
    return sum;
}

} // namespace hp
