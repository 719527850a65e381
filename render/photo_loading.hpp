// Opening a photo for the screen in two steps: an image decoded at once at the reduced scale the
// view needs, for the first frame, while a worker thread decodes the photo at full resolution
// and prepares its tiles and mipmaps for the GPU. No GL here: PhotoTexture uploads the results.
#pragma once

#include "render/photo.hpp"
#include "render/photo_tiles.hpp"

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace hp::render {

class PhotoLoading {
  public:
    /// Reads the photo at `path`. A JPEG larger than a fitted view of `viewWidth` x
    /// `viewHeight` pixels needs is decoded at once at scaleToFill()'s scale for the first
    /// frame, while a worker thread decodes it whole and cuts it into tiles of `tileSize`
    /// pixels with their mipmaps (PhotoTiles). A PNG, or a JPEG no larger than the view, is
    /// decoded whole at once, and there is nothing more to wait for.
    ///
    /// Returns null and sets `*error` (when not null) when the file cannot be read or decoded,
    /// in loadPhoto()'s words: the reduced decode reads every part of the file and refuses all
    /// that the full one would. A file damaged but decodable gives a warning().
    static std::unique_ptr<PhotoLoading> start(const std::filesystem::path& path, int viewWidth,
                                               int viewHeight, int tileSize,
                                               std::string* error = nullptr);

    PhotoLoading(const PhotoLoading&) = delete;
    PhotoLoading& operator=(const PhotoLoading&) = delete;
    /// Waits for the worker, if it is still decoding (a 24 MP photo: about 0.1 s).
    ~PhotoLoading();

    const std::filesystem::path& path() const { return path_; }
    /// The photo's size at full resolution, as displayed (after the EXIF orientation).
    int width() const { return first_.placement.photoWidth; }
    int height() const { return first_.placement.photoHeight; }

    /// The image for the first frame, and where it lies over the photo.
    const RgbaImage& firstImage() const { return *first_.image; }
    const PhotoPlacement& firstPlacement() const { return first_.placement; }
    /// Set when the photo is damaged but could be decoded (see PhotoLoad::warning).
    const std::string& warning() const { return first_.warning; }
    /// Whether the first image is the whole photo at full resolution: no worker was started.
    bool firstIsFull() const { return !reduced_; }

    /// The worker's result: the photo prepared for PhotoTexture::startUpload, or the reason it
    /// could not be (e.g. not enough memory for it).
    struct Full {
        std::shared_ptr<const PreparedPhoto> photo;
        std::string error;
    };
    /// The worker's result once it is done, then never again; nullopt while it is decoding,
    /// after it was taken, and when firstIsFull(). Never waits.
    std::optional<Full> takeFull();
    /// Waits until takeFull() has the result (tests and benchmarks).
    void waitForFull();

  private:
    PhotoLoading() = default;
    void decodeFull(std::shared_ptr<const std::vector<std::uint8_t>> bytes, int tileSize);

    std::filesystem::path path_;
    PhotoLoad first_;
    bool reduced_ = false;
    std::thread worker_;
    std::atomic<bool> done_{false}; // set by the worker once full_ is written
    std::optional<Full> full_;
};

} // namespace hp::render
