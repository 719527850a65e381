// The plan document: a plain value that mirrors plan-format.md version 1 field by field.
// Nothing derived (spline samples, band, areas, counts, warnings) is stored here; see summary.hpp.
#pragma once

#include "geometry.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
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

/// An 8-bit sRGB colour, written "#rrggbb" in the file.
struct Rgb8 {
    std::uint8_t r = 0;
    std::uint8_t g = 0;
    std::uint8_t b = 0;

    friend bool operator==(const Rgb8&, const Rgb8&) = default;
};

/// The simulation's defaults (issue 6; optional fields that version 1 readers ignore, see
/// README "Plan files"): dark brown hair, and a neutral charcoal pigment as SMP inks look
/// in the skin.
inline constexpr Rgb8 kDefaultHairColour{0x3b, 0x2a, 0x20};
inline constexpr Rgb8 kDefaultPigment{0x3c, 0x3d, 0x42};

/// How the simulation of the plan (planning/simulation.hpp) looks. Nothing here changes a count.
struct SimulationLook {
    Rgb8 hairColour = kDefaultHairColour; ///< "simulation": { "hair_colour": "#3b2a20" }

    friend bool operator==(const SimulationLook&, const SimulationLook&) = default;
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
    /// graft only: the way the simulated hairs point in the photo, in degrees clockwise from
    /// pointing right (90 points down the image); absent: away from the scalp side, toward
    /// the face. "hair_direction_deg" in the file, in [-360, 360].
    std::optional<double> hairDirectionDeg;
    Rgb8 pigment = kDefaultPigment; ///< smp only: the simulated dots' shade ("pigment")

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
    SimulationLook simulation;

    friend bool operator==(const Plan&, const Plan&) = default;
};

const char* toString(Sex sex);
const char* toString(ZoneKind kind);
const char* toString(ScalpSide side);

/// "#3b2a20" (lower case).
std::string toHex(Rgb8 colour);
/// Parses "#rrggbb" (either case); nullopt for anything else.
std::optional<Rgb8> parseHexColour(std::string_view text);

} // namespace hp
