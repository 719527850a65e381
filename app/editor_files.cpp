// Opening and saving, and the dialogs: unsaved changes, the ruler's length, error messages.
#include "editor.hpp"

#include <algorithm>
#include <fstream>
#include <imgui.h>

namespace hp::app {

namespace fs = std::filesystem;

namespace {

enum class FileKind { Plan, Photo, Unknown };

// By content first (a photo renamed .json is still a photo), then by extension.
FileKind sniff(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    unsigned char head[8] = {};
    in.read(reinterpret_cast<char*>(head), sizeof head);
    if (in.gcount() >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        return FileKind::Photo;
    if (in.gcount() >= 8 && head[0] == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G')
        return FileKind::Photo;
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (ext == ".json") return FileKind::Plan;
    if (ext == ".png" || ext == ".jpg" || ext == ".jpeg") return FileKind::Photo;
    return FileKind::Unknown;
}

} // namespace

void Editor::requestOpen(const fs::path& file) {
    if (doc_.modified()) {
        pending_ = Pending::Open;
        pendingFile_ = file;
        askUnsaved_ = true;
        return;
    }
    openNow(file);
}

void Editor::requestQuit() {
    if (doc_.modified()) {
        pending_ = Pending::Quit;
        askUnsaved_ = true;
        return;
    }
    quitConfirmed_ = true;
}

OpenResult openAnyFile(const fs::path& file, const EditorServices& services) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec))
        return {std::nullopt,
                file.string() + ": " + (fs::exists(file, ec) ? "not a file" : "no such file")};
    switch (sniff(file)) {
    case FileKind::Plan:
        return openPlanFile(file);
    case FileKind::Photo: {
        std::string error;
        const auto& read = services.openPhoto ? services.openPhoto : services.photoSize;
        const auto size = read ? read(file, &error) : std::nullopt;
        if (!size)
            return {std::nullopt,
                    error.empty() ? file.string() + ": cannot read the photo" : error};
        return {newPlanForPhoto(file, size->first, size->second), {}};
    }
    case FileKind::Unknown:
        break;
    }
    return {std::nullopt, file.string() + ": not a plan (.json) or a photo (.jpg, .png)"};
}

void Editor::openNow(const fs::path& file) {
    OpenResult opened = openAnyFile(file, services_);
    if (!opened.document) return showError(opened.error);
    finish(); // the plan being closed was saved or its changes let go
    doc_ = std::move(*opened.document);
    selection_ = {};
    draft_.clear();
    dragging_ = false;
    viewFitted_ = false;
    updateImageSize();
}

void Editor::updateImageSize() {
    const Plan& plan = doc_.plan();
    const fs::path photo = doc_.photoPath();
    if (!photo.empty() && services_.photoSize) {
        std::string error;
        if (const auto size = services_.photoSize(photo, &error)) {
            imageSize_ = *size;
            return;
        }
        showError("The plan's photo cannot be shown (" + error +
                  "); the plan itself is intact and can be edited.");
    }
    if (plan.imageSize) imageSize_ = *plan.imageSize;
}

void Editor::save() {
    if (doc_.file().empty()) {
        browser_.open(FileBrowser::Mode::Save, doc_.photoPath().parent_path(), "plan.json");
        return;
    }
    if (const auto error = doc_.save()) return showError("Could not save: " + *error);
    notice_ = "Saved " + doc_.file().filename().string();
}

void Editor::saveAs(const fs::path& file) {
    if (const auto error = doc_.saveAs(file)) {
        showError("Could not save: " + *error);
        pending_ = Pending::None;
        return;
    }
    notice_ = "Saved " + file.filename().string();
    // A save that was asked for on the way to quitting or opening another file.
    if (pending_ == Pending::Quit) quitConfirmed_ = true;
    if (pending_ == Pending::Open) openNow(pendingFile_);
    pending_ = Pending::None;
}

void Editor::startExport() {
    if (!services_.exportImage) return showError("This build of hairplan cannot export images.");
    const fs::path folder =
        doc_.file().empty() ? doc_.photoPath().parent_path() : doc_.file().parent_path();
    const std::string stem = doc_.file().empty() ? "plan" : doc_.file().stem().string();
    browser_.open(FileBrowser::Mode::Export, folder, stem + ".png");
}

void Editor::exportTo(const fs::path& file) {
    // What is on the screen is what is exported: with the simulation when it is shown.
    if (const auto error = services_.exportImage(doc_.plan(), doc_.file(), file, showSimulation_))
        return showError("Could not export the plan image: " + *error);
    notice_ = (showSimulation_ ? "Exported with the simulation: " : "Exported ") + file.string();
}

void Editor::dialogs() {
    if (const auto chosen = browser_.draw(uiScale_)) {
        switch (browser_.mode()) {
        case FileBrowser::Mode::Save:
            saveAs(*chosen);
            break;
        case FileBrowser::Mode::Export:
            exportTo(*chosen);
            break;
        case FileBrowser::Mode::Open:
            requestOpen(*chosen);
            break;
        }
    }
    unsavedChangesDialog();
    calibrationDialog();
    errorDialog();
    recoveryDialog();
}

void Editor::recoveryDialog() {
    offeringRecovery_ = false;
    if (recoverable_.empty() || !errors_.empty()) return;
    if (!ImGui::IsPopupOpen("Restore unsaved work?")) ImGui::OpenPopup("Restore unsaved work?");
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal("Restore unsaved work?", nullptr,
                                ImGuiWindowFlags_AlwaysAutoResize))
        return;
    offeringRecovery_ = true;
    const RecoveryStore::Entry& entry = recoverable_.front();
    const std::string name =
        entry.planFile.empty() ? "a new plan" : entry.planFile.filename().string();
    ImGui::Text("hairplan closed without saving the changes to %s.", name.c_str());
    ImGui::TextDisabled("Restore them, or discard them for good?");
    ImGui::Spacing();
    if (ImGui::Button("Restore") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter))) {
        finish();
        doc_ = Document::recovered(entry.plan, entry.planFile);
        selection_ = {};
        draft_.clear();
        viewFitted_ = false;
        updateImageSize();
        services_.recovery->discard(entry);
        recoveryRevision_ = ~std::uint64_t{0}; // write a fresh copy for the restored plan
        recoverable_.erase(recoverable_.begin());
        ImGui::CloseCurrentPopup();
    } else if (ImGui::Button("Discard")) {
        services_.recovery->discard(entry);
        recoverable_.erase(recoverable_.begin());
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

void Editor::unsavedChangesDialog() {
    if (askUnsaved_) {
        ImGui::OpenPopup("Unsaved changes");
        askUnsaved_ = false;
    }
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    askingToSave_ =
        ImGui::BeginPopupModal("Unsaved changes", nullptr, ImGuiWindowFlags_AlwaysAutoResize);
    if (!askingToSave_) return;
    const std::string name =
        doc_.file().empty() ? "this new plan" : doc_.file().filename().string();
    ImGui::Text("Save the changes to %s before %s?", name.c_str(),
                pending_ == Pending::Quit ? "quitting" : "opening another file");
    ImGui::TextDisabled("Without saving, they are lost.");
    ImGui::Spacing();
    if (ImGui::Button("Save")) {
        ImGui::CloseCurrentPopup();
        if (doc_.file().empty()) {
            browser_.open(FileBrowser::Mode::Save, doc_.photoPath().parent_path(), "plan.json");
        } else {
            saveAs(doc_.file());
        }
    }
    ImGui::SameLine();
    if (ImGui::Button("Don't save")) {
        ImGui::CloseCurrentPopup();
        if (pending_ == Pending::Quit) quitConfirmed_ = true;
        if (pending_ == Pending::Open) openNow(pendingFile_);
        pending_ = Pending::None;
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        ImGui::CloseCurrentPopup();
        pending_ = Pending::None;
    }
    ImGui::EndPopup();
}

void Editor::calibrationDialog() {
    if (askCalibrationMm_ && !ImGui::IsPopupOpen("Scale")) ImGui::OpenPopup("Scale");
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal("Scale", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    ImGui::TextUnformatted("Real distance between the two points, as read on the ruler:");
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.0f);
    const bool enter = ImGui::InputDouble("mm", &calibrationMm_, 1.0, 10.0, "%.1f",
                                          ImGuiInputTextFlags_EnterReturnsTrue);
    const bool valid = calibrationMm_ > 0 && calibrationMm_ <= 10000 && draft_.size() == 2;
    if (!valid)
        ImGui::TextColored(ImVec4(0.95f, 0.45f, 0.35f, 1), "Enter a length in (0, 10000] mm.");
    ImGui::BeginDisabled(!valid);
    if ((ImGui::Button("Set scale") || enter) && valid) {
        const RulerCalibration ruler{draft_[0], draft_[1], calibrationMm_};
        doc_.edit([&](Plan& p) { p.calibration = ruler; });
        draft_.clear();
        askCalibrationMm_ = false;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        draft_.clear();
        askCalibrationMm_ = false;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

void Editor::errorDialog() {
    if (errors_.empty()) return;
    if (!ImGui::IsPopupOpen("Problem")) ImGui::OpenPopup("Problem");
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal("Problem", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 36.0f);
    ImGui::TextUnformatted(errors_.front().c_str());
    ImGui::PopTextWrapPos();
    ImGui::TextDisabled("The open plan has not been changed.");
    if (ImGui::Button("OK") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        errors_.erase(errors_.begin());
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

} // namespace hp::app
