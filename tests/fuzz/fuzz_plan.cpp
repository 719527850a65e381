// libFuzzer's entry for hp::fuzz::plan (fuzz_targets.hpp says what it checks); run it with
// scripts/fuzz plan SECONDS.
#include "fuzz_targets.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return hp::fuzz::plan(data, size);
}
