#include "file_browser.hpp"

#include <algorithm>
#include <cstring>
#include <imgui.h>

namespace hp::app {

namespace fs = std::filesystem;

namespace {

std::string lowerExtension(const fs::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return ext;
}

bool isImage(const fs::path& p) {
    const std::string ext = lowerExtension(p);
    return ext == ".png" || ext == ".jpg" || ext == ".jpeg";
}

bool isPlanOrPhoto(const fs::path& p) {
    return lowerExtension(p) == ".json" || isImage(p);
}

void copyTo(char* buffer, std::size_t size, const std::string& text) {
    std::strncpy(buffer, text.c_str(), size - 1);
    buffer[size - 1] = '\0';
}

} // namespace

void FileBrowser::open(Mode mode, fs::path folder, std::string suggestedName) {
    mode_ = mode;
    open_ = true;
    justOpened_ = true;
    std::error_code ec;
    if (folder.empty() || !fs::is_directory(folder, ec)) folder = fs::current_path(ec);
    folder_ = fs::absolute(folder, ec);
    copyTo(name_, sizeof name_, suggestedName);
    confirmReplace_.reset();
    list();
}

void FileBrowser::list() {
    entries_.clear();
    listError_.clear();
    selected_ = -1;
    copyTo(path_, sizeof path_, folder_.string());
    std::error_code ec;
    for (fs::directory_iterator it(folder_, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.empty() || name[0] == '.') continue;
        std::error_code typeError;
        const bool folder = it->is_directory(typeError);
        const bool listed = mode_ == Mode::Open   ? isPlanOrPhoto(it->path())
                            : mode_ == Mode::Save ? lowerExtension(it->path()) == ".json"
                                                  : isImage(it->path());
        if (folder || listed) entries_.push_back({name, folder});
    }
    if (ec) listError_ = "Cannot list " + folder_.string() + ": " + ec.message();
    std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
        return a.folder != b.folder ? a.folder : a.name < b.name;
    });
}

std::optional<fs::path> FileBrowser::choose(const fs::path& file) {
    std::error_code ec;
    if (mode_ != Mode::Open && fs::exists(file, ec) && confirmReplace_ != file) {
        confirmReplace_ = file;
        return std::nullopt;
    }
    open_ = false;
    ImGui::CloseCurrentPopup();
    return file;
}

std::optional<fs::path> FileBrowser::draw(float uiScale) {
    const char* title = mode_ == Mode::Open   ? "Open plan or photo"
                        : mode_ == Mode::Save ? "Save plan as"
                                              : "Export plan image";
    if (justOpened_) {
        ImGui::OpenPopup(title);
        justOpened_ = false;
    }
    if (!open_) return std::nullopt;
    std::optional<fs::path> chosen;
    const ImVec2 centre = ImGui::GetMainViewport()->GetCenter();
    ImGui::SetNextWindowPos(centre, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(640 * uiScale, 460 * uiScale), ImGuiCond_Appearing);
    bool keepOpen = true;
    if (!ImGui::BeginPopupModal(title, &keepOpen)) {
        open_ = ImGui::IsPopupOpen(title);
        return std::nullopt;
    }
    if (ImGui::Button("Up") && folder_.has_parent_path() && folder_.parent_path() != folder_) {
        folder_ = folder_.parent_path();
        list();
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputText("##folder", path_, sizeof path_, ImGuiInputTextFlags_EnterReturnsTrue)) {
        std::error_code ec;
        const fs::path typed(path_);
        if (fs::is_directory(typed, ec)) {
            folder_ = fs::absolute(typed, ec);
            list();
        } else if (mode_ == Mode::Open && fs::is_regular_file(typed, ec)) {
            chosen = choose(typed);
        } else {
            listError_ = "No such folder: " + typed.string();
        }
    }

    const float footer = ImGui::GetFrameHeightWithSpacing() * (mode_ != Mode::Open ? 3.2f : 2.2f);
    ImGui::BeginChild("##entries", ImVec2(0, -footer), true);
    if (!listError_.empty())
        ImGui::TextColored(ImVec4(0.9f, 0.4f, 0.3f, 1), "%s", listError_.c_str());
    for (int i = 0; i < static_cast<int>(entries_.size()) && !chosen; ++i) {
        const Entry& e = entries_[static_cast<std::size_t>(i)];
        const std::string label = (e.folder ? "[folder]  " : "") + e.name;
        if (ImGui::Selectable(label.c_str(), selected_ == i,
                              ImGuiSelectableFlags_AllowDoubleClick)) {
            selected_ = i;
            if (!e.folder && mode_ != Mode::Open) copyTo(name_, sizeof name_, e.name);
            if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
                if (e.folder) {
                    folder_ /= e.name;
                    list();
                    break;
                }
                chosen = choose(folder_ / e.name);
            }
        }
    }
    if (entries_.empty() && listError_.empty()) ImGui::TextDisabled("No plans or photos here.");
    ImGui::EndChild();

    if (mode_ != Mode::Open) {
        const bool save = mode_ == Mode::Save;
        ImGui::SetNextItemWidth(-1);
        if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere(); // type a name, press Enter
        const bool enter =
            ImGui::InputTextWithHint("##name", save ? "plan name.json" : "image name.png (or .jpg)",
                                     name_, sizeof name_, ImGuiInputTextFlags_EnterReturnsTrue);
        if ((ImGui::Button(save ? "Save" : "Export") || enter) && name_[0] != '\0' && !chosen) {
            fs::path file = folder_ / name_;
            if (save && lowerExtension(file) != ".json") file += ".json";
            if (!save && !isImage(file)) file += ".png";
            chosen = choose(file);
        }
        if (confirmReplace_ && !chosen) {
            ImGui::SameLine();
            ImGui::TextColored(ImVec4(0.95f, 0.7f, 0.3f, 1),
                               "%s exists: press again to replace it.",
                               confirmReplace_->filename().string().c_str());
        }
    } else {
        const bool canOpen =
            selected_ >= 0 && !entries_[static_cast<std::size_t>(selected_)].folder;
        ImGui::BeginDisabled(!canOpen);
        if (ImGui::Button("Open") && canOpen && !chosen)
            chosen = choose(folder_ / entries_[static_cast<std::size_t>(selected_)].name);
        ImGui::EndDisabled();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        open_ = false;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
    if (!keepOpen) open_ = false;
    return chosen;
}

} // namespace hp::app
