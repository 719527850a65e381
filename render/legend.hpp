// The legend of an exported plan image: a band that goes BELOW the photo (it covers no part of
// it) with the patient, the per-zone table, the totals, the warnings and a 1 cm scale bar.
// Drawn on the CPU with stb_truetype and DejaVu Sans, so export needs no GL for it; the same
// content and width give the same pixels.
#pragma once

#include "planning/plan.hpp"
#include "planning/summary.hpp"
#include "render/overlay_style.hpp"
#include "render/rgba_image.hpp"
#include "version.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace hp::render {

/// The font files (Debian's fonts-dejavu-core). Each file is read once per process and kept.
struct LegendFonts {
    std::filesystem::path regular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    std::filesystem::path bold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
};

/// What the legend shows. A plain value: the caller fills it from the export's plan and options.
struct LegendContent {
    Plan plan;
    Summary summary;          ///< summarize(plan)
    std::string planFileName; ///< shown as given, e.g. "plan.json"
    std::string exportDate;   ///< shown as given, e.g. "2026-11-23"; the caller decides
    std::string version = kVersion;
    OverlayStyle style; ///< the image's style: its zone and band colours give the swatches
    /// Millimetres per pixel of the EXPORTED image (the photo's scale times photo width over
    /// export width), for the 1 cm scale bar. nullopt (an uncalibrated plan): a note instead.
    std::optional<double> mmPerPx;
    /// The image shows simulated graft sites and SMP dots: the legend says they illustrate.
    bool simulation = false;
    LegendFonts fonts;
};

/// An 8-bit sRGB colour.
struct Rgb8 {
    std::uint8_t r = 0;
    std::uint8_t g = 0;
    std::uint8_t b = 0;

    friend bool operator==(const Rgb8&, const Rgb8&) = default;
};

/// The legend's calm palette: dark text on a near-white band, thin light rules.
inline constexpr Rgb8 kLegendBackground{0xF7, 0xF7, 0xF5};
inline constexpr Rgb8 kLegendText{0x22, 0x25, 0x2A};
inline constexpr Rgb8 kLegendSecondaryText{0x5E, 0x64, 0x6E};
inline constexpr Rgb8 kLegendRule{0xD5, 0xD6, 0xD2};
/// The scale bar is a solid rectangle of exactly this colour, which no text pixel has (text is
/// lighter), so it can be found in the image.
inline constexpr Rgb8 kLegendScaleBar{0x11, 0x11, 0x11};

/// The legend's base text size (em, in pixels) for a width: clamp(width / 70, 12, 90), legible
/// from a 1,000-pixel image to a 6,000-pixel one. Everything else scales with it.
float legendTextPx(int widthPx);

/// The smallest and largest widths renderLegend draws.
inline constexpr int kMinLegendWidthPx = 100;
inline constexpr int kMaxLegendWidthPx = 100'000;

/// The legend, or the reason there is none (`error`: a width out of range, a font file missing
/// or unreadable). Contents, top to bottom: "hairplan plan" with the patient's id and sex; the
/// export date and the plan's file name; a table of the band and the zones (colour swatch,
/// name, kind, counted area in cm² or px², grafts, hairs, dots or capacity) with totals; the
/// donor balance; the SMP session estimate and the hairline's figures when there are any; the
/// warnings, each with its sentence, wrapped; the 1 cm scale bar, the hairplan version and the
/// planning-aid notice. `widthPx` wide, as tall as its content. Opaque. Deterministic.
struct LegendImage {
    std::optional<RgbaImage> image;
    std::string error;
};
LegendImage renderLegend(const LegendContent& content, int widthPx);

} // namespace hp::render
