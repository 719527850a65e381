// Layered areas by one sweep over monotone chains (plan-format.md §2 rules 2, 6, 8, 9).
//
// How it works, in three ideas:
//
// 1. Chains, not edges. Every outline is cut into maximal runs of edges that all go down the
//    sweep axis or all go up it. Along such a chain y strictly increases, so at any height the
//    chain has one x, and chains only start and end at the outline's turning points (and at
//    horizontal edges, which bound no area swept along y): a chain's interior vertices change
//    nothing in the sweep's order and cost no event.
//
// 2. Areas from the boundary. Between two neighbouring chains lies a gap whose winding numbers,
//    one per layer, are the sums of the windings of every chain to its left; the topmost layer
//    with a non-zero winding owns the gap's area. A gap's area is the integral of
//    (x_right - x_left) dy, so a layer's counted area is a sum over chains: each chain adds the
//    integral of its own x to the owner of the gap on its left and takes it from the owner of the
//    gap on its right. Those owners change only where the order of the chains changes (a chain
//    starts or ends, two chains cross), so a chain is "flushed" (its integral since the last
//    flush, read from prefix sums along the chain, booked to the two owners) only then.
//
// 3. Crossings found by walking gaps. Two neighbouring chains can only swap where they cross, so
//    each gap walks down its two chains, breakpoint by breakpoint (every vertex of either), and
//    checks that the left one is still left. Both chains are straight between breakpoints, so a
//    swap in order shows as an inversion at the next breakpoint, and the crossing height is
//    interpolated there. Events (crossings, and pauses after a few steps so that no walk runs far
//    ahead of the sweep) are kept in a heap by height; chain starts and ends are sorted once.
//
// The cost is about the number of vertices plus (crossings + turning points) x log, instead of
// (scan beams x edges on a scan line).
//
// Robustness. The order of the active chains is the truth for the winding numbers: every change
// of order is an adjacent swap or a re-ordering of a stretch at one height, and each updates the
// gap states it touches, so winding numbers stay exact integers whatever the rounding. Rounding
// can only misplace a change of order by a rounding error, never lose one: every gap is walked
// over every height at which it exists, from where it forms. Whether a pair is out of order is
// judged so that the pair and its reverse always get opposite answers (continueWalk), so no pair
// is swapped back and forth at one height.
#include "layered_area.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace hp {
namespace {

// ---------------------------------------------------------------------------------------------
// Monotone chains

struct ChainVertex {
    double x;        ///< relative to the stack's origin (buildChains), in sweep coordinates
    double y;        ///< as given, in sweep coordinates
    double slope;    ///< dx/dy of the segment to the chain's next vertex (unused at its bottom)
    double integral; ///< integral of x dy along the chain from its top vertex to this one
};

struct Chain {
    std::uint32_t top;    ///< index of its top vertex in ChainSet::vertices
    std::uint32_t bottom; ///< index of its bottom vertex; top < bottom, y strictly increasing
    int layer;
    int winding;       ///< +1 when the outline runs down the chain, -1 when it runs up
    double minX, maxX; ///< the span of its x
};

struct ChainSet {
    std::vector<ChainVertex> vertices;
    std::size_t used = 0; ///< vertices written so far (buildChains)
    std::vector<Chain> chains;
};

// The directions of every edge of the outlines with at least 3 points, outline after outline,
// along both axes (+1 increasing, -1 decreasing, 0 level), and how many chains a sweep along
// each axis would have. The sweep's cost grows with its chains (each start and end re-orders a
// stretch of the active chains), so it runs along the axis with fewer: a wide, wavy outline
// such as the hairline's band has far fewer turning points across x than down y.
struct EdgeDirections {
    std::vector<signed char> alongY, alongX;
    std::size_t chainsAlongY = 0, chainsAlongX = 0;
};

EdgeDirections edgeDirections(const std::vector<const Outline*>& stack) {
    EdgeDirections d;
    std::size_t edges = 0;
    for (const Outline* o : stack)
        edges += o->size() >= 3 ? o->size() : 0;
    d.alongY.resize(edges);
    d.alongX.resize(edges);
    const auto sign = [](double from, double to) {
        return static_cast<signed char>((from < to) - (from > to));
    };
    signed char* y = d.alongY.data();
    signed char* x = d.alongX.data();
    for (const Outline* o : stack) {
        const std::size_t n = o->size();
        if (n < 3) continue;
        const Point* p = o->data();
        // A chain starts at every edge that moves while the edge before it does not move the
        // same way (as addChains cuts them); the edge before the first is the closing one.
        y[n - 1] = sign(p[n - 1].y, p[0].y);
        x[n - 1] = sign(p[n - 1].x, p[0].x);
        signed char beforeY = y[n - 1], beforeX = x[n - 1];
        for (std::size_t i = 0; i + 1 < n; ++i) {
            y[i] = sign(p[i].y, p[i + 1].y);
            x[i] = sign(p[i].x, p[i + 1].x);
            d.chainsAlongY += y[i] != 0 && y[i] != beforeY;
            d.chainsAlongX += x[i] != 0 && x[i] != beforeX;
            beforeY = y[i], beforeX = x[i];
        }
        d.chainsAlongY += y[n - 1] != 0 && y[n - 1] != beforeY;
        d.chainsAlongX += x[n - 1] != 0 && x[n - 1] != beforeX;
        y += n, x += n;
    }
    return d;
}

// The chains of one outline, written to `set` from set.used on (room for them was made by
// buildChains). Horizontal and zero-length edges bound no area swept along y: they only
// separate chains. `direction` holds its edges' directions along the sweep axis.
template <bool Transpose>
void addChains(const Outline& outline, double originX, int layer, const signed char* direction,
               ChainSet& set) {
    const std::size_t n = outline.size();
    const Point* points = outline.data();
    const auto point = [&](std::size_t i) { // i < 2n: the outline read twice round
        const Point p = points[i < n ? i : i - n];
        if constexpr (Transpose) return transposed(p);
        return p;
    };
    const auto edgeDirection = [&](std::size_t i) { return direction[i < n ? i : i - n]; };
    // Start at an edge that begins a chain, so that no chain wraps around the outline's end.
    // One exists unless every edge is horizontal: a closed outline that goes down somewhere
    // comes back up somewhere.
    std::size_t start = n;
    for (std::size_t i = 0; i < n && start == n; ++i)
        if (direction[i] != 0 && direction[i] != direction[i == 0 ? n - 1 : i - 1]) start = i;
    if (start == n) return;

    for (std::size_t i = start; i < start + n;) {
        const int d = edgeDirection(i);
        if (d == 0) {
            ++i;
            continue;
        }
        std::size_t j = i + 1; // the run is edges i .. j - 1, vertices i .. j
        while (j < start + n && edgeDirection(j) == d)
            ++j;
        // Top to bottom, each vertex with the slope of the segment below it and the integral
        // of x dy down to it.
        const auto top = static_cast<std::uint32_t>(set.used);
        ChainVertex* out = set.vertices.data() + top;
        const Point first = point(d > 0 ? i : j);
        out[0] = {first.x - originX, first.y, 0.0, 0.0};
        double minX = out[0].x, maxX = out[0].x;
        for (std::size_t k = 1; k <= j - i; ++k) {
            const Point q = point(d > 0 ? i + k : j - k);
            ChainVertex& a = out[k - 1];
            ChainVertex& b = out[k];
            b = {q.x - originX, q.y, 0.0, 0.0};
            minX = std::min(minX, b.x), maxX = std::max(maxX, b.x);
            const double dy = b.y - a.y; // > 0
            a.slope = (b.x - a.x) / dy;
            // A segment so flat that its slope overflows (only for coordinates near 1e-300): a
            // finite stand-in keeps every x finite; such a segment spans no other vertex's height.
            if (!std::isfinite(a.slope))
                a.slope = std::copysign(std::numeric_limits<double>::max(), b.x - a.x);
            b.integral = a.integral + dy * (a.x + b.x) * 0.5;
        }
        set.used += j - i + 1;
        set.chains.push_back({top, static_cast<std::uint32_t>(set.used - 1), layer, d, minX, maxX});
        i = j;
    }
}

// Areas must not depend on where the plan lies (tests move shapes to 1e6 px): the integrals of
// x dy are taken relative to a point of the stack, so they are of the size of the stack, not of
// its coordinates. Any point of the stack will do; the first is at hand.
ChainSet buildChains(const std::vector<const Outline*>& stack, bool transpose,
                     const std::vector<signed char>& directions, std::size_t chains) {
    ChainSet set;
    std::size_t points = 0;
    double originX = 0.0;
    bool haveOrigin = false;
    for (const Outline* o : stack) {
        if (o->size() < 3) continue;
        points += o->size();
        if (!haveOrigin) originX = transpose ? o->front().y : o->front().x, haveOrigin = true;
    }
    // A chain has one vertex more than edges, and no more edges than the outline has points.
    set.vertices.resize(points + chains);
    set.chains.reserve(chains);
    std::size_t firstEdge = 0;
    for (std::size_t layer = 0; layer < stack.size(); ++layer) {
        const Outline& o = *stack[layer];
        if (o.size() < 3) continue;
        const signed char* direction = directions.data() + firstEdge;
        if (transpose)
            addChains<true>(o, originX, static_cast<int>(layer), direction, set);
        else
            addChains<false>(o, originX, static_cast<int>(layer), direction, set);
        firstEdge += o.size();
    }
    set.vertices.resize(set.used);
    return set;
}

// ---------------------------------------------------------------------------------------------
// The sweep

struct LayerWinding {
    int layer;
    int winding; // never 0: a state lists the layers that cover its gap
};

// A gap's state: its non-zero winding numbers sorted by layer, a slice of LayerSweep::arena_.
struct GapState {
    std::uint32_t begin = 0;
    std::uint32_t size = 0;
};

class LayerSweep {
  public:
    LayerSweep(const ChainSet& set, std::vector<double>& counted)
        : v_(set.vertices), chains_(set.chains), counted_(counted), at_(chains_.size()) {}

    void run();

  private:
    // What the sweep knows of one chain while it is active.
    struct ChainState {
        std::uint32_t cursor = 0; ///< the segment under the sweep line (index of its top vertex)
        int position = -1;        ///< index in order_, -1 when not active
        int leftTop = -1;         ///< owner of the gap on its left (-1: nothing covers it)
        int rightTop = -1;        ///< owner of the gap on its right
        double flushed = 0.0;     ///< the chain's integral up to its last flush
        GapState right;           ///< winding numbers of the gap on its right

        // The walk along the gap on its right (see the file comment, idea 3).
        int walkRight = -1;            ///< the chain on the gap's other side; -1: no walk
        std::uint32_t walkVersion = 0; ///< bumped whenever the walk is restarted or dropped
        std::uint32_t walkLeftSegment = 0, walkRightSegment = 0;
        double walkY = 0.0;   ///< the walk has checked the order down to here
        double walkGap = 0.0; ///< x_right - x_left at walkY
        bool crossingPending = false;
        double crossingSeenAt = 0.0; ///< where the swapped pair's gap is to walk from
    };

    struct Event {
        double y;
        int chain; // the gap on this chain's right
        std::uint32_t version;
    };

    // Each walk checks at most this many breakpoints before it pauses as an event: a walk that
    // runs ahead is wasted when its gap changes, and a pause costs one heap operation.
    static constexpr int kWalkSteps = 32;

    // --- geometry along a chain ---

    double xOn(std::uint32_t segment, double y) const {
        const ChainVertex& a = v_[segment];
        const ChainVertex& b = v_[segment + 1];
        if (y <= a.y) return a.x; // exact at both ends
        if (y >= b.y) return b.x;
        return a.x + (y - a.y) * a.slope;
    }
    double integralOn(std::uint32_t segment, double y) const {
        const ChainVertex& a = v_[segment];
        const ChainVertex& b = v_[segment + 1];
        if (y <= a.y) return a.integral;
        if (y >= b.y) return b.integral;
        return a.integral + (y - a.y) * (a.x + xOn(segment, y)) * 0.5;
    }
    // The segment of `chain` from `from` on that lies just below height y (the last one at the
    // chain's bottom).
    std::uint32_t segmentBelow(int chain, std::uint32_t from, double y) const {
        const std::uint32_t last = chains_[chain].bottom - 1;
        while (from < last && v_[from + 1].y <= y)
            ++from;
        return from;
    }
    double topY(int chain) const { return v_[chains_[chain].top].y; }
    double bottomY(int chain) const { return v_[chains_[chain].bottom].y; }

    // --- gap states ---

    int topLayer(GapState s) const { return s.size == 0 ? -1 : arena_[s.begin + s.size - 1].layer; }
    GapState withChain(GapState s, int chain);
    void setState(int chain, GapState s) {
        liveStates_ += s.size;
        liveStates_ -= at_[chain].right.size;
        at_[chain].right = s;
    }
    void compactStatesIfWasteful();

    // --- the sweep's steps ---

    void flush(int chain, double y);
    void startWalk(int left, double y);
    void continueWalk(int left);
    void swapAt(int left, double y);
    void vertexGroup(double y);
    void push(double y, int chain) {
        heap_.push_back({y, chain, at_[chain].walkVersion});
        std::push_heap(heap_.begin(), heap_.end(), later);
    }
    static bool later(const Event& a, const Event& b) { return a.y > b.y; }

    const std::vector<ChainVertex>& v_;
    const std::vector<Chain>& chains_;
    std::vector<double>& counted_;
    std::vector<ChainState> at_;
    std::vector<int> order_; ///< active chains, left to right
    std::vector<int> next_;  ///< scratch for the next order
    std::vector<LayerWinding> arena_;
    std::size_t liveStates_ = 0; ///< entries of arena_ in use by active chains
    std::vector<Event> heap_;
    std::vector<int> starts_, ends_; ///< chains by top height, by bottom height
    std::size_t nextStart_ = 0, nextEnd_ = 0;
    double swapHeight_ = 0.0;       ///< the height of the last swap...
    std::size_t swapsAtHeight_ = 0; ///< ...and how many swaps were made there
};

// The state of a gap after crossing `chain` from the left, appended to the arena.
GapState LayerSweep::withChain(GapState s, int chain) {
    const int layer = chains_[chain].layer;
    const int winding = chains_[chain].winding;
    GapState out{static_cast<std::uint32_t>(arena_.size()), 0};
    bool placed = false;
    // Indexes, not references: push_back may move the arena.
    for (std::uint32_t i = 0; i < s.size; ++i) {
        LayerWinding e = arena_[s.begin + i];
        if (!placed && e.layer >= layer) {
            placed = true;
            if (e.layer == layer) {
                e.winding += winding;
                if (e.winding == 0) continue;
            } else {
                arena_.push_back({layer, winding});
            }
        }
        arena_.push_back(e);
    }
    if (!placed) arena_.push_back({layer, winding});
    out.size = static_cast<std::uint32_t>(arena_.size()) - out.begin;
    return out;
}

// States are appended, never overwritten, so the arena grows with every change; copy the live
// ones together when most of it is garbage.
void LayerSweep::compactStatesIfWasteful() {
    if (arena_.size() < 4096 || arena_.size() < 4 * liveStates_) return;
    std::vector<LayerWinding> packed;
    packed.reserve(2 * liveStates_ + 64);
    for (const int c : order_) {
        GapState& s = at_[c].right;
        const auto begin = static_cast<std::uint32_t>(packed.size());
        packed.insert(packed.end(), arena_.begin() + s.begin, arena_.begin() + s.begin + s.size);
        s.begin = begin;
    }
    arena_.swap(packed);
}

// Books the chain's integral since its last flush to the owners of the gaps on either side.
void LayerSweep::flush(int chain, double y) {
    ChainState& c = at_[chain];
    c.cursor = segmentBelow(chain, c.cursor, y);
    const double integral = integralOn(c.cursor, y);
    const double delta = integral - c.flushed;
    c.flushed = integral;
    if (c.leftTop == c.rightTop) return;
    if (c.leftTop >= 0) counted_[c.leftTop] += delta;
    if (c.rightTop >= 0) counted_[c.rightTop] -= delta;
}

// (Re)starts the walk along the gap on the right of `left`, from height y.
void LayerSweep::startWalk(int left, double y) {
    ChainState& c = at_[left];
    ++c.walkVersion;
    c.crossingPending = false;
    const auto next = static_cast<std::size_t>(c.position) + 1;
    c.walkRight = next < order_.size() ? order_[next] : -1;
    if (c.walkRight < 0) return;
    const int right = c.walkRight;
    // A chain that ends here is about to leave the order, which re-forms the gap.
    if (y >= bottomY(left) || y >= bottomY(right)) {
        c.walkRight = -1;
        return;
    }
    c.walkLeftSegment = segmentBelow(left, c.cursor, y);
    c.walkRightSegment = segmentBelow(right, at_[right].cursor, y);
    c.walkY = y;
    c.walkGap = xOn(c.walkRightSegment, y) - xOn(c.walkLeftSegment, y);
    continueWalk(left);
}

// Walks the gap right of `left` down to the next place where its two chains are out of order,
// and schedules their swap there; or pauses after kWalkSteps breakpoints; or stops where one of
// them ends.
//
// Between two breakpoints the gap is linear, so whether the pair is out of order just below the
// walk's height y follows from the gap at y and at the next breakpoint yn:
//  - negative at yn (or zero at yn and negative at y): out of order from where the gap turns
//    negative, interpolated, or y itself if it is negative there already;
//  - negative at y but positive at yn: out of order until the two cross back, at y*. When y* is
//    not even one representable height below y, that stretch is nothing but rounding (several
//    chains through one point, whose x at y differ by an ulp in some order) and is ignored;
//    else the pair swaps at y and its new gap finds the crossing back at y*.
// The pair taken the other way round gets the opposite answer in every case, so no pair is
// swapped back and forth at one height whatever the rounding.
void LayerSweep::continueWalk(int left) {
    ChainState& c = at_[left];
    const int right = c.walkRight;
    // Chains whose spans of x lie apart can never cross: nothing to walk while they are
    // neighbours. (Common: the two sides of a zone, zones side by side.)
    if (chains_[left].maxX < chains_[right].minX) return;
    const std::uint32_t lastLeft = chains_[left].bottom, lastRight = chains_[right].bottom;
    std::uint32_t a = c.walkLeftSegment, b = c.walkRightSegment;
    double y = c.walkY, gap = c.walkGap;
    for (int step = 0; step < kWalkSteps; ++step) {
        // The next breakpoint: the nearer of the two segments' lower ends. Each chain's x there
        // is its vertex's own x when the breakpoint is its vertex (exact, so chains that share a
        // vertex meet exactly), else interpolated. Both are computed and one is kept, which
        // compiles to selects: which chain breaks next is as good as random.
        const ChainVertex& a0 = v_[a];
        const ChainVertex& a1 = v_[a + 1];
        const ChainVertex& b0 = v_[b];
        const ChainVertex& b1 = v_[b + 1];
        const double ya = a1.y, yb = b1.y;
        const double yn = std::min(ya, yb);
        const double xaInside = a0.x + (yn - a0.y) * a0.slope;
        const double xbInside = b0.x + (yn - b0.y) * b0.slope;
        const double xa = yn == ya ? a1.x : xaInside;
        const double xb = yn == yb ? b1.x : xbInside;
        const double gapNext = xb - xa;

        bool swap = false;
        double at = y, seenAt = yn;
        if (gapNext < 0 || (gapNext == 0 && gap < 0)) {
            swap = true;
            if (gap > 0) {
                at = y + (yn - y) * (gap / (gap - gapNext));
                if (!(at >= y)) at = y;
                if (at > yn) at = yn;
            }
        } else if (gap < 0) {
            const double crossBack = y + (yn - y) * (-gap / (gapNext - gap));
            swap = crossBack > y;
            seenAt = y; // the swapped pair must find the crossing back
        }
        // A backstop only: rounding that contradicts itself must not swap for ever at one height.
        if (swap && !(at == swapHeight_ && swapsAtHeight_ > order_.size() * order_.size() + 64)) {
            c.crossingPending = true;
            c.crossingSeenAt = seenAt;
            push(at, left);
            return;
        }
        y = yn;
        gap = gapNext;
        // Where either chain ends, the gap ends with it (vertexGroup re-forms the gaps there).
        const std::uint32_t nextA = a + (yn == ya ? 1 : 0);
        const std::uint32_t nextB = b + (yn == yb ? 1 : 0);
        if (nextA == lastLeft || nextB == lastRight) return;
        a = nextA;
        b = nextB;
    }
    c.walkLeftSegment = a;
    c.walkRightSegment = b;
    c.walkY = y;
    c.walkGap = gap;
    push(y, left); // a pause: continueWalk again when the sweep gets here
}

// The chains on either side of the gap right of `left` cross at height y: swap them.
void LayerSweep::swapAt(int left, double y) {
    ChainState& l = at_[left];
    const int right = l.walkRight;
    ChainState& r = at_[right];
    const double seenAt = l.crossingSeenAt;
    flush(left, y);
    flush(right, y);
    if (y != swapHeight_) swapHeight_ = y, swapsAtHeight_ = 0;
    ++swapsAtHeight_;

    // Only the gap between them changes: it was (outer left + left) and becomes
    // (outer left + right). The gaps outside the pair keep their states.
    const int p = l.position;
    const GapState outer = p > 0 ? at_[order_[p - 1]].right : GapState{};
    const GapState middle = withChain(outer, right);
    const GapState outerRight = r.right;
    const int outerRightTop = r.rightTop;
    r.leftTop = l.leftTop;
    r.rightTop = topLayer(middle);
    l.leftTop = r.rightTop;
    l.rightTop = outerRightTop;
    setState(right, middle);
    setState(left, outerRight);

    order_[p] = right;
    order_[p + 1] = left;
    r.position = p;
    l.position = p + 1;

    // The pair's own gap walks on from where the walk saw them (continueWalk).
    if (p > 0) startWalk(order_[p - 1], y);
    startWalk(right, seenAt);
    startWalk(left, y);
}

// Every chain that starts or ends at height y: the order is rebuilt around them, and the
// stretch of it that changed gets its gap states recomputed from the gap on its left.
void LayerSweep::vertexGroup(double y) {
    // The order without the chains ending here...
    next_.clear();
    for (const int c : order_)
        if (bottomY(c) != y) next_.push_back(c);
    while (nextEnd_ < ends_.size() && bottomY(ends_[nextEnd_]) == y)
        ++nextEnd_;

    // ...with the chains starting here inserted where their top vertex lies. starts_ is sorted by
    // x and then by direction, so each goes at or after the one before.
    std::size_t from = 0;
    for (; nextStart_ < starts_.size() && topY(starts_[nextStart_]) == y; ++nextStart_) {
        const int s = starts_[nextStart_];
        const ChainVertex& top = v_[chains_[s].top];
        at_[s].cursor = chains_[s].top;
        // Binary search for the first chain that lies right of s just below y.
        std::size_t lo = from, hi = next_.size();
        while (lo < hi) {
            const std::size_t mid = (lo + hi) / 2;
            ChainState& m = at_[next_[mid]];
            m.cursor = segmentBelow(next_[mid], m.cursor, y);
            const double x = xOn(m.cursor, y);
            if (top.x < x || (top.x == x && top.slope < v_[m.cursor].slope))
                hi = mid;
            else
                lo = mid + 1;
        }
        next_.insert(next_.begin() + static_cast<std::ptrdiff_t>(lo), s);
        from = lo + 1;
    }

    // The stretch that changed: everything between the common beginning and end of the two
    // orders. The gap states outside it are unchanged (winding numbers are sums from the left,
    // and the chains leaving and entering at one height carry the same winding in total, since
    // each outline crosses a horizontal line as often downwards as upwards).
    const std::size_t oldSize = order_.size(), newSize = next_.size();
    std::size_t head = 0;
    while (head < oldSize && head < newSize && order_[head] == next_[head])
        ++head;
    std::size_t tail = 0;
    while (tail < oldSize - head && tail < newSize - head &&
           order_[oldSize - 1 - tail] == next_[newSize - 1 - tail])
        ++tail;

    for (std::size_t i = head; i < oldSize - tail; ++i) {
        const int c = order_[i];
        flush(c, y);
        if (bottomY(c) == y) {
            ChainState& e = at_[c];
            e.position = -1;
            ++e.walkVersion; // drops its pending event
            setState(c, {});
        }
    }
    GapState state = head > 0 ? at_[next_[head - 1]].right : GapState{};
    for (std::size_t i = head; i < newSize - tail; ++i) {
        const int c = next_[i];
        ChainState& s = at_[c];
        if (s.position < 0) s.flushed = 0.0; // a new chain: its integral starts at its top
        s.leftTop = topLayer(state);
        state = withChain(state, c);
        setState(c, state);
        s.rightTop = topLayer(state);
    }
    for (std::size_t i = head; i < newSize; ++i)
        at_[next_[i]].position = static_cast<int>(i);
    order_.swap(next_);

    // Every gap with a new chain on either side walks again from here: the gaps on the right of
    // order_[head - 1] .. order_[newSize - tail - 1] (the last of these may have no chain on its
    // right any more, which drops its walk).
    const auto firstGap = static_cast<std::ptrdiff_t>(head) - 1;
    const auto lastGap = static_cast<std::ptrdiff_t>(newSize - tail) - 1;
    for (std::ptrdiff_t i = std::max<std::ptrdiff_t>(firstGap, 0); i <= lastGap; ++i)
        startWalk(order_[static_cast<std::size_t>(i)], y);
}

void LayerSweep::run() {
    const int n = static_cast<int>(chains_.size());
    starts_.resize(chains_.size());
    ends_.resize(chains_.size());
    for (int c = 0; c < n; ++c)
        starts_[c] = ends_[c] = c;
    std::sort(starts_.begin(), starts_.end(), [&](int a, int b) {
        const ChainVertex& ta = v_[chains_[a].top];
        const ChainVertex& tb = v_[chains_[b].top];
        if (ta.y != tb.y) return ta.y < tb.y;
        if (ta.x != tb.x) return ta.x < tb.x;
        if (ta.slope != tb.slope) return ta.slope < tb.slope;
        return a < b;
    });
    std::sort(ends_.begin(), ends_.end(), [&](int a, int b) { return bottomY(a) < bottomY(b); });

    constexpr double kNone = std::numeric_limits<double>::infinity();
    for (;;) {
        const double startY = nextStart_ < starts_.size() ? topY(starts_[nextStart_]) : kNone;
        const double endY = nextEnd_ < ends_.size() ? bottomY(ends_[nextEnd_]) : kNone;
        const double groupY = std::min(startY, endY);
        // Crossings and pauses at the group's own height go first, so that the chains starting
        // there are placed into an order that is right at that height.
        if (!heap_.empty() && heap_.front().y <= groupY) {
            std::pop_heap(heap_.begin(), heap_.end(), later);
            const Event e = heap_.back();
            heap_.pop_back();
            ChainState& c = at_[e.chain];
            if (c.walkVersion != e.version || c.position < 0) continue; // its gap changed since
            compactStatesIfWasteful();
            if (c.crossingPending)
                swapAt(e.chain, e.y);
            else
                continueWalk(e.chain);
            continue;
        }
        if (groupY == kNone) break;
        compactStatesIfWasteful();
        vertexGroup(groupY);
    }
}

std::vector<double> countedAreas(const std::vector<const Outline*>& stack) {
    std::vector<double> counted(stack.size(), 0.0);
    // Areas do not change when the plane is mirrored about its diagonal: sweep along the axis
    // with fewer chains.
    const EdgeDirections directions = edgeDirections(stack);
    const bool transpose = directions.chainsAlongX < directions.chainsAlongY;
    const ChainSet set =
        buildChains(stack, transpose, transpose ? directions.alongX : directions.alongY,
                    transpose ? directions.chainsAlongX : directions.chainsAlongY);
    if (set.chains.empty()) return counted;
    LayerSweep(set, counted).run();
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
