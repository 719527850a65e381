#include "render/mark_grid.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hp::render {
namespace {

/// Marks per cell the grid aims at when there are few: no point in cells of one mark.
constexpr double kMarksPerCell = 16.0;

/// The cell index of `v` along one side, clamped into [0, cells - 1].
int cellOf(double v, double origin, double cellSize, int cells) {
    const double c = std::floor((v - origin) / cellSize);
    if (!(c >= 0.0)) return 0; // below, or NaN
    return c >= cells - 1 ? cells - 1 : static_cast<int>(c);
}

} // namespace

void MarkGrid::build(const std::vector<Point>& anchors, double reachPx,
                     std::vector<std::uint32_t>& order) {
    order.clear();
    starts_.clear();
    columns_ = rows_ = 0;
    reach_ = std::isfinite(reachPx) && reachPx > 0.0 ? reachPx : 0.0;
    const std::size_t n = anchors.size();
    if (n == 0) return;

    constexpr double inf = std::numeric_limits<double>::infinity();
    double minX = inf, minY = inf, maxX = -inf, maxY = -inf;
    for (const Point& p : anchors) {
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
        minX = std::min(minX, p.x), maxX = std::max(maxX, p.x);
        minY = std::min(minY, p.y), maxY = std::max(maxY, p.y);
    }
    if (!(minX <= maxX)) minX = maxX = minY = maxY = 0.0; // no finite anchor
    const int side =
        static_cast<int>(std::clamp(std::ceil(std::sqrt(static_cast<double>(n) / kMarksPerCell)),
                                    1.0, static_cast<double>(kMaxSide)));
    columns_ = rows_ = side;
    x0_ = minX;
    y0_ = minY;
    // The last anchor must fall inside the last cell, not on its far edge.
    cellWidth_ = std::max((maxX - minX) / side, 1e-9) * (1.0 + 1e-9);
    cellHeight_ = std::max((maxY - minY) / side, 1e-9) * (1.0 + 1e-9);

    // A counting sort by cell: stable, so each cell keeps the marks' own order.
    const std::size_t cells = static_cast<std::size_t>(columns_) * rows_;
    std::vector<std::uint32_t> cellOfMark(n);
    starts_.assign(cells + 1, 0);
    for (std::size_t i = 0; i < n; ++i) {
        const Point& p = anchors[i];
        const std::size_t cell =
            static_cast<std::size_t>(cellOf(p.y, y0_, cellHeight_, rows_)) * columns_ +
            static_cast<std::size_t>(cellOf(p.x, x0_, cellWidth_, columns_));
        cellOfMark[i] = static_cast<std::uint32_t>(cell);
        ++starts_[cell + 1];
    }
    for (std::size_t c = 0; c < cells; ++c)
        starts_[c + 1] += starts_[c];
    std::vector<std::uint32_t> next(starts_.begin(), starts_.end() - 1);
    order.resize(n);
    for (std::size_t i = 0; i < n; ++i)
        order[next[cellOfMark[i]]++] = static_cast<std::uint32_t>(i);
}

void MarkGrid::visibleRuns(const Box& view, double extraPx, std::vector<MarkRun>& runs) const {
    runs.clear();
    if (columns_ == 0 || rows_ == 0) return;
    const double grow = reach_ + (std::isfinite(extraPx) && extraPx > 0.0 ? extraPx : 0.0);
    const double left = view.minX - grow, right = view.maxX + grow;
    const double top = view.minY - grow, bottom = view.maxY + grow;
    // NaN comparisons are false: a view that is not a number shows nothing.
    if (!(right >= x0_ && left <= x0_ + columns_ * cellWidth_ && bottom >= y0_ &&
          top <= y0_ + rows_ * cellHeight_))
        return;
    const int c0 = cellOf(left, x0_, cellWidth_, columns_);
    const int c1 = cellOf(right, x0_, cellWidth_, columns_);
    const int r0 = cellOf(top, y0_, cellHeight_, rows_);
    const int r1 = cellOf(bottom, y0_, cellHeight_, rows_);
    for (int row = r0; row <= r1; ++row) {
        const std::size_t first = start(c0, row);
        const std::size_t end = starts_[static_cast<std::size_t>(row) * columns_ + c1 + 1];
        if (end == first) continue;
        if (!runs.empty() && runs.back().first + runs.back().count == first)
            runs.back().count += end - first; // the row before ended where this one starts
        else
            runs.push_back({first, end - first});
    }
}

} // namespace hp::render
