// The editor: one class, split across files by feature (editor_canvas.cpp: the tools on the
// photo; editor_panels.cpp: toolbar, inspector, hairline, summary and warnings panels;
// editor_files.cpp: opening, saving and the dialogs). It builds the ImGui interface and applies
// the user's input to the Document; it draws no GL itself, so tests drive it with ImGui alone.
#pragma once

#include "document.hpp"
#include "file_browser.hpp"
#include "planning/plan_shapes.hpp"
#include "planning/simulation.hpp"
#include "planning/summary.hpp"
#include "recovery.hpp"
#include "render/overlay_style.hpp"
#include "view.hpp"

#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hp::app {

enum class Tool { Select, Hairline, GraftZone, SmpZone, DonorZone, Calibrate, Glabella };

/// What the pointer has hold of or last picked.
struct Selection {
    enum class Kind { None, Zone, ZoneVertex, HairlinePoint, Glabella, RulerPoint };
    Kind kind = Kind::None;
    int zone = -1;   ///< zone index (Zone, ZoneVertex)
    int vertex = -1; ///< vertex or control-point index, or ruler end (0 or 1)
    bool operator==(const Selection&) const = default;
};

/// What the program outside the editor provides: reading a photo's size (the editor needs it
/// before any texture exists) and the bundled sample's location.
struct EditorServices {
    /// Displayed size (after EXIF orientation) of a photo, or an error message.
    std::function<std::optional<std::pair<int, int>>(const std::filesystem::path&, std::string*)>
        photoSize;
    /// Opening a photo as a new plan: decodes it before the open plan is closed (quickly, at the
    /// canvas's reduced scale), so that a photo damaged past its headers is refused like any
    /// unreadable file. Returns the displayed size or an error message. Null: photoSize decides.
    std::function<std::optional<std::pair<int, int>>(const std::filesystem::path&, std::string*)>
        openPhoto;
    /// Where the crash-recovery copies go; null: none are kept (tests that do not need them).
    const class RecoveryStore* recovery = nullptr;
    /// Writes the plan image (PNG or JPEG by the name) as `hairplan export` does, with the
    /// simulation when `preview` (as --preview); returns an error message, or nullopt when
    /// written. Null: the editor cannot export.
    std::function<std::optional<std::string>(const Plan& plan,
                                             const std::filesystem::path& planFile,
                                             const std::filesystem::path& output, bool preview)>
        exportImage;
};

/// Opens a plan (.json) or a photo (a new, unsaved plan over it), telling them by content.
/// Returns the document or a message naming the file and the problem.
OpenResult openAnyFile(const std::filesystem::path& file, const EditorServices& services);

class Editor {
  public:
    Editor(Document document, EditorServices services);

    /// Builds one frame of the interface between ImGui::NewFrame() and ImGui::Render().
    void frame();

    // --- For the program around it ---
    const Document& document() const { return doc_; }
    const Plan& plan() const { return doc_.plan(); }
    const Summary& summary();
    const PlanShapes& shapes();
    const View& view() const { return view_; }
    const ScreenRect& canvasRect() const { return canvas_; }
    /// Colours and which overlays show (the presentation view toggles them one by one).
    const render::OverlayStyle& overlayStyle() const { return style_; }
    bool presentation() const { return presentation_; }

    // --- The simulation view (key R; editor_simulation.cpp) ---
    bool simulationShown() const { return showSimulation_; }
    void setSimulationShown(bool shown);
    /// The marks placed last: of the current plan, or of one a few frames old while new ones are
    /// being placed. Null before the first placement finishes.
    const Simulation* simulation() const { return simulation_.get(); }
    /// The plan simulation() was placed for (its colours and zones go with its marks).
    const Plan* simulationPlan() const { return simulationPlan_.get(); }
    /// Moves whenever simulation() gives new marks (the canvas uploads them then).
    std::uint64_t simulationSerial() const { return simulationSerial_; }
    /// Whether simulation() is of the plan as it is now.
    bool simulationCurrent() const;
    /// Blocks until the marks are of the current plan (tests, screenshots); at once when the
    /// view is off.
    void waitForSimulation();
    /// The photo to show; empty when the plan has none.
    std::filesystem::path photoPath() const { return doc_.photoPath(); }
    /// The image's size in pixels: the photo's, else the plan's image_size, else a default.
    std::pair<int, int> imageSize() const { return imageSize_; }

    /// The window's close button or Ctrl+Q: asks first when there are unsaved changes.
    void requestQuit();
    /// True once the user has agreed to quit.
    bool quitConfirmed() const { return quitConfirmed_; }
    /// Opens a plan or photo (drag and drop, the command line, the file browser); asks first
    /// when there are unsaved changes. A file that cannot be read leaves the open plan as it is.
    void requestOpen(const std::filesystem::path& file);
    /// Shows a message in the window (e.g. a photo that could not be decoded).
    void showError(std::string message);
    /// Offers, at start, the unsaved plan a crash left behind (RecoveryStore::list()).
    void offerRecovery(std::vector<RecoveryStore::Entry> entries);
    /// The program is ending normally (or this plan is being closed): the recovery copy this
    /// editor kept is no longer needed.
    void finish();

    // --- State the tests look at ---
    Tool tool() const { return tool_; }
    const Selection& selection() const { return selection_; }
    const std::vector<Point>& draft() const { return draft_; }
    bool symmetric() const { return symmetric_; }
    const std::vector<std::string>& errors() const { return errors_; }
    const std::string& notice() const { return notice_; }
    /// Whether the last frame showed the "save changes?" question.
    bool askingToSave() const { return askingToSave_; }
    /// Whether the last frame offered to restore a recovery copy.
    bool offeringRecovery() const { return offeringRecovery_; }
    void setView(const View& v) {
        view_ = v;
        viewFitted_ = true;
    }

  private:
    // editor.cpp
    void refreshDerived();
    void handleShortcuts();
    void setTool(Tool tool);
    void cancelDraft();
    void layout();

    // editor_canvas.cpp
    void canvasWindow();
    void canvasInput(bool hovered);
    void pressOnCanvas(Point image, bool doubleClick);
    void dragOnCanvas(Point image);
    void releaseOnCanvas();
    void finishDraft();
    void drawHandles();
    double pickRadiusPx() const;
    Selection pick(Point image) const;
    void deleteSelection();

    // editor_panels.cpp
    void menuBar();
    void toolbar();
    void sidePanel();
    void hairlinePanel();
    void inspectorPanel();
    void summaryPanel();
    void warningsPanel();
    void statusBar();
    void presentationBar();

    // editor_simulation.cpp
    void updateSimulation();
    void simulationLabel();
    void simulationPanel(); // editor_panels.cpp

    // editor_files.cpp
    void openNow(const std::filesystem::path& file);
    void save();
    void saveAs(const std::filesystem::path& file);
    void startExport();
    void exportTo(const std::filesystem::path& file);
    void dialogs();
    void unsavedChangesDialog();
    void calibrationDialog();
    void errorDialog();
    void recoveryDialog();
    void keepRecoveryCopy();
    void updateImageSize();

    Document doc_;
    EditorServices services_;

    // Derived figures, recomputed when the plan's revision moves.
    std::uint64_t derivedRevision_ = ~std::uint64_t{0};
    Summary summary_;
    PlanShapes shapes_;

    // View and interaction state (not part of the plan).
    Tool tool_ = Tool::Select;
    Selection selection_;
    View view_;
    bool viewFitted_ = false;
    ScreenRect canvas_;
    std::pair<int, int> imageSize_{3000, 4000};
    std::vector<Point> draft_; ///< vertices of the zone, hairline or ruler being drawn
    bool dragging_ = false;
    Point dragStart_;      ///< image point where the drag began
    Outline dragOriginal_; ///< the dragged zone's outline when the drag began
    bool panning_ = false;
    bool symmetric_ = true;
    bool presentation_ = false;
    render::OverlayStyle style_;
    float uiScale_ = 1.0f;

    // The simulation view: marks placed on a worker thread, one placement at a time.
    bool showSimulation_ = false;
    std::future<Simulation> simulationJob_;
    std::uint64_t simulationJobRevision_ = 0; ///< the plan revision being placed
    std::shared_ptr<const Plan> simulationJobPlan_;
    std::shared_ptr<const Simulation> simulation_;
    std::shared_ptr<const Plan> simulationPlan_;
    std::uint64_t simulationPlanRevision_ = 0; ///< the plan revision simulation_ is of
    std::uint64_t simulationSerial_ = 0;

    // Dialogs.
    enum class Pending { None, Quit, Open };
    Pending pending_ = Pending::None;
    std::filesystem::path pendingFile_;
    bool askUnsaved_ = false;
    bool askingToSave_ = false;
    bool quitConfirmed_ = false;
    bool askCalibrationMm_ = false;
    double calibrationMm_ = 10.0;
    std::vector<std::string> errors_;
    std::string notice_;

    // Crash recovery.
    std::vector<RecoveryStore::Entry> recoverable_;
    bool offeringRecovery_ = false;
    std::uint64_t recoveryRevision_ = 0;
    bool recoveryWritten_ = false;
    double lastRecoveryWrite_ = 0; ///< ImGui time of the last copy  ///< a passing message in the
                                   ///< status bar, e.g. where an export went
    FileBrowser browser_;
};

} // namespace hp::app
