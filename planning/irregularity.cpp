// The irregularity noise n(s) of the hairline's front edge (plan-format.md §2 rule 4).
//
// Value noise: every lattice point k (spacing h along the arc) gets an independent value v_k in
// [-1, 1) from an integer hash of (seed, k); between lattice points the values are blended with
// the quintic smootherstep. Only integer arithmetic and the IEEE 754 basic operations (+ - * /,
// floor) are used, each of which is exactly rounded everywhere, so the same plan gives the same
// edge on every machine. Never std:: random distributions or rand(): their sequences are not
// specified by the standard and differ between library implementations.
#include "hairline.hpp"

#include <cmath>
#include <cstdint>

namespace hp {

namespace {

constexpr std::uint64_t kSplitMixGamma = 0x9E3779B97F4A7C15ULL;

/// SplitMix64's output function (Steele, Lea and Flood, 2014): a bijection on 64-bit integers
/// whose every output bit depends on every input bit.
std::uint64_t splitMix64Mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/// The hash of lattice point k for `seed`. A SplitMix64 generator's state after k steps is
/// state0 + k * gamma (mod 2^64), so this is random access into the SplitMix64 sequence whose
/// starting state is the (mixed) seed: the k-th value of the seed's own stream. Negative k wraps
/// as its 64-bit two's-complement value, which is just as good a position in the stream.
std::uint64_t latticeHash(std::uint32_t seed, std::int64_t k) {
    const std::uint64_t streamStart = splitMix64Mix(std::uint64_t{seed} + kSplitMixGamma);
    return splitMix64Mix(streamStart + static_cast<std::uint64_t>(k) * kSplitMixGamma);
}

/// v_k = 2 u - 1 with u in [0, 1) made of the hash's top 53 bits (a double's full precision,
/// so every u is exact and the values are uniform on a grid of 2^-53).
double latticeValue(std::uint32_t seed, std::int64_t k) {
    const double u = static_cast<double>(latticeHash(seed, k) >> 11) * 0x1.0p-53;
    return 2.0 * u - 1.0;
}

/// 6f^5 - 15f^4 + 10f^3: 0 at 0, 1 at 1, with zero first and second derivatives at both ends,
/// so the blended noise is C2 across lattice points.
double smootherstep(double f) {
    return f * f * f * (f * (f * 6.0 - 15.0) + 10.0);
}

} // namespace

double irregularityNoise(std::uint32_t seed, double sMm, double wavelengthMm) {
    // Outside the contract (wavelength in [0.5, 100] mm, s finite): a flat edge, not NaN.
    if (!(wavelengthMm > 0.0) || !std::isfinite(wavelengthMm) || !std::isfinite(sMm)) {
        return 0.0;
    }

    // Why the lattice spacing is wavelength / 3: the blend is monotone between lattice points and
    // has zero slope at them, so n has a peak exactly at each lattice point whose value is higher
    // than both neighbours' and nowhere else. Of three independent, identically distributed
    // values the middle one is the largest with probability 1/3, so one lattice point in three is
    // a peak and peaks are on average 3 h = wavelength apart.
    const double latticeSpacingMm = wavelengthMm / 3.0;
    double x = sMm / latticeSpacingMm;

    // Beyond 2^62 every double is an integer (f = 0) and k must still fit an int64: clamp.
    constexpr double kLargestLatticeIndex = 0x1.0p62;
    if (x > kLargestLatticeIndex) x = kLargestLatticeIndex;
    if (x < -kLargestLatticeIndex) x = -kLargestLatticeIndex;

    // floor, not truncation, so that negative s (k < 0) interpolates between the right points.
    const double cell = std::floor(x);
    const auto k = static_cast<std::int64_t>(cell);
    // In [0, 1]; exactly 1 only for a tiny negative x (x - (-1) rounds to 1), where the blend
    // gives v1 = v_0, the value at s = 0, so n stays continuous.
    const double f = x - cell;

    const double v0 = latticeValue(seed, k);
    const double v1 = latticeValue(seed, k + 1);
    // A convex combination of two values in [-1, 1), so n is in [-1, 1]; its mean is the mean
    // of the v_k, which is 0.
    return v0 + (v1 - v0) * smootherstep(f);
}

} // namespace hp
