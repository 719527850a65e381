// validatePlan: the range and limit checks of plan-format.md §1 on a Plan value. parsePlanJson
// relies on these being the only range checks: it stores what the file says (a value of the
// wrong type as NaN) and lets this file word every range message.
#include "geometry.hpp"
#include "plan.hpp"
#include "plan_io.hpp"

#include <charconv>
#include <cmath>
#include <exception>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace hp {
namespace {

/// An interval of plan-format.md §1, with the text that names it in messages.
struct Interval {
    double low;
    double high;
    bool lowOpen;
    const char* text;

    bool contains(double value) const {
        return (lowOpen ? value > low : value >= low) && value <= high;
    }
};

constexpr Interval kDensityFuCm2{0.0, 200.0, true, "(0, 200]"};
constexpr Interval kDensityDotsCm2{0.0, 400.0, true, "(0, 400]"};
constexpr Interval kHairsPerGraft{1.0, 5.0, false, "[1, 5]"};
constexpr Interval kExtractionFraction{0.0, 1.0, true, "(0, 1]"};
constexpr Interval kRulerMm{0.0, 10000.0, true, "(0, 10000]"};
constexpr Interval kMmPerPx{0.001, 100.0, false, "[0.001, 100]"};
constexpr Interval kTransitionMm{0.0, 50.0, false, "[0, 50]"};
constexpr Interval kAmplitudeMm{0.0, 20.0, false, "[0, 20]"};
constexpr Interval kWavelengthMm{0.5, 100.0, false, "[0.5, 100]"};
constexpr Interval kHairDirectionDeg{-360.0, 360.0, false, "[-360, 360]"};
constexpr int kMaxImageSide = 100'000;

/// Beyond this many bad points in one outline, the rest are summed up in one error, so that a
/// broken 100,000-point outline does not produce 100,000 lines.
constexpr std::size_t kMaxPointErrorsPerOutline = 10;

/// 1234567 -> "1,234,567".
std::string withThousands(std::size_t n) {
    std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

/// Six significant digits, locale-independent: 0.0001, 1e-05, 150.
std::string shortNumber(double value) {
    char buffer[64];
    const auto result =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, 6);
    return std::string(buffer, result.ptr);
}

bool isValidUtf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        unsigned min = 0;
        unsigned codePoint = 0;
        if (byte >= 0xC2 && byte <= 0xDF) {
            length = 2, min = 0x80, codePoint = byte & 0x1Fu;
        } else if (byte >= 0xE0 && byte <= 0xEF) {
            length = 3, min = 0x800, codePoint = byte & 0x0Fu;
        } else if (byte >= 0xF0 && byte <= 0xF4) {
            length = 4, min = 0x10000, codePoint = byte & 0x07u;
        } else {
            return false;
        }
        if (text.size() - i < length) return false;
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0u) != 0x80u) return false;
            codePoint = (codePoint << 6) | (next & 0x3Fu);
        }
        if (codePoint < min || codePoint > 0x10FFFF) return false;
        if (codePoint >= 0xD800 && codePoint <= 0xDFFF) return false;
        i += length;
    }
    return true;
}

bool isValidCoordinate(double value) {
    return std::isfinite(value) && std::fabs(value) <= kMaxCoordinate;
}

bool isValidPoint(Point p) {
    return isValidCoordinate(p.x) && isValidCoordinate(p.y);
}

class Validator {
  public:
    std::vector<PlanError> run(const Plan& plan) {
        checkPatient(plan.patient);
        checkText("photo", plan.photo);
        if (plan.imageSize) checkImageSize(*plan.imageSize);
        if (plan.calibration) checkCalibration(*plan.calibration);
        if (plan.glabella) checkPoint("landmarks.glabella", *plan.glabella);
        if (plan.hairline) checkHairline(*plan.hairline);
        const std::size_t total = totalPoints(plan);
        // Counting crossings is the one costly check; a plan over the limit is refused anyway,
        // and skipping it keeps the time bounded however large the plan.
        const bool countCrossings = total <= kMaxPlanPoints;
        for (std::size_t i = 0; i < plan.zones.size(); ++i)
            checkZone("zones[" + std::to_string(i) + "]", plan.zones[i], countCrossings);
        if (total > kMaxPlanPoints)
            fail("", "a plan must have at most " + withThousands(kMaxPlanPoints) +
                         " points in all (this one has " + withThousands(total) + ")");
        return std::move(errors_);
    }

  private:
    std::vector<PlanError> errors_;

    void fail(std::string path, std::string message) {
        errors_.push_back({std::move(path), std::move(message)});
    }

    void checkNumber(const std::string& path, double value, const Interval& interval) {
        if (!interval.contains(value))
            fail(path, std::string("must be a number in ") + interval.text);
    }

    void checkText(const std::string& path, const std::string& text) {
        if (!isValidUtf8(text)) fail(path, "must be valid UTF-8 text");
    }

    void checkPoint(const std::string& path, Point p) {
        if (!isValidPoint(p)) fail(path, "must have finite coordinates with |value| <= 1e6");
    }

    void checkPatient(const Patient& patient) {
        checkText("patient.id", patient.id);
        if (patient.sex != Sex::Unspecified && patient.sex != Sex::Male &&
            patient.sex != Sex::Female)
            fail("patient.sex", R"(must be one of "male", "female", "unspecified")");
        checkText("patient.notes", patient.notes);
    }

    void checkImageSize(std::pair<int, int> size) {
        const auto valid = [](int side) { return side >= 1 && side <= kMaxImageSide; };
        if (!valid(size.first) || !valid(size.second))
            fail("image_size", "must be two integers in [1, 100000]");
    }

    void checkCalibration(const Calibration& calibration) {
        if (const auto* scale = std::get_if<ScaleCalibration>(&calibration)) {
            checkNumber("calibration.mm_per_px", scale->mmPerPx, kMmPerPx);
            return;
        }
        const auto& ruler = std::get<RulerCalibration>(calibration);
        checkPoint("calibration.p1", ruler.p1);
        checkPoint("calibration.p2", ruler.p2);
        checkNumber("calibration.mm", ruler.mm, kRulerMm);
        if (!isValidPoint(ruler.p1) || !isValidPoint(ruler.p2) || !kRulerMm.contains(ruler.mm))
            return;
        if (ruler.p1 == ruler.p2) {
            fail("calibration.p2", "must differ from calibration.p1");
            return;
        }
        const double derived = mmPerPx(calibration);
        if (!kMmPerPx.contains(derived))
            fail("calibration", std::string("mm_per_px derived from p1, p2 and mm must be in ") +
                                    kMmPerPx.text + " (it is " + shortNumber(derived) + ")");
    }

    /// Count limit, then each point's coordinates. Returns whether every point is usable.
    bool checkOutlinePoints(const std::string& path, const std::vector<Point>& points) {
        if (points.size() > kMaxOutlinePoints) {
            fail(path, "must have at most " + withThousands(kMaxOutlinePoints) +
                           " points (it has " + withThousands(points.size()) + ")");
            return false;
        }
        std::size_t bad = 0;
        for (std::size_t i = 0; i < points.size(); ++i) {
            if (isValidPoint(points[i])) continue;
            if (++bad <= kMaxPointErrorsPerOutline)
                checkPoint(path + "[" + std::to_string(i) + "]", points[i]);
        }
        if (bad > kMaxPointErrorsPerOutline)
            fail(path, "and " + withThousands(bad - kMaxPointErrorsPerOutline) +
                           " more points must have finite coordinates with |value| <= 1e6");
        return bad == 0;
    }

    void checkHairline(const Hairline& hairline) {
        if (checkOutlinePoints("hairline.points", hairline.points)) {
            // A point equal to the one before it is dropped (plan-format.md §1).
            std::size_t distinct = hairline.points.empty() ? 0 : 1;
            for (std::size_t i = 1; i < hairline.points.size(); ++i)
                if (hairline.points[i] != hairline.points[i - 1]) ++distinct;
            if (distinct < 2) fail("hairline.points", "must have at least 2 distinct points");
        }
        if (hairline.scalpSide != ScalpSide::Up && hairline.scalpSide != ScalpSide::Down)
            fail("hairline.scalp_side", R"(must be "up" or "down")");
        checkNumber("hairline.transition_mm", hairline.transitionMm, kTransitionMm);
        checkNumber("hairline.irregularity.amplitude_mm", hairline.irregularity.amplitudeMm,
                    kAmplitudeMm);
        checkNumber("hairline.irregularity.wavelength_mm", hairline.irregularity.wavelengthMm,
                    kWavelengthMm);
        checkNumber("hairline.density_fu_cm2", hairline.densityFuCm2, kDensityFuCm2);
        checkNumber("hairline.hairs_per_graft", hairline.hairsPerGraft, kHairsPerGraft);
    }

    void checkZone(const std::string& path, const Zone& zone, bool countCrossings) {
        checkText(path + ".name", zone.name);
        const bool knownKind = zone.kind == ZoneKind::Graft || zone.kind == ZoneKind::Smp ||
                               zone.kind == ZoneKind::Donor;
        if (!knownKind) fail(path + ".kind", R"(must be one of "graft", "smp", "donor")");

        const std::string pointsPath = path + ".points";
        if (checkOutlinePoints(pointsPath, zone.points)) {
            if (zone.points.size() < 3) {
                fail(pointsPath, "must have at least 3 points");
            } else if (countCrossings &&
                       countSelfCrossings(zone.points, kMaxSelfCrossings) > kMaxSelfCrossings) {
                fail(pointsPath, "the outline crosses itself more than " +
                                     withThousands(kMaxSelfCrossings) + " times");
            }
        }

        // Only the figures of the zone's kind are saved and counted, so only they must be valid.
        switch (zone.kind) {
        case ZoneKind::Graft:
            checkNumber(path + ".density_fu_cm2", zone.densityFuCm2, kDensityFuCm2);
            checkNumber(path + ".hairs_per_graft", zone.hairsPerGraft, kHairsPerGraft);
            if (zone.hairDirectionDeg)
                checkNumber(path + ".hair_direction_deg", *zone.hairDirectionDeg,
                            kHairDirectionDeg);
            break;
        case ZoneKind::Smp:
            checkNumber(path + ".density_dots_cm2", zone.densityDotsCm2, kDensityDotsCm2);
            break;
        case ZoneKind::Donor:
            checkNumber(path + ".density_fu_cm2", zone.densityFuCm2, kDensityFuCm2);
            checkNumber(path + ".extraction_fraction", zone.extractionFraction,
                        kExtractionFraction);
            break;
        }
    }

    static std::size_t totalPoints(const Plan& plan) {
        std::size_t total = plan.hairline ? plan.hairline->points.size() : 0;
        for (const Zone& zone : plan.zones)
            total += zone.points.size();
        return total;
    }
};

} // namespace

std::vector<PlanError> validatePlan(const Plan& plan) {
    try {
        return Validator().run(plan);
    } catch (const std::exception& e) {
        // Only allocation can fail here; say so rather than pretend the plan is valid.
        return {PlanError{"", std::string("cannot check the plan: ") + e.what()}};
    } catch (...) {
        return {PlanError{"", "cannot check the plan"}};
    }
}

} // namespace hp
