// libFuzzer's entry for hp::fuzz::chunk (fuzz_targets.hpp says what it checks); run it with
// scripts/fuzz chunk SECONDS.
#include "fuzz_targets.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return hp::fuzz::chunk(data, size);
}
