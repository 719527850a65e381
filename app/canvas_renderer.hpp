// Draws the canvas with OpenGL: the photo, then the plan's overlays, under the editor's view.
// The export draws the same overlays with the same render/ code.
#pragma once

#include "editor.hpp"
#include "photo_loads.hpp"
#include "render/marks.hpp"
#include "render/overlay.hpp"
#include "render/photo_loading.hpp"
#include "render/photo_texture.hpp"

#include <filesystem>
#include <memory>
#include <optional>

namespace hp::app {

class CanvasRenderer {
  public:
    /// Needs the window's GL context current. Returns nullopt with a message on failure.
    /// `photos` (kept by reference) hands over the photos the editor opened and decoded.
    static std::optional<CanvasRenderer> create(std::string* error, PhotoLoads& photos);

    /// Loads the editor's photo when it changed (reporting problems to the editor), then draws
    /// the canvas into the window's framebuffer of `framebufferWidth` x `framebufferHeight`
    /// pixels; `pixelRatio` is framebuffer pixels per ImGui unit and `contentScale` the
    /// monitor's, which thickens the overlay's lines on a HiDPI screen.
    ///
    /// A newly opened JPEG shows first at the reduced scale the canvas needs; from the next
    /// frame on, a worker thread decodes its full resolution, which is then sent to the GPU a
    /// few milliseconds per frame and replaces it, over the same rectangle.
    void draw(Editor& editor, int framebufferWidth, int framebufferHeight, float pixelRatio,
              float contentScale);

    /// Whether the photo on the canvas is at full resolution: false while a reduced first image
    /// stands in for it, and when there is no photo.
    bool photoAtFullResolution() const;

  private:
    CanvasRenderer(render::OverlayRenderer overlay, render::MarkRenderer marks, PhotoLoads& photos)
        : overlay_(std::move(overlay)), marks_(std::move(marks)), photos_(&photos) {}
    void syncMarks(const Editor& editor);
    void syncPhoto(Editor& editor);
    void show(std::unique_ptr<render::PhotoLoading> loading, Editor& editor);
    void continueLoading(Editor& editor);

    render::OverlayRenderer overlay_;
    render::MarkRenderer marks_;
    std::uint64_t marksSerial_ = 0; ///< Editor::simulationSerial() of the marks uploaded
    PhotoLoads* photos_;
    std::optional<render::PhotoTexture> photo_;     ///< drawn: the first image, then the full one
    std::unique_ptr<render::PhotoLoading> loading_; ///< while the full resolution is decoded
    std::optional<render::PhotoTexture> fullPhoto_; ///< on its way to the GPU
    std::filesystem::path photoPath_;
    bool photoTried_ = false;
};

} // namespace hp::app
