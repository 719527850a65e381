// The fuzz targets as plain functions, so that the same code runs under libFuzzer (fuzz_*.cpp,
// clang only) and in the normal test run (test_fuzz_regressions.cpp, any compiler).
//
// Each target feeds its bytes to one reader of untrusted input and checks what that reader
// promises, beyond not crashing. A broken promise prints what was broken on stderr and ends the
// process with __builtin_trap(), which libFuzzer reports as a crash and saves the input.
#pragma once

#include <cstddef>
#include <cstdint>

namespace hp::fuzz {

/// What a reader made of one input: refused it with a message, or accepted it. The regression
/// test counts these, to show that its corpus reaches both sides of every reader.
enum class Outcome { Refused, Accepted };

/// Plan text: hp::parsePlanJson on the bytes. When a plan comes out, it must pass validatePlan,
/// and planToJson then parsePlanJson must give the same plan back, written the same way.
Outcome checkPlan(const std::uint8_t* data, std::size_t size);

/// Photo files: hp::render::decodePhoto on the bytes (JPEG or PNG, EXIF orientation applied).
/// An image comes out within the limits, with a buffer of its size, alpha 255 from a JPEG, and
/// the size photoDisplaySize() reads from the same bytes in a file; a refusal before decoding
/// says the same as photoDisplaySize(); a refusal or warning names the file.
Outcome checkPhoto(const std::uint8_t* data, std::size_t size);

/// Exported PNGs: hp::planTextFromPng on the bytes, then checkPlan on the text it returns.
/// Accepted means a plan text was found (the text itself may still be a bad plan); then a plan
/// put in its place with withPlanChunk must read back as written. The bytes are also read once
/// more with every chunk's CRC put right, so that the fuzzer gets past the CRC checks to what
/// lies behind them.
Outcome checkPngPlanChunk(const std::uint8_t* data, std::size_t size);

/// Plan text on to the counts: when parsePlanJson gives a plan, hp::summarize and summaryToJson
/// on it (what `hairplan summary` runs on any file), whose figures must add up: one row per
/// zone (and the band first), counted areas within drawn ones, totals the sums of the rows.
Outcome checkSummary(const std::uint8_t* data, std::size_t size);

// The entry points of the fuzzers: 0 always, as LLVMFuzzerTestOneInput must return.
int plan(const std::uint8_t* data, std::size_t size);
int photo(const std::uint8_t* data, std::size_t size);
int chunk(const std::uint8_t* data, std::size_t size);
int summary(const std::uint8_t* data, std::size_t size);

} // namespace hp::fuzz
