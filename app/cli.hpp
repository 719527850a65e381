// The command line of plan-format.md §4 that needs no window: summary, validate, help, version.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace hp::cli {

/// Exit statuses (plan-format.md §4).
inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitBadInput = 2;

/// Runs a command-line command (args exclude the program name) and returns the exit status.
/// Output goes to `out`, every failure line ("hairplan: ...") to `err`.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace hp::cli
