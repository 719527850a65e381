// Checks shared by the tests that run the hairplan binary.
#pragma once

#include "support/run_process.hpp"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>

namespace hp::test {

/// A failure printed at least one line on stderr, and every line starts with "hairplan: "
/// (plan-format.md §4).
inline void checkFailureLines(const ProcessResult& r) {
    REQUIRE_FALSE(r.err.empty());
    std::istringstream lines(r.err);
    for (std::string line; std::getline(lines, line);) {
        INFO(line);
        CHECK(line.rfind("hairplan: ", 0) == 0);
    }
}

} // namespace hp::test
