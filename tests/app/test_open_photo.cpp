// Opening a photo as a new plan, as the editor does it in the program: the photo is decoded at
// the canvas's reduced scale before the open plan is closed, so a photo damaged past its headers
// is refused and the open plan stays; a good one is handed to the canvas already decoded.
#include "app/editor.hpp"
#include "app/photo_loads.hpp"
#include "render/photo.hpp"
#include "support/photo_inputs.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <imgui.h>

using namespace hp;
using namespace hp::app;
using namespace hp::test::photos;
namespace fs = std::filesystem;

namespace {

/// An ImGui context (font atlas built, no window) and an editor whose photos are opened through
/// PhotoLoads, as editor_window.cpp wires them.
class PhotoEditor {
  public:
    explicit PhotoEditor(Document document) : context_(ImGui::CreateContext()) {
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(1600, 1000);
        io.DeltaTime = 1.0f / 60.0f;
        unsigned char* pixels = nullptr;
        int width = 0, height = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
        EditorServices services;
        services.photoSize = [](const fs::path& file, std::string* error) {
            return render::photoDisplaySize(file, error);
        };
        services.openPhoto = [this](const fs::path& file, std::string* error) {
            return photos.open(file, error);
        };
        editor.emplace(std::move(document), services);
        frame();
    }
    PhotoEditor(const PhotoEditor&) = delete;
    PhotoEditor& operator=(const PhotoEditor&) = delete;
    ~PhotoEditor() {
        editor.reset();
        ImGui::DestroyContext(context_);
    }
    void frame() {
        ImGui::SetCurrentContext(context_);
        ImGui::NewFrame();
        editor->frame();
        ImGui::Render();
    }

    PhotoLoads photos;
    std::optional<Editor> editor;

  private:
    ImGuiContext* context_;
};

Plan planWithAZone() {
    Plan plan;
    plan.calibration = ScaleCalibration{0.1};
    plan.imageSize = std::pair{3000, 2000};
    plan.zones.push_back(
        makeZone(ZoneKind::Graft, "Core", {{400, 400}, {1400, 400}, {1400, 1400}}));
    return plan;
}

/// 1600 x 1200: red top-left quarter, grey elsewhere.
RgbaImage redCorner() {
    RgbaImage image = solid(1600, 1200, grey);
    fillRect(image, 0, 0, 800, 600, red);
    return image;
}

} // namespace

TEST_CASE("a photo damaged past its headers is refused, and the open plan stays",
          "[editor][photo]") {
    TempDir dir;
    const fs::path planFile = dir.path() / "plan.json";
    PhotoEditor h(Document(planWithAZone(), planFile));
    const fs::path damaged = dir.write("damaged.jpg", damagedPastItsHeaders(redCorner()));
    // Its headers are fine: the size alone would have let it replace the plan, over a blank
    // canvas.
    REQUIRE(render::photoDisplaySize(damaged) == std::pair{1600, 1200});

    h.editor->requestOpen(damaged);
    h.frame();
    REQUIRE(h.editor->errors().size() == 1);
    const std::string& message = h.editor->errors()[0];
    INFO(message);
    CHECK(message == render::loadPhoto(damaged).error); // the decoder's own words
    CHECK(message.rfind(damaged.string() + ": the JPEG cannot be decoded (", 0) == 0);
    CHECK(h.editor->plan() == planWithAZone());
    CHECK(h.editor->document().file() == planFile);
    CHECK_FALSE(h.photos.take(damaged));
}

TEST_CASE("a photo opened as a new plan reaches the canvas decoded, reduced to fill it",
          "[editor][photo]") {
    TempDir dir;
    // Stored 1600 x 1200, seen as a 1200 x 1600 portrait (EXIF orientation 6).
    const fs::path file =
        dir.write("portrait.jpg", withExifOrientation(encodeJpeg(redCorner()), 6));
    PhotoEditor h(Document(planWithAZone(), {}));
    h.photos.setCanvasSize(400, 300);
    h.editor->requestOpen(file);
    h.frame();
    CHECK(h.editor->errors().empty());
    CHECK(h.editor->plan().zones.empty()); // a new plan
    CHECK(h.editor->plan().imageSize == std::pair{1200, 1600});
    CHECK(h.editor->imageSize() == std::pair{1200, 1600});

    // The canvas asks by the plan's photo path (absolute), the editor was given another.
    REQUIRE(h.editor->photoPath().is_absolute());
    std::unique_ptr<render::PhotoLoading> loading = h.photos.take(h.editor->photoPath());
    REQUIRE(loading);
    CHECK_FALSE(h.photos.take(h.editor->photoPath())); // handed over once
    CHECK(loading->width() == 1200);
    CHECK(loading->height() == 1600);
    // Fitted in 400 x 300, the photo is 225 x 300: 1/4 (300 x 400) is the smallest scale that
    // fills it; 1/8 (150 x 200) would be magnified.
    CHECK_FALSE(loading->firstIsFull());
    CHECK(loading->firstImage().width == 300);
    CHECK(loading->firstImage().height == 400);
    // Turned upright: the stored top-left quarter (red) is seen at the top right.
    CHECK(near(at(loading->firstImage(), 225, 100), red, 8));
    CHECK(near(at(loading->firstImage(), 75, 100), grey, 8));
}

TEST_CASE("the same file is recognised however its path is written", "[editor][photo]") {
    TempDir dir;
    const fs::path file = dir.write("a.jpg", encodeJpeg(solid(8, 8, red)));
    const fs::path other = dir.write("b.jpg", encodeJpeg(solid(8, 8, red)));
    fs::create_directories(dir.path() / "sub");
    CHECK(sameFile(file, file));
    CHECK(sameFile(file, dir.path() / "sub" / ".." / "a.jpg"));
    CHECK_FALSE(sameFile(file, other));
    CHECK_FALSE(sameFile(file, {}));
    fs::create_symlink(file, dir.path() / "link.jpg");
    CHECK(sameFile(file, dir.path() / "link.jpg"));
}

// Found by the test above while main fixed it too (revisions unique across documents): the
// figures were kept from the plan just closed when both plans were unedited, and the summary
// panel read the old zones' colours from the new plan (out of range: a crash).
TEST_CASE("a plan opened over another shows its own figures, not the closed plan's",
          "[editor][photo]") {
    TempDir dir;
    const fs::path file = dir.write("photo.jpg", encodeJpeg(solid(64, 48, grey)));
    PhotoEditor h(Document(planWithAZone(), {}));
    REQUIRE(h.editor->summary().zones.size() == 1);
    h.editor->requestOpen(file);
    h.frame();
    REQUIRE(h.editor->plan().zones.empty());
    CHECK(h.editor->summary().zones.empty());
    CHECK(h.editor->shapes().zones.empty());
}
