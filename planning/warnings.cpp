#include "warnings.hpp"

#include <array>
#include <utility>

namespace hp {

std::string_view warningReason(std::string_view code) {
    // From clinical-defaults.md, "What makes a hairline look natural".
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> reasons{{
        {"UNCALIBRATED",
         "Areas on a photo mean nothing without a scale. Mark two points on a ruler (or another "
         "object of known length) in the photo; screen size is not a scale."},
        {"OUTLINE_SELF_INTERSECTS",
         "A zone whose outline crosses itself is usually a slip of the mouse. Every part it "
         "encloses is counted once."},
        {"DONOR_DEFICIT",
         "Donor hair is finite (a lifetime FUE supply of about 6,000 grafts); many failed cases "
         "are beyond repair when no donor hair is left."},
        {"SESSION_TOO_LARGE",
         "More than about 3,500 grafts do not fit one session (Bernstein's first-session ranges "
         "run from 800 for Norwood IIa to 3,200 for VII)."},
        {"HAIRLINE_TOO_STRAIGHT",
         "A natural hairline is soft and broken, never a straight, solid edge: a straight, uniform "
         "line immediately looks fake. It needs micro-irregularity and a 5-10 mm band of single "
         "hairs."},
        {"HAIRLINE_TOO_LOW",
         "Too low a hairline ages badly and is the most common failure sent to repair clinics. A "
         "man's mid-frontal point sits 7-10 cm above the glabella (rule of facial thirds); a "
         "woman's forehead is about 5.5-6.5 cm high."},
        {"HAIRLINE_ASYMMETRIC",
         "An asymmetry that does not match the face looks wrong; the check mirrors the hairline "
         "about the vertical line through the glabella."},
        {"DENSITY_HIGH",
         "Over-dense packing lowers graft survival, most of all in scarred or SMP-fibrosed skin: "
         "there, use a lower density and a conservative approach. 40-60 FU/cm\u00b2 is the usual "
         "range for the hairline."},
        {"SMP_OVER_HAIRLINE",
         "SMP on the frontal hairline of a patient who may later want a transplant makes the "
         "repair harder, and SMP gives no texture or depth where no real hair exists."},
    }};
    for (const auto& [c, reason] : reasons)
        if (c == code) return reason;
    return {};
}

} // namespace hp
