#include "clinic_plan.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

namespace hp::bench {
namespace {

constexpr int kImageWidth = 4000;
constexpr int kImageHeight = 3000;
constexpr double kMmPerPx = 0.1;

// SplitMix64 of (seed, index): a fixed integer hash, the same on every machine.
std::uint64_t mix(std::uint64_t seed, std::uint64_t index) {
    std::uint64_t z = seed * 0x9E3779B97F4A7C15ull + index + 0x632BE59BD9B4E019ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// A number in [0, 1) from (seed, index); 53 bits, so exact in a double.
double unit(std::uint64_t seed, std::uint64_t index) {
    return static_cast<double>(mix(seed, index) >> 11) * 0x1.0p-53;
}

double inRange(std::uint64_t seed, std::uint64_t index, double lo, double hi) {
    return lo + (hi - lo) * unit(seed, index);
}

// Rounded to a multiple of 1 / perUnit; dividing last gives the double nearest that decimal, so
// that the plan file spells it briefly (1995.87, not 1995.8700000000001).
double roundTo(double value, double perUnit) {
    return std::round(value * perUnit) / perUnit;
}

// A bound on |w| in wobblyBlob's radius factor 1 + w (the lobes and tremors below reach 0.34).
constexpr double kMaxWobble = 0.35;

// Slow lobes (k = 2..5) and a fine tremor, as a hand-drawn outline has.
constexpr int kLobes[] = {2, 3, 4, 5};
constexpr double kLobeAmplitudeMax = 0.075; // 4 lobes: at most 0.30
constexpr int kTremors[] = {17, 29};
constexpr double kTremorAmplitude = 0.02; // 2 tremors: at most 0.04

Hairline clinicHairline() {
    Hairline h;
    // Left to right as seen in the photo, highest near the midline, a little asymmetric.
    h.points = {{1150, 930}, {1360, 842}, {1580, 771}, {1790, 736}, {2000, 722},
                {2210, 739}, {2420, 777}, {2640, 846}, {2850, 925}};
    h.scalpSide = ScalpSide::Up;
    h.transitionMm = 8.0;
    h.irregularity = {7, 1.5, 6.0};
    h.densityFuCm2 = 45.0;
    h.hairsPerGraft = 1.0;
    return h;
}

constexpr Point kClinicGlabella{2000, 1650};

// Points on a sunflower (golden-angle) spiral fill an ellipse evenly: the i-th of n, in units of
// the ellipse's semi-axes, centred on zero.
Point sunflower(int i, int n) {
    const double goldenAngle = std::numbers::pi * (3.0 - std::sqrt(5.0));
    const double rho = std::sqrt((i + 0.5) / n);
    const double theta = goldenAngle * i;
    return {rho * std::cos(theta), rho * std::sin(theta)};
}

// How far `centre` is from the nearest image border.
double roomToBorder(Point centre) {
    return std::min({centre.x, kImageWidth - centre.x, centre.y, kImageHeight - centre.y});
}

} // namespace

Outline wobblyBlob(Point centre, double meanRadiusPx, int vertices, std::uint64_t seed,
                   bool clockwise) {
    double lobeAmplitude[std::size(kLobes)];
    double lobePhase[std::size(kLobes)];
    for (std::size_t k = 0; k < std::size(kLobes); ++k) {
        lobeAmplitude[k] = inRange(seed, 2 * k, 0.4, 1) * kLobeAmplitudeMax;
        lobePhase[k] = inRange(seed, 2 * k + 1, 0.0, 2 * std::numbers::pi);
    }
    double tremorPhase[std::size(kTremors)];
    for (std::size_t k = 0; k < std::size(kTremors); ++k)
        tremorPhase[k] = inRange(seed, 100 + k, 0.0, 2 * std::numbers::pi);
    const double start = inRange(seed, 200, 0.0, 2 * std::numbers::pi);

    // Radii stay positive and the angle only advances, so the outline is star-shaped about its
    // centre and cannot cross itself. Rounding to 1/100 px moves a point far less than the gap
    // between neighbours at any radius used here.
    Outline out;
    out.reserve(static_cast<std::size_t>(vertices));
    const double turn = (clockwise ? 1.0 : -1.0) * 2 * std::numbers::pi / vertices;
    for (int i = 0; i < vertices; ++i) {
        const double a = start + turn * i;
        double w = 0.0;
        for (std::size_t k = 0; k < std::size(kLobes); ++k)
            w += lobeAmplitude[k] * std::sin(kLobes[k] * a + lobePhase[k]);
        for (std::size_t k = 0; k < std::size(kTremors); ++k)
            w += kTremorAmplitude * std::sin(kTremors[k] * a + tremorPhase[k]);
        const double r = meanRadiusPx * (1.0 + w);
        // y down: an increasing angle turns clockwise on screen.
        out.push_back(
            {roundTo(centre.x + r * std::cos(a), 100), roundTo(centre.y + r * std::sin(a), 100)});
    }
    return out;
}

Plan samplePlan() {
    Plan p;
    p.patient = {"HP-0042", Sex::Male, ""};
    p.photo = "front.jpg";
    p.imageSize = std::pair{kImageWidth, kImageHeight};
    p.calibration = RulerCalibration{{1200, 2500}, {1700, 2500}, 50.0};
    p.glabella = Point{2000, 1650};
    Hairline h;
    h.points = {{1200, 900}, {1600, 760}, {2000, 720}, {2400, 760}, {2800, 900}};
    p.hairline = h;

    Zone frontal = makeZone(ZoneKind::Graft, "Frontal core",
                            {{1250, 880}, {2750, 880}, {2600, 400}, {1400, 400}});
    frontal.densityFuCm2 = 40.0;
    frontal.hairsPerGraft = 2.0;
    p.zones.push_back(frontal);
    Zone crown =
        makeZone(ZoneKind::Smp, "Crown", {{1500, 300}, {2500, 300}, {2400, 120}, {1600, 120}});
    crown.densityDotsCm2 = 100.0;
    p.zones.push_back(crown);
    Zone donor = makeZone(ZoneKind::Donor, "Occipital donor",
                          {{100, 2900}, {900, 2900}, {900, 2600}, {100, 2600}});
    donor.densityFuCm2 = 80.0;
    donor.extractionFraction = 0.25;
    p.zones.push_back(donor);
    return p;
}

Plan clinicPlan() {
    constexpr int kVertices = 400;
    constexpr std::uint64_t kSeed = 0xC11;
    Plan p;
    p.patient = {"HP-BENCH-CLINIC", Sex::Male, "Benchmark plan: 20 overlapping zones"};
    p.imageSize = std::pair{kImageWidth, kImageHeight};
    p.calibration = ScaleCalibration{kMmPerPx};
    p.glabella = kClinicGlabella;
    p.hairline = clinicHairline();

    // 15 graft zones in one frontal region, each one overlapping most of the others.
    constexpr int kGraftZones = 15;
    for (int i = 0; i < kGraftZones; ++i) {
        const Point u = sunflower(i, kGraftZones);
        const Point centre{2000 + 420 * u.x, 520 + 120 * u.y};
        const std::uint64_t seed = mix(kSeed, static_cast<std::uint64_t>(i));
        const double radius = inRange(seed, 1000, 170, 260);
        Zone z = makeZone(ZoneKind::Graft, "Frontal graft " + std::to_string(i + 1),
                          wobblyBlob(centre, radius, kVertices, seed, i % 2 == 0));
        z.densityFuCm2 = roundTo(inRange(seed, 1001, 35, 50), 2);
        z.hairsPerGraft = roundTo(inRange(seed, 1002, 1.5, 2.5), 10);
        p.zones.push_back(z);
    }
    const Point smpCentres[] = {{1700, 260}, {1950, 230}, {2200, 260}};
    for (std::size_t i = 0; i < std::size(smpCentres); ++i) {
        const std::uint64_t seed = mix(kSeed, 100 + i);
        Zone z = makeZone(ZoneKind::Smp, "Crown SMP " + std::to_string(i + 1),
                          wobblyBlob(smpCentres[i], 150, kVertices, seed, i % 2 == 1));
        z.densityDotsCm2 = roundTo(inRange(seed, 1001, 80, 120), 1);
        p.zones.push_back(z);
    }
    const Point donorCentres[] = {{700, 2550}, {950, 2600}};
    const double donorRadii[] = {220, 200};
    for (std::size_t i = 0; i < std::size(donorCentres); ++i) {
        const std::uint64_t seed = mix(kSeed, 200 + i);
        Zone z = makeZone(ZoneKind::Donor, "Occipital donor " + std::to_string(i + 1),
                          wobblyBlob(donorCentres[i], donorRadii[i], kVertices, seed, true));
        z.densityFuCm2 = roundTo(inRange(seed, 1001, 70, 90), 1);
        z.extractionFraction = roundTo(inRange(seed, 1002, 0.2, 0.3), 100);
        p.zones.push_back(z);
    }
    return p;
}

Plan scalpPlan(int zoneCount, int verticesPerZone, bool withHairline) {
    constexpr std::uint64_t kSeed = 0x5CA1;
    // The scalp: an ellipse 3000 x 1900 px centred in the upper part of the photo.
    constexpr Point kScalpCentre{2000, 1250};
    constexpr double kScalpHalfWidth = 1500, kScalpHalfHeight = 950;

    Plan p;
    p.patient = {"HP-BENCH-" + std::to_string(zoneCount) + "x" + std::to_string(verticesPerZone),
                 Sex::Male, "Benchmark plan: zones spread over the scalp, neighbours overlapping"};
    p.imageSize = std::pair{kImageWidth, kImageHeight};
    p.calibration = ScaleCalibration{kMmPerPx};
    if (withHairline) {
        p.glabella = kClinicGlabella;
        p.hairline = clinicHairline();
    }

    // Zones of radius 0.8 x their spacing cover the scalp about two deep on average.
    const double spacing =
        std::sqrt(std::numbers::pi * kScalpHalfWidth * kScalpHalfHeight / zoneCount);
    const double meanRadius = 0.8 * spacing;
    const double jitter = std::min(0.15 * spacing, 100.0);
    int counts[3] = {0, 0, 0};
    for (int i = 0; i < zoneCount; ++i) {
        const std::uint64_t seed = mix(kSeed, static_cast<std::uint64_t>(i));
        const Point u = sunflower(i, zoneCount);
        const Point centre{
            kScalpCentre.x + kScalpHalfWidth * u.x + inRange(seed, 1000, -1, 1) * jitter,
            kScalpCentre.y + kScalpHalfHeight * u.y + inRange(seed, 1001, -1, 1) * jitter};
        const double radius = std::min(meanRadius * inRange(seed, 1002, 0.85, 1.15),
                                       roomToBorder(centre) / (1.0 + kMaxWobble + 0.01));

        ZoneKind kind = ZoneKind::Graft;
        if (u.y > 0.7)
            kind = ZoneKind::Donor;
        else if (u.x * u.x + (u.y + 0.35) * (u.y + 0.35) < 0.3 * 0.3)
            kind = ZoneKind::Smp;
        const int number = ++counts[static_cast<int>(kind)];
        const char* label = kind == ZoneKind::Graft ? "Graft zone "
                            : kind == ZoneKind::Smp ? "SMP zone "
                                                    : "Donor zone ";
        Zone z = makeZone(kind, label + std::to_string(number),
                          wobblyBlob(centre, radius, verticesPerZone, seed, i % 2 == 0));
        switch (kind) {
        case ZoneKind::Graft:
            z.densityFuCm2 = roundTo(inRange(seed, 1003, 35, 50), 2);
            z.hairsPerGraft = roundTo(inRange(seed, 1004, 1.5, 2.5), 10);
            break;
        case ZoneKind::Smp:
            z.densityDotsCm2 = roundTo(inRange(seed, 1003, 80, 120), 1);
            break;
        case ZoneKind::Donor:
            z.densityFuCm2 = roundTo(inRange(seed, 1003, 70, 90), 1);
            z.extractionFraction = roundTo(inRange(seed, 1004, 0.2, 0.3), 100);
            break;
        }
        p.zones.push_back(z);
    }
    return p;
}

} // namespace hp::bench
