// An OpenGL 3.3 core context with no window and no X display: EGL on Mesa's surfaceless
// platform. The plan-image export renders into a Framebuffer under it, so it runs headless and
// in CI.
#pragma once

#include <optional>
#include <string>

namespace hp::render {

class OffscreenContext {
  public:
    /// Creates the context, makes it current on the calling thread and loads the GL functions
    /// (glad) through eglGetProcAddress. Never aborts: on failure returns nullopt and, when
    /// `error` is not null, sets it to the step that failed and the EGL error name, e.g.
    /// "eglInitialize failed: EGL_NOT_INITIALIZED".
    ///
    /// glad's function pointers are process-wide; they stay valid across contexts because Mesa
    /// (through libglvnd) hands out context-independent entry points.
    static std::optional<OffscreenContext> create(std::string* error = nullptr);

    OffscreenContext(OffscreenContext&& other) noexcept;
    OffscreenContext& operator=(OffscreenContext&& other) noexcept;
    OffscreenContext(const OffscreenContext&) = delete;
    OffscreenContext& operator=(const OffscreenContext&) = delete;
    /// Releases the context (first un-making it current if it is current on this thread) and,
    /// with the last live context, the EGL display. GL objects made under it must be destroyed
    /// before it.
    ~OffscreenContext();

    /// Makes this context current on the calling thread (create() already did so once). Needed
    /// when another context was made current since. Returns false on failure.
    bool makeCurrent() const;

    int maxTextureSize() const { return maxTextureSize_; }           ///< GL_MAX_TEXTURE_SIZE
    int maxRenderbufferSize() const { return maxRenderbufferSize_; } ///< GL_MAX_RENDERBUFFER_SIZE
    const std::string& renderer() const { return renderer_; }        ///< GL_RENDERER
    const std::string& version() const { return version_; }          ///< GL_VERSION

  private:
    OffscreenContext() = default;
    void release() noexcept;

    // EGLDisplay and EGLContext are pointer typedefs; void* keeps EGL's (and X11's) headers out
    // of every file that includes this one.
    void* display_ = nullptr;
    void* context_ = nullptr;
    int maxTextureSize_ = 0;
    int maxRenderbufferSize_ = 0;
    std::string renderer_;
    std::string version_;
};

} // namespace hp::render
