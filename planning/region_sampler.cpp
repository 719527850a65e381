#include "region_sampler.hpp"

#include <algorithm>
#include <cstddef>
#include <utility>

namespace hp {

double RegionSampler::Edge::xAt(double y) const {
    if (y <= low.y) return low.x;
    if (y >= high.y) return high.x;
    return low.x + (y - low.y) * slope;
}

RegionSampler::RegionSampler(const Region& region) {
    std::vector<const Outline*> outlines;
    std::vector<Point> allPoints;
    for (const Outline& o : region) {
        outlines.push_back(&o);
        allPoints.insert(allPoints.end(), o.begin(), o.end());
    }
    if (allPoints.empty()) return;
    bounds_ = boundingBox(allPoints);
    transposed_ = sweepAlongX(outlines);

    // Every non-horizontal edge, low end first. A horizontal edge spans no beam's inside, so it
    // never separates inside from outside within one.
    for (const Outline& o : region) {
        for (std::size_t i = 0; i < o.size(); ++i) {
            Point a = toSweep(o[i]);
            Point b = toSweep(o[(i + 1) % o.size()]);
            if (a.y == b.y) continue;
            if (b.y < a.y) std::swap(a, b);
            edges_.push_back({a, b, (b.x - a.x) / (b.y - a.y)});
        }
    }
    if (edges_.empty()) return;

    for (const Edge& e : edges_) {
        beamY_.push_back(e.low.y);
        beamY_.push_back(e.high.y);
    }
    std::sort(beamY_.begin(), beamY_.end());
    beamY_.erase(std::unique(beamY_.begin(), beamY_.end()), beamY_.end());

    std::vector<std::uint32_t> byLow(edges_.size());
    for (std::uint32_t i = 0; i < byLow.size(); ++i)
        byLow[i] = i;
    std::sort(byLow.begin(), byLow.end(), [&](std::uint32_t a, std::uint32_t b) {
        return edges_[a].low.y < edges_[b].low.y || (edges_[a].low.y == edges_[b].low.y && a < b);
    });

    // The sweep: entering edges join the active list at their low end and leave at their high
    // end; within a beam no two edges of a region cross, so their order at the beam's middle is
    // their order throughout it.
    std::vector<std::uint32_t> active;
    std::vector<std::pair<double, std::uint32_t>> ordered;
    std::vector<double> trapezoidArea;
    std::size_t nextLow = 0;
    beamStart_.push_back(0);
    for (std::size_t k = 0; k + 1 < beamY_.size(); ++k) {
        const double y0 = beamY_[k];
        const double y1 = beamY_[k + 1];
        std::erase_if(active, [&](std::uint32_t e) { return edges_[e].high.y <= y0; });
        while (nextLow < byLow.size() && edges_[byLow[nextLow]].low.y <= y0)
            active.push_back(byLow[nextLow++]);

        const double yMid = 0.5 * (y0 + y1);
        ordered.clear();
        for (std::uint32_t e : active)
            ordered.emplace_back(edges_[e].xAt(yMid), e);
        // Ties broken by index, so the order (and everything after it) is the same whatever
        // the sort's algorithm.
        std::sort(ordered.begin(), ordered.end());
        for (std::size_t i = 0; i < ordered.size(); ++i) {
            active[i] = ordered[i].second;
            beamEdges_.push_back(ordered[i].second);
        }
        beamStart_.push_back(static_cast<std::uint32_t>(beamEdges_.size()));

        // Even-odd: inside between the 1st and 2nd edge, the 3rd and 4th, and so on.
        for (std::size_t i = 0; i + 1 < active.size(); i += 2) {
            const Edge& l = edges_[active[i]];
            const Edge& r = edges_[active[i + 1]];
            const Trapezoid t{active[i], active[i + 1], y0,        y1,
                              l.xAt(y0), r.xAt(y0),     l.xAt(y1), r.xAt(y1)};
            const double area = 0.5 * (y1 - y0) * ((t.right0 - t.left0) + (t.right1 - t.left1));
            if (!(area > 0.0)) continue;
            trapezoids_.push_back(t);
            trapezoidArea.push_back(area);
            area_ += area;
        }
    }
    buildAliasTable(trapezoidArea);
}

void RegionSampler::buildAliasTable(const std::vector<double>& areas) {
    // Vose's alias method: every slot gets a probability 1 / n, split between its own
    // trapezoid (`keep`) and one other (`alias`) that had more than its share. Slots are taken
    // from the two work lists in a fixed order, so the table is fixed by the region alone.
    const std::size_t n = areas.size();
    keep_.assign(n, 1.0);
    alias_.resize(n);
    std::vector<double> share(n);
    std::vector<std::uint32_t> small, large;
    for (std::size_t i = 0; i < n; ++i) {
        alias_[i] = static_cast<std::uint32_t>(i);
        share[i] = areas[i] / area_ * static_cast<double>(n);
        (share[i] < 1.0 ? small : large).push_back(static_cast<std::uint32_t>(i));
    }
    while (!small.empty() && !large.empty()) {
        const std::uint32_t s = small.back();
        const std::uint32_t l = large.back();
        small.pop_back();
        large.pop_back();
        keep_[s] = share[s];
        alias_[s] = l;
        share[l] = (share[l] + share[s]) - 1.0;
        (share[l] < 1.0 ? small : large).push_back(l);
    }
    // What is left holds a share of 1 but for rounding: it keeps its slot whole.
}

bool RegionSampler::contains(Point p) const {
    return sweepContains(toSweep(p));
}

bool RegionSampler::sweepContains(Point p) const {
    if (beamY_.size() < 2 || !(p.y > beamY_.front()) || !(p.y < beamY_.back())) return false;
    const auto beam = static_cast<std::size_t>(std::upper_bound(beamY_.begin(), beamY_.end(), p.y) -
                                               beamY_.begin()) -
                      1;
    const auto first = beamEdges_.begin() + beamStart_[beam];
    const auto last = beamEdges_.begin() + beamStart_[beam + 1];
    // The first edge at or right of p; the edges before it are the crossings to p's left.
    const auto at = std::partition_point(first, last,
                                         [&](std::uint32_t e) { return edges_[e].xAt(p.y) < p.x; });
    if (at != last && edges_[*at].xAt(p.y) == p.x) return false; // on the boundary
    return (at - first) % 2 == 1;
}

bool RegionSampler::strictlyInside(const Trapezoid& t, Point p) const {
    return p.y > t.y0 && p.y < t.y1 && p.x > edges_[t.left].xAt(p.y) &&
           p.x < edges_[t.right].xAt(p.y);
}

Point RegionSampler::sample(SeededStream& stream) const {
    if (trapezoids_.empty()) return {}; // outside the contract: an empty region
    // A trapezoid in proportion to its area, by the alias table: a slot, then the slot's own
    // trapezoid or its alias.
    const double slot = stream.unit() * static_cast<double>(trapezoids_.size());
    std::size_t index = static_cast<std::size_t>(slot);
    if (index >= trapezoids_.size()) index = trapezoids_.size() - 1;
    if (!(slot - static_cast<double>(index) < keep_[index])) index = alias_[index];
    const Trapezoid& t = trapezoids_[index];
    // Corners a, b at y0 and d, c at y1; triangles (a, b, c) and (a, c, d) have the areas
    // (b - a) h / 2 and (c - d) h / 2, so one is picked in proportion to its base.
    const Point a{t.left0, t.y0}, b{t.right0, t.y0};
    const Point d{t.left1, t.y1}, c{t.right1, t.y1};
    const double base0 = b.x - a.x;
    const double base1 = c.x - d.x;
    // A point drawn on the trapezoid's boundary (a random number at its extreme, or rounding
    // in a trapezoid a fraction of a pixel wide) is drawn again; the count of draws, like every
    // draw, depends on the seed alone.
    constexpr int kAttempts = 32;
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
        const bool first = stream.unit() * (base0 + base1) < base0;
        const Point p0 = a;
        const Point p1 = first ? b : c;
        const Point p2 = first ? c : d;
        double r1 = stream.openUnit();
        double r2 = stream.openUnit();
        if (r1 + r2 > 1.0) { // fold the far half of the parallelogram back onto the triangle
            r1 = 1.0 - r1;
            r2 = 1.0 - r2;
        }
        const Point p = p0 + r1 * (p1 - p0) + r2 * (p2 - p0);
        if (strictlyInside(t, p)) return fromSweep(p);
    }
    // Its middle: inside any trapezoid of positive area.
    const double yMid = 0.5 * (t.y0 + t.y1);
    return fromSweep({0.5 * (edges_[t.left].xAt(yMid) + edges_[t.right].xAt(yMid)), yMid});
}

} // namespace hp
