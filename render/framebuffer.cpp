#include "render/framebuffer.hpp"

#include <algorithm>
#include <glad/gl.h>
#include <utility>

namespace hp::render {
namespace {

const char* completenessName(GLenum status) {
    switch (status) {
    case GL_FRAMEBUFFER_UNDEFINED:
        return "GL_FRAMEBUFFER_UNDEFINED";
    case GL_FRAMEBUFFER_INCOMPLETE_ATTACHMENT:
        return "GL_FRAMEBUFFER_INCOMPLETE_ATTACHMENT";
    case GL_FRAMEBUFFER_INCOMPLETE_MISSING_ATTACHMENT:
        return "GL_FRAMEBUFFER_INCOMPLETE_MISSING_ATTACHMENT";
    case GL_FRAMEBUFFER_UNSUPPORTED:
        return "GL_FRAMEBUFFER_UNSUPPORTED";
    case GL_FRAMEBUFFER_INCOMPLETE_MULTISAMPLE:
        return "GL_FRAMEBUFFER_INCOMPLETE_MULTISAMPLE";
    default:
        return "unknown framebuffer status";
    }
}

/// Empties the GL error queue, so that a later glGetError reports only what follows.
void clearGlErrors() {
    while (glGetError() != GL_NO_ERROR) {
    }
}

/// Allocates renderbuffer storage; false if GL refused it (GL_OUT_OF_MEMORY, typically).
bool allocate(GLuint renderbuffer, GLenum format, int width, int height) {
    glBindRenderbuffer(GL_RENDERBUFFER, renderbuffer);
    glRenderbufferStorage(GL_RENDERBUFFER, format, width, height);
    return glGetError() == GL_NO_ERROR;
}

} // namespace

std::optional<Framebuffer> Framebuffer::create(int width, int height, std::string* error) {
    auto fail = [error](std::string message) -> std::optional<Framebuffer> {
        if (error) *error = std::move(message);
        return std::nullopt;
    };
    const std::string size = std::to_string(width) + "x" + std::to_string(height);
    // glad's pointers are null until gladLoadGL: fail cleanly rather than call through null.
    if (!GLAD_GL_VERSION_3_3) return fail("no OpenGL 3.3 context is current (glad not loaded)");
    if (width <= 0 || height <= 0) return fail("framebuffer size " + size + " is not positive");

    GLint maxRenderbuffer = 0;
    GLint maxViewport[2] = {0, 0};
    glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &maxRenderbuffer);
    glGetIntegerv(GL_MAX_VIEWPORT_DIMS, maxViewport);
    if (width > maxRenderbuffer || height > maxRenderbuffer)
        return fail("framebuffer size " + size + " exceeds GL_MAX_RENDERBUFFER_SIZE " +
                    std::to_string(maxRenderbuffer));
    if (width > maxViewport[0] || height > maxViewport[1])
        return fail("framebuffer size " + size + " exceeds GL_MAX_VIEWPORT_DIMS " +
                    std::to_string(maxViewport[0]) + "x" + std::to_string(maxViewport[1]));

    GLint previousFramebuffer = 0;
    GLint previousRenderbuffer = 0;
    glGetIntegerv(GL_FRAMEBUFFER_BINDING, &previousFramebuffer);
    glGetIntegerv(GL_RENDERBUFFER_BINDING, &previousRenderbuffer);
    auto restoreBindings = [&] {
        glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(previousFramebuffer));
        glBindRenderbuffer(GL_RENDERBUFFER, static_cast<GLuint>(previousRenderbuffer));
    };

    // From here, `target`'s destructor deletes whatever was made if a step fails.
    Framebuffer target;
    target.width_ = width;
    target.height_ = height;
    glGenFramebuffers(1, &target.framebuffer_);
    glGenRenderbuffers(1, &target.colour_);
    glGenRenderbuffers(1, &target.depthStencil_);

    clearGlErrors();
    const bool allocated = allocate(target.colour_, GL_RGBA8, width, height) &&
                           allocate(target.depthStencil_, GL_DEPTH24_STENCIL8, width, height);
    if (!allocated) {
        restoreBindings();
        return fail("cannot allocate a " + size + " framebuffer (out of GPU memory?)");
    }

    glBindFramebuffer(GL_FRAMEBUFFER, target.framebuffer_);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER,
                              target.colour_);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER,
                              target.depthStencil_);
    const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
    restoreBindings();
    if (status != GL_FRAMEBUFFER_COMPLETE)
        return fail("framebuffer " + size + " is incomplete: " + completenessName(status));
    return target;
}

Framebuffer::Framebuffer(Framebuffer&& other) noexcept
    : framebuffer_(std::exchange(other.framebuffer_, 0)), colour_(std::exchange(other.colour_, 0)),
      depthStencil_(std::exchange(other.depthStencil_, 0)), width_(other.width_),
      height_(other.height_) {}

Framebuffer& Framebuffer::operator=(Framebuffer&& other) noexcept {
    if (this != &other) {
        release();
        framebuffer_ = std::exchange(other.framebuffer_, 0);
        colour_ = std::exchange(other.colour_, 0);
        depthStencil_ = std::exchange(other.depthStencil_, 0);
        width_ = other.width_;
        height_ = other.height_;
    }
    return *this;
}

Framebuffer::~Framebuffer() {
    release();
}

void Framebuffer::release() noexcept {
    // Deleting names of 0 is a no-op in GL, but a moved-from object must not call GL at all:
    // it may outlive its context.
    if (framebuffer_) glDeleteFramebuffers(1, &framebuffer_);
    if (colour_) glDeleteRenderbuffers(1, &colour_);
    if (depthStencil_) glDeleteRenderbuffers(1, &depthStencil_);
    framebuffer_ = colour_ = depthStencil_ = 0;
}

void Framebuffer::bind() const {
    glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
    glViewport(0, 0, width_, height_);
}

RgbaImage Framebuffer::readPixels() const {
    RgbaImage image{width_, height_, {}};
    const std::size_t rowBytes = static_cast<std::size_t>(width_) * 4;
    image.rgba.resize(rowBytes * static_cast<std::size_t>(height_));

    glBindFramebuffer(GL_READ_FRAMEBUFFER, framebuffer_);
    glReadBuffer(GL_COLOR_ATTACHMENT0);
    // Rows of an odd width are not 4-byte aligned in general; ask GL for packed rows.
    GLint previousAlignment = 4;
    glGetIntegerv(GL_PACK_ALIGNMENT, &previousAlignment);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width_, height_, GL_RGBA, GL_UNSIGNED_BYTE, image.rgba.data());
    glPixelStorei(GL_PACK_ALIGNMENT, previousAlignment);

    // GL returns the bottom row first; swap rows in place to put the top row first.
    for (int top = 0, bottom = height_ - 1; top < bottom; ++top, --bottom) {
        auto topRow = image.rgba.begin() + static_cast<std::ptrdiff_t>(rowBytes) * top;
        auto bottomRow = image.rgba.begin() + static_cast<std::ptrdiff_t>(rowBytes) * bottom;
        std::swap_ranges(topRow, topRow + static_cast<std::ptrdiff_t>(rowBytes), bottomRow);
    }
    return image;
}

} // namespace hp::render
