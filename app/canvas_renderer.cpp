#include "canvas_renderer.hpp"

#include "render/photo.hpp"

#include <algorithm>
#include <cmath>
#include <glad/gl.h>

namespace hp::app {

std::optional<CanvasRenderer> CanvasRenderer::create(std::string* error) {
    auto overlay = render::OverlayRenderer::create(error);
    if (!overlay) return std::nullopt;
    return CanvasRenderer(std::move(*overlay));
}

void CanvasRenderer::syncPhoto(Editor& editor) {
    const std::filesystem::path wanted = editor.photoPath();
    if (photoTried_ && wanted == photoPath_) return;
    photoPath_ = wanted;
    photoTried_ = true;
    photo_.reset();
    if (wanted.empty()) return;
    render::PhotoLoad load = render::loadPhoto(wanted);
    if (!load.image) {
        editor.showError(load.error + "\nThe plan is open over a blank canvas.");
        return;
    }
    if (!load.warning.empty()) editor.showError(load.warning);
    std::string error;
    photo_ = render::PhotoTexture::create(*load.image, &error);
    if (!photo_) editor.showError(wanted.string() + ": cannot show the photo: " + error);
}

void CanvasRenderer::draw(Editor& editor, int fbWidth, int fbHeight, float ratio,
                          float contentScale) {
    syncPhoto(editor);
    if (fbWidth <= 0 || fbHeight <= 0) return;
    const ScreenRect& area = editor.canvasRect();
    const View& view = editor.view();

    glViewport(0, 0, fbWidth, fbHeight);
    glDisable(GL_SCISSOR_TEST);
    glClearColor(0.16f, 0.17f, 0.19f, 1.0f);
    glClearStencil(0);
    glClear(GL_COLOR_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);

    // Everything below stays inside the canvas (GL's scissor box has y up).
    const int sx = static_cast<int>(std::floor(area.x * ratio));
    const int sy = static_cast<int>(std::floor(area.y * ratio));
    const int sw = static_cast<int>(std::ceil(area.width * ratio));
    const int sh = static_cast<int>(std::ceil(area.height * ratio));
    glEnable(GL_SCISSOR_TEST);
    glScissor(sx, fbHeight - sy - sh, std::max(0, sw), std::max(0, sh));

    const double scale = view.zoom * ratio;
    const double ox = view.offsetX * ratio, oy = view.offsetY * ratio;
    if (photo_) {
        const std::array<float, 9> toClip{static_cast<float>(2 * scale / fbWidth),
                                          0,
                                          0,
                                          0,
                                          static_cast<float>(-2 * scale / fbHeight),
                                          0,
                                          static_cast<float>(2 * ox / fbWidth - 1),
                                          static_cast<float>(1 - 2 * oy / fbHeight),
                                          1};
        photo_->draw(toClip);
    } else {
        // No photo: a light sheet the size of the image, so its bounds are visible.
        const auto [w, h] = editor.imageSize();
        const int x0 = static_cast<int>(std::floor(ox)), y0 = static_cast<int>(std::floor(oy));
        const int x1 = static_cast<int>(std::ceil(ox + w * scale)),
                  y1 = static_cast<int>(std::ceil(oy + h * scale));
        const int left = std::max(x0, sx), right = std::min(x1, sx + sw);
        const int top = std::max(y0, sy), bottom = std::min(y1, sy + sh);
        if (right > left && bottom > top) {
            glScissor(left, fbHeight - bottom, right - left, bottom - top);
            glClearColor(0.80f, 0.78f, 0.75f, 1.0f);
            glClear(GL_COLOR_BUFFER_BIT);
            glScissor(sx, fbHeight - sy - sh, std::max(0, sw), std::max(0, sh));
        }
    }

    const render::ImageToTarget xf{scale, {ox, oy}, fbWidth, fbHeight};
    const render::OverlayStyle style =
        render::scaledSizes(editor.overlayStyle(), ratio * contentScale);
    overlay_.draw(editor.plan(), editor.shapes(), style, xf);
    glDisable(GL_SCISSOR_TEST);
}

} // namespace hp::app
