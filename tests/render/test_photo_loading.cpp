// Opening a photo in two steps (PhotoLoading): the reduced first image at once, the full
// resolution from a worker thread, ready for the GPU; refusals in the decoder's words.
#include "render/photo_loading.hpp"
#include "support/photo_inputs.hpp"

#include <chrono>
#include <thread>

using namespace hp::test::photos;
using hp::render::loadPhoto;
using hp::render::PhotoLoading;

namespace {

/// 1600 x 1200: red top-left quarter, blue bottom-right quarter, grey elsewhere.
RgbaImage quarters() {
    RgbaImage image = solid(1600, 1200, grey);
    fillRect(image, 0, 0, 800, 600, red);
    fillRect(image, 800, 600, 1600, 1200, blue);
    return image;
}

std::unique_ptr<PhotoLoading> requireStarted(const std::filesystem::path& file, int viewWidth,
                                             int viewHeight, int tileSize = 1024) {
    std::string error;
    std::unique_ptr<PhotoLoading> loading =
        PhotoLoading::start(file, viewWidth, viewHeight, tileSize, &error);
    INFO("error: " << error);
    REQUIRE(loading);
    return loading;
}

} // namespace

TEST_CASE("a large JPEG: a reduced first image at once, then the full photo prepared in tiles",
          "[photo][loading]") {
    TempDir dir;
    const std::filesystem::path file = dir.write("large.jpg", encodeJpeg(quarters()));
    const auto loading = requireStarted(file, 400, 300);
    CHECK(loading->path() == file);
    CHECK(loading->width() == 1600);
    CHECK(loading->height() == 1200);
    CHECK_FALSE(loading->firstIsFull());
    CHECK(loading->warning().empty());
    // 1/4 is the smallest scale still 400 wide.
    CHECK(loading->firstImage().width == 400);
    CHECK(loading->firstImage().height == 300);
    CHECK(loading->firstPlacement().pixelSize == 4);
    CHECK(near(at(loading->firstImage(), 100, 75), red, 8));
    CHECK(near(at(loading->firstImage(), 300, 225), blue, 8));

    loading->waitForFull();
    std::optional<PhotoLoading::Full> full = loading->takeFull();
    REQUIRE(full);
    INFO("error: " << full->error);
    REQUIRE(full->photo);
    CHECK(full->error.empty());
    const RgbaImage& image = full->photo->image;
    CHECK(image.width == 1600);
    CHECK(image.height == 1200);
    CHECK(full->photo->placement.pixelSize == 1);
    CHECK(full->photo->placement.photoWidth == 1600);
    // The same pixels as decoding the file whole, cut in tiles of 1024 (cells of 960).
    CHECK(image.rgba == requireImage(loadPhoto(file)).rgba);
    CHECK(full->photo->tiles.maxTileSize() == 1024);
    CHECK(full->photo->tiles.tileCount() == 2 * 2);
    CHECK_FALSE(loading->takeFull()); // given once
}

TEST_CASE("the full resolution is decoded only once asked for", "[photo][loading]") {
    TempDir dir;
    const auto loading = requireStarted(dir.write("large.jpg", encodeJpeg(quarters())), 400, 300);
    // Nothing decodes it meanwhile: the first frame has the machine to itself.
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK_FALSE(loading->takeFull());
    loading->startFull();
    loading->startFull(); // once is enough; again changes nothing
    loading->waitForFull();
    const auto full = loading->takeFull();
    REQUIRE(full);
    CHECK(full->photo);
}

TEST_CASE("the first image and the full photo are turned by the EXIF orientation",
          "[photo][loading]") {
    TempDir dir;
    const auto file = dir.write("portrait.jpg", withExifOrientation(encodeJpeg(quarters()), 6));
    const auto loading = requireStarted(file, 300, 400);
    CHECK(loading->width() == 1200);
    CHECK(loading->height() == 1600);
    CHECK(loading->firstImage().width == 300);
    CHECK(loading->firstImage().height == 400);
    // Turned 90° clockwise: the stored top-left (red) is seen at the top right.
    CHECK(near(at(loading->firstImage(), 225, 100), red, 8));
    loading->waitForFull();
    const auto full = loading->takeFull();
    REQUIRE(full);
    REQUIRE(full->photo);
    CHECK(full->photo->image.width == 1200);
    CHECK(near(at(full->photo->image, 900, 400), red, 8));
}

TEST_CASE("a PNG, or a JPEG no larger than the view, is decoded whole at once",
          "[photo][loading]") {
    TempDir dir;
    for (const auto& file : {dir.write("photo.png", encodePng(solid(640, 480, green))),
                             dir.write("small.jpg", encodeJpeg(solid(640, 480, green)))}) {
        INFO(file);
        const auto loading = requireStarted(file, 800, 600);
        CHECK(loading->firstIsFull());
        CHECK(loading->firstImage().width == 640);
        CHECK(loading->firstPlacement().pixelSize == 1);
        loading->waitForFull(); // nothing to wait for
        CHECK_FALSE(loading->takeFull());
    }
}

TEST_CASE("a photo that cannot be decoded is refused in the decoder's words", "[photo][loading]") {
    TempDir dir;
    std::string error;
    SECTION("missing") {
        const auto missing = dir.path() / "missing.jpg";
        CHECK_FALSE(PhotoLoading::start(missing, 400, 300, 1024, &error));
        CHECK(error == loadPhoto(missing).error);
    }
    SECTION("damaged past its headers, found by the reduced decode") {
        // Large enough to be reduced for a 400 x 300 view.
        const Bytes jpeg = damagedPastItsHeaders(quarters());
        const auto file = dir.write("damaged.jpg", jpeg);
        REQUIRE(hp::render::photoDisplaySize(file)); // its headers are fine
        const PhotoLoad whole = loadPhoto(file);
        INFO("whole: " << whole.error << whole.warning);
        REQUIRE_FALSE(whole.image);
        CHECK_FALSE(PhotoLoading::start(file, 400, 300, 1024, &error));
        CHECK(error == whole.error);
    }
}
