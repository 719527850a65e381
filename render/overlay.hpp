// Draws a plan's overlays (zone fills and outlines, transition band, hairlines, glabella,
// calibration ruler) with OpenGL, in image space under one transform. The editor's canvas draws
// into the window inside a viewport; the export draws into a Framebuffer at the photo's
// resolution. Both call the same draw(), so the exported image is what the surgeon saw.
#pragma once

#include "planning/plan.hpp"
#include "planning/plan_shapes.hpp"
#include "render/gl_program.hpp"
#include "render/overlay_style.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

namespace hp::render {

/// Maps image pixels to target pixels: target = image * scale + offset.
///
/// Image pixels: origin at the photo's top-left corner, x right, y DOWN (planning/geometry.hpp).
/// Target pixels: origin at the top-left corner of the current GL viewport, x right, y DOWN too
/// (draw() converts to GL's clip space, whose y is up). Pixel (i, j) of either covers
/// [i, i + 1) x [j, j + 1), so a scale of 1 and an offset of 0 put photo pixel (i, j) on target
/// pixel (i, j), and Framebuffer::readPixels() row 0 is target row 0.
///
/// The canvas passes its zoom as `scale` and its pan (where image (0, 0) lands) as `offset`; the
/// export passes the output's size factor (1 at the photo's resolution) and an offset of 0.
struct ImageToTarget {
    double scale = 1.0;
    Point offset;           ///< target pixels
    int targetWidthPx = 0;  ///< the viewport's width: draw() maps [0, width] to clip [-1, 1]
    int targetHeightPx = 0; ///< the viewport's height

    Point toTarget(Point image) const {
        return {image.x * scale + offset.x, image.y * scale + offset.y};
    }
    Point toImage(Point target) const {
        return {(target.x - offset.x) / scale, (target.y - offset.y) / scale};
    }
};

struct OverlayGeometry; // overlay.cpp: the CPU side of a draw

/// What the last draw() sent to GL, for tests and benchmarks.
struct OverlayDrawStats {
    std::size_t vertices = 0;
    std::size_t drawCalls = 0;
    double geometryMs = 0.0; ///< wall time spent building the vertices on the CPU
};

/// The OpenGL drawing of a plan's overlays. Owns a shader program, a vertex array and one
/// vertex buffer, and keeps its CPU-side vertex storage between draws (no allocation per frame
/// once it has grown to the plan's size).
///
/// Every member, the destructor included, needs the GL context it was made in to be current on
/// the calling thread; destroy it before its context.
class OverlayRenderer {
  public:
    /// Needs a current OpenGL 3.3 core context with glad loaded. Compiles the shaders and makes
    /// the vertex array and buffer. On failure returns nullopt and, when `error` is not null,
    /// sets it to the reason.
    static std::optional<OverlayRenderer> create(std::string* error = nullptr);

    OverlayRenderer(OverlayRenderer&& other) noexcept;
    OverlayRenderer& operator=(OverlayRenderer&& other) noexcept;
    OverlayRenderer(const OverlayRenderer&) = delete;
    OverlayRenderer& operator=(const OverlayRenderer&) = delete;
    ~OverlayRenderer();

    /// Draws, bottom to top: the zones' fills (each zone's visible region, shapes.zones[i], by
    /// the non-zero rule), the band's fill, the zones' drawn outlines (plan.zones[i].points,
    /// closed), the smooth hairline (dashed) and the irregular front edge, the midline and the
    /// glabella mark, and the calibration ruler. `shapes` must be planShapes(plan) (a zone with
    /// no entry in shapes.zones gets no fill). Fills blend over what is there; so do lines whose
    /// colour is translucent, each line covering a pixel once even where it overlaps itself.
    ///
    /// Draws into the bound draw framebuffer, inside the current viewport, which must be
    /// xf.targetWidthPx x xf.targetHeightPx pixels; and inside the scissor box if the scissor
    /// test is on. The target needs a stencil buffer (the window is made with 8 stencil bits;
    /// Framebuffer has one). Returns false, and draws nothing, when the framebuffer is
    /// incomplete, has no stencil buffer, or xf's target size is not positive.
    ///
    /// Blending is "over" for colour and alpha alike, so an opaque target stays opaque. Sizes
    /// in `style` are target pixels; lines are simplified to half a pixel and their pieces off
    /// the target skipped, so a zoomed-in or zoomed-out plan costs what is visible.
    ///
    /// GL state: clears the stencil buffer inside the viewport (and scissor box), uses it, and
    /// clears it again: it need not be clear before, and is 0 there afterwards (outside, it is
    /// untouched). One upload (glBufferData, GL_STREAM_DRAW) and a few draw calls per zone and
    /// line. Everything else it sets is restored as it
    /// was: program, vertex array and GL_ARRAY_BUFFER bindings, blending (enable, functions,
    /// equations), depth and stencil test enables, stencil functions, operations and write
    /// masks (front and back), stencil clear value, colour write mask, face culling, scissor
    /// test and box. It assumes polygon mode GL_FILL and no rasterizer discard.
    bool draw(const Plan& plan, const PlanShapes& shapes, const OverlayStyle& style,
              const ImageToTarget& xf);

    const OverlayDrawStats& lastDrawStats() const { return stats_; }

  private:
    explicit OverlayRenderer(GlProgram program);
    void release() noexcept;

    GlProgram program_;
    int targetSizeLocation_ = -1;
    unsigned vertexArray_ = 0; // GLuint, without including GL headers here
    unsigned vertexBuffer_ = 0;
    std::unique_ptr<OverlayGeometry> geometry_; // vertex storage reused from draw to draw
    OverlayDrawStats stats_;
};

} // namespace hp::render
