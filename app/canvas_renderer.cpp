#include "canvas_renderer.hpp"

#include "render/photo.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <glad/gl.h>

namespace hp::app {

namespace {

/// How long a frame may spend sending the full-resolution photo to the GPU: half a frame at
/// 60 Hz. On llvmpipe a 24 MP photo takes about 15 such frames; on a GPU one or two.
constexpr auto kUploadPerFrame = std::chrono::milliseconds(8);

} // namespace

std::optional<CanvasRenderer> CanvasRenderer::create(std::string* error, PhotoLoads& photos) {
    auto overlay = render::OverlayRenderer::create(error);
    if (!overlay) return std::nullopt;
    auto marks = render::MarkRenderer::create(error);
    if (!marks) return std::nullopt;
    return CanvasRenderer(std::move(*overlay), std::move(*marks), photos);
}

// The marks go to the GPU once per placement (a few ms for 50,000), not once per frame.
void CanvasRenderer::syncMarks(const Editor& editor) {
    if (!editor.simulationShown() || editor.simulationSerial() == marksSerial_) return;
    if (editor.simulation() && editor.simulationPlan())
        marks_.setMarks(*editor.simulationPlan(), *editor.simulation());
    else
        marks_.clearMarks();
    marksSerial_ = editor.simulationSerial();
}

bool CanvasRenderer::photoAtFullResolution() const {
    return photo_ && !loading_ && !fullPhoto_ && photo_->placement().pixelSize == 1;
}

void CanvasRenderer::syncPhoto(Editor& editor) {
    const std::filesystem::path wanted = editor.photoPath();
    // A photo the editor has just opened comes decoded (reduced) already.
    std::unique_ptr<render::PhotoLoading> loading = photos_->take(wanted);
    const bool changed = !photoTried_ || !sameFile(wanted, photoPath_);
    photoPath_ = wanted; // also when only the path changed (the plan was saved elsewhere)
    photoTried_ = true;
    if (!loading && changed) {
        loading_.reset();
        fullPhoto_.reset();
        photo_.reset();
        if (wanted.empty()) return;
        std::string error;
        loading = photos_->start(wanted, &error);
        if (!loading) return editor.showError(error + "\nThe plan is open over a blank canvas.");
    }
    if (loading) return show(std::move(loading), editor); // and nothing more in this frame
    continueLoading(editor);
}

void CanvasRenderer::show(std::unique_ptr<render::PhotoLoading> loading, Editor& editor) {
    loading_.reset();
    fullPhoto_.reset();
    photo_.reset();
    if (!loading->warning().empty()) editor.showError(loading->warning());
    std::string error;
    photo_ = render::PhotoTexture::create(loading->firstImage(), &error,
                                          render::PhotoTexture::kDefaultMaxTileSize,
                                          loading->firstPlacement());
    if (!photo_) {
        editor.showError(loading->path().string() + ": cannot show the photo: " + error);
        return;
    }
    if (!loading->firstIsFull()) loading_ = std::move(loading);
}

void CanvasRenderer::continueLoading(Editor& editor) {
    if (loading_) {
        loading_->startFull(); // the first image is on the screen since the last frame
        std::optional<render::PhotoLoading::Full> full = loading_->takeFull();
        if (full) {
            const std::string name = loading_->path().string();
            loading_.reset();
            std::string error;
            if (full->photo) fullPhoto_ = render::PhotoTexture::startUpload(full->photo, &error);
            if (!full->photo)
                editor.showError(full->error + "\nThe photo is shown at a reduced resolution.");
            else if (!fullPhoto_)
                editor.showError(name + ": cannot show the photo at full resolution: " + error +
                                 "\nIt is shown at a reduced resolution.");
        }
    }
    if (fullPhoto_) {
        std::string error;
        switch (fullPhoto_->continueUpload(kUploadPerFrame, &error)) {
        case render::PhotoTexture::Upload::InProgress:
            break;
        case render::PhotoTexture::Upload::Complete:
            photo_ = std::move(fullPhoto_); // over the same rectangle: only sharper
            fullPhoto_.reset();
            break;
        case render::PhotoTexture::Upload::Failed:
            fullPhoto_.reset();
            editor.showError(photoPath_.string() + ": cannot show the photo at full resolution: " +
                             error + "\nIt is shown at a reduced resolution.");
            break;
        }
    }
}

void CanvasRenderer::draw(Editor& editor, int fbWidth, int fbHeight, float ratio,
                          float contentScale) {
    const ScreenRect& area = editor.canvasRect();
    const View& view = editor.view();
    // The first image of a photo opened from now on is made to fill this canvas.
    photos_->setCanvasSize(static_cast<int>(std::ceil(area.width * ratio)),
                           static_cast<int>(std::ceil(area.height * ratio)));
    syncPhoto(editor);
    if (fbWidth <= 0 || fbHeight <= 0) return;

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
    const bool simulating = editor.simulationShown();
    const render::OverlayStyle style = render::scaledSizes(
        simulating ? render::underMarks(editor.overlayStyle()) : editor.overlayStyle(),
        ratio * contentScale);
    overlay_.draw(editor.plan(), editor.shapes(), style, xf);
    if (simulating) {
        syncMarks(editor);
        marks_.draw(xf);
    }
    glDisable(GL_SCISSOR_TEST);
}

} // namespace hp::app
