#include "format.hpp"

#include <cstdio>

namespace hp {

std::string withThousands(long long value) {
    const std::string digits = std::to_string(value);
    const std::size_t sign = value < 0 ? 1 : 0;
    std::string out(digits, 0, sign);
    for (std::size_t i = sign; i < digits.size(); ++i) {
        if (i > sign && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string fixedDecimal(double value, int places) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", places, value);
    return buf;
}

} // namespace hp
