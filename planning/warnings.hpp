// The clinical reasons behind each warning (clinical-defaults.md), shown beside it in the editor.
#pragma once

#include <string_view>

namespace hp {

/// Why the warning matters, in a surgeon's words; empty for an unknown code.
std::string_view warningReason(std::string_view code);

} // namespace hp
