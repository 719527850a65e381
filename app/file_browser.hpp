// The in-app file browser (Ctrl+O, Save As): a modal ImGui window over the editor. Kept behind
// this small interface so the rest of the editor never depends on how a file is chosen.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hp::app {

class FileBrowser {
  public:
    enum class Mode { Open, Save, Export };

    /// Opens the browser in `folder`. Open lists plans and photos; Save lists plans and Export
    /// images, and both ask for a name, offering `suggestedName`.
    void open(Mode mode, std::filesystem::path folder, std::string suggestedName = {});
    bool isOpen() const { return open_; }
    Mode mode() const { return mode_; }

    /// Draws the browser when it is open; returns the chosen file once, when the user picks it.
    std::optional<std::filesystem::path> draw(float uiScale);

  private:
    void list();
    std::optional<std::filesystem::path> choose(const std::filesystem::path& file);

    struct Entry {
        std::string name;
        bool folder = false;
    };
    Mode mode_ = Mode::Open;
    bool open_ = false;
    bool justOpened_ = false;
    std::filesystem::path folder_;
    std::vector<Entry> entries_;
    std::string listError_;
    char name_[512] = {};
    char path_[1024] = {};
    int selected_ = -1;
    std::optional<std::filesystem::path> confirmReplace_;
};

} // namespace hp::app
