// Reading and writing plan files (plan-format.md §1). Reading never throws and never aborts on
// any input: every problem becomes a PlanError naming the JSON path where it was found.
#pragma once

#include "plan.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hp {

/// One problem with a plan. `path` is a JSON path such as "zones[1].density_fu_cm2", or empty
/// when the problem is with the file as a whole (not JSON, too large, unreadable).
struct PlanError {
    std::string path;
    std::string message;

    /// "zones[1].density_fu_cm2: must be a number in (0, 200]", or the message alone.
    std::string describe() const;
};

struct PlanLoad {
    std::optional<Plan> plan; ///< set only when errors is empty
    std::vector<PlanError> errors;
};

inline constexpr int kPlanFormatVersion = 1;
inline constexpr std::uintmax_t kMaxPlanFileBytes = 64ull * 1000 * 1000;
inline constexpr int kMaxJsonDepth = 64;
inline constexpr std::size_t kMaxOutlinePoints = 100'000;
inline constexpr std::size_t kMaxPlanPoints = 1'000'000;
inline constexpr std::size_t kMaxSelfCrossings = 1'000;
inline constexpr double kMaxCoordinate = 1e6;

/// Parses and validates plan JSON text. Defaults fill missing fields; unknown keys are ignored.
PlanLoad parsePlanJson(std::string_view text);

/// Reads a plan file (refusing files over 64 MB before reading them) and parses it.
PlanLoad loadPlanFile(const std::filesystem::path& file);

/// Range and limit checks of plan-format.md §1 on a plan however it was made (a file, the
/// editor). Empty when the plan is valid.
std::vector<PlanError> validatePlan(const Plan& plan);

/// The plan as version-1 JSON text, every field written out (defaults included), ending in a
/// newline. parsePlanJson(planToJson(p)) gives back p.
std::string planToJson(const Plan& plan);

/// Writes text to `file` atomically: a temporary file beside it, flushed to disk, then renamed
/// over the target, so a reader sees the old file or the new one, never a part. Returns an error
/// message, or nullopt on success.
std::optional<std::string> writeFileAtomically(const std::filesystem::path& file,
                                               std::string_view text);

/// planToJson + writeFileAtomically, keeping the version it replaces as FILE.bak (written
/// atomically too, before the plan), so a crash at any moment leaves both files whole.
std::optional<std::string> savePlanFile(const Plan& plan, const std::filesystem::path& file);

} // namespace hp
