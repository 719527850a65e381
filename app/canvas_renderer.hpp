// Draws the canvas with OpenGL: the photo, then the plan's overlays, under the editor's view.
// The export draws the same overlays with the same render/ code.
#pragma once

#include "editor.hpp"
#include "render/overlay.hpp"
#include "render/photo_texture.hpp"

#include <filesystem>
#include <optional>

namespace hp::app {

class CanvasRenderer {
  public:
    /// Needs the window's GL context current. Returns nullopt with a message on failure.
    static std::optional<CanvasRenderer> create(std::string* error);

    /// Loads the editor's photo when it changed (reporting problems to the editor), then draws
    /// the canvas into the window's framebuffer of `framebufferWidth` x `framebufferHeight`
    /// pixels; `pixelRatio` is framebuffer pixels per ImGui unit and `contentScale` the
    /// monitor's, which thickens the overlay's lines on a HiDPI screen.
    void draw(Editor& editor, int framebufferWidth, int framebufferHeight, float pixelRatio,
              float contentScale);

  private:
    explicit CanvasRenderer(render::OverlayRenderer overlay) : overlay_(std::move(overlay)) {}
    void syncPhoto(Editor& editor);

    render::OverlayRenderer overlay_;
    std::optional<render::PhotoTexture> photo_;
    std::filesystem::path photoPath_;
    bool photoTried_ = false;
};

} // namespace hp::app
