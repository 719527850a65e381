// libFuzzer's entry for hp::fuzz::summary (fuzz_targets.hpp says what it checks); run it with
// scripts/fuzz summary SECONDS.
#include "fuzz_targets.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return hp::fuzz::summary(data, size);
}
