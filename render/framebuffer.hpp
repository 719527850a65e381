// An offscreen render target with read-back: the plan-image export draws into one at the photo's
// resolution and reads the pixels back to write the file.
#pragma once

#include "render/rgba_image.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hp::render {

/// A framebuffer object with an RGBA8 colour renderbuffer and a DEPTH24_STENCIL8 renderbuffer
/// (concave zone fills use the stencil buffer).
///
/// Every member, the destructor included, needs the GL context it was made in to be current on
/// the calling thread; destroy it before its context.
class Framebuffer {
  public:
    /// Needs a current OpenGL 3.3 context with glad loaded (e.g. an OffscreenContext). Returns
    /// nullopt and sets `*error` (when not null) if the size is not positive, is larger than
    /// GL_MAX_RENDERBUFFER_SIZE or GL_MAX_VIEWPORT_DIMS (a larger export must be drawn in
    /// tiles), the storage cannot be allocated, or the framebuffer is incomplete. Leaves the
    /// current framebuffer and renderbuffer bindings as they were.
    static std::optional<Framebuffer> create(int width, int height, std::string* error = nullptr);

    Framebuffer(Framebuffer&& other) noexcept;
    Framebuffer& operator=(Framebuffer&& other) noexcept;
    Framebuffer(const Framebuffer&) = delete;
    Framebuffer& operator=(const Framebuffer&) = delete;
    ~Framebuffer();

    /// Binds it for drawing and reading and sets the viewport to cover it. OpenGL's window
    /// coordinates have y UP: GL row 0 is the bottom row of the image readPixels() returns.
    void bind() const;

    /// The colour buffer, top row first. Binds this framebuffer for reading (GL_READ_FRAMEBUFFER)
    /// and leaves it bound; the pack alignment is restored. Assumes no GL_PIXEL_PACK_BUFFER is
    /// bound.
    RgbaImage readPixels() const;

    int width() const { return width_; }
    int height() const { return height_; }

  private:
    Framebuffer() = default;
    void release() noexcept;

    unsigned framebuffer_ = 0;  // GLuint, without including GL headers here
    unsigned colour_ = 0;       // RGBA8 renderbuffer
    unsigned depthStencil_ = 0; // DEPTH24_STENCIL8 renderbuffer
    int width_ = 0;
    int height_ = 0;
};

} // namespace hp::render
