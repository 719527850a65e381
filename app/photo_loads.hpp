// Photos the editor has opened and decoded, waiting for the canvas to show them. Opening a photo
// decodes it before the open plan is closed (at the reduced scale the canvas needs, so quickly),
// so that a photo damaged past its headers is refused like any file that cannot be read; the
// canvas then draws its first frame from that very decode, and has the full resolution decoded
// on a worker thread (render/photo_loading.hpp).
#pragma once

#include "render/photo_loading.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace hp::app {

class PhotoLoads {
  public:
    /// Tiles of the full-resolution texture: within every GL 3.3 GPU's limit, and small enough
    /// that sending one to the GPU holds a frame for a few milliseconds at most, even on
    /// llvmpipe (where making a 4096-pixel texture alone takes 70 ms).
    static constexpr int kTileSize = 1024;

    /// For EditorServices::openPhoto: starts loading `file` (see start()) and keeps the load for
    /// take(). Returns the photo's displayed size, or nullopt with `*error` set (when not null)
    /// to the decoder's message.
    std::optional<std::pair<int, int>> open(const std::filesystem::path& file, std::string* error);

    /// The load open() started for `file` (the same file however its path is written), once;
    /// null when there is none. A waiting load of another file is dropped.
    std::unique_ptr<render::PhotoLoading> take(const std::filesystem::path& file);

    /// Starts loading `file` for a canvas of the size last set: the reduced first image at once
    /// (see render::PhotoLoading). Null, with `*error` set, when it cannot be read or decoded.
    std::unique_ptr<render::PhotoLoading> start(const std::filesystem::path& file,
                                                std::string* error) const;

    /// The canvas's size in framebuffer pixels, which a first image must fill when fitted.
    /// Until it is set (the editor opens the photo named on the command line before its window
    /// exists): the window's first size.
    void setCanvasSize(int width, int height);

  private:
    std::unique_ptr<render::PhotoLoading> waiting_;
    int canvasWidth_ = 1560;
    int canvasHeight_ = 960;
};

/// Whether two paths name the same file: equal once absolute and normal, or, failing that, the
/// same file on disk (a plan saved elsewhere names its photo by another relative path).
bool sameFile(const std::filesystem::path& a, const std::filesystem::path& b);

} // namespace hp::app
