#include "regions.hpp"

#include <clipper.hpp>
#include <cmath>

namespace hp {
namespace {

using ClipperLib::cInt;

ClipperLib::Path toClipper(const Outline& outline) {
    ClipperLib::Path path;
    path.reserve(outline.size());
    for (const Point& p : outline)
        path.emplace_back(static_cast<cInt>(std::llround(p.x * kRegionGridPerPx)),
                          static_cast<cInt>(std::llround(p.y * kRegionGridPerPx)));
    return path;
}

Region fromClipper(const ClipperLib::Paths& paths) {
    Region region;
    region.reserve(paths.size());
    for (const ClipperLib::Path& path : paths) {
        Outline o;
        o.reserve(path.size());
        for (const ClipperLib::IntPoint& p : path)
            o.push_back({static_cast<double>(p.X) / kRegionGridPerPx,
                         static_cast<double>(p.Y) / kRegionGridPerPx});
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

}  // namespace

Region regionOf(const Outline& outline) {
    if (outline.size() < 3) return {};
    return fromClipper(unionNonZero({toClipper(outline)}));
}

std::vector<Region> visibleRegions(const std::vector<const Outline*>& stack) {
    std::vector<Region> result(stack.size());
    ClipperLib::Paths covered;  // the union of every layer above the current one
    for (std::size_t i = stack.size(); i-- > 0;) {
        if (stack[i]->size() < 3) continue;
        const ClipperLib::Path path = toClipper(*stack[i]);
        ClipperLib::Clipper difference;
        difference.AddPath(path, ClipperLib::ptSubject, true);
        difference.AddPaths(covered, ClipperLib::ptClip, true);
        ClipperLib::Paths visible;
        difference.Execute(ClipperLib::ctDifference, visible, ClipperLib::pftNonZero,
                           ClipperLib::pftNonZero);
        result[i] = fromClipper(visible);

        ClipperLib::Clipper merge;
        merge.AddPaths(covered, ClipperLib::ptSubject, true);
        merge.AddPath(path, ClipperLib::ptClip, true);
        ClipperLib::Paths merged;
        merge.Execute(ClipperLib::ctUnion, merged, ClipperLib::pftNonZero, ClipperLib::pftNonZero);
        covered.swap(merged);
    }
    return result;
}

double areaPx(const Region& region) {
    double sum = 0.0;
    for (const Outline& o : region) sum += signedAreaPx(o);
    return sum;
}

}  // namespace hp
