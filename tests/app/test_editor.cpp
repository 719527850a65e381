// The editor driven as a user would, through ImGui's input, with no window and no GL: an ImGui
// context with its font atlas built, a display size, and scripted mouse and keys over frames.
#include "app/editor.hpp"
#include "app/keys.hpp"
#include "app/recovery.hpp"
#include "planning/plan_io.hpp"
#include "planning/summary.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <imgui.h>
#include <unistd.h>

using namespace hp;
using namespace hp::app;
namespace fs = std::filesystem;

namespace {

// GLFW's key codes, which ImGui's GLFW backend puts in io.KeyMap.
constexpr int kEnter = 257, kEscape = 256, kBackspace = 259, kDelete = 261, kTab = 258;
constexpr int kLeftCtrl = 341;

class Harness {
  public:
    explicit Harness(Document doc, const RecoveryStore* recovery = nullptr)
        : context_(ImGui::CreateContext()) {
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(1600, 1000);
        io.DeltaTime = 1.0f / 60.0f;
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        io.KeyMap[ImGuiKey_Enter] = kEnter;
        io.KeyMap[ImGuiKey_Escape] = kEscape;
        io.KeyMap[ImGuiKey_Backspace] = kBackspace;
        io.KeyMap[ImGuiKey_Delete] = kDelete;
        io.KeyMap[ImGuiKey_Tab] = kTab;
        io.KeyMap[ImGuiKey_Space] = keys::kSpace;
        io.KeyMap[ImGuiKey_KeyPadEnter] = 335;
        for (const char c : {'A', 'C', 'V', 'X', 'Y', 'Z'})
            io.KeyMap[ImGuiKey_A + (c == 'A'   ? 0
                                    : c == 'C' ? 1
                                    : c == 'V' ? 2
                                    : c == 'X' ? 3
                                    : c == 'Y' ? 4
                                               : 5)] = c;
        EditorServices services;
        services.photoSize = [](const fs::path&, std::string*) {
            return std::optional<std::pair<int, int>>({3000, 2000});
        };
        services.recovery = recovery;
        editor.emplace(std::move(doc), services);
        frame();
        // A known view: image point p is at screen p * 0.5 + (100, 100).
        editor->setView(View{0.5, 100, 100});
        frame();
    }
    ~Harness() {
        editor.reset();
        ImGui::DestroyContext(context_);
    }

    void frame() {
        ImGui::SetCurrentContext(context_);
        ImGui::NewFrame();
        editor->frame();
        ImGui::Render();
    }
    static ImVec2 screen(Point image) {
        return ImVec2(static_cast<float>(image.x * 0.5 + 100),
                      static_cast<float>(image.y * 0.5 + 100));
    }
    void moveTo(Point image) {
        ImGui::GetIO().MousePos = screen(image);
        frame();
    }
    void click(Point image) {
        moveTo(image);
        ImGui::GetIO().MouseDown[0] = true;
        frame();
        ImGui::GetIO().MouseDown[0] = false;
        frame();
    }
    void doubleClick(Point image) {
        click(image);
        ImGui::GetIO().MouseDown[0] = true;
        frame();
        ImGui::GetIO().MouseDown[0] = false;
        frame();
    }
    void drag(Point from, Point to, int steps = 5) {
        moveTo(from);
        ImGui::GetIO().MouseDown[0] = true;
        frame();
        for (int i = 1; i <= steps; ++i)
            moveTo({from.x + (to.x - from.x) * i / steps, from.y + (to.y - from.y) * i / steps});
        ImGui::GetIO().MouseDown[0] = false;
        frame();
    }
    void key(int k, bool ctrl = false, bool shift = false) {
        ImGuiIO& io = ImGui::GetIO();
        io.KeyCtrl = ctrl;
        io.KeyShift = shift;
        io.KeysDown[k] = true;
        if (ctrl) io.KeysDown[kLeftCtrl] = true;
        frame();
        io.KeysDown[k] = false;
        io.KeysDown[kLeftCtrl] = false;
        io.KeyCtrl = io.KeyShift = false;
        frame();
    }
    void type(const char* text) {
        ImGui::GetIO().AddInputCharactersUTF8(text);
        frame();
    }

    std::optional<Editor> editor;

  private:
    ImGuiContext* context_;
};

Plan calibratedPlan() {
    Plan p;
    p.calibration = ScaleCalibration{0.1};
    p.imageSize = std::pair{3000, 2000};
    return p;
}

struct TempDir {
    fs::path path = fs::temp_directory_path() / ("hairplan-editor-" + std::to_string(getpid()));
    TempDir() { fs::create_directories(path); }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

} // namespace

TEST_CASE("drawing a zone with G: clicks and Enter give a zone of the expected area", "[editor]") {
    Harness h(Document(calibratedPlan(), {}));
    h.key('G');
    REQUIRE(h.editor->tool() == Tool::GraftZone);
    h.click({400, 400});
    h.click({1400, 400});
    h.click({1400, 1400});
    h.click({400, 1400});
    CHECK(h.editor->draft().size() == 4);
    h.key(kEnter);
    const Plan& plan = h.editor->plan();
    REQUIRE(plan.zones.size() == 1);
    CHECK(plan.zones[0].kind == ZoneKind::Graft);
    CHECK(plan.zones[0].name == "Graft zone 1");
    // 1000 x 1000 px at 0.1 mm/px: 100 cm², 4,000 grafts at the default 40 FU/cm².
    const Summary& s = h.editor->summary();
    CHECK(*s.zones[0].countedAreaCm2 == Approx(100.0));
    CHECK(*s.zones[0].grafts == 4000);
    CHECK(h.editor->draft().empty());
}

TEST_CASE("a double-click closes the zone; Backspace removes the last vertex", "[editor]") {
    Harness h(Document(calibratedPlan(), {}));
    h.key('S');
    h.click({400, 400});
    h.click({1400, 400});
    h.click({900, 900});
    h.key(kBackspace);
    CHECK(h.editor->draft().size() == 2);
    h.doubleClick({1400, 1400});
    REQUIRE(h.editor->plan().zones.size() == 1);
    CHECK(h.editor->plan().zones[0].kind == ZoneKind::Smp);
    CHECK(h.editor->plan().zones[0].points.size() == 3);
}

TEST_CASE("Esc cancels a zone being drawn and leaves the plan unchanged", "[editor]") {
    Plan p = calibratedPlan();
    p.zones.push_back(makeZone(ZoneKind::Donor, "Donor", {{0, 0}, {100, 0}, {100, 100}}));
    Harness h(Document(p, {}));
    h.key('D');
    h.click({400, 400});
    h.click({1400, 400});
    h.click({1400, 1400});
    h.key(kEscape);
    CHECK(h.editor->draft().empty());
    CHECK(h.editor->plan() == p);
    h.key(kEnter); // nothing left to close
    CHECK(h.editor->plan() == p);
    CHECK_FALSE(h.editor->document().modified());
}

TEST_CASE("a drag is one undo step, and undo restores the plan exactly", "[editor]") {
    Plan p = calibratedPlan();
    p.zones.push_back(
        makeZone(ZoneKind::Graft, "Core", {{400, 400}, {1400, 400}, {1400, 1400}, {400, 1400}}));
    Harness h(Document(p, {}));
    h.key('V');
    h.click({900, 900}); // select the zone
    h.drag({1400, 1400}, {1800, 1600}, 8);
    const Plan& after = h.editor->plan();
    CHECK(after.zones[0].points[2] == Point{1800, 1600});
    CHECK(h.editor->document().modified());
    h.key('Z', true);
    CHECK(h.editor->plan() == p);
    CHECK_FALSE(h.editor->document().canUndo()); // the whole drag was one step
    h.key('Z', true, true);                      // Ctrl+Shift+Z
    CHECK(h.editor->plan().zones[0].points[2] == Point{1800, 1600});
    h.key('Z', true);
    h.key('Y', true); // Ctrl+Y redoes too
    CHECK(h.editor->plan().zones[0].points[2] == Point{1800, 1600});
}

TEST_CASE("the counts follow a drag on every frame, equal to summarize()", "[editor]") {
    Plan p = calibratedPlan();
    p.zones.push_back(
        makeZone(ZoneKind::Graft, "Core", {{400, 400}, {1400, 400}, {1400, 1400}, {400, 1400}}));
    Harness h(Document(p, {}));
    h.key('V');
    h.click({900, 900});
    h.moveTo({1400, 1400});
    ImGui::GetIO().MouseDown[0] = true;
    h.frame();
    long long previous = *h.editor->summary().totals.grafts;
    for (int i = 1; i <= 4; ++i) {
        h.moveTo({1400.0 + 100 * i, 1400.0 + 100 * i});
        const Summary& shown = h.editor->summary();
        const Summary fresh = summarize(h.editor->plan());
        CHECK(*shown.totals.grafts == *fresh.totals.grafts);
        CHECK(*shown.totals.grafts > previous); // growing while the button is still down
        previous = *shown.totals.grafts;
    }
    ImGui::GetIO().MouseDown[0] = false;
    h.frame();
}

TEST_CASE("R shows the simulation: one mark per planned graft and dot, following the plan",
          "[editor][simulation]") {
    Plan p = calibratedPlan();
    p.zones.push_back(
        makeZone(ZoneKind::Graft, "Core", {{400, 400}, {1400, 400}, {1400, 1400}, {400, 1400}}));
    p.zones.push_back(makeZone(ZoneKind::Smp, "Crown", {{1600, 400}, {2100, 400}, {2100, 900}}));
    Harness h(Document(p, {}));
    CHECK_FALSE(h.editor->simulationShown());
    CHECK(h.editor->simulation() == nullptr); // nothing is placed while the view is off
    h.key('R');
    REQUIRE(h.editor->simulationShown());
    h.editor->waitForSimulation();
    REQUIRE(h.editor->simulation() != nullptr);
    CHECK(h.editor->simulationCurrent());
    const Summary& summary = h.editor->summary();
    // 100 cm² at 40 FU/cm², 2 hairs each; 12.5 cm² at 100 dots/cm².
    CHECK(h.editor->simulation()->siteCount() == 4000);
    CHECK(h.editor->simulation()->hairCount() == *summary.totals.hairs);
    CHECK(h.editor->simulation()->dotCount() == 1250);
    const std::uint64_t serial = h.editor->simulationSerial();

    // A drag changes the plan; the marks follow once placed, and the counts never wait.
    h.key('V');
    h.click({900, 900});
    h.drag({1400, 1400}, {1500, 1400});
    CHECK(*h.editor->summary().totals.grafts == 4200); // 105 cm²
    h.editor->waitForSimulation();
    CHECK(h.editor->simulationSerial() > serial);
    CHECK(h.editor->simulation()->siteCount() == 4200);
    CHECK(*h.editor->simulationPlan() == h.editor->plan()); // the marks are of the plan as it is
    CHECK(h.editor->plan().zones[0].points[2] == Point{1500, 1400});

    h.key('R');
    CHECK_FALSE(h.editor->simulationShown());
}

TEST_CASE("the simulation follows a deletion and its undo", "[editor][simulation]") {
    Plan p = calibratedPlan();
    p.zones.push_back(makeZone(ZoneKind::Smp, "Crown", {{400, 400}, {1400, 400}, {1400, 1400}}));
    Harness h(Document(p, {}));
    h.editor->setSimulationShown(true);
    h.frame();
    h.editor->waitForSimulation();
    CHECK(h.editor->simulation()->dotCount() == 5000); // 50 cm² at 100 dots/cm²
    h.key(kDelete);                                    // nothing selected: no change
    h.key('V');
    h.click({1000, 600});
    h.key(kDelete); // the zone
    REQUIRE(h.editor->plan().zones.empty());
    h.editor->waitForSimulation();
    CHECK(h.editor->simulation()->dotCount() == 0);
    h.key('Z', true);
    h.editor->waitForSimulation();
    CHECK(h.editor->simulation()->dotCount() == 5000);
}

TEST_CASE("an uncalibrated plan has no marks", "[editor][simulation]") {
    Plan uncalibrated = calibratedPlan();
    uncalibrated.calibration.reset();
    uncalibrated.zones.push_back(
        makeZone(ZoneKind::Smp, "Crown", {{400, 400}, {1400, 400}, {1400, 1400}}));
    Harness u(Document(uncalibrated, {}));
    u.key('R');
    u.editor->waitForSimulation();
    REQUIRE(u.editor->simulation() != nullptr);
    CHECK(u.editor->simulation()->siteCount() == 0);
    CHECK(u.editor->simulation()->dotCount() == 0);
}

TEST_CASE("symmetric editing moves the mirrored control point", "[editor]") {
    Plan p = calibratedPlan();
    p.glabella = Point{1500, 1800};
    p.hairline = Hairline{};
    p.hairline->points = {{900, 1000}, {1200, 900}, {1500, 880}, {1800, 900}, {2100, 1000}};
    Harness h(Document(p, {}));
    REQUIRE(h.editor->symmetric());
    h.key('H');
    h.drag({1200, 900}, {1150, 850});
    const auto& pts = h.editor->plan().hairline->points;
    CHECK(pts[1] == Point{1150, 850});
    CHECK(pts[3].x == Approx(1850));
    CHECK(pts[3].y == Approx(850));
    CHECK(pts[0] == p.hairline->points[0]);
    h.key('Z', true);
    CHECK(h.editor->plan() == p);
}

TEST_CASE("Delete removes the selected vertex, then the zone", "[editor]") {
    Plan p = calibratedPlan();
    p.zones.push_back(
        makeZone(ZoneKind::Graft, "Core", {{400, 400}, {1400, 400}, {1400, 1400}, {400, 1400}}));
    Harness h(Document(p, {}));
    h.key('V');
    h.click({900, 900});
    h.click({1400, 1400}); // its vertex
    REQUIRE(h.editor->selection().kind == Selection::Kind::ZoneVertex);
    h.key(kDelete);
    CHECK(h.editor->plan().zones[0].points.size() == 3);
    h.key(kDelete); // the zone itself is selected now
    CHECK(h.editor->plan().zones.empty());
}

TEST_CASE("double-clicking an edge inserts a vertex", "[editor]") {
    Plan p = calibratedPlan();
    p.zones.push_back(
        makeZone(ZoneKind::Graft, "Core", {{400, 400}, {1400, 400}, {1400, 1400}, {400, 1400}}));
    Harness h(Document(p, {}));
    h.key('V');
    h.doubleClick({900, 402});
    REQUIRE(h.editor->plan().zones[0].points.size() == 5);
    CHECK(h.editor->plan().zones[0].points[1].x == Approx(900).margin(2));
    CHECK(h.editor->plan().zones[0].points[1].y == Approx(400).margin(1e-9));
}

TEST_CASE("calibrate: two clicks and a typed length set the scale", "[editor]") {
    Plan p;
    p.imageSize = std::pair{3000, 2000};
    Harness h(Document(p, {}));
    CHECK_FALSE(h.editor->summary().calibrated);
    h.key('C');
    h.click({500, 1000});
    h.click({1500, 1000});
    h.frame();
    h.key('A', true); // select the proposed value, then type over it
    h.type("50");
    h.key(kEnter);
    REQUIRE(h.editor->plan().calibration);
    const auto& ruler = std::get<RulerCalibration>(*h.editor->plan().calibration);
    CHECK(ruler.p1 == Point{500, 1000});
    CHECK(ruler.p2 == Point{1500, 1000});
    CHECK(ruler.mm == 50.0);
    CHECK(*h.editor->summary().mmPerPx == Approx(0.05));
}

TEST_CASE("the glabella tool places the landmark", "[editor]") {
    Harness h(Document(calibratedPlan(), {}));
    h.key('L');
    h.click({1500, 1200});
    REQUIRE(h.editor->plan().glabella);
    CHECK(*h.editor->plan().glabella == Point{1500, 1200});
    h.drag({1500, 1200}, {1520, 1250}); // and drags it
    CHECK(*h.editor->plan().glabella == Point{1520, 1250});
}

TEST_CASE("Ctrl+S saves atomically and clears the unsaved mark", "[editor]") {
    TempDir dir;
    const fs::path file = dir.path / "plan.json";
    REQUIRE_FALSE(savePlanFile(calibratedPlan(), file));
    Harness h(Document(calibratedPlan(), file));
    h.key('G');
    h.click({400, 400});
    h.click({1400, 400});
    h.click({1400, 1400});
    h.key(kEnter);
    CHECK(h.editor->document().title() == "plan.json* \u2014 hairplan");
    h.key('S', true);
    CHECK(h.editor->document().title() == "plan.json \u2014 hairplan");
    const PlanLoad reloaded = loadPlanFile(file);
    REQUIRE(reloaded.plan);
    CHECK(*reloaded.plan == h.editor->plan());
}

TEST_CASE("quitting with nothing unsaved needs no question", "[editor]") {
    Harness h(Document(calibratedPlan(), {}));
    h.editor->requestQuit();
    CHECK(h.editor->quitConfirmed());
}

TEST_CASE("quitting with unsaved changes asks first", "[editor]") {
    Harness e(Document(calibratedPlan(), "unused.json"));
    e.key('L');
    e.click({1500, 1200});
    e.key('Q', true);
    CHECK_FALSE(e.editor->quitConfirmed());
    e.frame();
    CHECK(e.editor->askingToSave());
    e.key(kEscape); // Cancel: back to the plan, nothing lost
    CHECK_FALSE(e.editor->askingToSave());
    CHECK_FALSE(e.editor->quitConfirmed());
    CHECK(e.editor->plan().glabella);
}

TEST_CASE("a file that cannot be read shows a message and leaves the plan as it was", "[editor]") {
    TempDir dir;
    const fs::path bad = dir.path / "broken.json";
    std::ofstream(bad) << R"({"format": "hairplan", "version": 1, "zones": [{"kind": "graft"}]})";
    Plan p = calibratedPlan();
    p.zones.push_back(makeZone(ZoneKind::Graft, "Core", {{400, 400}, {1400, 400}, {1400, 1400}}));
    Harness h(Document(p, {}));
    h.editor->requestOpen(bad);
    h.frame();
    REQUIRE(h.editor->errors().size() == 1);
    CHECK(h.editor->errors()[0].find("broken.json") != std::string::npos);
    CHECK(h.editor->errors()[0].find("zones[0].points") != std::string::npos);
    CHECK(h.editor->plan() == p);
    h.editor->requestOpen(dir.path / "missing.json");
    CHECK(h.editor->errors().size() == 2);
    CHECK(h.editor->plan() == p);
}

TEST_CASE("opening another plan shows that plan's counts, not the last one's", "[editor]") {
    TempDir dir;
    Plan first = calibratedPlan();
    first.zones.push_back(makeZone(ZoneKind::Graft, "A", {{0, 0}, {1000, 0}, {1000, 1000}}));
    Plan second = calibratedPlan();
    second.zones.push_back(makeZone(ZoneKind::Graft, "B", {{0, 0}, {100, 0}, {100, 100}}));
    const fs::path firstFile = dir.path / "first.json";
    const fs::path secondFile = dir.path / "second.json";
    REQUIRE_FALSE(savePlanFile(first, firstFile));
    REQUIRE_FALSE(savePlanFile(second, secondFile));
    Harness h(Document(first, firstFile));
    REQUIRE(h.editor->summary().totals.grafts == 2000); // 50 cm² x 40
    h.editor->requestOpen(secondFile);
    h.frame();
    CHECK(h.editor->plan() == second);
    CHECK(h.editor->summary().totals.grafts == 20); // 0.5 cm² x 40
    CHECK(h.editor->shapes().zones.size() == 1);
}

TEST_CASE("crash recovery: a copy while unsaved, offered back after a crash, gone after a save",
          "[editor][recovery]") {
    TempDir dir;
    const fs::path file = dir.path / "plan.json";
    REQUIRE_FALSE(savePlanFile(calibratedPlan(), file));
    const RecoveryStore store(dir.path / "state");
    Plan edited;
    {
        Harness h(Document(calibratedPlan(), file), &store);
        CHECK(store.list().empty()); // nothing unsaved yet
        h.key('L');
        h.click({1500, 1200});
        edited = h.editor->plan();
        const auto copies = store.list();
        REQUIRE(copies.size() == 1); // written at the end of the gesture
        CHECK(copies[0].plan == edited);
        CHECK(copies[0].planFile == fs::absolute(file));
        // The process dies here: no quit, no save.
    }
    CHECK(loadPlanFile(file).plan == calibratedPlan()); // the patient's file was never touched

    Harness h(Document(calibratedPlan(), file), &store);
    h.editor->offerRecovery(store.list());
    h.frame();
    CHECK(h.editor->offeringRecovery());
    h.key(kEnter); // Restore
    CHECK_FALSE(h.editor->offeringRecovery());
    CHECK(h.editor->plan() == edited);
    CHECK(h.editor->document().modified());
    CHECK(h.editor->document().file() == fs::absolute(file));
    h.key('S', true);
    CHECK_FALSE(h.editor->document().modified());
    CHECK(store.list().empty()); // a normal save removes the copy
    CHECK(*loadPlanFile(file).plan == edited);
}

TEST_CASE("crash recovery: undoing back to the saved plan removes the copy", "[editor][recovery]") {
    TempDir dir;
    const RecoveryStore store(dir.path / "state");
    const fs::path file = dir.path / "plan.json";
    REQUIRE_FALSE(savePlanFile(calibratedPlan(), file));
    Harness h(Document(calibratedPlan(), file), &store);
    h.key('L');
    h.click({1500, 1200});
    CHECK(store.list().size() == 1);
    h.key('Z', true);
    CHECK(store.list().empty());
}
