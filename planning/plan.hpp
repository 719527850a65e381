// The plan document: a plain value that mirrors plan-format.md version 1 field by field.
// Nothing derived (spline samples, band, areas, counts, warnings) is stored here; see summary.hpp.
#pragma once

#include "geometry.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace hp {

enum class Sex { Unspecified, Male, Female };
enum class ZoneKind { Graft, Smp, Donor };
enum class ScalpSide { Up, Down };

struct Patient {
    std::string id;
    Sex sex = Sex::Unspecified;
    std::string notes;

    friend bool operator==(const Patient&, const Patient&) = default;
};

/// Two image points a known real distance apart (a ruler in the photo).
struct RulerCalibration {
    Point p1;
    Point p2;
    double mm = 0.0;

    friend bool operator==(const RulerCalibration&, const RulerCalibration&) = default;
};

/// A scale given directly.
struct ScaleCalibration {
    double mmPerPx = 0.0;

    friend bool operator==(const ScaleCalibration&, const ScaleCalibration&) = default;
};

using Calibration = std::variant<RulerCalibration, ScaleCalibration>;

/// Millimetres per image pixel: mm / |p2 - p1| for a ruler, or the given scale.
double mmPerPx(const Calibration& calibration);

/// cm² per px², computed without a square root for a ruler (mm² / (|p2 - p1|² * 100)) so that
/// areas of hand-checkable plans come out exact.
double cm2PerPx2(const Calibration& calibration);

struct Irregularity {
    std::uint32_t seed = 1;
    double amplitudeMm = 1.5;
    double wavelengthMm = 6.0;

    friend bool operator==(const Irregularity&, const Irregularity&) = default;
};

struct Hairline {
    std::vector<Point> points; ///< control points, left to right as seen in the photo
    ScalpSide scalpSide = ScalpSide::Up;
    double transitionMm = 8.0;
    Irregularity irregularity;
    double densityFuCm2 = 45.0;
    double hairsPerGraft = 1.0;

    friend bool operator==(const Hairline&, const Hairline&) = default;
};

struct Zone {
    std::string name;
    ZoneKind kind = ZoneKind::Graft;
    Outline points;
    // Every kind's figures are kept, so that changing a zone's kind in the editor and back loses
    // nothing; only the ones of its kind are counted and saved.
    double densityFuCm2 = 40.0;       ///< graft: implant density; donor: native density
    double hairsPerGraft = 2.0;       ///< graft only
    double densityDotsCm2 = 100.0;    ///< smp only
    double extractionFraction = 0.25; ///< donor only

    friend bool operator==(const Zone&, const Zone&) = default;
};

/// A zone of `kind` with that kind's default densities (plan-format.md §1).
Zone makeZone(ZoneKind kind, std::string name, Outline points);

struct Plan {
    Patient patient;
    std::string photo; ///< relative to the plan file's folder, or absolute; empty: none
    std::optional<std::pair<int, int>> imageSize; ///< width, height in pixels
    std::optional<Calibration> calibration;
    std::optional<Point> glabella;
    std::optional<Hairline> hairline;
    std::vector<Zone> zones;

    friend bool operator==(const Plan&, const Plan&) = default;
};

const char* toString(Sex sex);
const char* toString(ZoneKind kind);
const char* toString(ScalpSide side);

} // namespace hp
