// How figures are written for people: in warnings, the summary table and the legend.
#pragma once

#include <string>

namespace hp {

/// 4120 -> "4,120": counts are read at a glance.
std::string withThousands(long long value);

/// A fixed-point decimal: fixedDecimal(12.345, 1) -> "12.3".
std::string fixedDecimal(double value, int places);

} // namespace hp
