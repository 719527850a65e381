#include "photo_loads.hpp"

#include <system_error>

namespace hp::app {

namespace fs = std::filesystem;

bool sameFile(const fs::path& a, const fs::path& b) {
    if (a == b) return true;
    if (a.empty() || b.empty()) return false;
    std::error_code ec;
    const fs::path normalA = fs::absolute(a, ec).lexically_normal();
    const fs::path normalB = fs::absolute(b, ec).lexically_normal();
    if (!ec && normalA == normalB) return true;
    return fs::equivalent(a, b, ec) && !ec;
}

std::optional<std::pair<int, int>> PhotoLoads::open(const fs::path& file, std::string* error) {
    waiting_.reset(); // a photo opened before and never shown
    waiting_ = start(file, error);
    if (!waiting_) return std::nullopt;
    return std::pair{waiting_->width(), waiting_->height()};
}

std::unique_ptr<render::PhotoLoading> PhotoLoads::take(const fs::path& file) {
    if (!waiting_) return nullptr;
    std::unique_ptr<render::PhotoLoading> loading = std::move(waiting_);
    if (!sameFile(loading->path(), file)) return nullptr; // dropped: the editor moved on
    return loading;
}

std::unique_ptr<render::PhotoLoading> PhotoLoads::start(const fs::path& file,
                                                        std::string* error) const {
    return render::PhotoLoading::start(file, canvasWidth_, canvasHeight_, kTileSize, error);
}

void PhotoLoads::setCanvasSize(int width, int height) {
    if (width <= 0 || height <= 0) return; // minimised: keep the last real size
    canvasWidth_ = width;
    canvasHeight_ = height;
}

} // namespace hp::app
