#include "recovery.hpp"

#include "planning/plan_io.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace hp::app {

namespace fs = std::filesystem;

namespace {

// One copy per plan: named by a hash of the plan's path (of its photo for a plan never saved).
std::string keyOf(const Document& document) {
    std::error_code ec;
    const fs::path source = document.file().empty() ? document.photoPath() : document.file();
    const std::string text = fs::absolute(source, ec).lexically_normal().string();
    std::uint64_t hash = 14695981039346656037ull; // FNV-1a
    for (const unsigned char c : text)
        hash = (hash ^ c) * 1099511628211ull;
    char name[32];
    std::snprintf(name, sizeof name, "%016llx.json", static_cast<unsigned long long>(hash));
    return name;
}

} // namespace

fs::path RecoveryStore::defaultFolder() {
    if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state)
        return fs::path(state) / "hairplan" / "recovery";
    const char* home = std::getenv("HOME");
    return fs::path(home && *home ? home : "/tmp") / ".local" / "state" / "hairplan" / "recovery";
}

fs::path RecoveryStore::copyFor(const Document& document) const {
    return folder_ / keyOf(document);
}

std::optional<std::string> RecoveryStore::write(const Document& document) const {
    std::error_code ec;
    fs::create_directories(folder_, ec);
    if (ec) return "cannot create " + folder_.string() + ": " + ec.message();
    Plan plan = document.plan();
    // The copy lives elsewhere than the plan: keep its photo reachable.
    if (!plan.photo.empty()) plan.photo = fs::absolute(document.photoPath(), ec).generic_string();
    nlohmann::ordered_json copy;
    copy["hairplan_recovery"] = 1;
    copy["file"] = document.file().empty() ? "" : fs::absolute(document.file(), ec).string();
    copy["plan"] = nlohmann::ordered_json::parse(planToJson(plan));
    return writeFileAtomically(copyFor(document), copy.dump() + "\n");
}

void RecoveryStore::remove(const Document& document) const {
    std::error_code ec;
    fs::remove(copyFor(document), ec);
}

std::vector<RecoveryStore::Entry> RecoveryStore::list() const {
    std::vector<std::pair<fs::file_time_type, Entry>> found;
    std::error_code ec;
    for (fs::directory_iterator it(folder_, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->path().extension() != ".json") continue;
        std::ifstream in(it->path(), std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        // A copy that cannot be read (cut short by the crash itself, say) is passed over.
        const auto json = nlohmann::json::parse(text.str(), nullptr, false);
        if (json.is_discarded() || !json.is_object() || !json.contains("plan") ||
            !json.contains("file") || !json["file"].is_string())
            continue;
        PlanLoad load = parsePlanJson(json["plan"].dump());
        if (!load.plan) continue;
        std::error_code timeError;
        const auto when = fs::last_write_time(it->path(), timeError);
        found.push_back(
            {when, Entry{it->path(), json["file"].get<std::string>(), std::move(*load.plan)}});
    }
    std::sort(found.begin(), found.end(),
              [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<Entry> entries;
    for (auto& [when, entry] : found)
        entries.push_back(std::move(entry));
    return entries;
}

void RecoveryStore::discard(const Entry& entry) const {
    std::error_code ec;
    fs::remove(entry.copy, ec);
}

} // namespace hp::app
