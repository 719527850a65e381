// The canvas as the program draws it, into an offscreen framebuffer (EGL, no display): a JPEG
// opened in the editor shows first at the reduced scale the canvas needs, then at full
// resolution over the same rectangle; a plan's photo the canvas loads itself goes the same way.
#include "app/canvas_renderer.hpp"
#include "app/editor.hpp"
#include "app/photo_loads.hpp"
#include "planning/plan_io.hpp"
#include "render/photo.hpp"
#include "support/photo_inputs.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <imgui.h>
#include <thread>

using namespace hp;
using namespace hp::app;
using namespace hp::test::photos;
namespace fs = std::filesystem;

namespace {

constexpr int kWidth = 1600, kHeight = 1000;
constexpr Rgba kBackground{41, 43, 48, 255}; // the canvas's clear colour

/// The program's frame without its window: ImGui (font atlas built), the editor, and the canvas
/// drawn into an offscreen framebuffer of the display's size.
class Canvas {
  public:
    Canvas() : context_(hp::test::headlessContext()), imgui_(ImGui::CreateContext()) {
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(kWidth, kHeight);
        io.DeltaTime = 1.0f / 60.0f;
        unsigned char* pixels = nullptr;
        int width = 0, height = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
        std::string error;
        target_ = Framebuffer::create(kWidth, kHeight, &error);
        renderer = CanvasRenderer::create(&error, photos);
        INFO(error);
        REQUIRE(target_);
        REQUIRE(renderer);
        EditorServices services;
        services.photoSize = [](const fs::path& file, std::string* message) {
            return render::photoDisplaySize(file, message);
        };
        services.openPhoto = [this](const fs::path& file, std::string* message) {
            return photos.open(file, message);
        };
        Plan empty;
        editor.emplace(Document(empty, {}), services);
        frame(); // lays the window out: the canvas's rectangle is known from here
    }
    Canvas(const Canvas&) = delete;
    Canvas& operator=(const Canvas&) = delete;
    ~Canvas() {
        renderer.reset(); // its textures, before the GL context
        editor.reset();
        ImGui::DestroyContext(imgui_);
    }

    /// One frame, as the window's loop runs it; returns what the canvas drew.
    RgbaImage frame() {
        ImGui::SetCurrentContext(imgui_);
        ImGui::NewFrame();
        editor->frame();
        ImGui::Render();
        target_->bind();
        renderer->draw(*editor, kWidth, kHeight, 1.0f, 1.0f);
        REQUIRE(glGetError() == GL_NO_ERROR);
        return target_->readPixels();
    }

    /// Frames until the photo is at full resolution (the worker decodes meanwhile); the last.
    RgbaImage frameAtFullResolution() {
        for (int i = 0; i < 3000 && !renderer->photoAtFullResolution(); ++i) {
            frame();
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        REQUIRE(renderer->photoAtFullResolution());
        return frame();
    }

    /// Shows image point (x, y) at the canvas's centre, at `zoom` screen pixels per photo pixel,
    /// the photo's corner on a whole screen pixel.
    void look(double x, double y, double zoom) {
        const ScreenRect& area = editor->canvasRect();
        editor->setView(View{zoom, std::round(area.x + area.width / 2 - x * zoom),
                             std::round(area.y + area.height / 2 - y * zoom)});
    }

  private:
    OffscreenContext context_; // first made, last gone

  public:
    PhotoLoads photos;
    std::optional<Editor> editor;
    std::optional<CanvasRenderer> renderer;

  private:
    ImGuiContext* imgui_;
    std::optional<Framebuffer> target_;
};

/// The checks' grey level at photo pixel (x, y) of checksAndRed().
int checkAt(int x, int y) {
    return ((x / 2 + y / 2) % 2) ? 255 : 0;
}

/// 2400 x 1600: 2-pixel black and white checks on the left half, which a 1/4 reduction
/// averages to grey; red on the right half.
RgbaImage checksAndRed() {
    RgbaImage image = solid(2400, 1600, red);
    for (int y = 0; y < 1600; ++y)
        for (int x = 0; x < 1200; ++x) {
            const auto v = static_cast<std::uint8_t>(checkAt(x, y));
            std::uint8_t* p = image.rgba.data() + (std::size_t(y) * 2400 + x) * 4;
            p[0] = p[1] = p[2] = v;
        }
    return image;
}

/// How far, on average, the 24 x 24 pixels about the canvas's centre are from the checks they
/// show (green channel), with the view at 100% on whole pixels.
double checksErrorAtCentre(const RgbaImage& drawn, const ScreenRect& area, const View& view) {
    const int cx = int(area.x + area.width / 2), cy = int(area.y + area.height / 2);
    double sum = 0;
    for (int y = cy - 12; y < cy + 12; ++y)
        for (int x = cx - 12; x < cx + 12; ++x) {
            const Point photo = view.toImage({x + 0.5, y + 0.5});
            sum += std::abs(at(drawn, x, y)[1] - checkAt(int(photo.x), int(photo.y)));
        }
    return sum / (24 * 24);
}

/// The smallest rectangle holding every pixel of the canvas that is not its background.
std::array<int, 4> photoBounds(const RgbaImage& drawn, const ScreenRect& area) {
    std::array<int, 4> box{kWidth, kHeight, -1, -1};
    for (int y = int(area.y); y < int(area.y + area.height); ++y)
        for (int x = int(area.x); x < int(area.x + area.width); ++x)
            if (at(drawn, x, y) != kBackground) {
                box[0] = std::min(box[0], x);
                box[1] = std::min(box[1], y);
                box[2] = std::max(box[2], x);
                box[3] = std::max(box[3], y);
            }
    return box;
}

} // namespace

TEST_CASE("an opened JPEG shows reduced at once, then at full resolution in the same place",
          "[canvas][photo]") {
    Canvas canvas;
    TempDir dir;
    const fs::path file = dir.write("checks.jpg", encodeJpeg(checksAndRed()));
    const ScreenRect area = canvas.editor->canvasRect();
    REQUIRE(area.width > 1000);
    // The whole photo at a quarter of its size: 600 x 400 screen pixels, mid-canvas.
    canvas.editor->requestOpen(file);
    canvas.look(1200, 800, 0.25);
    const RgbaImage first = canvas.frame();
    CHECK_FALSE(canvas.renderer->photoAtFullResolution());
    const std::array<int, 4> bounds = photoBounds(first, area);
    const int left = int(area.x + area.width / 2) - 300, top = int(area.y + area.height / 2) - 200;
    CHECK(std::abs(bounds[0] - left) <= 1);
    CHECK(std::abs(bounds[1] - top) <= 1);
    CHECK(bounds[2] - bounds[0] == 599);
    CHECK(bounds[3] - bounds[1] == 399);

    const RgbaImage full = canvas.frameAtFullResolution();
    CHECK(photoBounds(full, area) == bounds);
    // The same colours: the checks averaged to grey on the left, red on the right.
    for (auto [x, y] : {std::pair{100, 100}, {250, 200}, {450, 300}, {500, 50}}) {
        INFO("photo point " << x * 4 << ", " << y * 4);
        CHECK(near(at(full, left + x, top + y), at(first, left + x, top + y), 8));
    }
    CHECK(near(at(full, left + 450, top + 300), red, 12));
}

TEST_CASE("at 100% the reduced first image is blurred, the full resolution sharp",
          "[canvas][photo]") {
    Canvas canvas;
    TempDir dir;
    const fs::path file = dir.write("checks.jpg", encodeJpeg(checksAndRed()));
    const ScreenRect area = canvas.editor->canvasRect();
    canvas.editor->requestOpen(file);
    canvas.look(600, 800, 1.0); // amid the checks
    const RgbaImage first = canvas.frame();
    CHECK_FALSE(canvas.renderer->photoAtFullResolution());
    // Reduced (1/2 fills this canvas), the 2-pixel checks cannot be drawn back.
    CHECK(checksErrorAtCentre(first, area, canvas.editor->view()) > 50);
    const RgbaImage full = canvas.frameAtFullResolution();
    CHECK(checksErrorAtCentre(full, area, canvas.editor->view()) < 15); // JPEG's loss alone
}

TEST_CASE("a plan's photo is loaded by the canvas itself, reduced then full", "[canvas][photo]") {
    Canvas canvas;
    TempDir dir;
    const fs::path photo = dir.write("checks.jpg", encodeJpeg(checksAndRed()));
    Plan plan;
    plan.photo = photo.string();
    const fs::path planFile = dir.path() / "plan.json";
    REQUIRE_FALSE(savePlanFile(plan, planFile));
    canvas.editor->requestOpen(planFile);
    canvas.frame();
    CHECK(canvas.editor->errors().empty());
    CHECK_FALSE(canvas.renderer->photoAtFullResolution());
    canvas.look(600, 800, 1.0);
    const RgbaImage full = canvas.frameAtFullResolution();
    CHECK(checksErrorAtCentre(full, canvas.editor->canvasRect(), canvas.editor->view()) < 15);
}

TEST_CASE("a plan whose photo is damaged past its headers opens over a blank canvas",
          "[canvas][photo]") {
    Canvas canvas;
    TempDir dir;
    const fs::path photo = dir.write("damaged.jpg", damagedPastItsHeaders(checksAndRed()));
    Plan plan;
    plan.photo = photo.string();
    plan.zones.push_back(makeZone(ZoneKind::Graft, "Core", {{400, 400}, {900, 400}, {900, 900}}));
    const fs::path planFile = dir.path() / "plan.json";
    REQUIRE_FALSE(savePlanFile(plan, planFile));
    canvas.editor->requestOpen(planFile);
    canvas.frame();
    // The plan itself opens and can be edited; the canvas says why it has no photo.
    CHECK(canvas.editor->plan().zones.size() == 1);
    REQUIRE(canvas.editor->errors().size() == 1);
    CHECK(canvas.editor->errors()[0] ==
          render::loadPhoto(photo).error + "\nThe plan is open over a blank canvas.");
    CHECK_FALSE(canvas.renderer->photoAtFullResolution());
}
