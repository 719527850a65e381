#include "planning/summary.hpp"
#include "planning/summary_json.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

using namespace hp;

namespace {

// At 0.1 mm per pixel, 100 px are 1 cm and 10,000 px² are 1 cm².
Plan calibratedPlan() {
    Plan p;
    p.calibration = ScaleCalibration{0.1};
    return p;
}

Outline rectCm(double xCm, double yCm, double wCm, double hCm) {
    const double x = xCm * 100, y = yCm * 100, w = wCm * 100, h = hCm * 100;
    return {{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}};
}

bool hasWarning(const Summary& s, const std::string& code) {
    return std::any_of(s.warnings.begin(), s.warnings.end(),
                       [&](const Warning& w) { return w.code == code; });
}

const Warning& warning(const Summary& s, const std::string& code) {
    const auto it = std::find_if(s.warnings.begin(), s.warnings.end(),
                                 [&](const Warning& w) { return w.code == code; });
    REQUIRE(it != s.warnings.end());
    return *it;
}

// A straight hairline from x = 1000 to x = 2000 at y = 1000 (10 cm at 0.1 mm/px), scalp above.
Hairline straightHairline() {
    Hairline h;
    h.points = {{1000, 1000}, {1500, 1000}, {2000, 1000}};
    h.irregularity.amplitudeMm = 0.0;
    return h;
}

} // namespace

TEST_CASE("a 10 x 10 cm square at 40 FU/cm² is 4,000 grafts", "[summary]") {
    Plan p = calibratedPlan();
    p.zones.push_back(makeZone(ZoneKind::Graft, "Core", rectCm(1, 1, 10, 10)));
    const Summary s = summarize(p);
    REQUIRE(s.zones.size() == 1);
    const ZoneFigures& z = s.zones[0];
    CHECK(z.kind == FigureKind::Graft);
    CHECK(*z.drawnAreaCm2 == Approx(100.0));
    CHECK(*z.countedAreaCm2 == Approx(100.0));
    CHECK(z.countedAreaPx == 1000000.0);
    CHECK(*z.grafts == 4000);
    CHECK(*z.hairs == 8000); // 2.0 hairs per graft by default
    CHECK_FALSE(z.dots);
    CHECK_FALSE(z.capacity);
    CHECK(*s.totals.grafts == 4000);
    CHECK(*s.totals.hairs == 8000);
    CHECK(*s.totals.graftAreaCm2 == Approx(100.0));
    CHECK_FALSE(s.totals.donorBalance); // no donor zone
    CHECK(*s.mmPerPx == 0.1);
}

TEST_CASE("a ruler gives the scale: 500 px for 50 mm", "[summary]") {
    Plan p;
    p.calibration = RulerCalibration{{1200, 2500}, {1700, 2500}, 50.0};
    p.zones.push_back(makeZone(ZoneKind::Graft, "Core", rectCm(1, 1, 10, 10)));
    const Summary s = summarize(p);
    CHECK(*s.mmPerPx == Approx(0.1));
    CHECK(*s.zones[0].grafts == 4000);
}

TEST_CASE("an outline drawn either way round counts the same", "[summary]") {
    Plan p = calibratedPlan();
    Outline o = rectCm(0, 0, 5, 4);
    p.zones.push_back(makeZone(ZoneKind::Graft, "A", o));
    std::reverse(o.begin(), o.end());
    p.zones.push_back(makeZone(ZoneKind::Graft, "B", o));
    for (Zone& z : p.zones)
        z.points = z.points; // same place: B covers A entirely
    const Summary s = summarize(p);
    CHECK(*s.zones[1].grafts == 800); // 20 cm² x 40
    CHECK(*s.zones[0].grafts == 0);   // hidden under B
    CHECK(*s.zones[0].drawnAreaCm2 == Approx(20.0));
}

TEST_CASE("graft zones: the later zone is on top and counts the overlap", "[summary]") {
    Plan p = calibratedPlan();
    p.zones.push_back(makeZone(ZoneKind::Graft, "Midscalp", rectCm(0, 0, 10, 10)));
    p.zones.push_back(makeZone(ZoneKind::Graft, "Frontal", rectCm(5, 0, 10, 10)));
    p.zones[0].densityFuCm2 = 30;
    const Summary s = summarize(p);
    CHECK(*s.zones[0].countedAreaCm2 == Approx(50.0));
    CHECK(*s.zones[0].drawnAreaCm2 == Approx(100.0));
    CHECK(*s.zones[0].grafts == 1500);
    CHECK(*s.zones[1].countedAreaCm2 == Approx(100.0));
    CHECK(*s.zones[1].grafts == 4000);
    CHECK(*s.totals.grafts == 5500);
    CHECK(*s.totals.graftAreaCm2 == Approx(150.0));
}

TEST_CASE("SMP and graft zones on the same skin both count in full", "[summary]") {
    Plan p = calibratedPlan();
    p.zones.push_back(makeZone(ZoneKind::Smp, "Crown SMP", rectCm(0, 0, 4, 5)));
    p.zones.push_back(makeZone(ZoneKind::Graft, "Crown grafts", rectCm(0, 0, 4, 5)));
    const Summary s = summarize(p);
    CHECK(*s.zones[0].dots == 2000); // 20 cm² x 100 dots
    CHECK_FALSE(s.zones[0].grafts);
    CHECK(*s.zones[1].grafts == 800);
    CHECK(*s.totals.smpDots == 2000);
    CHECK(*s.totals.smpAreaCm2 == Approx(20.0));
}

TEST_CASE("SMP zones layer among themselves", "[summary]") {
    Plan p = calibratedPlan();
    p.zones.push_back(makeZone(ZoneKind::Smp, "A", rectCm(0, 0, 4, 5)));
    p.zones.push_back(makeZone(ZoneKind::Smp, "B", rectCm(2, 0, 4, 5)));
    p.zones[1].densityDotsCm2 = 50;
    const Summary s = summarize(p);
    CHECK(*s.zones[0].dots == 1000); // 10 cm² left uncovered x 100
    CHECK(*s.zones[1].dots == 1000); // 20 cm² x 50
}

TEST_CASE("donor capacity and balance", "[summary]") {
    Plan p = calibratedPlan();
    p.zones.push_back(makeZone(ZoneKind::Donor, "Occipital", rectCm(0, 20, 10, 5)));
    p.zones.push_back(makeZone(ZoneKind::Donor, "Overlap", rectCm(5, 20, 10, 5)));
    p.zones.push_back(makeZone(ZoneKind::Graft, "Core", rectCm(0, 0, 5, 5)));
    const Summary s = summarize(p);
    // 25 cm² uncovered x 80 FU/cm² x 0.25 = 500; the top one 50 cm² -> 1,000.
    CHECK(*s.zones[0].capacity == 500);
    CHECK(*s.zones[1].capacity == 1000);
    CHECK(*s.totals.donorCapacity == 1500);
    CHECK(*s.totals.donorAreaCm2 == Approx(75.0));
    CHECK(*s.totals.grafts == 1000);
    CHECK(*s.totals.donorBalance == 500);
    CHECK_FALSE(hasWarning(s, "DONOR_DEFICIT"));
}

TEST_CASE("rounding is half away from zero", "[summary]") {
    CHECK(roundHalfAwayFromZero(22.5) == 23);
    CHECK(roundHalfAwayFromZero(22.499999999999996) == 23); // a half reached through floats
    CHECK(roundHalfAwayFromZero(22.49) == 22);
    CHECK(roundHalfAwayFromZero(-2.5) == -3);
    CHECK(roundHalfAwayFromZero(0.5) == 1);
    // Large figures: integers stay themselves, halves still round up.
    CHECK(roundHalfAwayFromZero(1e9) == 1000000000);
    CHECK(roundHalfAwayFromZero(999999999.0) == 999999999);
    CHECK(roundHalfAwayFromZero(123456789012.0) == 123456789012);
    CHECK(roundHalfAwayFromZero(2e9 + 0.5) == 2000000001);
    CHECK(roundHalfAwayFromZero(2e9 + 0.4) == 2000000000);
    CHECK(roundHalfAwayFromZero(0.0) == 0);

    Plan p = calibratedPlan();
    p.zones.push_back(makeZone(ZoneKind::Graft, "Half", rectCm(0, 0, 1, 1)));
    p.zones[0].densityFuCm2 = 22.5;
    p.zones[0].hairsPerGraft = 1.5;
    const Summary s = summarize(p);
    CHECK(*s.zones[0].grafts == 23);
    CHECK(*s.zones[0].hairs == 35); // 23 x 1.5 = 34.5
}

TEST_CASE("an uncalibrated plan reports pixels only and says why", "[summary]") {
    Plan p;
    p.hairline = straightHairline();
    p.zones.push_back(makeZone(ZoneKind::Graft, "Core", rectCm(0, 0, 10, 10)));
    p.zones.push_back(makeZone(ZoneKind::Donor, "Donor", rectCm(0, 20, 10, 5)));
    const Summary s = summarize(p);
    CHECK_FALSE(s.calibrated);
    CHECK_FALSE(s.mmPerPx);
    REQUIRE(s.zones.size() == 2); // no band without a scale
    CHECK(s.zones[0].countedAreaPx == 1000000.0);
    CHECK_FALSE(s.zones[0].countedAreaCm2);
    CHECK_FALSE(s.zones[0].grafts);
    CHECK_FALSE(s.zones[1].capacity);
    CHECK_FALSE(s.totals.grafts);
    CHECK_FALSE(s.totals.graftAreaCm2);
    CHECK_FALSE(s.totals.donorBalance);
    REQUIRE(s.hairline);
    CHECK_FALSE(s.hairline->lengthMm);
    CHECK_FALSE(s.hairline->midFrontalHeightMm);
    CHECK(hasWarning(s, "UNCALIBRATED"));
    CHECK_FALSE(hasWarning(calibratedPlan().zones.empty() ? summarize(calibratedPlan())
                                                          : summarize(calibratedPlan()),
                           "UNCALIBRATED"));
}

TEST_CASE("the band of a straight hairline is length x depth and sits on top",
          "[summary][hairline]") {
    Plan p = calibratedPlan();
    p.hairline = straightHairline(); // 100 mm long, 8 mm deep band above y = 1000
    // A 10 x 5 cm graft zone just behind the hairline: the band covers 8 cm² of it.
    p.zones.push_back(makeZone(ZoneKind::Graft, "Frontal core", rectCm(10, 5, 10, 5)));
    const Summary s = summarize(p);
    REQUIRE(s.zones.size() == 2);
    const ZoneFigures& band = s.zones[0];
    CHECK(band.kind == FigureKind::Hairline);
    CHECK(band.name == "Hairline transition");
    CHECK(band.zoneIndex == -1);
    CHECK(*band.drawnAreaCm2 == Approx(8.0));
    CHECK(*band.countedAreaCm2 == Approx(8.0));
    CHECK(*band.grafts == 360); // 8 cm² x 45
    CHECK(*band.hairs == 360);  // single hairs
    CHECK(*s.zones[1].countedAreaCm2 == Approx(42.0));
    CHECK(*s.zones[1].grafts == 1680);
    CHECK(*s.totals.grafts == 2040);
    CHECK(*s.totals.graftAreaCm2 == Approx(50.0));
    REQUIRE(s.hairline);
    CHECK(*s.hairline->lengthMm == Approx(100.0));
}

TEST_CASE("scalp side down puts the band below the line", "[summary][hairline]") {
    Plan p = calibratedPlan();
    p.hairline = straightHairline();
    p.hairline->scalpSide = ScalpSide::Down;
    p.zones.push_back(makeZone(ZoneKind::Graft, "Below", rectCm(10, 10, 10, 5)));
    const Summary s = summarize(p);
    CHECK(*s.zones[1].countedAreaCm2 == Approx(42.0));
}

TEST_CASE("no band when the transition depth is 0", "[summary][hairline]") {
    Plan p = calibratedPlan();
    p.hairline = straightHairline();
    p.hairline->transitionMm = 0;
    const Summary s = summarize(p);
    CHECK(s.zones.empty());
    CHECK(*s.totals.grafts == 0);
    REQUIRE(s.hairline);
    CHECK(*s.hairline->lengthMm == Approx(100.0));
}

TEST_CASE("mid-frontal height and mirror error come from the glabella", "[summary][hairline]") {
    Plan p = calibratedPlan();
    p.hairline = straightHairline();
    p.glabella = Point{1500, 1800};
    const Summary s = summarize(p);
    CHECK(*s.hairline->midFrontalHeightMm == Approx(80.0));
    CHECK(*s.hairline->mirrorErrorMm == Approx(0.0).margin(1e-9));
    p.glabella.reset();
    const Summary without = summarize(p);
    CHECK_FALSE(without.hairline->midFrontalHeightMm);
    CHECK_FALSE(without.hairline->mirrorErrorMm);
}

TEST_CASE("warning: SESSION_TOO_LARGE above 3,500 grafts", "[summary][warnings]") {
    Plan p = calibratedPlan();
    p.zones.push_back(makeZone(ZoneKind::Graft, "Core", rectCm(0, 0, 10, 10)));
    p.zones[0].densityFuCm2 = 35; // exactly 3,500
    CHECK_FALSE(hasWarning(summarize(p), "SESSION_TOO_LARGE"));
    p.zones[0].densityFuCm2 = 36;
    const Summary s = summarize(p);
    CHECK(warning(s, "SESSION_TOO_LARGE").message.find("3,600") != std::string::npos);
}

TEST_CASE("warning: DONOR_DEFICIT when grafts exceed the donor capacity", "[summary][warnings]") {
    Plan p = calibratedPlan();
    p.zones.push_back(makeZone(ZoneKind::Donor, "Donor", rectCm(0, 20, 10, 5))); // 1,000
    p.zones.push_back(makeZone(ZoneKind::Graft, "Core", rectCm(0, 0, 5, 5)));    // 1,000
    CHECK_FALSE(hasWarning(summarize(p), "DONOR_DEFICIT"));
    p.zones[1].densityFuCm2 = 41; // 1,025
    const Summary s = summarize(p);
    CHECK(*s.totals.donorBalance == -25);
    const Warning& w = warning(s, "DONOR_DEFICIT");
    CHECK(w.message.find("1,025") != std::string::npos);
    CHECK(w.message.find("25 short") != std::string::npos);
}

TEST_CASE("warning: DENSITY_HIGH above 60 FU/cm² names the zone", "[summary][warnings]") {
    Plan p = calibratedPlan();
    p.zones.push_back(makeZone(ZoneKind::Graft, "Temple", rectCm(0, 0, 1, 1)));
    p.zones[0].densityFuCm2 = 60;
    CHECK_FALSE(hasWarning(summarize(p), "DENSITY_HIGH"));
    p.zones[0].densityFuCm2 = 61;
    const Summary s = summarize(p);
    const Warning& w = warning(s, "DENSITY_HIGH");
    CHECK(w.message.find("Temple") != std::string::npos);
    CHECK(w.zoneIndex == 0);
    // Donor density is native density, not implant density: no warning.
    Plan d = calibratedPlan();
    d.zones.push_back(makeZone(ZoneKind::Donor, "Donor", rectCm(0, 0, 1, 1)));
    d.zones[0].densityFuCm2 = 100;
    CHECK_FALSE(hasWarning(summarize(d), "DENSITY_HIGH"));
}

TEST_CASE("warning: DENSITY_HIGH for the band", "[summary][warnings][hairline]") {
    Plan p = calibratedPlan();
    p.hairline = straightHairline();
    p.hairline->densityFuCm2 = 60;
    CHECK_FALSE(hasWarning(summarize(p), "DENSITY_HIGH"));
    p.hairline->densityFuCm2 = 65;
    CHECK(hasWarning(summarize(p), "DENSITY_HIGH"));
}

TEST_CASE("warning: OUTLINE_SELF_INTERSECTS names the zone", "[summary][warnings]") {
    Plan p = calibratedPlan();
    p.zones.push_back(
        makeZone(ZoneKind::Smp, "Scar", Outline{{0, 0}, {100, 100}, {100, 0}, {0, 100}}));
    p.zones.push_back(makeZone(ZoneKind::Graft, "Fine", rectCm(5, 5, 1, 1)));
    const Summary s = summarize(p);
    const Warning& w = warning(s, "OUTLINE_SELF_INTERSECTS");
    CHECK(w.message.find("Scar") != std::string::npos);
    CHECK(w.zoneIndex == 0);
    CHECK(std::count_if(s.warnings.begin(), s.warnings.end(),
                        [](const Warning& x) { return x.code == "OUTLINE_SELF_INTERSECTS"; }) == 1);
    CHECK(*s.zones[0].countedAreaCm2 == Approx(0.5)); // both lobes: 2 x 25 px²... x 100
}

TEST_CASE("warning: HAIRLINE_TOO_STRAIGHT", "[summary][warnings][hairline]") {
    Plan p = calibratedPlan();
    p.hairline = straightHairline();
    p.hairline->irregularity.amplitudeMm = 0.5;
    p.hairline->transitionMm = 3;
    CHECK_FALSE(hasWarning(summarize(p), "HAIRLINE_TOO_STRAIGHT"));
    p.hairline->irregularity.amplitudeMm = 0.4;
    CHECK(warning(summarize(p), "HAIRLINE_TOO_STRAIGHT").message.find("0.4 mm") !=
          std::string::npos);
    p.hairline->irregularity.amplitudeMm = 1.5;
    p.hairline->transitionMm = 2.5;
    CHECK(warning(summarize(p), "HAIRLINE_TOO_STRAIGHT").message.find("2.5 mm") !=
          std::string::npos);
}

TEST_CASE("warning: HAIRLINE_TOO_LOW depends on the patient's sex",
          "[summary][warnings][hairline]") {
    Plan p = calibratedPlan();
    p.hairline = straightHairline(); // at y = 1000
    p.patient.sex = Sex::Male;
    p.glabella = Point{1500, 1700}; // 70 mm below the line
    CHECK_FALSE(hasWarning(summarize(p), "HAIRLINE_TOO_LOW"));
    p.glabella = Point{1500, 1690}; // 69 mm
    CHECK(warning(summarize(p), "HAIRLINE_TOO_LOW").message.find("69.0 mm") != std::string::npos);
    p.patient.sex = Sex::Female;
    CHECK_FALSE(hasWarning(summarize(p), "HAIRLINE_TOO_LOW"));
    p.glabella = Point{1500, 1490}; // 49 mm
    CHECK(hasWarning(summarize(p), "HAIRLINE_TOO_LOW"));
    p.patient.sex = Sex::Unspecified;
    CHECK(hasWarning(summarize(p), "HAIRLINE_TOO_LOW"));
    p.glabella = Point{1500, 1500}; // 50 mm
    CHECK_FALSE(hasWarning(summarize(p), "HAIRLINE_TOO_LOW"));
}

TEST_CASE("warning: HAIRLINE_ASYMMETRIC beyond 3 mm", "[summary][warnings][hairline]") {
    Plan p = calibratedPlan();
    p.glabella = Point{1500, 1800};
    p.hairline = Hairline{};
    // A straight line that rises 1 px for every 10 px to the right: mirror error at the ends
    // is |y(1000) - y(2000)| = 100 px = 10 mm.
    p.hairline->points = {{1000, 1050}, {2000, 950}};
    const Summary s = summarize(p);
    CHECK(*s.hairline->mirrorErrorMm == Approx(10.0));
    CHECK(hasWarning(s, "HAIRLINE_ASYMMETRIC"));
    p.hairline->points = {{1000, 1010}, {2000, 990}}; // 2 mm
    CHECK_FALSE(hasWarning(summarize(p), "HAIRLINE_ASYMMETRIC"));
}

TEST_CASE("warning: UNCALIBRATED only without a scale", "[summary][warnings]") {
    Plan p;
    CHECK(hasWarning(summarize(p), "UNCALIBRATED"));
    CHECK_FALSE(hasWarning(summarize(calibratedPlan()), "UNCALIBRATED"));
}

TEST_CASE("a plain, valid plan has no warnings", "[summary][warnings]") {
    Plan p = calibratedPlan();
    p.zones.push_back(makeZone(ZoneKind::Graft, "Core", rectCm(0, 0, 5, 5)));
    CHECK(summarize(p).warnings.empty());
}

TEST_CASE("summary JSON has the keys of plan-format.md §4 in order, nulls included", "[summary]") {
    Plan p = calibratedPlan();
    p.zones.push_back(makeZone(ZoneKind::Graft, "Core", rectCm(0, 0, 10, 10)));
    const auto j = summaryToJson(summarize(p));
    std::vector<std::string> keys;
    for (const auto& [k, v] : j.items())
        keys.push_back(k);
    CHECK(keys == std::vector<std::string>{"calibrated", "mm_per_px", "zones", "totals", "hairline",
                                           "warnings"});
    const auto& z = j["zones"][0];
    CHECK(z["name"] == "Core");
    CHECK(z["kind"] == "graft");
    CHECK(z["grafts"] == 4000);
    CHECK(z["hairs"] == 8000);
    CHECK(z["dots"].is_null());
    CHECK(z["capacity"].is_null());
    CHECK(z["counted_area_px"] == 1000000.0);
    CHECK(j["totals"]["donor_balance"].is_null());
    CHECK(j["totals"]["smp_dots"] == 0);
    CHECK(j["totals"]["graft_area_cm2"] == 100.0);
    CHECK(j["hairline"].is_null());
    REQUIRE(j["warnings"].size() == 1);
    CHECK(j["warnings"][0]["code"] == "SESSION_TOO_LARGE");
    CHECK(j["warnings"][0]["message"].get<std::string>().find("4,000 grafts") != std::string::npos);
}

TEST_CASE("SMP estimate scales chair hours with the area", "[summary]") {
    const SmpEstimate full = smpEstimate(500.0);
    CHECK(full.hoursLow == Approx(20.0));
    CHECK(full.hoursHigh == Approx(25.0));
    CHECK(full.sessionsTypical == 3);
    const SmpEstimate scar = smpEstimate(10.0); // a small scar still takes a session
    CHECK(scar.hoursLow == 3.0);
    CHECK(scar.hoursHigh == 4.0);
}
