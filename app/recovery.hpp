// Crash recovery: while a plan has unsaved changes, a copy of it is kept in the user's state
// folder ($XDG_STATE_HOME/hairplan/recovery, never beside the patient's files); after a crash
// the next start offers it back. A normal save or quit removes it.
#pragma once

#include "document.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hp::app {

class RecoveryStore {
  public:
    /// Copies go into `folder` (created when first needed).
    explicit RecoveryStore(std::filesystem::path folder) : folder_(std::move(folder)) {}

    /// $XDG_STATE_HOME/hairplan/recovery, or ~/.local/state/hairplan/recovery.
    static std::filesystem::path defaultFolder();

    /// Writes the document's plan (atomically) as its recovery copy. Returns an error message.
    std::optional<std::string> write(const Document& document) const;
    /// Removes the document's recovery copy, if there is one.
    void remove(const Document& document) const;

    struct Entry {
        std::filesystem::path copy;     ///< the recovery file
        std::filesystem::path planFile; ///< the plan it belongs to; empty if never saved
        Plan plan;                      ///< the unsaved plan, its photo path absolute
    };
    /// The recovery copies that can be read, newest first.
    std::vector<Entry> list() const;
    void discard(const Entry& entry) const;

  private:
    std::filesystem::path copyFor(const Document& document) const;
    std::filesystem::path folder_;
};

} // namespace hp::app
