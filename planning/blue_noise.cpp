#include "blue_noise.hpp"

#include "deterministic.hpp"
#include "region_sampler.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hp {

namespace {

/// 2 sqrt(3): N disks of radius r packed hexagonally cover N 2 sqrt(3) r² of the plane, so r_max
/// = sqrt(area / (2 sqrt(3) N)) is the largest radius N points can keep in an area (Yuksel's
/// r_max), and 2 r_max the distance within which candidates weigh on each other.
constexpr double kHexCellPerRadiusSquared = 3.4641016151377545870548926830117;

/// Yuksel's weight: (1 - d / (2 r_max))^8, with d not taken below 2 r_min, where r_min = r_max
/// (1 - (N / M)^1.5) 0.65 (M the candidates, N the points): the paper's values. Without that
/// floor a very close pair would outweigh everything else and the pattern comes out clumpier.
constexpr double kWeightFloorScale = 0.65;

/// Weights are summed as integers, in units of 2^-22 (a pair's weight is below 1 and a candidate
/// has a few dozen neighbours), so that taking a neighbour's weight away gives back exactly the
/// sum without it, whatever the order of additions.
constexpr float kWeightUnit = 0x1.0p22f;

/// Candidates are found through a grid of cells half the reach wide (the reach: the larger of
/// the weight's radius and the guaranteed distance), so everything within reach of a candidate
/// lies in the 5 x 5 cells around its own: 6.25 reach² to search rather than the 9 of cells a
/// reach wide. The grid is dense; a region so spread out that it would need more than
/// kMaxGridCells gets wider cells: slower, never wrong.
constexpr std::size_t kReachCells = 2;
constexpr std::size_t kMaxGridCells = std::size_t{1} << 22;

/// Ghost candidates are drawn at the inside candidates' density; for a sliver much thinner than
/// the spacing, the ring around it dwarfs it, so their number is capped (such a sliver's edge
/// is then a little more crowded than the rest, which no one can see on a sliver).
constexpr std::size_t kMaxGhostsPerInsideCandidate = 8;

/// A candidate's priority for elimination as one integer, compared as a whole: first the number
/// of close neighbours (8 bits, saturating; only while guarding, see guardFrom), then the weight
/// (30 bits, saturating), then the lower index first (26 bits). Indices are unique, so the
/// order is total and which candidate leaves next is fixed by the candidates alone.
constexpr int kIndexBits = 26;
constexpr int kWeightBits = 30;
constexpr std::uint64_t kIndexMask = (std::uint64_t{1} << kIndexBits) - 1;
constexpr std::uint64_t kWeightMax = (std::uint64_t{1} << kWeightBits) - 1;
constexpr std::uint64_t kCloseMax = 255;
/// The most candidates one placement may draw: indices stay below kIndexMask, so the index part
/// of a priority is never 0 and a priority of 0 can mean "gone".
constexpr std::size_t kMaxCandidates = kIndexMask;
static_assert(kMaxBlueNoisePoints * kBlueNoiseCandidatesPerPoint + 32 <= kMaxCandidates);

/// A candidate's state word: whether it is still there, whether it lies inside the region (or
/// is a ghost), and how many inside candidates still there are closer to it than the
/// guaranteed distance (inside candidates only).
constexpr std::uint32_t kAlive = 1u << 31;
constexpr std::uint32_t kInside = 1u << 30;
constexpr std::uint32_t kCloseCount = kInside - 1;

/// A few candidates more than kBlueNoiseCandidatesPerPoint per point: nothing for a large
/// count, but for two or three points in a large region, nine candidates can happen to lie
/// where no three are far enough apart.
constexpr std::size_t kExtraCandidates = 32;

/// Close pairs are broken up first only over the last stretch of the elimination, once no more
/// than count + max(count / 4, kExtraCandidates) candidates are left inside: before that,
/// eliminating by close count instead of weight would thin the dense early candidates crudely
/// (like a Matérn process) and leave a visibly less even pattern. By then blue noise has few
/// pairs that close. A small count is guarded all the way.
std::size_t guardFrom(std::size_t count) {
    return count + std::max(count / 4, kExtraCandidates);
}

struct Grid {
    double originX = 0, originY = 0, cell = 1;
    std::size_t nx = 1, ny = 1;

    /// Covers `box` and a margin of more than one reach around it.
    Grid(Box box, double reach) {
        cell = reach / static_cast<double>(kReachCells);
        for (;;) {
            const double margin = static_cast<double>(kReachCells + 1) * cell;
            originX = box.minX - margin;
            originY = box.minY - margin;
            nx = static_cast<std::size_t>(std::floor((box.maxX + margin - originX) / cell)) + 1;
            ny = static_cast<std::size_t>(std::floor((box.maxY + margin - originY) / cell)) + 1;
            const double cells = static_cast<double>(nx) * static_cast<double>(ny);
            if (cells <= static_cast<double>(kMaxGridCells)) break;
            cell *= std::sqrt(cells / static_cast<double>(kMaxGridCells)) * 1.01;
        }
    }
    std::size_t column(double x) const { return clamped((x - originX) / cell, nx); }
    std::size_t row(double y) const { return clamped((y - originY) / cell, ny); }
    std::size_t cellOf(Point p) const { return row(p.y) * nx + column(p.x); }

  private:
    static std::size_t clamped(double v, std::size_t n) {
        if (!(v > 0)) return 0;
        const double f = std::floor(v);
        return f >= static_cast<double>(n - 1) ? n - 1 : static_cast<std::size_t>(f);
    }
};

/// The cells outside the region within one reach of its boundary, and those the boundary
/// crosses: where ghosts are drawn. Each edge is walked in steps of half a cell, marking the
/// cells it passes; the ring is those cells and the cells up to kReachCells away, which hold
/// every point outside the region within a reach of it, less the unmarked ones whose centre is
/// inside (wholly inside, but for a corner an edge may cut between two steps: ghosts are not
/// missed there enough to matter).
std::vector<std::uint32_t> ringCells(const Region& region, const RegionSampler& sampler,
                                     const Grid& grid) {
    std::vector<std::uint8_t> boundary(grid.nx * grid.ny, 0);
    const double step = 0.5 * grid.cell;
    for (const Outline& o : region) {
        for (std::size_t i = 0; i < o.size(); ++i) {
            const Point a = o[i];
            const Point ab = o[(i + 1) % o.size()] - a;
            const double steps = std::ceil(std::sqrt(ab.x * ab.x + ab.y * ab.y) / step);
            const auto n = steps > 1 ? static_cast<std::size_t>(steps) : std::size_t{1};
            for (std::size_t s = 0; s <= n; ++s) {
                const double f = static_cast<double>(s) / static_cast<double>(n);
                boundary[grid.cellOf(a + f * ab)] = 1;
            }
        }
    }
    std::vector<std::uint8_t> ring(boundary.size(), 0);
    for (std::size_t r = 0; r < grid.ny; ++r)
        for (std::size_t c = 0; c < grid.nx; ++c) {
            if (!boundary[r * grid.nx + c]) continue;
            const std::size_t r0 = r > kReachCells ? r - kReachCells : 0;
            const std::size_t c0 = c > kReachCells ? c - kReachCells : 0;
            const std::size_t r1 = std::min(r + kReachCells, grid.ny - 1);
            const std::size_t c1 = std::min(c + kReachCells, grid.nx - 1);
            for (std::size_t rr = r0; rr <= r1; ++rr)
                for (std::size_t cc = c0; cc <= c1; ++cc)
                    ring[rr * grid.nx + cc] = 1;
        }
    std::vector<std::uint32_t> cells;
    for (std::size_t i = 0; i < ring.size(); ++i) {
        if (!ring[i]) continue;
        const Point centre{grid.originX + (static_cast<double>(i % grid.nx) + 0.5) * grid.cell,
                           grid.originY + (static_cast<double>(i / grid.nx) + 0.5) * grid.cell};
        if (!boundary[i] && sampler.contains(centre)) continue;
        cells.push_back(static_cast<std::uint32_t>(i));
    }
    return cells;
}

/// The candidates, bucketed by grid cell: the candidates of cell c are c's range of indices,
/// and the cells c0..c1 of one row are one run of consecutive indices. Each field is an array
/// of its own, so that the loops over a run (the costly part) work on a few values at once.
/// Positions are floats relative to the grid's origin (small numbers; float is plenty for
/// weights); `exact` keeps them as drawn, for the result and the final check.
struct Candidates {
    Grid grid;
    std::vector<std::uint32_t> cellStart; ///< cell c holds [cellStart[c], cellStart[c + 1])
    std::vector<float> x, y;
    std::vector<std::int32_t> weight; ///< Yuksel's weight, in kWeightUnit
    std::vector<std::uint32_t> state; ///< kAlive, kInside and the close count
    std::vector<Point> exact;
    std::size_t insideCount = 0;

    std::size_t size() const { return x.size(); }

    /// Calls visit(from, to) for the runs of candidates in the cells up to kReachCells away
    /// from cell (row, column), one run per row: every candidate within reach of that cell.
    template <class Visit> void around(std::size_t row, std::size_t column, Visit visit) const {
        const std::size_t c0 = column > kReachCells ? column - kReachCells : 0;
        const std::size_t c1 = std::min(column + kReachCells, grid.nx - 1);
        const std::size_t r0 = row > kReachCells ? row - kReachCells : 0;
        const std::size_t r1 = std::min(row + kReachCells, grid.ny - 1);
        for (std::size_t r = r0; r <= r1; ++r)
            visit(cellStart[r * grid.nx + c0], cellStart[r * grid.nx + c1 + 1]);
    }
};

/// Draws `insideCount` candidates uniformly inside the region and ghosts at the same density in
/// the ring of cells along its boundary, and buckets them. Separate streams for the two, so the
/// inside candidates do not depend on how many draws the ring takes.
Candidates drawCandidates(const Region& region, const RegionSampler& sampler, Grid grid,
                          std::size_t insideCount, std::uint64_t seed) {
    std::vector<Point> drawn;
    drawn.reserve(insideCount + insideCount / 4);
    SeededStream insideStream(combineSeeds(seed, 1));
    for (std::size_t i = 0; i < insideCount; ++i)
        drawn.push_back(sampler.sample(insideStream));

    const std::vector<std::uint32_t> ring = ringCells(region, sampler, grid);
    if (!ring.empty()) {
        SeededStream ghostStream(combineSeeds(seed, 2));
        const double ringArea = static_cast<double>(ring.size()) * grid.cell * grid.cell;
        const double wanted =
            std::round(static_cast<double>(insideCount) * ringArea / sampler.areaPx());
        const double cap = static_cast<double>(
            std::min(kMaxGhostsPerInsideCandidate * insideCount, kMaxCandidates - insideCount));
        const auto draws = static_cast<std::size_t>(std::min(wanted, cap));
        const auto ringSize = static_cast<std::uint32_t>(ring.size());
        for (std::size_t i = 0; i < draws; ++i) {
            const std::uint32_t cell = ring[ghostStream.below(ringSize)];
            const double cx = static_cast<double>(cell % grid.nx);
            const double cy = static_cast<double>(cell / grid.nx);
            const double u = ghostStream.unit();
            const double v = ghostStream.unit();
            const Point p{grid.originX + (cx + u) * grid.cell, grid.originY + (cy + v) * grid.cell};
            if (!sampler.contains(p)) drawn.push_back(p);
        }
    }

    // A stable counting sort by cell: neighbours sit together in memory, and the order is
    // fixed by the seed alone.
    Candidates c{grid, {}, {}, {}, {}, {}, {}, insideCount};
    const std::size_t total = drawn.size();
    c.cellStart.assign(grid.nx * grid.ny + 1, 0);
    std::vector<std::uint32_t> cellOf(total);
    for (std::size_t i = 0; i < total; ++i) {
        cellOf[i] = static_cast<std::uint32_t>(grid.cellOf(drawn[i]));
        ++c.cellStart[cellOf[i] + 1];
    }
    for (std::size_t k = 0; k + 1 < c.cellStart.size(); ++k)
        c.cellStart[k + 1] += c.cellStart[k];
    c.x.resize(total);
    c.y.resize(total);
    c.weight.assign(total, 0);
    c.state.resize(total);
    c.exact.resize(total);
    std::vector<std::uint32_t> fill(c.cellStart.begin(), c.cellStart.end() - 1);
    for (std::size_t i = 0; i < total; ++i) {
        const std::uint32_t at = fill[cellOf[i]]++;
        c.exact[at] = drawn[i];
        c.x[at] = static_cast<float>(drawn[i].x - grid.originX);
        c.y[at] = static_cast<float>(drawn[i].y - grid.originY);
        c.state[at] = kAlive | (i < insideCount ? kInside : 0u);
    }
    return c;
}

/// The largest of the candidates' priorities, as a tournament tree: levels of maxima, each
/// entry the largest of eight below it, up to one entry for all. Changing a candidate's
/// priority recomputes one entry per level (six levels for 200,000 candidates), each from eight
/// neighbours in one cache line, always the same steps and without a branch: faster here than
/// a heap, whose steps compare keys in an order no branch predictor can guess.
class TournamentTree {
  public:
    explicit TournamentTree(const std::vector<std::uint64_t>& keys) {
        // Level sizes, each a multiple of eight; the levels are stored one after another.
        std::size_t size = keys.size();
        for (;;) {
            size = std::max((size + kFanOut - 1) / kFanOut * kFanOut, kFanOut);
            levelStart_.push_back(node_.size());
            node_.resize(node_.size() + size, 0);
            if (size == kFanOut) break;
            size /= kFanOut;
        }
        std::copy(keys.begin(), keys.end(), node_.begin());
        for (std::size_t l = 0; l + 1 < levelStart_.size(); ++l) {
            const std::size_t groups = (levelStart_[l + 1] - levelStart_[l]) / kFanOut;
            for (std::size_t j = 0; j < groups; ++j)
                node_[levelStart_[l + 1] + j] = largest(&node_[levelStart_[l] + j * kFanOut]);
        }
        top_ = largest(&node_[levelStart_.back()]);
    }
    /// The largest key; 0 when every key is 0.
    std::uint64_t top() const { return top_; }
    void set(std::size_t i, std::uint64_t key) {
        node_[i] = key;
        for (std::size_t l = 0; l + 1 < levelStart_.size(); ++l) {
            i /= kFanOut;
            node_[levelStart_[l + 1] + i] = largest(&node_[levelStart_[l] + i * kFanOut]);
        }
        top_ = largest(&node_[levelStart_.back()]);
    }

  private:
    static constexpr std::size_t kFanOut = 8;
    static std::uint64_t larger(std::uint64_t a, std::uint64_t b) { return a > b ? a : b; }
    /// As a tree of comparisons, three deep rather than seven.
    static std::uint64_t largest(const std::uint64_t* e) {
        return larger(larger(larger(e[0], e[1]), larger(e[2], e[3])),
                      larger(larger(e[4], e[5]), larger(e[6], e[7])));
    }

    std::vector<std::uint64_t> node_;     ///< every level, the keys themselves first
    std::vector<std::size_t> levelStart_; ///< where each level begins in node_
    std::uint64_t top_ = 0;
};

/// Yuksel's weighted elimination over the candidates, with the close-pair guard.
///
/// The loops over runs of candidates are the cost, so they are written for the compiler to do
/// several candidates at once: float arithmetic, no table, no branch, selections written as
/// `a > b ? a : b` on plain values. Vectorised or not, every candidate's numbers come from the
/// same IEEE operations, so the result is the same.
class Elimination {
  public:
    Elimination(Candidates& c, double radius, double weightFloor, double closeDistance)
        : c_(c), closeSquared_(closeDistance * closeDistance),
          inverseRadius_(static_cast<float>(1.0 / radius)),
          weightFloor_(static_cast<float>(weightFloor)) {
        // A pair counts as close when its float distance is under the close distance plus a
        // margin for float rounding (a few float steps of the grid's extent), so every pair
        // truly closer is among them; closestPair() then measures exactly, in double.
        const double extent = static_cast<double>(c.grid.nx + c.grid.ny) * c.grid.cell;
        const double margin = closeDistance > 0 ? 16.0 * 0x1.0p-23 * extent : 0.0;
        closeSquaredF_ = static_cast<float>((closeDistance + margin) * (closeDistance + margin));

        // Each candidate's weight and close count, from every candidate within reach (itself
        // included, then taken away: its own weight is that of distance 0).
        const std::int32_t selfWeight = pairWeight(0.0f);
        for (std::size_t row = 0; row < c.grid.ny; ++row)
            for (std::size_t column = 0; column < c.grid.nx; ++column) {
                const std::size_t cell = row * c.grid.nx + column;
                for (std::uint32_t i = c.cellStart[cell]; i < c.cellStart[cell + 1]; ++i) {
                    std::int32_t sum = 0;
                    std::uint32_t close = 0;
                    const std::uint32_t in = c.state[i] & kInside;
                    c.around(row, column, [&](std::uint32_t from, std::uint32_t to) {
                        accumulate(c.x[i], c.y[i], in, from, to, sum, close);
                    });
                    c.weight[i] = sum - selfWeight;
                    // Itself, counted when it is inside and the close distance is not 0.
                    close -= (in != 0 && 0.0f < closeSquaredF_) ? 1u : 0u;
                    c.state[i] |= std::min(close, kCloseCount);
                }
            }
    }

    /// Eliminates candidates until `count` inside ones are left.
    void run(std::size_t count) {
        std::size_t insideAlive = c_.insideCount;
        std::size_t alive = c_.size();
        std::size_t compactAt = alive * 2 / 3;
        const std::size_t guard = guardFrom(count);
        guarding_ = insideAlive <= guard;
        TournamentTree queue = freshQueue();
        while (insideAlive > count && queue.top() != 0) {
            if (!guarding_ && insideAlive <= guard) {
                guarding_ = true;
                queue = freshQueue();
            }
            // Every removal walks the candidates within reach, the gone ones too: each time
            // half of them are gone, they are dropped from the arrays (renumbering the rest in
            // the same order, so the result is as fixed as before).
            if (alive <= compactAt) {
                compact();
                compactAt = alive * 2 / 3;
                queue = freshQueue();
            }
            // Priorities only ever fall (a neighbour leaving lowers them), so the tree is
            // updated lazily: a candidate whose priority has fallen since it was entered is
            // entered again when it comes to the top. An up-to-date top is the true highest, so
            // this eliminates exactly what updating every neighbour at once would.
            const std::uint64_t top = queue.top();
            const auto i = static_cast<std::uint32_t>(kIndexMask - (top & kIndexMask));
            const std::uint64_t now = priority(i);
            if (now != top) {
                queue.set(i, now);
                continue;
            }
            queue.set(i, 0);
            if (c_.state[i] & kInside) --insideAlive;
            --alive;
            remove(i);
        }
    }

    /// Still there and inside: one of the points placed.
    bool keeps(std::uint32_t i) const {
        return (c_.state[i] & (kAlive | kInside)) == (kAlive | kInside);
    }

    /// The exact distance of the closest two kept candidates, when it is under the close
    /// distance; infinity otherwise.
    double closestPair() const {
        double closest = std::numeric_limits<double>::infinity();
        for (std::size_t row = 0; row < c_.grid.ny; ++row)
            for (std::size_t column = 0; column < c_.grid.nx; ++column) {
                const std::size_t cell = row * c_.grid.nx + column;
                for (std::uint32_t i = c_.cellStart[cell]; i < c_.cellStart[cell + 1]; ++i) {
                    if (!keeps(i) || (c_.state[i] & kCloseCount) == 0) continue;
                    c_.around(row, column, [&](std::uint32_t from, std::uint32_t to) {
                        for (std::uint32_t j = from; j < to; ++j) {
                            if (j == i || !keeps(j)) continue;
                            const Point d = c_.exact[j] - c_.exact[i];
                            const double d2 = d.x * d.x + d.y * d.y;
                            if (d2 < closeSquared_) closest = std::min(closest, std::sqrt(d2));
                        }
                    });
                }
            }
        return closest;
    }

  private:
    /// Yuksel's weight of a pair at squared distance d2, in kWeightUnit: 0 at or beyond the
    /// radius, and at most the weight at the floor.
    std::int32_t pairWeight(float d2) const {
        const float d = std::sqrt(d2);
        const float dFloored = d > weightFloor_ ? d : weightFloor_;
        const float t0 = 1.0f - dFloored * inverseRadius_;
        // Below 1/16, t^8 is under 2^-32 and the weight rounds to 0 anyway; cutting there keeps
        // t^8 out of the subnormal numbers, which some processors handle a hundred times slower.
        const float t = t0 > 0.0625f ? t0 : 0.0f;
        const float t2 = t * t;
        const float t4 = t2 * t2;
        return static_cast<std::int32_t>(t4 * t4 * kWeightUnit);
    }

    /// The weights and close count that the candidates [from, to) put on one at (x, y).
    void accumulate(float x, float y, std::uint32_t in, std::uint32_t from, std::uint32_t to,
                    std::int32_t& sum, std::uint32_t& close) const {
        const float* xs = c_.x.data();
        const float* ys = c_.y.data();
        const std::uint32_t* state = c_.state.data();
        std::int32_t s = 0;
        std::uint32_t n = 0;
        for (std::uint32_t j = from; j < to; ++j) {
            const float dx = xs[j] - x, dy = ys[j] - y;
            const float d2 = dx * dx + dy * dy;
            s += pairWeight(d2);
            n += static_cast<std::uint32_t>((state[j] & in) != 0) &
                 static_cast<std::uint32_t>(d2 < closeSquaredF_);
        }
        sum += s;
        close += n;
    }

    std::uint64_t priority(std::uint32_t i) const {
        // A living candidate's weight is a sum of its living neighbours' pair weights, never
        // below 0; the caps only guard the bit fields against the absurd.
        const std::uint32_t state = c_.state[i];
        const std::uint64_t close =
            guarding_ ? std::min<std::uint64_t>(state & kCloseCount, kCloseMax) : 0;
        const std::int32_t w = c_.weight[i];
        const std::uint64_t weight = std::min<std::uint64_t>(w > 0 ? w : 0, kWeightMax);
        return (close << (kWeightBits + kIndexBits)) | (weight << kIndexBits) | (kIndexMask - i);
    }

    /// Every candidate's present priority; 0, below every priority, for those gone.
    TournamentTree freshQueue() const {
        std::vector<std::uint64_t> keys(c_.size(), 0);
        for (std::uint32_t i = 0; i < c_.size(); ++i)
            if (c_.state[i] & kAlive) keys[i] = priority(i);
        return TournamentTree(keys);
    }

    /// Drops the candidates gone from the arrays, keeping the others in their order.
    void compact() {
        std::size_t kept = 0;
        std::uint32_t cellBegin = 0;
        for (std::size_t cell = 0; cell + 1 < c_.cellStart.size(); ++cell) {
            const std::uint32_t end = c_.cellStart[cell + 1];
            for (std::uint32_t i = cellBegin; i < end; ++i) {
                if (!(c_.state[i] & kAlive)) continue;
                c_.x[kept] = c_.x[i];
                c_.y[kept] = c_.y[i];
                c_.weight[kept] = c_.weight[i];
                c_.state[kept] = c_.state[i];
                c_.exact[kept] = c_.exact[i];
                ++kept;
            }
            cellBegin = end;
            c_.cellStart[cell + 1] = static_cast<std::uint32_t>(kept);
        }
        c_.x.resize(kept);
        c_.y.resize(kept);
        c_.weight.resize(kept);
        c_.state.resize(kept);
        c_.exact.resize(kept);
    }

    /// Takes candidate i out: its weight and closeness leave every candidate within reach.
    /// The pairs are measured again rather than stored: the same squared distance gives the
    /// same weight, bit for bit, and the candidates within reach sit in a few runs of memory,
    /// where stored neighbour lists would be a cache miss more per elimination. The weights of
    /// candidates already gone change too (nothing reads them again, and no more is taken
    /// from them than was added), which keeps the loop free of branches; their close counts,
    /// which share a word with their flags, do not.
    void remove(std::uint32_t i) {
        c_.state[i] &= ~kAlive;
        const float x = c_.x[i], y = c_.y[i];
        const std::uint32_t in = c_.state[i] & kInside;
        float* xs = c_.x.data();
        float* ys = c_.y.data();
        std::int32_t* weight = c_.weight.data();
        std::uint32_t* state = c_.state.data();
        // Its cell as bucketed (Grid::cellOf's computation, without dividing the index).
        const std::size_t row = c_.grid.row(c_.exact[i].y);
        const std::size_t column = c_.grid.column(c_.exact[i].x);
        c_.around(row, column, [&](std::uint32_t from, std::uint32_t to) {
            for (std::uint32_t j = from; j < to; ++j) {
                const float dx = xs[j] - x, dy = ys[j] - y;
                const float d2 = dx * dx + dy * dy;
                weight[j] -= pairWeight(d2);
                const std::uint32_t s = state[j];
                state[j] = s - (static_cast<std::uint32_t>((s & kAlive) != 0) &
                                static_cast<std::uint32_t>((s & in) != 0) &
                                static_cast<std::uint32_t>(d2 < closeSquaredF_));
            }
        });
    }

    Candidates& c_;
    double closeSquared_;
    float closeSquaredF_ = 0;
    float inverseRadius_;
    float weightFloor_;
    bool guarding_ = false;
};

} // namespace

BlueNoise placeBlueNoise(const Region& region, std::size_t count, double minDistancePx,
                         std::uint64_t seed) {
    BlueNoise result;
    result.minDistancePx = minDistancePx > 0 ? minDistancePx : 0.0;
    if (count == 0 || count > kMaxBlueNoisePoints) return result;
    const RegionSampler sampler(region);
    if (sampler.empty()) return result;

    const std::size_t insideCount = count * kBlueNoiseCandidatesPerPoint + kExtraCandidates;
    const double n = static_cast<double>(count);
    const double radius = 2.0 * std::sqrt(sampler.areaPx() / (kHexCellPerRadiusSquared * n));
    const double ratio = n / static_cast<double>(insideCount); // Yuksel's N / M
    const double weightFloor = radius * kWeightFloorScale * (1.0 - ratio * std::sqrt(ratio));
    // The reach: every candidate that weighs on another, or is close to it, is within it.
    const Grid grid(sampler.bounds(), std::max(radius, result.minDistancePx));
    Candidates candidates = drawCandidates(region, sampler, grid, insideCount, seed);

    Elimination elimination(candidates, radius, weightFloor, result.minDistancePx);
    elimination.run(count);

    result.points.reserve(count);
    for (std::uint32_t i = 0; i < candidates.size(); ++i)
        if (elimination.keeps(i)) result.points.push_back(candidates.exact[i]);
    const double closest = elimination.closestPair();
    if (closest < result.minDistancePx) {
        result.relaxed = true;
        result.minDistancePx = closest;
    }
    return result;
}

} // namespace hp
