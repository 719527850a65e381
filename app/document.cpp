#include "document.hpp"

#include "planning/plan_io.hpp"

#include <atomic>

namespace hp::app {

namespace fs = std::filesystem;

namespace {
/// Revisions are drawn from one counter for every document, so that a document opened in place
/// of another never shows a revision the editor already computed figures for.
std::uint64_t freshRevision() {
    static std::atomic<std::uint64_t> counter{0};
    return ++counter;
}
} // namespace

Document::Document(Plan plan, fs::path file)
    : plan_(std::move(plan)), saved_(plan_), file_(std::move(file)), revision_(freshRevision()) {}

Document Document::recovered(Plan plan, fs::path file) {
    Document doc(std::move(plan), std::move(file));
    // Compared with the file as it is on disk, if it can be read; modified in any case.
    if (!doc.file_.empty())
        if (PlanLoad onDisk = loadPlanFile(doc.file_); onDisk.plan)
            doc.saved_ = std::move(*onDisk.plan);
    doc.everEdited_ = true;
    if (doc.saved_ == doc.plan_) doc.saved_ = Plan{};
    return doc;
}

fs::path Document::photoPath() const {
    if (plan_.photo.empty()) return {};
    const fs::path photo(plan_.photo);
    if (photo.is_absolute() || file_.empty()) return photo;
    return file_.parent_path() / photo;
}

Plan& Document::beginEdit() {
    if (!gestureStart_) gestureStart_ = plan_;
    revision_ = freshRevision(); // the caller is about to change the plan
    return plan_;
}

void Document::endEdit() {
    if (!gestureStart_) return;
    if (plan_ != *gestureStart_) {
        undo_.push_back(std::move(*gestureStart_));
        redo_.clear();
        everEdited_ = true;
    }
    gestureStart_.reset();
}

void Document::replacePlan(Plan plan) {
    plan_ = std::move(plan);
    revision_ = freshRevision();
}

void Document::undo() {
    endEdit();
    if (undo_.empty()) return;
    redo_.push_back(plan_);
    Plan previous = std::move(undo_.back());
    undo_.pop_back();
    replacePlan(std::move(previous));
}

void Document::redo() {
    endEdit();
    if (redo_.empty()) return;
    undo_.push_back(plan_);
    Plan next = std::move(redo_.back());
    redo_.pop_back();
    replacePlan(std::move(next));
}

std::optional<std::string> Document::saveAs(const fs::path& target) {
    if (target.empty()) return "the plan has no file name yet";
    endEdit();
    Plan toSave = plan_;
    const fs::path photo = photoPath();
    std::error_code same;
    if (!photo.empty() && fs::equivalent(target, photo, same))
        return target.string() + ": this is the plan's photo; choose another name for the plan";
    if (!photo.empty()) {
        // Keep the photo reachable from the plan's new folder, relative when possible.
        std::error_code ec;
        const fs::path absolutePhoto = fs::absolute(photo, ec);
        const fs::path folder = fs::absolute(target, ec).parent_path();
        const fs::path relative = absolutePhoto.lexically_relative(folder);
        toSave.photo = (!relative.empty() ? relative : absolutePhoto).generic_string();
    }
    if (const auto error = savePlanFile(toSave, target)) return error;
    const bool photoChanged = toSave.photo != plan_.photo;
    file_ = target;
    plan_ = toSave;
    saved_ = toSave;
    everEdited_ = false;
    if (photoChanged) revision_ = freshRevision();
    return std::nullopt;
}

std::string Document::title() const {
    const std::string name = file_.empty() ? "Untitled plan" : file_.filename().string();
    return name + (modified() ? "*" : "") + " \u2014 hairplan";
}

OpenResult openPlanFile(const fs::path& file) {
    PlanLoad load = loadPlanFile(file);
    if (!load.plan) {
        std::string message;
        for (const PlanError& e : load.errors) {
            if (!message.empty()) message += '\n';
            message += file.string() + ": " + e.describe();
        }
        return {std::nullopt, message};
    }
    return {Document(std::move(*load.plan), file), {}};
}

Document newPlanForPhoto(const fs::path& photo, int width, int height) {
    Plan plan;
    std::error_code ec;
    plan.photo = fs::absolute(photo, ec).generic_string();
    plan.imageSize = std::pair{width, height};
    Document doc(std::move(plan), {});
    return doc;
}

} // namespace hp::app
