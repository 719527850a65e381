#include "render/photo_loading.hpp"

#include <exception>
#include <new>
#include <system_error>
#include <utility>

namespace hp::render {

std::unique_ptr<PhotoLoading> PhotoLoading::start(const std::filesystem::path& path, int viewWidth,
                                                  int viewHeight, int tileSize,
                                                  std::string* error) {
    std::string readError;
    std::optional<std::vector<std::uint8_t>> read = readPhotoFile(path, &readError);
    if (!read) {
        if (error) *error = std::move(readError);
        return nullptr;
    }
    auto bytes = std::make_shared<const std::vector<std::uint8_t>>(std::move(*read));
    std::unique_ptr<PhotoLoading> loading(new PhotoLoading);
    loading->path_ = path;
    const PhotoScale scale = scaleToFill(*bytes, viewWidth, viewHeight);
    loading->first_ = decodePhoto(*bytes, path.string(), scale);
    if (!loading->first_.image) {
        if (error) *error = loading->first_.error;
        return nullptr;
    }
    if (scale.reduces()) {
        loading->reduced_ = true;
        loading->tileSize_ = tileSize;
        loading->bytes_ = std::move(bytes); // for the worker
    }
    return loading;
}

PhotoLoading::~PhotoLoading() {
    if (worker_.joinable()) worker_.join();
}

void PhotoLoading::startFull() {
    if (!reduced_ || started_) return;
    started_ = true;
    try {
        worker_ = std::thread(&PhotoLoading::decodeFull, this, std::move(bytes_));
    } catch (const std::system_error&) {
        decodeFull(std::move(bytes_)); // no thread to be had: here and now
    }
}

void PhotoLoading::decodeFull(std::shared_ptr<const std::vector<std::uint8_t>> bytes) {
    Full full;
    try {
        PhotoLoad load = decodePhoto(*bytes, path_.string());
        bytes.reset();
        if (load.image) {
            PhotoTiles tiles(*load.image, tileSize_);
            full.photo = std::make_shared<const PreparedPhoto>(
                PreparedPhoto{std::move(*load.image), load.placement, std::move(tiles)});
        } else {
            full.error = std::move(load.error);
        }
    } catch (const std::bad_alloc&) {
        full.error = path_.string() + ": not enough memory to decode the photo at full resolution";
    } catch (const std::exception& e) {
        full.error =
            path_.string() + ": cannot decode the photo at full resolution (" + e.what() + ")";
    }
    full_ = std::move(full);
    done_.store(true, std::memory_order_release);
}

std::optional<PhotoLoading::Full> PhotoLoading::takeFull() {
    if (!done_.load(std::memory_order_acquire) || !full_) return std::nullopt;
    if (worker_.joinable()) worker_.join(); // it has written full_: this returns at once
    std::optional<Full> full = std::move(full_);
    full_.reset();
    return full;
}

void PhotoLoading::waitForFull() {
    startFull();
    if (worker_.joinable()) worker_.join();
}

} // namespace hp::render
