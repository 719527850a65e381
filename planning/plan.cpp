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
