#include "summary_json.hpp"

#include <cmath>

namespace hp {
namespace {

using Json = nlohmann::ordered_json;

template <typename T> Json orNull(const std::optional<T>& value) {
    return value ? Json(*value) : Json(nullptr);
}

// Areas in cm² and lengths in mm to a millionth: far below anything measurable on a photo, and
// it spares readers the 100.00000000000001 that binary floating point makes of 0.1 mm/px.
Json tidy(const std::optional<double>& value) {
    return value ? Json(std::round(*value * 1e6) / 1e6) : Json(nullptr);
}

} // namespace

Json summaryToJson(const Summary& s) {
    Json zones = Json::array();
    for (const ZoneFigures& z : s.zones) {
        zones.push_back({
            {"name", z.name},
            {"kind", toString(z.kind)},
            {"drawn_area_cm2", tidy(z.drawnAreaCm2)},
            {"counted_area_cm2", tidy(z.countedAreaCm2)},
            {"counted_area_px", z.countedAreaPx},
            {"grafts", orNull(z.grafts)},
            {"hairs", orNull(z.hairs)},
            {"dots", orNull(z.dots)},
            {"capacity", orNull(z.capacity)},
        });
    }
    const Totals& t = s.totals;
    Json hairline = nullptr;
    if (s.hairline)
        hairline = {
            {"length_mm", tidy(s.hairline->lengthMm)},
            {"mid_frontal_height_mm", tidy(s.hairline->midFrontalHeightMm)},
            {"mirror_error_mm", tidy(s.hairline->mirrorErrorMm)},
        };
    Json warnings = Json::array();
    for (const Warning& w : s.warnings)
        warnings.push_back({{"code", w.code}, {"message", w.message}});

    return {
        {"calibrated", s.calibrated},
        {"mm_per_px", orNull(s.mmPerPx)},
        {"zones", zones},
        {"totals",
         {
             {"graft_area_cm2", tidy(t.graftAreaCm2)},
             {"grafts", orNull(t.grafts)},
             {"hairs", orNull(t.hairs)},
             {"smp_area_cm2", tidy(t.smpAreaCm2)},
             {"smp_dots", orNull(t.smpDots)},
             {"donor_area_cm2", tidy(t.donorAreaCm2)},
             {"donor_capacity", orNull(t.donorCapacity)},
             {"donor_balance", orNull(t.donorBalance)},
         }},
        {"hairline", hairline},
        {"warnings", warnings},
    };
}

} // namespace hp
