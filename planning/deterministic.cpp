#include "deterministic.hpp"

#include <cmath>

namespace hp {

namespace {

constexpr std::uint64_t kSplitMixGamma = 0x9E3779B97F4A7C15ULL;

/// pi / 180 rounded to the nearest double.
constexpr double kRadiansPerDegree = 0x1.1df46a2529d39p-6;

/// sin x for |x| <= pi/4: the Taylor series to x^17, whose next term is under 3e-19 there
/// (below half an ulp of sin x wherever sin x is above 1e-3; nearer 0 the terms fall off faster
/// still). Coefficients are (-1)^k / (2k+1)! rounded to doubles.
double sinNearZero(double x) {
    const double x2 = x * x;
    double p = 1.0 / 355687428096000.0; //  1/17!
    p = p * x2 - 1.0 / 1307674368000.0; // -1/15!
    p = p * x2 + 1.0 / 6227020800.0;    //  1/13!
    p = p * x2 - 1.0 / 39916800.0;      // -1/11!
    p = p * x2 + 1.0 / 362880.0;        //  1/9!
    p = p * x2 - 1.0 / 5040.0;          // -1/7!
    p = p * x2 + 1.0 / 120.0;           //  1/5!
    p = p * x2 - 1.0 / 6.0;             // -1/3!
    return x + x * x2 * p;
}

/// cos x for |x| <= pi/4: the Taylor series to x^18 (next term under 2e-20).
double cosNearZero(double x) {
    const double x2 = x * x;
    double p = -1.0 / 6402373705728000.0; // -1/18!
    p = p * x2 + 1.0 / 20922789888000.0;  //  1/16!
    p = p * x2 - 1.0 / 87178291200.0;     // -1/14!
    p = p * x2 + 1.0 / 479001600.0;       //  1/12!
    p = p * x2 - 1.0 / 3628800.0;         // -1/10!
    p = p * x2 + 1.0 / 40320.0;           //  1/8!
    p = p * x2 - 1.0 / 720.0;             // -1/6!
    p = p * x2 + 1.0 / 24.0;              //  1/4!
    p = p * x2 - 0.5;                     // -1/2!
    return 1.0 + x2 * p;
}

} // namespace

std::uint64_t splitMix64Mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

std::uint64_t combineSeeds(std::uint64_t a, std::uint64_t b) {
    // Mixing a before adding b keeps (a, b) and (b, a), or (a + 1, b - 1), apart.
    return splitMix64Mix(splitMix64Mix(a + kSplitMixGamma) + b);
}

std::uint64_t SeededStream::next() {
    state_ += kSplitMixGamma;
    return splitMix64Mix(state_);
}

double SeededStream::unit() {
    return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

double SeededStream::openUnit() {
    return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53;
}

std::uint32_t SeededStream::below(std::uint32_t n) {
    const std::uint64_t r = next() >> 32;
    return static_cast<std::uint32_t>((r * n) >> 32);
}

SinCos sinCosDegrees(double degrees) {
    if (!std::isfinite(degrees)) return {};
    // The nearest quarter turn q and the rest r in [-45, 45] degrees. r is exact: either q is 0,
    // or degrees and 90 q are within a factor 2 of each other (Sterbenz), so their difference is
    // a double. Only the conversion to radians rounds.
    const double quarterTurns = std::round(degrees / 90.0);
    const double restDegrees = degrees - 90.0 * quarterTurns;
    const double x = restDegrees * kRadiansPerDegree;
    const double s = sinNearZero(x);
    const double c = cosNearZero(x);
    // fmod of an integer-valued double is exact; the quadrant then turns (c, s) by q quarters.
    double quadrant = std::fmod(quarterTurns, 4.0);
    if (quadrant < 0) quadrant += 4.0;
    switch (static_cast<int>(quadrant)) {
    case 0:
        return {s, c};
    case 1:
        return {c, -s};
    case 2:
        return {-s, -c};
    default:
        return {-c, s};
    }
}

} // namespace hp
