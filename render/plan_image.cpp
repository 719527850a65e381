#include "render/plan_image.hpp"

#include "planning/plan_shapes.hpp"
#include "planning/summary.hpp"
#include "render/framebuffer.hpp"
#include "render/legend.hpp"
#include "render/marks.hpp"
#include "render/overlay.hpp"
#include "render/photo_texture.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <glad/gl.h>
#include <utility>

namespace hp::render {
namespace {

/// Behind a plan without a photo (and any transparent part of a photo): a light neutral grey,
/// on which every overlay colour shows.
constexpr std::array<float, 4> kBackground{0.93f, 0.93f, 0.92f, 1.0f};

void setEnabled(GLenum capability, GLboolean enabled) {
    (enabled ? glEnable : glDisable)(capability);
}

/// The GL state renderPlanImage() changes outside the photo's and overlays' own draw calls
/// (which restore theirs), put back as it was on every way out.
class SavedState {
  public:
    SavedState() {
        glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &drawFramebuffer_);
        glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &readFramebuffer_);
        glGetIntegerv(GL_VIEWPORT, viewport_.data());
        glGetFloatv(GL_COLOR_CLEAR_VALUE, clearColour_.data());
        blend_ = glIsEnabled(GL_BLEND);
        scissor_ = glIsEnabled(GL_SCISSOR_TEST);
        glGetIntegerv(GL_BLEND_SRC_RGB, &srcRgb_);
        glGetIntegerv(GL_BLEND_DST_RGB, &dstRgb_);
        glGetIntegerv(GL_BLEND_SRC_ALPHA, &srcAlpha_);
        glGetIntegerv(GL_BLEND_DST_ALPHA, &dstAlpha_);
        glGetIntegerv(GL_BLEND_EQUATION_RGB, &equationRgb_);
        glGetIntegerv(GL_BLEND_EQUATION_ALPHA, &equationAlpha_);
    }
    SavedState(const SavedState&) = delete;
    SavedState& operator=(const SavedState&) = delete;
    ~SavedState() {
        glBindFramebuffer(GL_DRAW_FRAMEBUFFER, static_cast<GLuint>(drawFramebuffer_));
        glBindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(readFramebuffer_));
        glViewport(viewport_[0], viewport_[1], viewport_[2], viewport_[3]);
        glClearColor(clearColour_[0], clearColour_[1], clearColour_[2], clearColour_[3]);
        setEnabled(GL_BLEND, blend_);
        setEnabled(GL_SCISSOR_TEST, scissor_);
        glBlendFuncSeparate(static_cast<GLenum>(srcRgb_), static_cast<GLenum>(dstRgb_),
                            static_cast<GLenum>(srcAlpha_), static_cast<GLenum>(dstAlpha_));
        glBlendEquationSeparate(static_cast<GLenum>(equationRgb_),
                                static_cast<GLenum>(equationAlpha_));
    }

  private:
    GLint drawFramebuffer_ = 0, readFramebuffer_ = 0;
    std::array<GLint, 4> viewport_{};
    std::array<GLfloat, 4> clearColour_{};
    GLboolean blend_ = GL_FALSE, scissor_ = GL_FALSE;
    GLint srcRgb_ = GL_ONE, dstRgb_ = GL_ZERO, srcAlpha_ = GL_ONE, dstAlpha_ = GL_ZERO;
    GLint equationRgb_ = GL_FUNC_ADD, equationAlpha_ = GL_FUNC_ADD;
};

/// The legend band for an output `width` pixels wide, drawn at `outputScale` output pixels per
/// photo pixel, or the reason there is none.
LegendImage legendBand(const Plan& plan, const Summary& summary, const PlanImageOptions& options,
                       const OverlayStyle& style, int width, double outputScale) {
    LegendContent content;
    content.plan = plan;
    content.summary = summary;
    content.planFileName = options.legendText.fileName;
    content.exportDate = options.legendText.date;
    content.version = options.legendText.version;
    content.style = style;
    if (plan.calibration) content.mmPerPx = mmPerPx(*plan.calibration) / outputScale;
    content.simulation = options.legendText.simulation || options.simulation != nullptr;
    return renderLegend(content, width);
}

/// How an image side of `length` pixels is cut: `count` tiles of `size` pixels (the last one
/// may be shorter). Tiles are made as even as they can be, so that a 6000-pixel side with a
/// 4096 limit is two tiles of 3000 rather than 4096 and 1904, and no framebuffer pixel is
/// drawn in vain.
struct TileSplit {
    int count = 1;
    int size = 0;
};

TileSplit splitSide(int length, int maxTile) {
    const int count = (length + maxTile - 1) / maxTile;
    return {count, (length + count - 1) / count};
}

/// PhotoTexture::draw's matrix for a photo of `photoWidth` x `photoHeight` drawn to cover an
/// output of `outputWidth` x `outputHeight`, into a `tileWidth` x `tileHeight` viewport whose
/// top-left corner is output pixel (tileX, tileY).
std::array<float, 9> photoToClip(int photoWidth, int photoHeight, int outputWidth, int outputHeight,
                                 int tileX, int tileY, int tileWidth, int tileHeight) {
    const double sx = static_cast<double>(outputWidth) / photoWidth;
    const double sy = static_cast<double>(outputHeight) / photoHeight;
    const double w = tileWidth, h = tileHeight;
    return {static_cast<float>(2.0 * sx / w),
            0.0f,
            0.0f,
            0.0f,
            static_cast<float>(-2.0 * sy / h),
            0.0f,
            static_cast<float>(-2.0 * tileX / w - 1.0),
            static_cast<float>(1.0 + 2.0 * tileY / h),
            1.0f};
}

/// Copies the top-left `width` x `height` pixels of `tile` into `out` at (x, y).
void blit(const RgbaImage& tile, int width, int height, RgbaImage& out, int x, int y) {
    const std::size_t rowBytes = static_cast<std::size_t>(width) * 4;
    for (int row = 0; row < height; ++row)
        std::memcpy(out.rgba.data() + (static_cast<std::size_t>(y + row) * out.width + x) * 4,
                    tile.pixel(0, row), rowBytes);
}

} // namespace

std::optional<std::pair<int, int>> planImageSourceSize(const Plan& plan, const RgbaImage* photo) {
    if (photo != nullptr) return std::pair{photo->width, photo->height};
    return plan.imageSize;
}

std::pair<int, int> planImageSize(std::pair<int, int> source, int widthPx) {
    const auto [width, height] = source;
    if (widthPx <= 0 || widthPx == width) return source;
    const double scaled = std::round(static_cast<double>(height) * widthPx / width);
    return {widthPx, static_cast<int>(std::clamp(scaled, 1.0, 1e9))};
}

float styleFactor(int outputWidthPx) {
    const double factor = outputWidthPx / kStyleReferenceWidthPx;
    return std::clamp(static_cast<float>(factor), kMinStyleFactor, kMaxStyleFactor);
}

PlanImage renderPlanImage(const Plan& plan, const RgbaImage* photo,
                          const PlanImageOptions& options) {
    auto fail = [](std::string message) {
        return PlanImage{std::nullopt, std::move(message), false};
    };
    auto refuse = [](std::string message) {
        return PlanImage{std::nullopt, std::move(message), true};
    };
    // glad's pointers are null until gladLoadGL: fail cleanly rather than call through null.
    if (!GLAD_GL_VERSION_3_3) return fail("no OpenGL 3.3 context is current");
    if (options.widthPx != 0 &&
        (options.widthPx < kMinPlanImageWidthPx || options.widthPx > kMaxPlanImageWidthPx))
        return refuse("the width must be from " + std::to_string(kMinPlanImageWidthPx) + " to " +
                      std::to_string(kMaxPlanImageWidthPx) + " pixels");
    if (options.maxTileSizePx < 16) return fail("the tile size must be at least 16 pixels");

    const std::optional<std::pair<int, int>> source = planImageSourceSize(plan, photo);
    if (!source || source->first <= 0 || source->second <= 0)
        return refuse("the plan has no photo and no image_size: nothing gives the image its size");
    const auto [width, height] = planImageSize(*source, options.widthPx);
    const double scale = static_cast<double>(width) / source->first;
    const OverlayStyle style = scaledSizes(
        options.simulation ? underMarks(options.style) : options.style, styleFactor(width));

    const auto tooLarge = [&](int totalHeight) {
        return static_cast<std::int64_t>(width) * totalHeight > kMaxPlanImagePixels;
    };
    const auto refuseSize = [&](int totalHeight) {
        return refuse("the image would be " + std::to_string(width) + " x " +
                      std::to_string(totalHeight) + " pixels; exports are limited to " +
                      std::to_string(kMaxPlanImagePixels / 1'000'000) + " megapixels");
    };
    if (tooLarge(height)) return refuseSize(height);

    RgbaImage legend;
    if (options.legend) {
        if (width < kMinLegendWidthPx)
            return refuse("an image " + std::to_string(width) + " pixels wide is too narrow for " +
                          "the legend (at least " + std::to_string(kMinLegendWidthPx) + ")");
        LegendImage band = legendBand(plan, summarize(plan), options, style, width, scale);
        if (!band.image) return fail("cannot draw the legend: " + band.error);
        legend = std::move(*band.image);
    }
    if (tooLarge(height + legend.height)) return refuseSize(height + legend.height);

    GLint maxRenderbuffer = 0;
    std::array<GLint, 2> maxViewport{};
    glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &maxRenderbuffer);
    glGetIntegerv(GL_MAX_VIEWPORT_DIMS, maxViewport.data());
    const int maxTile =
        std::min({options.maxTileSizePx, static_cast<int>(maxRenderbuffer),
                  static_cast<int>(maxViewport[0]), static_cast<int>(maxViewport[1])});
    if (maxTile < 16) return fail("the OpenGL renderer's framebuffers are too small");
    const TileSplit columns = splitSide(width, maxTile);
    const TileSplit rows = splitSide(height, maxTile);

    const SavedState saved;
    while (glGetError() != GL_NO_ERROR) {
        // Errors left by the caller are not ours to report.
    }
    std::string step;
    std::optional<PhotoTexture> texture;
    if (photo != nullptr) {
        texture = PhotoTexture::create(*photo, &step, std::max(options.maxTileSizePx, 16));
        if (!texture) return fail("cannot upload the photo: " + step);
    }
    std::optional<OverlayRenderer> overlays = OverlayRenderer::create(&step);
    if (!overlays) return fail("cannot draw the overlays: " + step);
    std::optional<MarkRenderer> marks;
    if (options.simulation) {
        marks = MarkRenderer::create(&step);
        if (!marks) return fail("cannot draw the simulation: " + step);
        marks->setMarks(plan, *options.simulation); // once: every tile draws the same marks
    }
    std::optional<Framebuffer> framebuffer = Framebuffer::create(columns.size, rows.size, &step);
    if (!framebuffer) return fail("cannot make the offscreen image: " + step);
    const PlanShapes shapes = planShapes(plan);

    RgbaImage out;
    out.width = width;
    out.height = height + legend.height;
    out.rgba.resize(static_cast<std::size_t>(out.width) * out.height * 4);

    for (int row = 0; row < rows.count; ++row) {
        for (int column = 0; column < columns.count; ++column) {
            const int x = column * columns.size, y = row * rows.size;
            framebuffer->bind();
            glDisable(GL_SCISSOR_TEST);
            glClearColor(kBackground[0], kBackground[1], kBackground[2], kBackground[3]);
            glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);
            if (texture) {
                // Over the background, so that a photo with transparent parts exports opaque;
                // an opaque pixel (alpha 1) replaces the background exactly.
                glEnable(GL_BLEND);
                glBlendEquation(GL_FUNC_ADD);
                glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE,
                                    GL_ONE_MINUS_SRC_ALPHA);
                texture->draw(photoToClip(texture->width(), texture->height(), width, height, x, y,
                                          columns.size, rows.size));
            }
            const ImageToTarget xf{scale, Point{-static_cast<double>(x), -static_cast<double>(y)},
                                   columns.size, rows.size};
            if (!overlays->draw(plan, shapes, style, xf))
                return fail("cannot draw the overlays into the offscreen image");
            if (marks && !marks->draw(xf, options.marks))
                return fail("cannot draw the simulation into the offscreen image");
            const RgbaImage tile = framebuffer->readPixels();
            if (glGetError() != GL_NO_ERROR)
                return fail("OpenGL failed while drawing the image (out of memory?)");
            blit(tile, std::min(columns.size, width - x), std::min(rows.size, height - y), out, x,
                 y);
        }
    }
    if (legend.height > 0)
        std::memcpy(out.rgba.data() + static_cast<std::size_t>(width) * height * 4,
                    legend.rgba.data(), legend.rgba.size());
    return {std::move(out), {}, false};
}

} // namespace hp::render
