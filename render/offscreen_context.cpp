#include "render/offscreen_context.hpp"

#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <glad/gl.h>
#include <mutex>
#include <string_view>
#include <utility>

namespace hp::render {
namespace {

// eglGetPlatformDisplayEXT returns the same EGLDisplay to every caller, and eglTerminate on it
// would invalidate every context made on it. So the display is initialised by the first live
// context and terminated by the last one; the mutex keeps the count and the
// eglInitialize/eglTerminate calls consistent across threads.
std::mutex displayMutex;
int displayUsers = 0;

const char* eglErrorName(EGLint code) {
    switch (code) {
    case EGL_SUCCESS:
        return "EGL_SUCCESS";
    case EGL_NOT_INITIALIZED:
        return "EGL_NOT_INITIALIZED";
    case EGL_BAD_ACCESS:
        return "EGL_BAD_ACCESS";
    case EGL_BAD_ALLOC:
        return "EGL_BAD_ALLOC";
    case EGL_BAD_ATTRIBUTE:
        return "EGL_BAD_ATTRIBUTE";
    case EGL_BAD_CONFIG:
        return "EGL_BAD_CONFIG";
    case EGL_BAD_CONTEXT:
        return "EGL_BAD_CONTEXT";
    case EGL_BAD_CURRENT_SURFACE:
        return "EGL_BAD_CURRENT_SURFACE";
    case EGL_BAD_DISPLAY:
        return "EGL_BAD_DISPLAY";
    case EGL_BAD_MATCH:
        return "EGL_BAD_MATCH";
    case EGL_BAD_NATIVE_PIXMAP:
        return "EGL_BAD_NATIVE_PIXMAP";
    case EGL_BAD_NATIVE_WINDOW:
        return "EGL_BAD_NATIVE_WINDOW";
    case EGL_BAD_PARAMETER:
        return "EGL_BAD_PARAMETER";
    case EGL_BAD_SURFACE:
        return "EGL_BAD_SURFACE";
    case EGL_CONTEXT_LOST:
        return "EGL_CONTEXT_LOST";
    default:
        return "unknown EGL error";
    }
}

/// "<step> failed: <EGL error name>" for the EGL call that just failed on this thread.
std::string eglFailure(std::string_view step) {
    return std::string(step) + " failed: " + eglErrorName(eglGetError());
}

/// Whether a space-separated extension list holds `name` as a whole word (a plain substring
/// search would find "EGL_X" inside "EGL_X_more").
bool hasExtension(const char* list, std::string_view name) {
    std::string_view rest = list ? list : "";
    while (!rest.empty()) {
        const auto end = rest.find(' ');
        if (rest.substr(0, end) == name) return true;
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
    }
    return false;
}

std::string glString(GLenum name) {
    const auto* text = reinterpret_cast<const char*>(glGetString(name));
    return text ? text : "";
}

} // namespace

std::optional<OffscreenContext> OffscreenContext::create(std::string* error) {
    // On failure, `context` (below) releases whatever was made so far.
    auto fail = [error](std::string message) -> std::optional<OffscreenContext> {
        if (error) *error = std::move(message);
        return std::nullopt;
    };

    // Client extensions are listed for EGL_NO_DISPLAY; both are needed to ask for a display
    // that needs no window system (no X, no Wayland, no GBM device node).
    const char* clientExtensions = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
    for (const char* needed : {"EGL_EXT_platform_base", "EGL_MESA_platform_surfaceless"})
        if (!hasExtension(clientExtensions, needed))
            return fail(std::string("EGL client extension ") + needed +
                        " is missing (is Mesa's EGL, libegl-mesa0, installed?)");
    const auto getPlatformDisplay = reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(
        eglGetProcAddress("eglGetPlatformDisplayEXT"));
    if (!getPlatformDisplay) return fail("eglGetProcAddress(eglGetPlatformDisplayEXT) failed");
    EGLDisplay display =
        getPlatformDisplay(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
    if (display == EGL_NO_DISPLAY) return fail(eglFailure("eglGetPlatformDisplayEXT"));

    OffscreenContext context;
    {
        std::lock_guard lock(displayMutex);
        if (!eglInitialize(display, nullptr, nullptr)) return fail(eglFailure("eglInitialize"));
        ++displayUsers;
    }
    context.display_ = display;

    const char* displayExtensions = eglQueryString(display, EGL_EXTENSIONS);
    // surfaceless_context: current with EGL_NO_SURFACE (we draw into FBOs only);
    // create_context: the version and core-profile attributes below.
    for (const char* needed : {"EGL_KHR_surfaceless_context", "EGL_KHR_create_context"})
        if (!hasExtension(displayExtensions, needed))
            return fail(std::string("EGL extension ") + needed + " is missing");

    if (!eglBindAPI(EGL_OPENGL_API)) return fail(eglFailure("eglBindAPI(EGL_OPENGL_API)"));
    // The config's own buffers are never used; any config that can make desktop GL contexts
    // will do (the surfaceless platform offers pbuffer configs only).
    // clang-format off
    const EGLint configAttributes[] = {
        EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT,
        EGL_SURFACE_TYPE, EGL_PBUFFER_BIT,
        EGL_NONE};
    // clang-format on
    EGLConfig config = nullptr;
    EGLint configCount = 0;
    if (!eglChooseConfig(display, configAttributes, &config, 1, &configCount))
        return fail(eglFailure("eglChooseConfig"));
    if (configCount < 1) return fail("eglChooseConfig found no config for desktop OpenGL");

    // clang-format off
    const EGLint contextAttributes[] = {
        EGL_CONTEXT_MAJOR_VERSION_KHR, 3,
        EGL_CONTEXT_MINOR_VERSION_KHR, 3,
        EGL_CONTEXT_OPENGL_PROFILE_MASK_KHR, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT_KHR,
        EGL_NONE};
    // clang-format on
    context.context_ = eglCreateContext(display, config, EGL_NO_CONTEXT, contextAttributes);
    if (context.context_ == EGL_NO_CONTEXT) {
        context.context_ = nullptr;
        return fail(eglFailure("eglCreateContext (OpenGL 3.3 core)"));
    }
    if (!eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context.context_))
        return fail(eglFailure("eglMakeCurrent"));

    const int glVersion = gladLoadGL(eglGetProcAddress);
    if (glVersion == 0) return fail("gladLoadGL failed: no OpenGL entry points");
    if (GLAD_VERSION_MAJOR(glVersion) * 100 + GLAD_VERSION_MINOR(glVersion) < 303)
        return fail("OpenGL 3.3 is not available, got " + glString(GL_VERSION));

    glGetIntegerv(GL_MAX_TEXTURE_SIZE, &context.maxTextureSize_);
    glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &context.maxRenderbufferSize_);
    context.renderer_ = glString(GL_RENDERER);
    context.version_ = glString(GL_VERSION);
    return context;
}

OffscreenContext::OffscreenContext(OffscreenContext&& other) noexcept
    : display_(std::exchange(other.display_, nullptr)),
      context_(std::exchange(other.context_, nullptr)), maxTextureSize_(other.maxTextureSize_),
      maxRenderbufferSize_(other.maxRenderbufferSize_), renderer_(std::move(other.renderer_)),
      version_(std::move(other.version_)) {}

OffscreenContext& OffscreenContext::operator=(OffscreenContext&& other) noexcept {
    if (this != &other) {
        release();
        display_ = std::exchange(other.display_, nullptr);
        context_ = std::exchange(other.context_, nullptr);
        maxTextureSize_ = other.maxTextureSize_;
        maxRenderbufferSize_ = other.maxRenderbufferSize_;
        renderer_ = std::move(other.renderer_);
        version_ = std::move(other.version_);
    }
    return *this;
}

OffscreenContext::~OffscreenContext() {
    release();
}

bool OffscreenContext::makeCurrent() const {
    // The bound API is per thread: bind it again in case this is another thread.
    return context_ && eglBindAPI(EGL_OPENGL_API) &&
           eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, context_);
}

void OffscreenContext::release() noexcept {
    if (context_) {
        if (eglGetCurrentContext() == context_)
            eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
        eglDestroyContext(display_, context_);
        context_ = nullptr;
    }
    if (display_) {
        std::lock_guard lock(displayMutex);
        if (--displayUsers == 0) {
            eglTerminate(display_);
            eglReleaseThread(); // frees this thread's EGL state too
        }
        display_ = nullptr;
    }
}

} // namespace hp::render
