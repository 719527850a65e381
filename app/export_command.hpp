// hairplan export (plan-format.md §4): the plan image, rendered offscreen with no window and no
// X display (EGL surfaceless), written as PNG (carrying the plan) or JPEG.
#pragma once

#include "planning/plan.hpp"

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace hp::cli {

/// `args` as cli::run gets them, args[0] == "export":
///
///   export PLAN -o OUT [--width PX] [--no-legend] [--preview]
///   export PLAN... --out-dir DIR [--format png|jpg] [--width PX] [--no-legend] [--preview]
///
/// --preview draws the simulation too (planning/simulation.hpp, render/marks.hpp): each
/// planned hair a short stroke, each planned SMP dot a dot, over faded zone fills, and the
/// legend says that it is a simulation. It changes no count.
///
/// The output's type follows OUT's extension (.png, .jpg, .jpeg); with --out-dir each plan goes
/// to DIR/<plan's stem>.png (or .jpg). Every problem is a line "hairplan: FILE: message" on
/// `err`; a plan that fails is reported and the next one still exported. Returns 0 when every
/// image was written, 2 when an input was bad or an output could not be written (no partial
/// file is left: each is written beside its target and renamed), 1 on an internal error (no
/// OpenGL through EGL, the renderer failing).
///
/// The legend's date is today's in UTC, or SOURCE_DATE_EPOCH's when that is set, so that the
/// same plan exported twice gives the same bytes.
int exportCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

/// The editor's export (Ctrl+E): `plan` as it is in memory, maybe unsaved, written to `output`
/// exactly as `hairplan export` would write it. `planFile` names the plan in the legend and is
/// the folder its photo path is relative to (empty for a plan never saved, whose photo path is
/// absolute). Makes its own offscreen OpenGL context: the caller makes its own context current
/// again afterwards. With `preview`, draws the simulation as `--preview` does. Returns nullopt
/// on success, else the problem in plain sentences.
std::optional<std::string> exportPlan(const Plan& plan, const std::filesystem::path& planFile,
                                      const std::filesystem::path& output, bool preview = false);

} // namespace hp::cli
