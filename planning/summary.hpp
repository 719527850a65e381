// Every figure and warning of a plan (plan-format.md §2 and §3), as a pure function of the plan.
#pragma once

#include "plan.hpp"

#include <optional>
#include <string>
#include <vector>

namespace hp {

enum class FigureKind { Hairline, Graft, Smp, Donor };
const char* toString(FigureKind kind);

/// One row of the summary: the transition band or a drawn zone.
struct ZoneFigures {
    std::string name;
    FigureKind kind = FigureKind::Graft;
    int zoneIndex = -1; ///< index in Plan::zones; -1 for the band
    double drawnAreaPx = 0.0;
    double countedAreaPx = 0.0;
    // Null (nullopt) when the plan is uncalibrated, or when the figure does not apply to the kind.
    std::optional<double> drawnAreaCm2;
    std::optional<double> countedAreaCm2;
    std::optional<long long> grafts;
    std::optional<long long> hairs;
    std::optional<long long> dots;
    std::optional<long long> capacity;
};

struct Totals {
    std::optional<double> graftAreaCm2;
    std::optional<long long> grafts;
    std::optional<long long> hairs;
    std::optional<double> smpAreaCm2;
    std::optional<long long> smpDots;
    std::optional<double> donorAreaCm2;
    std::optional<long long> donorCapacity;
    std::optional<long long> donorBalance; ///< null also when the plan has no donor zone
};

struct HairlineFigures {
    std::optional<double> lengthMm;
    std::optional<double> midFrontalHeightMm;
    std::optional<double> mirrorErrorMm;
};

struct Warning {
    std::string code;    ///< UPPER_SNAKE, as listed in plan-format.md §3
    std::string message; ///< a sentence a surgeon understands, naming the zone where there is one
    int zoneIndex = -1;  ///< the zone it is about, or -1
};

struct Summary {
    bool calibrated = false;
    std::optional<double> mmPerPx;
    std::vector<ZoneFigures>
        zones; ///< the band first (when there is one), then zones in file order
    Totals totals;
    std::optional<HairlineFigures> hairline; ///< null when the plan has no hairline
    std::vector<Warning> warnings;
};

/// Rounds half away from zero (rule 7). A value within 1e-9 (relative) of a half is taken as that
/// half (within 1e-6 at most), so that 22.5 reached as 22.499999999999996 through floating
/// point still rounds up.
long long roundHalfAwayFromZero(double value);

/// Chair time for micropigmenting an area (clinical-defaults.md): 2-4 sessions, usually 3; a full
/// head of about 500 cm² takes 20-25 h in all, scaled here by area, never under one 3-4 h session.
struct SmpEstimate {
    int sessionsLow = 2;
    int sessionsTypical = 3;
    int sessionsHigh = 4;
    double hoursLow = 0.0;
    double hoursHigh = 0.0;
};
SmpEstimate smpEstimate(double areaCm2);

struct HairlineGeometry;

/// Computes every figure of §2 and every warning of §3. The plan must be valid (validatePlan).
Summary summarize(const Plan& plan);

/// The same, with the hairline's geometry already built (planHairlineGeometry(plan)), so that a
/// caller that also draws the plan builds it once.
Summary summarize(const Plan& plan, const std::optional<HairlineGeometry>& hairline);

} // namespace hp
