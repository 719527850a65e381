// How a plan's overlays look: colours, line widths and which overlays are shown. A plain value
// with its defaults written at the fields; the editor's canvas, the presentation view and the
// export each hold one (the presentation view flips the show* toggles one by one).
#pragma once

#include "planning/plan.hpp"

#include <cstddef>

namespace hp::render {

/// A straight (not premultiplied) RGBA colour, each channel in [0, 1].
struct Colour {
    float r = 0.0f;
    float g = 0.0f;
    float b = 0.0f;
    float a = 1.0f;

    friend bool operator==(const Colour&, const Colour&) = default;
};

/// Every size is in TARGET pixels (screen or exported-image pixels, not photo pixels), so lines
/// keep their width at any zoom. scaledSizes() multiplies them all, for a HiDPI screen or a large
/// export.
struct OverlayStyle {
    // Zone colours: the base colour of each kind; zoneColour() varies it by the zone's index
    // within its kind. Chosen to stay apart from each other and from skin and hair tones.
    Colour graftColour{0.10f, 0.60f, 0.80f, 1.0f}; ///< teal-blue
    Colour smpColour{0.60f, 0.40f, 0.88f, 1.0f};   ///< violet
    Colour donorColour{0.96f, 0.64f, 0.14f, 1.0f}; ///< amber
    Colour bandColour{0.30f, 0.80f, 0.36f, 1.0f};  ///< the transition band: green

    /// Fills (zones and band) use their colour with its alpha multiplied by this.
    float fillAlpha = 0.35f;
    /// A zone's drawn outline, in the zone's colour (opaque).
    float outlineWidthPx = 2.0f;

    /// The smooth hairline (the designed curve, the one the surgeon edits): light and dashed.
    Colour smoothHairlineColour{0.72f, 0.90f, 1.00f, 0.85f};
    float smoothHairlineWidthPx = 2.0f;
    /// The irregular front edge (where hairs actually start): solid.
    Colour frontEdgeColour{1.00f, 1.00f, 1.00f, 1.00f};
    float frontEdgeWidthPx = 2.0f;

    /// The glabella: a ring with a cross, and a thin dashed vertical midline through it.
    Colour glabellaColour{0.95f, 0.28f, 0.30f, 1.00f};
    float glabellaRadiusPx = 7.0f;
    float glabellaWidthPx = 2.0f;
    Colour midlineColour{0.95f, 0.28f, 0.30f, 0.75f};
    float midlineWidthPx = 1.0f;

    /// The calibration ruler (p1-p2 with a tick across each end), when the plan has one.
    Colour rulerColour{1.00f, 0.86f, 0.22f, 1.00f};
    float rulerWidthPx = 2.0f;
    float rulerTickPx = 14.0f; ///< the end ticks' full length

    /// Dashes of the dashed lines (smooth hairline, midline).
    float dashPx = 8.0f;
    float dashGapPx = 6.0f;

    bool showZones = true;    ///< zone fills and outlines
    bool showBand = true;     ///< the transition band's fill
    bool showHairline = true; ///< the smooth hairline and the irregular front edge
    bool showGlabella = true; ///< the glabella mark and the midline
    bool showRuler = true;    ///< the calibration ruler

    /// The colour of the `indexWithinKind`-th zone of `kind` (counting in plan order from 0):
    /// the kind's base colour with its hue and lightness varied, so that neighbouring zones of
    /// one kind stay apart. Six variations, then they repeat. Alpha is the base colour's.
    Colour zoneColour(ZoneKind kind, std::size_t indexWithinKind) const;

    /// The colour of plan.zones[zoneIndex] (its index within its kind counted from the plan).
    Colour zoneColour(const Plan& plan, std::size_t zoneIndex) const;

    friend bool operator==(const OverlayStyle&, const OverlayStyle&) = default;
};

/// `style` with every size (widths, radius, tick, dashes) multiplied by `factor`: the monitor's
/// content scale on the canvas, or the export's size factor.
OverlayStyle scaledSizes(OverlayStyle style, float factor);

} // namespace hp::render
