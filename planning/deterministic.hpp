// Arithmetic that gives the same bits on every machine, for what the simulation places
// (simulation.hpp): a seeded random stream and the sine and cosine of an angle in degrees.
//
// Why not the standard library: the sequences of std:: random distributions are not specified by
// the standard and differ between library implementations, and std::sin / std::cos are not
// required to be correctly rounded, so glibc, musl and MSVC may differ in the last bit (which
// can move a mark, or flip a comparison that decides one). Everything here uses integer
// arithmetic and the IEEE 754 basic operations (+ - * / and sqrt), which are exactly rounded
// everywhere. The files that use it are compiled with -ffp-contract=off (CMakeLists.txt) so that
// no compiler fuses a * b + c into one FMA on some machines and not on others.
#pragma once

#include <cstdint>

namespace hp {

/// SplitMix64's output function (Steele, Lea and Flood, 2014): a bijection on 64-bit integers
/// whose every output bit depends on every input bit.
std::uint64_t splitMix64Mix(std::uint64_t z);

/// A seed made of two values (a purpose tag and an index, say): different pairs give unrelated
/// seeds.
std::uint64_t combineSeeds(std::uint64_t a, std::uint64_t b);

/// A SplitMix64 generator: state += gamma, output = mix(state). Passes BigCrush; plenty for
/// placing marks. Copyable, so a stream can be forked by value.
class SeededStream {
  public:
    explicit SeededStream(std::uint64_t seed) : state_(splitMix64Mix(seed)) {}

    std::uint64_t next();

    /// Uniform in [0, 1): the top 53 bits, so every value is an exact double.
    double unit();

    /// Uniform in (0, 1): the top 53 bits plus half a step, never 0 and never 1.
    double openUnit();

    /// Uniform integer in [0, n) for n >= 1, by Lemire's multiply-shift on 32 random bits (its
    /// bias, under n / 2^32, is far below anything visible). n must be below 2^32.
    std::uint32_t below(std::uint32_t n);

  private:
    std::uint64_t state_;
};

struct SinCos {
    double sin = 0.0;
    double cos = 1.0;
};

/// sin and cos of an angle in degrees, within 1e-15 of the true values (a few ulp), and exact at
/// every multiple of 90 (90 gives sin 1, cos 0). Range reduction to the nearest quarter turn
/// (exact in degrees), then Taylor polynomials on [-pi/4, pi/4] evaluated by Horner's rule.
/// Not finite: sin 0, cos 1.
SinCos sinCosDegrees(double degrees);

} // namespace hp
