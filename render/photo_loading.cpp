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
    // Shared by both decoders, freed when the later one is done with it.
    auto bytes = std::make_shared<const std::vector<std::uint8_t>>(std::move(*read));
    std::unique_ptr<PhotoLoading> loading(new PhotoLoading);
    loading->path_ = path;
    const PhotoScale scale = scaleToFill(*bytes, viewWidth, viewHeight);
    bool reduce = scale.reduces();
    if (reduce) {
        // Started first, so that both cores decode at once: the full photo takes longer.
        try {
            loading->worker_ =
                std::thread(&PhotoLoading::decodeFull, loading.get(), bytes, tileSize);
        } catch (const std::system_error&) {
            reduce = false; // no thread to be had: the whole photo, now
        }
    }
    loading->reduced_ = reduce;
    loading->first_ = decodePhoto(*bytes, path.string(), reduce ? scale : PhotoScale{});
    if (!loading->first_.image) {
        if (error) *error = loading->first_.error;
        return nullptr; // the worker, refusing the same file, is waited for
    }
    return loading;
}

PhotoLoading::~PhotoLoading() {
    if (worker_.joinable()) worker_.join();
}

void PhotoLoading::decodeFull(std::shared_ptr<const std::vector<std::uint8_t>> bytes,
                              int tileSize) {
    Full full;
    try {
        PhotoLoad load = decodePhoto(*bytes, path_.string());
        bytes.reset();
        if (load.image) {
            PhotoTiles tiles(*load.image, tileSize);
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
    if (worker_.joinable()) worker_.join();
}

} // namespace hp::render
