#include "layered_area.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>

namespace hp {
namespace {

// A non-horizontal edge, stored from its upper end (smaller y) to its lower end.
struct SweepEdge {
    double yTop, yBottom, xTop, xBottom;
    int layer;
    int winding; // +1 when the outline runs down the edge, -1 when it runs up
    double slope = (xBottom - xTop) / (yBottom - yTop); // dx/dy

    // Exact at both ends (beams start and end at vertex heights), linear between.
    double xAt(double y) const {
        if (y >= yBottom) return xBottom;
        return xTop + (y - yTop) * slope;
    }
};

struct ActiveEdge {
    const SweepEdge* edge;
    double xUpper; // x at the upper end of the current (sub-)beam
    double xLower; // x at its lower end
};

// Layers whose winding number is non-zero in the span being walked. The walk asks for the
// topmost at every edge, so it must be cheap: a bit per layer while there are at most 64
// layers (a plan's stack, nearly always), else a sorted list whose size is the overlap depth.
class CoveringLayers {
  public:
    explicit CoveringLayers(std::size_t layerCount)
        : winding_(layerCount, 0), useBits_(layerCount <= 64) {}

    void cross(const SweepEdge& e) {
        int& w = winding_[e.layer];
        const bool wasCovering = w != 0;
        w += e.winding;
        if (wasCovering == (w != 0)) return;
        if (useBits_) {
            bits_ ^= std::uint64_t{1} << e.layer;
            return;
        }
        const auto at = std::lower_bound(live_.begin(), live_.end(), e.layer);
        if (w != 0)
            live_.insert(at, e.layer);
        else
            live_.erase(at);
    }
    int top() const {
        if (useBits_) return bits_ == 0 ? -1 : 63 - std::countl_zero(bits_);
        return live_.empty() ? -1 : live_.back();
    }

  private:
    std::vector<int> winding_;
    bool useBits_;
    std::uint64_t bits_ = 0;
    std::vector<int> live_;
};

// Adds the area of the beam between yUpper and yLower to the topmost covering layer of each
// span between consecutive edges. `active` is ordered left to right inside the beam and no two of
// its edges cross strictly inside it.
void integrateBeam(const std::vector<ActiveEdge>& active, double height, CoveringLayers& covering,
                   std::vector<double>& counted) {
    for (std::size_t k = 0; k < active.size(); ++k) {
        if (k > 0) {
            const int top = covering.top();
            if (top >= 0) {
                const ActiveEdge& l = active[k - 1];
                const ActiveEdge& r = active[k];
                counted[top] += 0.5 * height * ((r.xUpper - l.xUpper) + (r.xLower - l.xLower));
            }
        }
        covering.cross(*active[k].edge);
    }
}

std::vector<double> countedAreas(const std::vector<const Outline*>& stack) {
    // Areas do not change when the plane is mirrored about its diagonal, and the sweep may be far
    // cheaper across the other axis (see sweepAlongX).
    const bool transpose = sweepAlongX(stack);
    std::vector<SweepEdge> edges;
    std::vector<double> ys;
    for (std::size_t layer = 0; layer < stack.size(); ++layer) {
        const Outline& o = *stack[layer];
        const std::size_t n = o.size();
        if (n < 3) continue;
        for (std::size_t i = 0; i < n; ++i) {
            Point a = o[i], b = o[(i + 1) % n];
            if (transpose) a = transposed(a), b = transposed(b);
            ys.push_back(a.y);
            if (a.y == b.y) continue; // horizontal edges bound no beam
            if (a.y < b.y)
                edges.push_back({a.y, b.y, a.x, b.x, static_cast<int>(layer), +1});
            else
                edges.push_back({b.y, a.y, b.x, a.x, static_cast<int>(layer), -1});
        }
    }
    std::vector<double> counted(stack.size(), 0.0);
    if (edges.empty()) return counted;

    std::sort(edges.begin(), edges.end(),
              [](const SweepEdge& a, const SweepEdge& b) { return a.yTop < b.yTop; });
    std::sort(ys.begin(), ys.end());
    ys.erase(std::unique(ys.begin(), ys.end()), ys.end());

    CoveringLayers covering(stack.size());
    std::vector<ActiveEdge> active;
    std::vector<double> crossings;
    std::vector<ActiveEdge> sub;
    std::size_t next = 0;

    for (std::size_t b = 0; b + 1 < ys.size(); ++b) {
        const double y0 = ys[b], y1 = ys[b + 1];
        std::erase_if(active, [&](const ActiveEdge& a) { return a.edge->yBottom <= y0; });
        for (; next < edges.size() && edges[next].yTop <= y0; ++next)
            active.push_back({&edges[next], 0.0, 0.0});
        if (active.empty()) continue;

        for (ActiveEdge& a : active) {
            a.xUpper = a.edge->xAt(y0);
            a.xLower = a.edge->xAt(y1);
        }
        // Order by x at the top of the beam, ties by x at its bottom. Insertion sort: the order
        // carries over from the beam above, so it is nearly sorted already.
        const auto before = [](const ActiveEdge& l, const ActiveEdge& r) {
            return l.xUpper < r.xUpper || (l.xUpper == r.xUpper && l.xLower < r.xLower);
        };
        for (std::size_t i = 1; i < active.size(); ++i)
            for (std::size_t j = i; j > 0 && before(active[j], active[j - 1]); --j)
                std::swap(active[j], active[j - 1]);

        // Edges that cross inside the beam come out of order at its bottom. Bubble them into the
        // bottom order; every swap is one crossing, whose height splits the beam.
        bool ordered = true;
        for (std::size_t i = 1; i < active.size() && ordered; ++i)
            ordered = !(active[i].xLower < active[i - 1].xLower);
        if (ordered) {
            integrateBeam(active, y1 - y0, covering, counted);
            continue;
        }
        sub = active; // in the beam's top order, for the sub-beams below
        crossings.clear();
        for (std::size_t i = 1; i < active.size(); ++i) {
            for (std::size_t j = i; j > 0 && active[j].xLower < active[j - 1].xLower; --j) {
                const ActiveEdge& l = active[j - 1];
                const ActiveEdge& r = active[j];
                const double gapUpper = r.xUpper - l.xUpper; // >= 0
                const double gapLower = l.xLower - r.xLower; // > 0
                const double t = gapUpper / (gapUpper + gapLower);
                crossings.push_back(y0 + t * (y1 - y0));
                std::swap(active[j], active[j - 1]);
            }
        }
        // Between consecutive crossing heights the edges keep one order: the order at the
        // sub-beam's middle.
        crossings.push_back(y0);
        crossings.push_back(y1);
        std::sort(crossings.begin(), crossings.end());
        crossings.erase(std::unique(crossings.begin(), crossings.end()), crossings.end());
        for (std::size_t c = 0; c + 1 < crossings.size(); ++c) {
            const double ya = crossings[c], yb = crossings[c + 1];
            if (!(yb > ya)) continue;
            const double ym = 0.5 * (ya + yb);
            for (ActiveEdge& a : sub)
                a.xUpper = a.edge->xAt(ym);
            // From one sub-beam to the next only the pairs crossing between them swap.
            for (std::size_t i = 1; i < sub.size(); ++i)
                for (std::size_t j = i; j > 0 && sub[j].xUpper < sub[j - 1].xUpper; --j)
                    std::swap(sub[j], sub[j - 1]);
            for (ActiveEdge& a : sub) {
                a.xUpper = a.edge->xAt(ya);
                a.xLower = a.edge->xAt(yb);
            }
            integrateBeam(sub, yb - ya, covering, counted);
        }
    }
    return counted;
}

} // namespace

double regionAreaPx(const Outline& outline) {
    const std::vector<const Outline*> one{&outline};
    return countedAreas(one)[0];
}

std::vector<LayerArea> layeredAreasPx(const std::vector<const Outline*>& stack,
                                      const std::vector<bool>& simple) {
    const std::vector<double> counted = countedAreas(stack);
    std::vector<LayerArea> result(stack.size());
    for (std::size_t i = 0; i < stack.size(); ++i) {
        result[i].countedPx = counted[i];
        // The topmost layer covers all of its own region.
        if (i + 1 == stack.size())
            result[i].drawnPx = counted[i];
        else if (i < simple.size() && simple[i])
            result[i].drawnPx = shoelaceAreaPx(*stack[i]);
        else
            result[i].drawnPx = regionAreaPx(*stack[i]);
    }
    return result;
}

} // namespace hp
