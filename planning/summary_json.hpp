// The summary as the JSON object of plan-format.md §4 (`hairplan summary --json`).
#pragma once

#include "summary.hpp"

#include <nlohmann/json.hpp>

namespace hp {

/// Keys in the order plan-format.md shows them; figures that do not apply are null.
nlohmann::ordered_json summaryToJson(const Summary& summary);

} // namespace hp
