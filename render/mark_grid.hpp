// Marks bucketed by where they are, so that a view draws only the buckets it can see: zoomed in
// on a hairline, the marks off the screen cost nothing. Without a GPU (llvmpipe) every instance
// drawn costs CPU time in the draw call even when it lands off the target, so this is what makes
// a zoomed-in simulation cheap there. Pure CPU: no GL.
#pragma once

#include "planning/geometry.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace hp::render {

/// A range of marks in grid order: marks [first, first + count).
struct MarkRun {
    std::size_t first = 0;
    std::size_t count = 0;

    friend bool operator==(const MarkRun&, const MarkRun&) = default;
};

/// A grid of at most kMaxSide x kMaxSide cells over the marks' anchors (a hair's root, a dot's
/// centre). Marks are ordered cell by cell, row by row; within a cell they keep their order, so
/// the order is a function of the anchors alone.
class MarkGrid {
  public:
    /// Rows of cells cost a draw call each when the view cuts them: 32 rows keep a frame to a
    /// few dozen calls while a view at 100% of a 24-megapixel photo draws about a tenth of them.
    static constexpr int kMaxSide = 32;

    /// Buckets marks anchored at `anchors`, each reaching at most `reachPx` image pixels from
    /// its anchor. Fills `order` with the anchors' indices in grid order (order[i] is the mark
    /// to place i-th). Non-finite anchors go to the first cell.
    void build(const std::vector<Point>& anchors, double reachPx,
               std::vector<std::uint32_t>& order);

    /// The runs of marks, in grid order, that may reach into `view` (image pixels) grown by
    /// `extraPx` more image pixels (what a mark may grow by on the target: a minimum size, the
    /// edges' half pixel). Cells are taken row by row; rows whose whole width is in view merge
    /// into one run, so a view of everything is a single run. Empty runs are left out.
    void visibleRuns(const Box& view, double extraPx, std::vector<MarkRun>& runs) const;

    std::size_t size() const { return starts_.empty() ? 0 : starts_.back(); }

  private:
    std::size_t start(int column, int row) const {
        return starts_[static_cast<std::size_t>(row) * columns_ + column];
    }

    double x0_ = 0.0, y0_ = 0.0; // the grid's top-left corner
    double cellWidth_ = 1.0, cellHeight_ = 1.0;
    int columns_ = 0, rows_ = 0;
    double reach_ = 0.0;
    std::vector<std::uint32_t> starts_; // each cell's first mark, then the total
};

} // namespace hp::render
