#include "plan.hpp"

#include <cmath>
#include <utility>

namespace hp {

double mmPerPx(const Calibration& calibration) {
    if (const auto* ruler = std::get_if<RulerCalibration>(&calibration)) {
        const Point d = ruler->p2 - ruler->p1;
        return ruler->mm / std::hypot(d.x, d.y);
    }
    return std::get<ScaleCalibration>(calibration).mmPerPx;
}

double cm2PerPx2(const Calibration& calibration) {
    if (const auto* ruler = std::get_if<RulerCalibration>(&calibration)) {
        const Point d = ruler->p2 - ruler->p1;
        return (ruler->mm * ruler->mm) / ((d.x * d.x + d.y * d.y) * 100.0);
    }
    const double scale = std::get<ScaleCalibration>(calibration).mmPerPx;
    return (scale * scale) / 100.0;
}

Zone makeZone(ZoneKind kind, std::string name, Outline points) {
    Zone zone;
    zone.name = std::move(name);
    zone.kind = kind;
    zone.points = std::move(points);
    // Zone's member defaults are the graft and smp ones; a donor's density is its native one.
    if (kind == ZoneKind::Donor) zone.densityFuCm2 = 80.0;
    return zone;
}

std::string toHex(Rgb8 colour) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string text = "#";
    for (const std::uint8_t channel : {colour.r, colour.g, colour.b}) {
        text += kDigits[channel >> 4];
        text += kDigits[channel & 15];
    }
    return text;
}

std::optional<Rgb8> parseHexColour(std::string_view text) {
    if (text.size() != 7 || text[0] != '#') return std::nullopt;
    const auto digit = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::uint8_t channels[3] = {};
    for (int i = 0; i < 3; ++i) {
        const int high = digit(text[1 + 2 * i]);
        const int low = digit(text[2 + 2 * i]);
        if (high < 0 || low < 0) return std::nullopt;
        channels[i] = static_cast<std::uint8_t>(high * 16 + low);
    }
    return Rgb8{channels[0], channels[1], channels[2]};
}

const char* toString(Sex sex) {
    switch (sex) {
    case Sex::Unspecified:
        return "unspecified";
    case Sex::Male:
        return "male";
    case Sex::Female:
        return "female";
    }
    return "unknown";
}

const char* toString(ZoneKind kind) {
    switch (kind) {
    case ZoneKind::Graft:
        return "graft";
    case ZoneKind::Smp:
        return "smp";
    case ZoneKind::Donor:
        return "donor";
    }
    return "unknown";
}

const char* toString(ScalpSide side) {
    switch (side) {
    case ScalpSide::Up:
        return "up";
    case ScalpSide::Down:
        return "down";
    }
    return "unknown";
}

} // namespace hp
