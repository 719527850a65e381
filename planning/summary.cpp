#include "summary.hpp"

#include "format.hpp"
#include "hairline.hpp"
#include "layered_area.hpp"
#include "stacks.hpp"

#include <algorithm>
#include <cmath>

namespace hp {
namespace {

// Warning thresholds (plan-format.md §3; reasons in clinical-defaults.md).
constexpr long long kSessionGraftLimit = 3500;
constexpr double kMinAmplitudeMm = 0.5;
constexpr double kMinTransitionMm = 3.0;
constexpr double kMinMidFrontalMaleMm = 70.0;
constexpr double kMinMidFrontalOtherMm = 50.0;
constexpr double kMaxMirrorErrorMm = 3.0;
constexpr double kMaxDensityFuCm2 = 60.0;

constexpr const char* kBandName = "Hairline transition";

// Figures of a zone that counts grafts (the band or a graft zone).
void countGrafts(ZoneFigures& z, double density, double hairsPerGraft) {
    z.grafts = roundHalfAwayFromZero(*z.countedAreaCm2 * density);
    z.hairs = roundHalfAwayFromZero(static_cast<double>(*z.grafts) * hairsPerGraft);
}

void addWarning(Summary& s, const char* code, std::string message, int zone = -1) {
    s.warnings.push_back({code, std::move(message), zone});
}

std::string quoted(const std::string& name) {
    return "\u201c" + name + "\u201d";
}

void warnAboutHairline(const Plan& plan, Summary& s) {
    const Hairline& h = *plan.hairline;
    std::string straight;
    if (h.irregularity.amplitudeMm < kMinAmplitudeMm)
        straight = "The hairline's irregularity is " + fixedDecimal(h.irregularity.amplitudeMm, 1) +
                   " mm (under 0.5 mm): a straight, even front edge looks artificial.";
    if (h.transitionMm < kMinTransitionMm)
        straight += std::string(straight.empty() ? "" : " ") + "The transition band is " +
                    fixedDecimal(h.transitionMm, 1) +
                    " mm deep (under 3 mm): without a soft zone of single hairs the hairline "
                    "looks abrupt.";
    if (!straight.empty()) addWarning(s, "HAIRLINE_TOO_STRAIGHT", straight);

    const HairlineFigures& f = *s.hairline;
    if (f.midFrontalHeightMm) {
        const bool male = plan.patient.sex == Sex::Male;
        const double minimum = male ? kMinMidFrontalMaleMm : kMinMidFrontalOtherMm;
        if (*f.midFrontalHeightMm < minimum)
            addWarning(s, "HAIRLINE_TOO_LOW",
                       "The mid-frontal point is " + fixedDecimal(*f.midFrontalHeightMm, 1) +
                           " mm above the glabella, under the " + fixedDecimal(minimum, 0) +
                           " mm minimum for " + (male ? "a man" : "this patient") +
                           ": a low hairline ages badly and is hard to correct.");
    }
    if (f.mirrorErrorMm && *f.mirrorErrorMm > kMaxMirrorErrorMm)
        addWarning(s, "HAIRLINE_ASYMMETRIC",
                   "Mirrored about the facial midline, the two sides of the hairline differ by up "
                   "to " +
                       fixedDecimal(*f.mirrorErrorMm, 1) + " mm (more than 3 mm).");
    if (h.transitionMm > 0 && h.densityFuCm2 > kMaxDensityFuCm2)
        addWarning(s, "DENSITY_HIGH",
                   "The hairline transition band is planned at " + fixedDecimal(h.densityFuCm2, 0) +
                       " FU/cm\u00b2, above 60: grafts packed this densely survive less well, most "
                       "of all in scarred or pigmented skin.");
}

// SMP on the frontal hairline makes a later transplant repair harder (clinical-defaults.md).
void warnAboutSmpOnBand(const Plan& plan, const Outline& band, Summary& s) {
    const Box bandBox = boundingBox(band);
    for (std::size_t i = 0; i < plan.zones.size(); ++i) {
        const Zone& z = plan.zones[i];
        if (z.kind != ZoneKind::Smp || !boundingBox(z.points).overlaps(bandBox)) continue;
        const std::vector<LayerArea> a = layeredAreasPx({&z.points, &band});
        if (a[0].drawnPx - a[0].countedPx > 1.0)
            addWarning(s, "SMP_OVER_HAIRLINE",
                       "SMP zone " + quoted(z.name) +
                           " reaches into the hairline transition band: pigment under a frontal "
                           "hairline makes a later transplant or repair harder.",
                       static_cast<int>(i));
    }
}

} // namespace

const char* toString(FigureKind kind) {
    switch (kind) {
    case FigureKind::Hairline:
        return "hairline";
    case FigureKind::Graft:
        return "graft";
    case FigureKind::Smp:
        return "smp";
    case FigureKind::Donor:
        return "donor";
    }
    return "graft";
}

SmpEstimate smpEstimate(double areaCm2) {
    constexpr double kFullHeadCm2 = 500.0;
    SmpEstimate e;
    e.hoursLow = std::max(3.0, 20.0 * areaCm2 / kFullHeadCm2);
    e.hoursHigh = std::max(4.0, 25.0 * areaCm2 / kFullHeadCm2);
    return e;
}

long long roundHalfAwayFromZero(double value) {
    const double magnitude = std::fabs(value);
    double whole = std::floor(magnitude);
    const double fraction = magnitude - whole;
    // The snap is relative (1e-9), but never wider than 1e-6: for a billion hairs a relative
    // 1e-9 would be a whole unit and round every integer up.
    const double snap = std::min(1e-9 * std::max(1.0, magnitude), 1e-6);
    if (fraction >= 0.5 || std::fabs(fraction - 0.5) <= snap) whole += 1;
    const long long r = static_cast<long long>(whole);
    return value < 0 ? -r : r;
}

Summary summarize(const Plan& plan) {
    return summarize(plan, planHairlineGeometry(plan));
}

Summary summarize(const Plan& plan, const std::optional<HairlineGeometry>& hairline) {
    Summary s;
    double cm2PerPx = 0.0;
    double mmPx = 0.0;
    if (plan.calibration) {
        s.calibrated = true;
        mmPx = mmPerPx(*plan.calibration);
        cm2PerPx = cm2PerPx2(*plan.calibration);
        s.mmPerPx = mmPx;
    }

    if (plan.hairline) {
        s.hairline = HairlineFigures{};
        if (hairline) {
            s.hairline->lengthMm = hairline->lengthMm;
            if (plan.glabella) {
                s.hairline->midFrontalHeightMm =
                    midFrontalHeightMm(hairline->smooth, *plan.glabella, mmPx);
                s.hairline->mirrorErrorMm = mirrorErrorMm(hairline->smooth, *plan.glabella, mmPx);
            }
        }
    }
    const bool hasBand = hairline && !hairline->band.empty();

    // Whether each zone's outline crosses itself: the warning says so, and a simple outline's
    // drawn area is its shoelace area.
    std::vector<bool> crosses(plan.zones.size());
    for (std::size_t i = 0; i < plan.zones.size(); ++i)
        crosses[i] = countSelfCrossings(plan.zones[i].points, 0) > 0;

    std::vector<ZoneFigures> rows(plan.zones.size());
    std::optional<LayerArea> bandArea;
    for (const Stack& stack : countingStacks(plan, hasBand ? &hairline->band : nullptr)) {
        std::vector<bool> simple;
        for (const std::size_t zone : stack.zones)
            simple.push_back(!crosses[zone]);
        const std::vector<LayerArea> areas = layeredAreasPx(stack.outlines, simple);
        for (std::size_t m = 0; m < stack.zones.size(); ++m) {
            rows[stack.zones[m]].drawnAreaPx = areas[m].drawnPx;
            rows[stack.zones[m]].countedAreaPx = areas[m].countedPx;
        }
        if (areas.size() > stack.zones.size()) bandArea = areas.back();
    }

    const auto toCm2 = [&](ZoneFigures& z) {
        if (!s.calibrated) return;
        z.drawnAreaCm2 = z.drawnAreaPx * cm2PerPx;
        z.countedAreaCm2 = z.countedAreaPx * cm2PerPx;
    };

    if (bandArea) {
        ZoneFigures band;
        band.name = kBandName;
        band.kind = FigureKind::Hairline;
        band.drawnAreaPx = bandArea->drawnPx;
        band.countedAreaPx = bandArea->countedPx;
        toCm2(band);
        countGrafts(band, plan.hairline->densityFuCm2, plan.hairline->hairsPerGraft);
        s.zones.push_back(band);
    }
    for (std::size_t i = 0; i < plan.zones.size(); ++i) {
        const Zone& zone = plan.zones[i];
        ZoneFigures& z = rows[i];
        z.name = zone.name;
        z.kind = static_cast<FigureKind>(static_cast<int>(zone.kind) + 1);
        z.zoneIndex = static_cast<int>(i);
        toCm2(z);
        if (s.calibrated) {
            switch (zone.kind) {
            case ZoneKind::Graft:
                countGrafts(z, zone.densityFuCm2, zone.hairsPerGraft);
                break;
            case ZoneKind::Smp:
                z.dots = roundHalfAwayFromZero(*z.countedAreaCm2 * zone.densityDotsCm2);
                break;
            case ZoneKind::Donor:
                z.capacity = roundHalfAwayFromZero(*z.countedAreaCm2 * zone.densityFuCm2 *
                                                   zone.extractionFraction);
                break;
            }
        }
        s.zones.push_back(z);
    }

    // Totals (rule 7): sums of the per-zone figures, the band included.
    bool anyDonor = false;
    if (s.calibrated) {
        Totals& t = s.totals;
        t.graftAreaCm2 = t.smpAreaCm2 = t.donorAreaCm2 = 0.0;
        t.grafts = t.hairs = t.smpDots = t.donorCapacity = 0;
        for (const ZoneFigures& z : s.zones) {
            switch (z.kind) {
            case FigureKind::Hairline:
            case FigureKind::Graft:
                *t.graftAreaCm2 += *z.countedAreaCm2;
                *t.grafts += *z.grafts;
                *t.hairs += *z.hairs;
                break;
            case FigureKind::Smp:
                *t.smpAreaCm2 += *z.countedAreaCm2;
                *t.smpDots += *z.dots;
                break;
            case FigureKind::Donor:
                anyDonor = true;
                *t.donorAreaCm2 += *z.countedAreaCm2;
                *t.donorCapacity += *z.capacity;
                break;
            }
        }
        if (anyDonor) t.donorBalance = *t.donorCapacity - *t.grafts;
    }

    // Warnings (§3), in the order a surgeon would fix them.
    if (!s.calibrated)
        addWarning(s, "UNCALIBRATED",
                   "The photo has no scale, so areas are in pixels only and no grafts, hairs, dots "
                   "or donor capacity can be counted: calibrate on a ruler in the photo.");
    for (std::size_t i = 0; i < plan.zones.size(); ++i)
        if (crosses[i])
            addWarning(s, "OUTLINE_SELF_INTERSECTS",
                       "The outline of zone " + quoted(plan.zones[i].name) +
                           " crosses itself; every part it encloses is counted, but check that it "
                           "was drawn as intended.",
                       static_cast<int>(i));
    if (plan.hairline) warnAboutHairline(plan, s);
    for (std::size_t i = 0; i < plan.zones.size(); ++i) {
        const Zone& z = plan.zones[i];
        if (z.kind == ZoneKind::Graft && z.densityFuCm2 > kMaxDensityFuCm2)
            addWarning(s, "DENSITY_HIGH",
                       "Zone " + quoted(z.name) + " is planned at " +
                           fixedDecimal(z.densityFuCm2, 0) +
                           " FU/cm\u00b2, above 60: grafts packed this densely survive less well, "
                           "most of all in scarred or pigmented skin.",
                       static_cast<int>(i));
    }
    if (s.totals.grafts && *s.totals.grafts > kSessionGraftLimit)
        addWarning(s, "SESSION_TOO_LARGE",
                   "The plan needs " + withThousands(*s.totals.grafts) +
                       " grafts, more than the 3,500 one session holds: plan it over two "
                       "sessions.");
    if (s.totals.donorBalance && *s.totals.donorBalance < 0)
        addWarning(s, "DONOR_DEFICIT",
                   "The plan needs " + withThousands(*s.totals.grafts) +
                       " grafts but the donor zones can give about " +
                       withThousands(*s.totals.donorCapacity) + ", " +
                       withThousands(-*s.totals.donorBalance) +
                       " short: donor hair is finite, so reduce the plan or the density.");
    if (hasBand) warnAboutSmpOnBand(plan, hairline->band, s);
    return s;
}

} // namespace hp
