// The open plan with its file, its undo history and its saved state. Every change to the plan
// goes through this one write path, so that each user gesture (a whole drag, a whole field edit)
// is one undo step and the title's "*" is always right.
#pragma once

#include "planning/plan.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hp::app {

class Document {
  public:
    Document() = default;
    Document(Plan plan, std::filesystem::path file);

    /// A plan brought back from a recovery copy: `plan` with unsaved changes to `file` (empty
    /// if it was never saved). It counts as modified until it is saved.
    static Document recovered(Plan plan, std::filesystem::path file);

    const Plan& plan() const { return plan_; }

    /// The plan file, or empty for a plan never saved (a new plan from a photo).
    const std::filesystem::path& file() const { return file_; }

    /// The photo's path as the program opens it (the plan's `photo` resolved against the plan
    /// file's folder); empty when the plan has no photo.
    std::filesystem::path photoPath() const;

    /// Starts a gesture (if none is open) and returns the plan to change. Every frame of a drag
    /// may call it; the snapshot is taken only at the first.
    Plan& beginEdit();
    /// Ends the open gesture: one undo step when the plan changed, nothing otherwise.
    void endEdit();
    /// A whole gesture at once: `change(plan)` between beginEdit and endEdit.
    template <typename Change> void edit(Change&& change) {
        change(beginEdit());
        endEdit();
    }
    bool editing() const { return gestureStart_.has_value(); }

    bool canUndo() const { return !undo_.empty(); }
    bool canRedo() const { return !redo_.empty(); }
    void undo();
    void redo();

    /// True when the plan differs from the file's contents (or was never saved).
    bool modified() const {
        return file_.empty() ? everEdited_ || !undo_.empty() : plan_ != saved_;
    }

    /// Changes with every change of the plan (edits, undo, redo): derived figures are
    /// recomputed when it moves. Unique across documents: two documents never share one.
    std::uint64_t revision() const { return revision_; }

    /// Writes the plan atomically to `file` (its photo path rewritten relative to the new
    /// folder). On success the document takes that file and counts as saved. Returns an error
    /// message or nullopt.
    std::optional<std::string> saveAs(const std::filesystem::path& file);
    std::optional<std::string> save() { return saveAs(file_); }

    /// Title for the window: "plan.json* - hairplan".
    std::string title() const;

  private:
    void replacePlan(Plan plan);

    Plan plan_;
    Plan saved_;
    std::filesystem::path file_;
    std::optional<Plan> gestureStart_;
    std::vector<Plan> undo_;
    std::vector<Plan> redo_;
    std::uint64_t revision_ = 0;
    bool everEdited_ = false;
};

/// Opens a plan file, a photo (a new, unsaved plan over it) or, later, an exported plan image.
/// Returns the document, or an error message naming the file and the problem.
struct OpenResult {
    std::optional<Document> document;
    std::string error;
};
OpenResult openPlanFile(const std::filesystem::path& file);

/// A new, unsaved plan over a photo of the given displayed size.
Document newPlanForPhoto(const std::filesystem::path& photo, int width, int height);

} // namespace hp::app
