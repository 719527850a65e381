#include "editor.hpp"

#include "keys.hpp"
#include "planning/hairline.hpp"

#include <imgui.h>

namespace hp::app {

Editor::Editor(Document document, EditorServices services)
    : doc_(std::move(document)), services_(std::move(services)) {
    updateImageSize();
    symmetric_ = true;
}

const Summary& Editor::summary() {
    refreshDerived();
    return summary_;
}

const PlanShapes& Editor::shapes() {
    refreshDerived();
    return shapes_;
}

void Editor::refreshDerived() {
    if (derivedRevision_ == doc_.revision()) return;
    const std::optional<HairlineGeometry> hairline = planHairlineGeometry(doc_.plan());
    summary_ = summarize(doc_.plan(), hairline);
    shapes_ = planShapes(doc_.plan(), hairline);
    derivedRevision_ = doc_.revision();
}

void Editor::frame() {
    uiScale_ = ImGui::GetIO().FontGlobalScale * ImGui::GetFontSize() / 16.0f;
    layout();
    if (!viewFitted_) {
        view_ = View::fit(imageSize_.first, imageSize_.second, canvas_);
        viewFitted_ = true;
    }
    handleShortcuts();
    refreshDerived();
    canvasWindow();
    if (presentation_) {
        presentationBar();
    } else {
        menuBar();
        toolbar();
        sidePanel();
        statusBar();
    }
    simulationLabel();
    dialogs();
    refreshDerived();
    updateSimulation();
    keepRecoveryCopy();
}

// While there are unsaved changes, a copy at the end of every gesture (and every 30 seconds
// during a long one); none once the plan is saved or back to what the file holds.
void Editor::keepRecoveryCopy() {
    const RecoveryStore* store = services_.recovery;
    if (!store) return;
    if (!doc_.modified()) {
        if (recoveryWritten_) store->remove(doc_);
        recoveryWritten_ = false;
        recoveryRevision_ = doc_.revision();
        return;
    }
    if (doc_.revision() == recoveryRevision_) return;
    const double now = ImGui::GetTime();
    if (doc_.editing() && now - lastRecoveryWrite_ < 30.0) return;
    if (const auto error = store->write(doc_)) {
        notice_ = "Cannot keep a recovery copy: " + *error;
    } else {
        recoveryWritten_ = true;
    }
    recoveryRevision_ = doc_.revision();
    lastRecoveryWrite_ = now;
}

void Editor::finish() {
    // Only the copy this editor wrote: one left by a crash and not yet answered stays offered.
    if (services_.recovery && recoveryWritten_) services_.recovery->remove(doc_);
    recoveryWritten_ = false;
}

void Editor::offerRecovery(std::vector<RecoveryStore::Entry> entries) {
    recoverable_ = std::move(entries);
}

// The canvas is the window less the menu bar, toolbar, side panel and status bar (all of the
// window in the presentation view).
void Editor::layout() {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    if (presentation_) {
        canvas_ = {0, 0, display.x, display.y};
        return;
    }
    const double top = ImGui::GetFrameHeight() + (ImGui::GetFrameHeight() + 14 * uiScale_);
    const double bottom = ImGui::GetFrameHeight() + 6 * uiScale_;
    const double side = std::min<double>(420 * uiScale_, display.x * 0.45);
    canvas_ = {0, top, std::max(0.0, display.x - side), std::max(0.0, display.y - top - bottom)};
}

void Editor::setTool(Tool tool) {
    if (tool_ != tool) cancelDraft();
    tool_ = tool;
}

void Editor::cancelDraft() {
    draft_.clear();
    askCalibrationMm_ = false;
}

void Editor::handleShortcuts() {
    const ImGuiIO& io = ImGui::GetIO();
    if (ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) return; // dialogs take the keys
    const auto pressed = [](int key) { return ImGui::IsKeyPressed(key, false); };
    const auto named = [](ImGuiKey key) {
        return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key), false);
    };

    if (io.KeyCtrl) {
        if (pressed(keys::kLetter('Z')) && io.KeyShift)
            doc_.redo();
        else if (pressed(keys::kLetter('Z')))
            doc_.undo();
        else if (pressed(keys::kLetter('Y')))
            doc_.redo();
        else if (pressed(keys::kLetter('S')) && io.KeyShift)
            browser_.open(FileBrowser::Mode::Save, doc_.file().parent_path(),
                          doc_.file().filename().string());
        else if (pressed(keys::kLetter('S')))
            save();
        else if (pressed(keys::kLetter('O')))
            browser_.open(FileBrowser::Mode::Open, doc_.file().parent_path());
        else if (pressed(keys::kLetter('E')))
            startExport();
        else if (pressed(keys::kLetter('Q')))
            requestQuit();
        return;
    }
    if (io.WantTextInput) return;

    if (named(ImGuiKey_Escape)) {
        if (!draft_.empty())
            cancelDraft();
        else if (presentation_)
            presentation_ = false;
        else
            selection_ = {};
    }
    if (named(ImGuiKey_Enter) || named(ImGuiKey_KeyPadEnter)) finishDraft();
    if (named(ImGuiKey_Backspace) && !draft_.empty()) draft_.pop_back();
    if (named(ImGuiKey_Delete) && draft_.empty()) deleteSelection();

    if (pressed(keys::kLetter('P'))) presentation_ = !presentation_;
    if (pressed(keys::kLetter('R'))) setSimulationShown(!showSimulation_);
    if (pressed(keys::kLetter('F')))
        view_ = View::fit(imageSize_.first, imageSize_.second, canvas_);
    if (pressed(keys::kDigit1)) view_ = View::actualSize(view_, canvas_);
    if (presentation_) return;
    const std::pair<char, Tool> toolKeys[] = {{'V', Tool::Select},    {'H', Tool::Hairline},
                                              {'G', Tool::GraftZone}, {'S', Tool::SmpZone},
                                              {'D', Tool::DonorZone}, {'C', Tool::Calibrate},
                                              {'L', Tool::Glabella}};
    for (const auto& [key, tool] : toolKeys)
        if (pressed(keys::kLetter(key))) setTool(tool);
}

void Editor::showError(std::string message) {
    errors_.push_back(std::move(message));
}

} // namespace hp::app
