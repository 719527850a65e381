// Tier 3 (design.md, Testing): an EGL surfaceless context, drawing into a framebuffer, probe
// pixels and geometry only (no golden images across renderers).
#include "render/framebuffer.hpp"
#include "render/offscreen_context.hpp"

#include <array>
#include "support/headless_gl.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <glad/gl.h>
#include <optional>
#include <string>

using hp::render::Framebuffer;
using hp::render::OffscreenContext;
using hp::render::RgbaImage;

namespace {

using hp::test::headlessContext;

// int, not uint8_t, so that Catch prints failures as numbers rather than characters.
using Rgba = std::array<int, 4>;


Framebuffer makeFramebuffer(int width, int height) {
    std::string error;
    auto framebuffer = Framebuffer::create(width, height, &error);
    INFO("Framebuffer::create: " << error);
    REQUIRE(framebuffer.has_value());
    return std::move(*framebuffer);
}

Rgba at(const RgbaImage& image, int x, int y) {
    const std::uint8_t* p = image.pixel(x, y);
    return {p[0], p[1], p[2], p[3]};
}

/// Clears the bound framebuffer to an 8-bit colour; k/255 converts back to k exactly.
void clearTo(Rgba colour) {
    glClearColor(colour[0] / 255.0f, colour[1] / 255.0f, colour[2] / 255.0f, colour[3] / 255.0f);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);
}

constexpr Rgba teal{20, 140, 160, 255};
constexpr Rgba black{0, 0, 0, 255};
constexpr Rgba red{255, 0, 0, 255};

/// Clears a framebuffer of an odd size and checks the colour comes back at the corners and
/// the centre.
void checkClearReadsBack(int width, int height) {
    const Framebuffer framebuffer = makeFramebuffer(width, height);
    framebuffer.bind();
    clearTo(teal);
    const RgbaImage image = framebuffer.readPixels();
    REQUIRE(glGetError() == GL_NO_ERROR);
    REQUIRE(image.width == width);
    REQUIRE(image.height == height);
    REQUIRE(image.rgba.size() == static_cast<std::size_t>(width) * height * 4);
    for (auto [x, y] : {std::pair{0, 0},
                        {width - 1, 0},
                        {0, height - 1},
                        {width - 1, height - 1},
                        {width / 2, height / 2}})
        CHECK(at(image, x, y) == teal);
}

} // namespace

TEST_CASE("an OpenGL 3.3 core context is made with no X display", "[render]") {
    const OffscreenContext context = headlessContext();
    GLint major = 0;
    GLint minor = 0;
    glGetIntegerv(GL_MAJOR_VERSION, &major);
    glGetIntegerv(GL_MINOR_VERSION, &minor);
    INFO("GL_RENDERER: " << context.renderer() << ", GL_VERSION: " << context.version());
    CHECK(major * 100 + minor >= 303);
    GLint profile = 0;
    glGetIntegerv(GL_CONTEXT_PROFILE_MASK, &profile);
    CHECK((profile & GL_CONTEXT_CORE_PROFILE_BIT) != 0);
    CHECK_FALSE(context.renderer().empty());
    // The minimums OpenGL 3.3 guarantees.
    CHECK(context.maxTextureSize() >= 1024);
    CHECK(context.maxRenderbufferSize() >= 1024);
    WARN("GL_RENDERER: " << context.renderer() << "; GL_VERSION: " << context.version()
                         << "; GL_MAX_TEXTURE_SIZE " << context.maxTextureSize()
                         << "; GL_MAX_RENDERBUFFER_SIZE " << context.maxRenderbufferSize());
}

TEST_CASE("a cleared framebuffer of odd size reads back the exact colour", "[render]") {
    const OffscreenContext context = headlessContext();
    checkClearReadsBack(37, 23);
    checkClearReadsBack(1, 1);
}

TEST_CASE("readPixels returns the top row first", "[render]") {
    const OffscreenContext context = headlessContext();
    constexpr int width = 37;
    constexpr int height = 23;
    const Framebuffer framebuffer = makeFramebuffer(width, height);
    framebuffer.bind();
    clearTo(black);

    // A rectangle in the TOP-LEFT quadrant in image terms: columns [2, 10), rows [3, 8) counted
    // down from the top. GL's scissor box counts rows up from the bottom.
    constexpr int left = 2, top = 3, right = 10, bottom = 8;
    glEnable(GL_SCISSOR_TEST);
    glScissor(left, height - bottom, right - left, bottom - top);
    clearTo(red);
    glDisable(GL_SCISSOR_TEST);

    const RgbaImage image = framebuffer.readPixels();
    int redCount = 0;
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            const bool inside = x >= left && x < right && y >= top && y < bottom;
            const Rgba expected = inside ? red : black;
            if (at(image, x, y) != expected) FAIL("pixel (" << x << ", " << y << ") is wrong");
            redCount += inside;
        }
    CHECK(redCount == (right - left) * (bottom - top));
    // The same rectangle flipped (rows counted up) would cover these: they must stay black.
    CHECK(at(image, left, height - 1 - top) == black);
    CHECK(at(image, right - 1, height - bottom) == black);
}

TEST_CASE("a framebuffer that is too large or empty is refused with a message", "[render]") {
    const OffscreenContext context = headlessContext();
    const int tooLarge = context.maxRenderbufferSize() + 1;
    for (auto [width, height] : {std::pair{tooLarge, 1}, {1, tooLarge}, {0, 10}, {10, -1}}) {
        std::string error;
        const auto framebuffer = Framebuffer::create(width, height, &error);
        CHECK_FALSE(framebuffer.has_value());
        CHECK_FALSE(error.empty());
        if (width == tooLarge || height == tooLarge)
            CHECK(error.find("GL_MAX_RENDERBUFFER_SIZE") != std::string::npos);
    }
    CHECK(glGetError() == GL_NO_ERROR);
    // The context is still usable afterwards.
    checkClearReadsBack(37, 23);
}

TEST_CASE("contexts made one after another each work", "[render]") {
    for (int round = 0; round < 3; ++round) {
        INFO("round " << round);
        const OffscreenContext context = headlessContext();
        checkClearReadsBack(37, 23);
    }
}

TEST_CASE("two live contexts share the display safely", "[render]") {
    std::optional<OffscreenContext> first = headlessContext();
    {
        const OffscreenContext second = headlessContext(); // now current
        checkClearReadsBack(16, 9);
    } // destroying `second` must not terminate the display `first` still uses
    REQUIRE(first->makeCurrent());
    checkClearReadsBack(16, 9);

    // A moved-from context releases nothing; the moved-to one still works.
    OffscreenContext moved = std::move(*first);
    first.reset();
    REQUIRE(moved.makeCurrent());
    checkClearReadsBack(5, 3);
}
