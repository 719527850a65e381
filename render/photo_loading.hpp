// Opening a photo for the screen in two steps: an image decoded at once at the reduced scale the
// view needs, for the first frame; then, on a worker thread, the photo at full resolution with
// its tiles and mipmaps prepared for the GPU. No GL here: PhotoTexture uploads the results.
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
    /// Reads the photo at `path` and decodes the image for the first frame: a JPEG larger than
    /// a fitted view of `viewWidth` x `viewHeight` pixels needs, at scaleToFill()'s scale; a
    /// PNG, or a JPEG no larger than the view, whole (and there is nothing more to do).
    /// startFull() then decodes it whole on a worker thread, cut into tiles of `tileSize`
    /// pixels with their mipmaps (PhotoTiles).
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
    /// Whether the first image is the whole photo at full resolution: nothing more to decode.
    bool firstIsFull() const { return !reduced_; }

    /// Starts decoding the full resolution on a worker thread, unless it has started or
    /// firstIsFull(). Meant for once the first frame is on the screen: on a machine of two
    /// cores, the worker would otherwise slow that frame down by taking a core from the GL
    /// driver. (With no thread to be had, it decodes here and now.)
    void startFull();

    /// The worker's result: the photo prepared for PhotoTexture::startUpload, or the reason it
    /// could not be (e.g. not enough memory for it).
    struct Full {
        std::shared_ptr<const PreparedPhoto> photo;
        std::string error;
    };
    /// The worker's result once it is done, then never again; nullopt before startFull(),
    /// while the worker is decoding, after the result was taken, and when firstIsFull().
    /// Never waits.
    std::optional<Full> takeFull();
    /// Starts the worker if need be and waits for it (tests and benchmarks).
    void waitForFull();

  private:
    PhotoLoading() = default;
    void decodeFull(std::shared_ptr<const std::vector<std::uint8_t>> bytes);

    std::filesystem::path path_;
    PhotoLoad first_;
    bool reduced_ = false;
    int tileSize_ = 0;
    std::shared_ptr<const std::vector<std::uint8_t>> bytes_; ///< the file, until startFull()
    bool started_ = false;
    std::thread worker_;
    std::atomic<bool> done_{false}; // set by the worker once full_ is written
    std::optional<Full> full_;
};

} // namespace hp::render
