// A region cut into trapezoids, for drawing uniformly distributed points inside it and for
// asking whether a point lies inside: what the simulation's placement (blue_noise.hpp) needs.
#pragma once

#include "deterministic.hpp"
#include "geometry.hpp"
#include "regions.hpp"

#include <cstdint>
#include <vector>

namespace hp {

/// The region as a scan-beam decomposition: between every two consecutive vertex heights, the
/// outline edges that cross that beam, sorted left to right, and the trapezoids between
/// consecutive pairs of them. Inside is decided by the even-odd rule over all of the region's
/// outlines, which for a region from regions.hpp (outer boundaries and holes that never cross)
/// is exactly the region. Sampling picks a trapezoid by area (Vose's alias table: one random
/// number, no search) and a point uniformly in it, so it costs the same however small a part
/// of its bounding box the region fills: a sliver 1/256 px wide is sampled as easily as a
/// square.
///
/// Work is done along whichever axis crosses fewer edges (sweepAlongX, as the counting does),
/// which for the band, wide and wavy, is x. Building costs about (vertices) x (edges on a scan
/// line); contains() two binary searches; sample() a constant time.
class RegionSampler {
  public:
    explicit RegionSampler(const Region& region);

    /// The region's area in px² (the sum of its trapezoids).
    double areaPx() const { return area_; }
    bool empty() const { return !(area_ > 0.0); }

    /// The box around the region's vertices.
    Box bounds() const { return bounds_; }

    /// True when p lies inside the region and not on its boundary.
    bool contains(Point p) const;

    /// A point drawn uniformly over the region, strictly inside it (contains() holds).
    /// The region must not be empty.
    Point sample(SeededStream& stream) const;

  private:
    struct Edge {
        Point low;    ///< the end with the smaller y (sweep space)
        Point high;   ///< the end with the larger y
        double slope; ///< dx / dy
        double xAt(double y) const;
    };
    struct Trapezoid {
        std::uint32_t left;   ///< index into edges_
        std::uint32_t right;  ///< index into edges_
        double y0, y1;        ///< its beam
        double left0, right0; ///< its corners' x at y0
        double left1, right1; ///< and at y1
    };

    Point toSweep(Point p) const { return transposed_ ? transposed(p) : p; }
    Point fromSweep(Point p) const { return transposed_ ? transposed(p) : p; }
    bool sweepContains(Point p) const;
    bool strictlyInside(const Trapezoid& t, Point p) const;
    void buildAliasTable(const std::vector<double>& areas);

    bool transposed_ = false;
    Box bounds_;
    double area_ = 0.0;
    std::vector<Edge> edges_;
    std::vector<double> beamY_;            // beam k is [beamY_[k], beamY_[k + 1])
    std::vector<std::uint32_t> beamStart_; // beam k's edges: beamEdges_[beamStart_[k] ...
    std::vector<std::uint32_t> beamEdges_; // ... beamStart_[k + 1]), left to right
    std::vector<Trapezoid> trapezoids_;
    std::vector<double> keep_;         ///< alias table: slot i keeps trapezoid i this often
    std::vector<std::uint32_t> alias_; ///< and gives the rest to this one
};

} // namespace hp
