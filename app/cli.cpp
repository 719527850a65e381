#include "cli.hpp"

#include "export_command.hpp"
#include "planning/format.hpp"
#include "planning/plan_io.hpp"
#include "planning/summary.hpp"
#include "planning/summary_json.hpp"
#include "version.hpp"

#include <algorithm>
#include <array>
#include <ostream>

namespace hp::cli {
namespace {

constexpr const char* kUsage = R"(hairplan - hairline and graft planning

Usage:
  hairplan                         open the bundled sample plan in the editor
  hairplan FILE                    open a plan (.json) or a photo (.jpg, .jpeg, .png)
  hairplan summary PLAN [--json]   print the plan's areas, graft, hair, dot and donor counts
                                   and its warnings; --json prints one JSON object
  hairplan validate PLAN           check a plan: print every error, then the warnings;
                                   exit 0 when there is no error
  hairplan export PLAN -o OUT [--width PX] [--no-legend] [--preview]
                                   write the plan image (.png or .jpg) at the photo's
                                   resolution, the legend in a band below it; no display
                                   needed. A .png carries the plan and opens again as it.
                                   --preview also draws the simulation for the patient:
                                   a stroke per planned hair, a dot per planned SMP dot
  hairplan export PLAN... --out-dir DIR [--format png|jpg] [--width PX] [--no-legend] [--preview]
                                   export several plans, each to DIR/<plan name>.png
  hairplan --help | --version

Editor options for testing and screenshots:
  --frames N --screenshot PNG      quit after N frames, writing the last one as PNG
  --content-scale S                size the interface for a screen of that content scale

Exit status: 0 success, 2 bad input (unreadable or invalid plan), 1 internal error.
The plan file format is described in docs shipped with hairplan (plan-format.md).
)";

int usageError(std::ostream& err, const std::string& what) {
    err << "hairplan: " << what << " (see hairplan --help)\n";
    return kExitBadInput;
}

// Loads a plan, or prints every problem as "hairplan: FILE: PATH: message".
std::optional<Plan> loadOrReport(const std::string& file, std::ostream& err) {
    PlanLoad load = loadPlanFile(file);
    for (const PlanError& e : load.errors)
        err << "hairplan: " << file << ": " << e.describe() << '\n';
    return std::move(load.plan);
}

// Display width of UTF-8 text: one column per code point.
std::size_t columns(const std::string& s) {
    std::size_t n = 0;
    for (const unsigned char c : s)
        n += (c & 0xC0) != 0x80;
    return n;
}

std::string padRight(const std::string& s, std::size_t width) {
    const std::size_t w = columns(s);
    return w >= width ? s : s + std::string(width - w, ' ');
}

std::string padLeft(const std::string& s, std::size_t width) {
    const std::size_t w = columns(s);
    return w >= width ? s : std::string(width - w, ' ') + s;
}

std::string count(const std::optional<long long>& v) {
    return v ? withThousands(*v) : "-";
}
std::string cm2(const std::optional<double>& v) {
    return v ? fixedDecimal(*v, 1) : "-";
}

void printTable(const std::string& file, const Plan& plan, const Summary& s, std::ostream& out) {
    out << "Plan " << file;
    if (!plan.patient.id.empty()) out << "  patient " << plan.patient.id;
    out << " (" << toString(plan.patient.sex) << ")\n";
    out << (s.mmPerPx ? "Scale " + fixedDecimal(*s.mmPerPx, 4) + " mm/px"
                      : std::string("Uncalibrated: areas in pixels only"))
        << "\n\n";

    // One row of cells per zone under a header; every column as wide as its widest cell, so
    // that no figure runs into the next however large (the name column stops at 40).
    constexpr std::size_t kColumns = 8;
    using Row = std::array<std::string, kColumns>;
    std::vector<Row> rows;
    rows.push_back({"Zone", "Kind", s.calibrated ? "Area cm\u00b2" : "Area px\u00b2",
                    s.calibrated ? "Counted cm\u00b2" : "Counted px\u00b2", "Grafts", "Hairs",
                    "Dots", "Capacity"});
    for (const ZoneFigures& z : s.zones)
        rows.push_back({z.name, toString(z.kind),
                        s.calibrated ? cm2(z.drawnAreaCm2) : fixedDecimal(z.drawnAreaPx, 0),
                        s.calibrated ? cm2(z.countedAreaCm2) : fixedDecimal(z.countedAreaPx, 0),
                        count(z.grafts), count(z.hairs), count(z.dots), count(z.capacity)});
    std::array<std::size_t, kColumns> widths{};
    for (const Row& row : rows)
        for (std::size_t c = 0; c < kColumns; ++c)
            widths[c] = std::max(widths[c], columns(row[c]));
    widths[0] = std::min<std::size_t>(widths[0], 40);
    for (const Row& row : rows) {
        out << padRight(row[0], widths[0]) << "  " << padRight(row[1], widths[1]);
        for (std::size_t c = 2; c < kColumns; ++c)
            out << "  " << padLeft(row[c], widths[c]);
        out << '\n';
    }
    if (s.zones.empty()) out << "(no zones)\n";

    const Totals& t = s.totals;
    if (s.calibrated) {
        out << "\nTotal   " << count(t.grafts) << " grafts, " << count(t.hairs) << " hairs on "
            << cm2(t.graftAreaCm2) << " cm\u00b2\n";
        out << "SMP     " << count(t.smpDots) << " dots on " << cm2(t.smpAreaCm2) << " cm\u00b2\n";
        out << "Donor   capacity " << count(t.donorCapacity) << " grafts on " << cm2(t.donorAreaCm2)
            << " cm\u00b2, balance "
            << (t.donorBalance ? (*t.donorBalance >= 0 ? "+" : "") + withThousands(*t.donorBalance)
                               : std::string("- (no donor zone)"))
            << '\n';
    }
    if (s.hairline) {
        const HairlineFigures& h = *s.hairline;
        out << "Hairline";
        if (h.lengthMm) out << "  length " << fixedDecimal(*h.lengthMm, 1) << " mm";
        if (h.midFrontalHeightMm)
            out << "; mid-frontal point " << fixedDecimal(*h.midFrontalHeightMm, 1)
                << " mm above the glabella";
        if (h.mirrorErrorMm) out << "; mirror error " << fixedDecimal(*h.mirrorErrorMm, 1) << " mm";
        if (!h.lengthMm) out << "  (no mm figures without a scale)";
        out << '\n';
    }
    out << '\n';
    if (s.warnings.empty()) out << "No warnings.\n";
    for (const Warning& w : s.warnings)
        out << "warning: " << w.code << ": " << w.message << '\n';
}

int summaryCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    std::string file;
    bool json = false;
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--json")
            json = true;
        else if (args[i].starts_with("-") && args[i] != "-")
            return usageError(err, "summary: unknown option " + args[i]);
        else if (file.empty())
            file = args[i];
        else
            return usageError(err, "summary takes one plan file");
    }
    if (file.empty()) return usageError(err, "summary needs a plan file");
    const std::optional<Plan> plan = loadOrReport(file, err);
    if (!plan) return kExitBadInput;
    const Summary s = summarize(*plan);
    if (json)
        out << summaryToJson(s).dump(2) << '\n';
    else
        printTable(file, *plan, s, out);
    return kExitOk;
}

int validateCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    if (args.size() != 2 || args[1].starts_with("-"))
        return usageError(err, "validate takes one plan file");
    const std::string& file = args[1];
    const std::optional<Plan> plan = loadOrReport(file, err);
    if (!plan) return kExitBadInput;
    const Summary s = summarize(*plan);
    out << file << ": valid plan with " << plan->zones.size() << " zone"
        << (plan->zones.size() == 1 ? "" : "s") << (plan->hairline ? " and a hairline" : "")
        << '\n';
    for (const Warning& w : s.warnings)
        out << "warning: " << w.code << ": " << w.message << '\n';
    return kExitOk;
}

} // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    if (args.empty()) return usageError(err, "give a command");
    const std::string& command = args[0];
    if (command == "--help" || command == "-h" || command == "help") {
        out << kUsage;
        return kExitOk;
    }
    if (command == "--version") {
        out << "hairplan " << kVersion << '\n';
        return kExitOk;
    }
    if (command == "summary") return summaryCommand(args, out, err);
    if (command == "validate") return validateCommand(args, out, err);
    if (command == "export") return exportCommand(args, out, err);
    return usageError(err, "unknown command \u201c" + command + "\u201d");
}

} // namespace hp::cli
