// Menu bar, toolbar, side panel (summary, warnings, hairline, inspector) and status bar.
#include "editor.hpp"
#include "planning/editing.hpp"
#include "planning/format.hpp"
#include "planning/warnings.hpp"

#include <cmath>
#include <cstdio>
#include <imgui.h>

namespace hp::app {
namespace {

ImVec4 toImGui(const render::Colour& c) {
    return ImVec4(c.r, c.g, c.b, 1.0f);
}

void tooltip(const char* text) {
    if (text && *text && ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
        ImGui::TextUnformatted(text);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

const char* toolName(Tool t) {
    switch (t) {
    case Tool::Select:
        return "Select";
    case Tool::Hairline:
        return "Hairline";
    case Tool::GraftZone:
        return "Graft zone";
    case Tool::SmpZone:
        return "SMP zone";
    case Tool::DonorZone:
        return "Donor zone";
    case Tool::Calibrate:
        return "Calibrate";
    case Tool::Glabella:
        return "Glabella";
    }
    return "";
}

// A warning code as a heading: HAIRLINE_TOO_LOW -> "Hairline too low".
std::string heading(const std::string& code) {
    std::string h;
    for (std::size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        h += c == '_'
                 ? ' '
                 : (i == 0 ? c : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    for (const char* acronym : {"smp", "Smp"})
        if (const auto at = h.find(acronym); at != std::string::npos) h.replace(at, 3, "SMP");
    return h;
}

ImVec4 toImGui(Rgb8 c) {
    return ImVec4(c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, 1.0f);
}

struct NamedColour {
    const char* name;
    Rgb8 colour;
};

// Shades to pick from with one click (one undo step each). A plan may hold any other colour;
// it is shown as the current swatch.
constexpr NamedColour kHairColours[] = {
    {"Black", {0x1c, 0x18, 0x16}},        {"Dark brown", kDefaultHairColour},
    {"Medium brown", {0x5a, 0x3e, 0x2b}}, {"Light brown", {0x8a, 0x64, 0x44}},
    {"Dark blond", {0xa8, 0x86, 0x5c}},   {"Grey", {0x8c, 0x8a, 0x86}},
};
constexpr NamedColour kPigments[] = {
    {"Charcoal (default)", kDefaultPigment}, {"Soft black", {0x2a, 0x2a, 0x2e}},
    {"Dark grey", {0x55, 0x56, 0x5a}},       {"Light grey", {0x78, 0x79, 0x7c}},
    {"Brown grey", {0x4e, 0x44, 0x3e}},
};

/// A row of swatches; returns the one clicked.
template <std::size_t N>
std::optional<Rgb8> swatches(const char* id, const NamedColour (&choices)[N], Rgb8 current) {
    std::optional<Rgb8> picked;
    ImGui::PushID(id);
    const float side = ImGui::GetFrameHeight();
    for (std::size_t i = 0; i < N; ++i) {
        if (i > 0) ImGui::SameLine(0, side * 0.25f);
        const bool chosen = choices[i].colour == current;
        if (chosen) {
            ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 2.0f);
            ImGui::PushStyleColor(ImGuiCol_Border, ImVec4(1, 1, 1, 1));
        }
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::ColorButton(choices[i].name, toImGui(choices[i].colour),
                               ImGuiColorEditFlags_NoTooltip, ImVec2(side, side)))
            picked = choices[i].colour;
        ImGui::PopID();
        if (chosen) {
            ImGui::PopStyleColor();
            ImGui::PopStyleVar();
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", choices[i].name);
    }
    ImGui::PopID();
    return picked;
}

std::string cm2(const std::optional<double>& v) {
    return v ? fixedDecimal(*v, 1) : "-";
}
std::string count(const std::optional<long long>& v) {
    return v ? withThousands(*v) : "-";
}

} // namespace

// A number field whose whole edit (drag or typing) is one undo step. `apply` writes the value
// into the plan being edited.
template <typename Apply>
static void numberField(Document& doc, const char* label, double value, double min, double max,
                        const char* format, float speed, const char* why, Apply apply) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.0f);
    if (ImGui::DragScalar(label, ImGuiDataType_Double, &value, speed, &min, &max, format,
                          ImGuiSliderFlags_AlwaysClamp))
        apply(doc.beginEdit(), value);
    if (ImGui::IsItemDeactivated()) doc.endEdit();
    tooltip(why);
}

void Editor::menuBar() {
    if (!ImGui::BeginMainMenuBar()) return;
    if (ImGui::BeginMenu("File")) {
        if (ImGui::MenuItem("Open...", "Ctrl+O"))
            browser_.open(FileBrowser::Mode::Open, doc_.file().parent_path());
        if (ImGui::MenuItem("Save", "Ctrl+S")) save();
        if (ImGui::MenuItem("Save as...", "Ctrl+Shift+S"))
            browser_.open(FileBrowser::Mode::Save, doc_.file().parent_path(),
                          doc_.file().filename().string());
        if (ImGui::MenuItem("Export plan image...", "Ctrl+E")) startExport();
        ImGui::Separator();
        if (ImGui::MenuItem("Quit", "Ctrl+Q")) requestQuit();
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Edit")) {
        if (ImGui::MenuItem("Undo", "Ctrl+Z", false, doc_.canUndo())) doc_.undo();
        if (ImGui::MenuItem("Redo", "Ctrl+Shift+Z", false, doc_.canRedo())) doc_.redo();
        if (ImGui::MenuItem("Delete", "Del", false, selection_.kind != Selection::Kind::None))
            deleteSelection();
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("View")) {
        if (ImGui::MenuItem("Fit photo", "F"))
            view_ = View::fit(imageSize_.first, imageSize_.second, canvas_);
        if (ImGui::MenuItem("Actual size", "1")) view_ = View::actualSize(view_, canvas_);
        if (ImGui::MenuItem("Presentation view", "P")) presentation_ = true;
        if (ImGui::MenuItem("Simulation", "R", showSimulation_))
            setSimulationShown(!showSimulation_);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Help")) {
        ImGui::TextUnformatted("hairplan: a planning aid for hair restoration.");
        ImGui::TextDisabled("Counts are estimates from a 2D photo; not medical advice.");
        ImGui::EndMenu();
    }
    ImGui::EndMainMenuBar();
}

void Editor::toolbar() {
    const float y = ImGui::GetFrameHeight();
    ImGui::SetNextWindowPos(ImVec2(0, y));
    ImGui::SetNextWindowSize(
        ImVec2(ImGui::GetIO().DisplaySize.x, static_cast<float>(canvas_.y) - y));
    ImGui::Begin("##toolbar", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
    struct Button {
        Tool tool;
        const char* label;
        const char* hint;
    };
    static constexpr Button buttons[] = {
        {Tool::Select, "Select (V)",
         "Select and drag zones, vertices, hairline points. Double-click an edge to add a vertex; "
         "Delete removes."},
        {Tool::Hairline, "Hairline (H)",
         "Click control points left to right, Enter to finish; then drag them. Double-click the "
         "line to add a point."},
        {Tool::GraftZone, "Graft zone (G)",
         "Click to add vertices; Enter or double-click closes (3 at least); Esc cancels; Backspace "
         "removes the last."},
        {Tool::SmpZone, "SMP zone (S)",
         "Draw a zone for scalp micropigmentation, like a graft zone."},
        {Tool::DonorZone, "Donor zone (D)",
         "Draw the harvest area whose capacity pays for the plan."},
        {Tool::Calibrate, "Calibrate (C)",
         "Click both ends of a known length on a ruler in the photo, then type it in mm."},
        {Tool::Glabella, "Glabella (L)",
         "Click the point between the eyebrows: it sets the facial midline."},
    };
    for (const Button& b : buttons) {
        const bool active = tool_ == b.tool;
        if (active)
            ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::Button(b.label)) setTool(b.tool);
        if (active) ImGui::PopStyleColor();
        tooltip(b.hint);
        ImGui::SameLine();
    }
    ImGui::TextDisabled("|");
    ImGui::SameLine();
    ImGui::BeginDisabled(!doc_.canUndo());
    if (ImGui::Button("Undo")) doc_.undo();
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!doc_.canRedo());
    if (ImGui::Button("Redo")) doc_.redo();
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Present (P)")) presentation_ = true;
    tooltip("The view for the patient: handles and panels hidden, overlays toggled one by one.");
    ImGui::SameLine();
    const bool simulating = showSimulation_;
    if (simulating)
        ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button("Simulation (R)")) setSimulationShown(!showSimulation_);
    if (simulating) ImGui::PopStyleColor();
    tooltip("Shows one mark per planned graft (its hairs) and per SMP dot, and fades the zone "
            "fills. A picture of the plan, not a prediction of growth.");
    ImGui::End();
}

void Editor::sidePanel() {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float x = static_cast<float>(canvas_.x + canvas_.width);
    ImGui::SetNextWindowPos(ImVec2(x, static_cast<float>(canvas_.y)));
    ImGui::SetNextWindowSize(ImVec2(display.x - x, static_cast<float>(canvas_.height)));
    ImGui::Begin("##side", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysVerticalScrollbar);
    summaryPanel();
    warningsPanel();
    hairlinePanel();
    inspectorPanel();
    simulationPanel();
    ImGui::End();
}

void Editor::summaryPanel() {
    if (!ImGui::CollapsingHeader("Counts", ImGuiTreeNodeFlags_DefaultOpen)) return;
    const Summary& s = summary_;
    const Plan& plan = doc_.plan();
    if (!s.calibrated) {
        ImGui::TextColored(ImVec4(0.98f, 0.75f, 0.35f, 1), "Uncalibrated: areas in pixels only.");
        ImGui::TextWrapped(
            "Press C and click both ends of a known length on a ruler in the photo.");
    }
    const ImGuiTableFlags flags =
        ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("##counts", 4, flags)) {
        ImGui::TableSetupColumn("Zone", ImGuiTableColumnFlags_WidthStretch, 2.2f);
        ImGui::TableSetupColumn(s.calibrated ? "cm\u00b2" : "px\u00b2",
                                ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn("Grafts", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn("Hairs / dots", ImGuiTableColumnFlags_WidthStretch, 1.2f);
        ImGui::TableHeadersRow();
        for (const ZoneFigures& z : s.zones) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const render::Colour colour =
                z.zoneIndex < 0 ? style_.bandColour
                                : style_.zoneColour(plan, static_cast<std::size_t>(z.zoneIndex));
            ImGui::ColorButton("##swatch", toImGui(colour), ImGuiColorEditFlags_NoTooltip,
                               ImVec2(ImGui::GetFontSize() * 0.8f, ImGui::GetFontSize() * 0.8f));
            ImGui::SameLine();
            const bool selected = z.zoneIndex >= 0 && selection_.zone == z.zoneIndex;
            if (ImGui::Selectable(z.name.c_str(), selected) && z.zoneIndex >= 0)
                selection_ = {Selection::Kind::Zone, z.zoneIndex, -1};
            if (z.countedAreaPx + 1e-9 < z.drawnAreaPx && ImGui::IsItemHovered())
                ImGui::SetTooltip(
                    "Drawn %s cm\u00b2; counted %s cm\u00b2: the rest lies under a zone above it.",
                    cm2(z.drawnAreaCm2).c_str(), cm2(z.countedAreaCm2).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(s.calibrated
                                       ? cm2(z.countedAreaCm2).c_str()
                                       : withThousands(std::llround(z.countedAreaPx)).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(count(z.grafts).c_str());
            ImGui::TableNextColumn();
            if (z.dots)
                ImGui::Text("%s dots", count(z.dots).c_str());
            else if (z.capacity)
                ImGui::Text("%s cap.", count(z.capacity).c_str());
            else
                ImGui::TextUnformatted(count(z.hairs).c_str());
        }
        if (s.calibrated) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted("Total grafts");
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(cm2(s.totals.graftAreaCm2).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(count(s.totals.grafts).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(count(s.totals.hairs).c_str());
        }
        ImGui::EndTable();
    }
    if (s.zones.empty()) ImGui::TextDisabled("No zones yet: draw one with G, S or D.");
    if (!s.calibrated) return;

    if (s.totals.donorBalance) {
        const long long b = *s.totals.donorBalance;
        ImGui::TextColored(b < 0 ? ImVec4(0.95f, 0.42f, 0.36f, 1) : ImVec4(0.55f, 0.85f, 0.55f, 1),
                           "Donor balance %s%s grafts (capacity %s)", b >= 0 ? "+" : "",
                           withThousands(b).c_str(), count(s.totals.donorCapacity).c_str());
    } else {
        ImGui::TextDisabled("No donor zone: the donor balance is not known.");
    }
    if (s.totals.smpDots && *s.totals.smpDots > 0) {
        const SmpEstimate e = smpEstimate(*s.totals.smpAreaCm2);
        ImGui::TextWrapped(
            "SMP %s dots on %s cm\u00b2: %d-%d sessions (usually %d), %.0f-%.0f h in all",
            count(s.totals.smpDots).c_str(), cm2(s.totals.smpAreaCm2).c_str(), e.sessionsLow,
            e.sessionsHigh, e.sessionsTypical, e.hoursLow, e.hoursHigh);
    }
    if (s.hairline) {
        const HairlineFigures& h = *s.hairline;
        if (h.midFrontalHeightMm)
            ImGui::Text("Mid-frontal point %.1f mm above the glabella", *h.midFrontalHeightMm);
        if (h.mirrorErrorMm) ImGui::Text("Mirror error %.1f mm", *h.mirrorErrorMm);
    }
}

void Editor::warningsPanel() {
    const std::string title =
        "Warnings (" + std::to_string(summary_.warnings.size()) + ")###warnings";
    if (!ImGui::CollapsingHeader(title.c_str(), ImGuiTreeNodeFlags_DefaultOpen)) return;
    if (summary_.warnings.empty()) ImGui::TextColored(ImVec4(0.55f, 0.85f, 0.55f, 1), "None.");
    for (const Warning& w : summary_.warnings) {
        ImGui::TextColored(ImVec4(0.98f, 0.70f, 0.30f, 1), "%s", heading(w.code).c_str());
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(w.message.c_str());
        const std::string_view why = warningReason(w.code);
        if (!why.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
            ImGui::TextUnformatted(why.data(), why.data() + why.size());
            ImGui::PopStyleColor();
        }
        ImGui::PopTextWrapPos();
        ImGui::Spacing();
    }
}

void Editor::hairlinePanel() {
    if (!ImGui::CollapsingHeader("Hairline", ImGuiTreeNodeFlags_DefaultOpen)) return;
    const Plan& plan = doc_.plan();
    const bool canPlace = plan.glabella && plan.calibration;
    // A template replaces the control points and keeps the hairline's other settings.
    const auto placeTemplate = [&](HairlineTemplate kind) {
        doc_.edit([&](Plan& p) {
            Hairline t = templateHairline(kind, *p.glabella, mmPerPx(*p.calibration));
            if (p.hairline)
                p.hairline->points = std::move(t.points);
            else
                p.hairline = std::move(t);
        });
    };
    ImGui::BeginDisabled(!canPlace);
    if (ImGui::Button("Male template")) placeTemplate(HairlineTemplate::Male);
    tooltip("Mid-frontal point 80 mm above the glabella, with temporal recession.");
    ImGui::SameLine();
    if (ImGui::Button("Female template")) placeTemplate(HairlineTemplate::Female);
    tooltip("About 60 mm forehead, rounded, with closed temporal angles.");
    ImGui::EndDisabled();
    if (!canPlace) ImGui::TextDisabled("Templates need the glabella (L) and a scale (C).");
    if (!plan.hairline) {
        ImGui::TextDisabled("No hairline: place a template or draw one with H.");
        return;
    }
    const Hairline& h = *plan.hairline;
    ImGui::BeginDisabled(!plan.glabella);
    ImGui::Checkbox("Symmetric editing", &symmetric_);
    ImGui::EndDisabled();
    tooltip("Dragging a control point moves its mirror image about the glabella line too.");

    if (plan.calibration && summary_.hairline && summary_.hairline->midFrontalHeightMm) {
        const double mm = mmPerPx(*plan.calibration);
        const double current = *summary_.hairline->midFrontalHeightMm;
        numberField(
            doc_, "Height above glabella (mm)", current, 20.0, 160.0, "%.1f", 0.1f,
            "Raises or lowers the whole line. A man's mid-frontal point sits 70-100 mm above "
            "the glabella (rule of facial thirds); a woman's forehead is about 55-65 mm.",
            [&](Plan& p, double v) { raiseHairline(*p.hairline, v - current, mm); });
    }
    numberField(doc_, "Transition depth (mm)", h.transitionMm, 0.0, 50.0, "%.1f", 0.1f,
                "Depth of the band of single-hair grafts behind the front edge: 5-10 mm (Shapiro).",
                [](Plan& p, double v) { p.hairline->transitionMm = v; });
    numberField(
        doc_, "Band density (FU/cm\u00b2)", h.densityFuCm2, 1.0, 200.0, "%.0f", 0.5f,
        "45 FU/cm\u00b2 by default; 40-60 typical. Keep the band at or above the core's density.",
        [](Plan& p, double v) { p.hairline->densityFuCm2 = v; });
    numberField(doc_, "Hairs per graft (band)", h.hairsPerGraft, 1.0, 5.0, "%.2f", 0.01f,
                "Single-hair grafts in the band: 1.0-1.3.",
                [](Plan& p, double v) { p.hairline->hairsPerGraft = v; });
    numberField(doc_, "Irregularity (mm)", h.irregularity.amplitudeMm, 0.0, 20.0, "%.1f", 0.05f,
                "How far the front edge wanders: a natural hairline is soft and broken, never a "
                "straight solid edge. Under 0.5 mm looks artificial.",
                [](Plan& p, double v) { p.hairline->irregularity.amplitudeMm = v; });
    numberField(doc_, "Wavelength (mm)", h.irregularity.wavelengthMm, 0.5, 100.0, "%.1f", 0.1f,
                "Average distance between the front edge's peaks.",
                [](Plan& p, double v) { p.hairline->irregularity.wavelengthMm = v; });
    ImGui::Text("Variation #%u", h.irregularity.seed);
    ImGui::SameLine();
    if (ImGui::Button("New variation")) doc_.edit([](Plan& p) { ++p.hairline->irregularity.seed; });
    tooltip("Another irregular front edge with the same amplitude and wavelength.");
    int side = h.scalpSide == ScalpSide::Up ? 0 : 1;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.5f);
    if (ImGui::Combo("Scalp side", &side, "above the line\0below the line\0"))
        doc_.edit(
            [&](Plan& p) { p.hairline->scalpSide = side == 0 ? ScalpSide::Up : ScalpSide::Down; });
    tooltip("Where the scalp, and so the band, lies: above the line on a front view.");
}

void Editor::inspectorPanel() {
    if (!ImGui::CollapsingHeader("Selection", ImGuiTreeNodeFlags_DefaultOpen)) return;
    const Plan& plan = doc_.plan();
    if (selection_.zone < 0 || selection_.zone >= static_cast<int>(plan.zones.size())) {
        if (selection_.kind == Selection::Kind::Glabella && plan.glabella)
            ImGui::Text("Glabella at (%.0f, %.0f) px", plan.glabella->x, plan.glabella->y);
        else if (selection_.kind == Selection::Kind::HairlinePoint)
            ImGui::Text("Hairline control point %d", selection_.vertex + 1);
        else
            ImGui::TextDisabled("Nothing selected: click a zone with V.");
        if (plan.calibration)
            if (const auto* ruler = std::get_if<RulerCalibration>(&*plan.calibration))
                numberField(
                    doc_, "Ruler length (mm)", ruler->mm, 0.1, 10000.0, "%.1f", 0.1f,
                    "The real distance between the two ruler points.",
                    [](Plan& p, double v) { std::get<RulerCalibration>(*p.calibration).mm = v; });
        return;
    }
    const auto index = static_cast<std::size_t>(selection_.zone);
    const Zone& z = plan.zones[index];
    ImGui::ColorButton("##colour", toImGui(style_.zoneColour(plan, index)), 0,
                       ImVec2(ImGui::GetFontSize(), ImGui::GetFontSize()));
    ImGui::SameLine();
    char name[256];
    std::snprintf(name, sizeof name, "%s", z.name.c_str());
    ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 4.0f);
    if (ImGui::InputText("Name", name, sizeof name)) doc_.beginEdit().zones[index].name = name;
    if (ImGui::IsItemDeactivated()) doc_.endEdit();

    int kind = static_cast<int>(z.kind);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10.0f);
    if (ImGui::Combo("Kind", &kind, "Graft (recipient)\0SMP (pigment)\0Donor (harvest)\0"))
        doc_.edit([&](Plan& p) { p.zones[index].kind = static_cast<ZoneKind>(kind); });

    switch (z.kind) {
    case ZoneKind::Graft:
        numberField(doc_, "Density (FU/cm\u00b2)", z.densityFuCm2, 1.0, 200.0, "%.0f", 0.5f,
                    "Frontal core 40 (25-50); midscalp and crown 30 (25-35), less toward the back "
                    "(Bernstein). Over 60 lowers graft survival, most of all in scarred skin.",
                    [index](Plan& p, double v) { p.zones[index].densityFuCm2 = v; });
        numberField(doc_, "Hairs per graft", z.hairsPerGraft, 1.0, 5.0, "%.2f", 0.01f,
                    "2.0 by default; 1.6-2.5 (2.2 Caucasian, 1.9 Asian average).",
                    [index](Plan& p, double v) { p.zones[index].hairsPerGraft = v; });
        {
            bool automatic = !z.hairDirectionDeg;
            if (ImGui::Checkbox("Hairs point toward the face", &automatic))
                doc_.edit([&](Plan& p) {
                    p.zones[index].hairDirectionDeg =
                        automatic ? std::nullopt : std::optional<double>(90.0);
                });
            tooltip("How the simulation (R) draws this zone's hairs: away from the scalp side, "
                    "as the hairline's normal points. Untick to set the angle, e.g. for a crown "
                    "whorl.");
            if (z.hairDirectionDeg)
                numberField(doc_, "Hair direction (\u00b0)", *z.hairDirectionDeg, -360.0, 360.0,
                            "%.0f\u00b0", 1.0f,
                            "Clockwise from pointing right as seen in the photo: 90\u00b0 points "
                            "down, toward the chin on a front view.",
                            [index](Plan& p, double v) { p.zones[index].hairDirectionDeg = v; });
        }
        break;
    case ZoneKind::Smp:
        numberField(doc_, "Dots per cm\u00b2", z.densityDotsCm2, 1.0, 400.0, "%.0f", 1.0f,
                    "100 dots/cm\u00b2: dots under 1 mm, about 1 mm apart (Rassman).",
                    [index](Plan& p, double v) { p.zones[index].densityDotsCm2 = v; });
        ImGui::TextUnformatted("Pigment");
        ImGui::SameLine();
        if (const auto pigment = swatches("pigment", kPigments, z.pigment))
            doc_.edit([&](Plan& p) { p.zones[index].pigment = *pigment; });
        tooltip("The shade of this zone's dots in the simulation (R). SMP pigment is diluted to "
                "match the stubble it imitates; too dark a shade is a common reason for repair.");
        break;
    case ZoneKind::Donor:
        numberField(doc_, "Native density (FU/cm\u00b2)", z.densityFuCm2, 1.0, 200.0, "%.0f", 0.5f,
                    "80 by default; 60-100 (mid-occipital 100, mastoid 80, supra-auricular 60).",
                    [index](Plan& p, double v) { p.zones[index].densityFuCm2 = v; });
        numberField(
            doc_, "Extraction fraction", z.extractionFraction, 0.01, 1.0, "%.2f", 0.005f,
            "Share of the grafts taken from the area in this plan: 0.15-0.30 (Donovan; Cole).",
            [index](Plan& p, double v) { p.zones[index].extractionFraction = v; });
        break;
    }
    ImGui::TextDisabled("%zu vertices. Double-click an edge to add one; Delete removes.",
                        z.points.size());
    if (ImGui::Button("Delete zone")) {
        doc_.edit([index](Plan& p) {
            p.zones.erase(p.zones.begin() + static_cast<std::ptrdiff_t>(index));
        });
        selection_ = {};
    }
}

void Editor::simulationPanel() {
    if (!ImGui::CollapsingHeader("Simulation")) return;
    bool shown = showSimulation_;
    if (ImGui::Checkbox("Show graft sites and dots (R)", &shown)) setSimulationShown(shown);
    tooltip("One mark per planned graft, with its hairs, and per SMP dot, spaced as the "
            "densities say. It shows the plan to the patient; it does not predict growth.");
    const Plan& plan = doc_.plan();
    ImGui::TextUnformatted("Hair colour");
    ImGui::SameLine();
    if (const auto colour = swatches("hair", kHairColours, plan.simulation.hairColour))
        doc_.edit([&](Plan& p) { p.simulation.hairColour = *colour; });
    if (!showSimulation_) return;
    if (!summary_.calibrated) {
        ImGui::TextDisabled("Calibrate the plan (C): marks need counts.");
    } else if (const Simulation* marks = simulation_.get()) {
        ImGui::TextDisabled("%s sites, %s hairs, %s dots%s",
                            withThousands(static_cast<long long>(marks->siteCount())).c_str(),
                            withThousands(marks->hairCount()).c_str(),
                            withThousands(static_cast<long long>(marks->dotCount())).c_str(),
                            simulationCurrent() ? "" : " (placing...)");
    }
}

void Editor::statusBar() {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float top = static_cast<float>(canvas_.y + canvas_.height);
    ImGui::SetNextWindowPos(ImVec2(0, top));
    ImGui::SetNextWindowSize(ImVec2(display.x, display.y - top));
    ImGui::Begin("##status", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
    const char* hint = "";
    switch (tool_) {
    case Tool::Select:
        hint = "Click a zone to select it; drag vertices or points; double-click an edge to add a "
               "vertex.";
        break;
    case Tool::Hairline:
        hint = doc_.plan().hairline ? "Drag control points; double-click the line to add one; "
                                      "Delete removes the selected one."
                                    : "Click control points from left to right; Enter finishes (2 "
                                      "at least); Esc cancels.";
        break;
    case Tool::GraftZone:
    case Tool::SmpZone:
    case Tool::DonorZone:
        hint = draft_.size() < 3
                   ? "Click to add vertices (3 at least); Esc cancels; Backspace removes the last."
                   : "Enter or double-click closes the zone; Esc cancels; Backspace removes the "
                     "last vertex.";
        break;
    case Tool::Calibrate:
        hint = "Click both ends of a known length on a ruler in the photo.";
        break;
    case Tool::Glabella:
        hint = "Click the point between the eyebrows.";
        break;
    }
    ImGui::Text("%s  \u2014  %s", toolName(tool_), hint);
    if (!notice_.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(0.55f, 0.85f, 0.55f, 1), "   %s", notice_.c_str());
    }
    const Plan& plan = doc_.plan();
    const Point mouse = view_.toImage({ImGui::GetIO().MousePos.x, ImGui::GetIO().MousePos.y});
    char right[128];
    if (plan.calibration) {
        const double mm = mmPerPx(*plan.calibration);
        std::snprintf(right, sizeof right, "%.0f%%   x %.1f  y %.1f cm", view_.zoom * 100,
                      mouse.x * mm / 10, mouse.y * mm / 10);
    } else {
        std::snprintf(right, sizeof right, "%.0f%%   x %.0f  y %.0f px", view_.zoom * 100, mouse.x,
                      mouse.y);
    }
    ImGui::SameLine(
        std::max(ImGui::GetCursorPosX() + 20, display.x - ImGui::CalcTextSize(right).x - 16));
    ImGui::TextDisabled("%s", right);
    ImGui::End();
}

void Editor::presentationBar() {
    ImGui::SetNextWindowPos(ImVec2(12 * uiScale_, 12 * uiScale_));
    ImGui::SetNextWindowBgAlpha(0.55f);
    ImGui::Begin("##present", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove);
    ImGui::Checkbox("Zones", &style_.showZones);
    ImGui::SameLine();
    ImGui::Checkbox("Transition band", &style_.showBand);
    ImGui::SameLine();
    ImGui::Checkbox("Hairline", &style_.showHairline);
    ImGui::SameLine();
    ImGui::Checkbox("Midline", &style_.showGlabella);
    ImGui::SameLine();
    bool simulating = showSimulation_;
    if (ImGui::Checkbox("Simulation (R)", &simulating)) setSimulationShown(simulating);
    ImGui::SameLine();
    if (ImGui::Button("Back to editing (P)")) presentation_ = false;
    if (summary_.totals.grafts)
        ImGui::Text("%s grafts, %s hairs", count(summary_.totals.grafts).c_str(),
                    count(summary_.totals.hairs).c_str());
    ImGui::End();
}

} // namespace hp::app
