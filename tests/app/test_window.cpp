// The whole program in a real window (under xvfb-run when there is no display): it opens the
// sample, draws frames, writes its last frame and exits 0.
#include "support/run_process.hpp"

#include <catch2/catch.hpp>
#include <stb_image.h>

#include <cstdlib>

using hp::test::runProcess;
using hp::test::TempDir;

namespace {

struct Image {
    int width = 0, height = 0;
    std::vector<unsigned char> rgb;
    const unsigned char* at(int x, int y) const { return &rgb[(static_cast<std::size_t>(y) * width + x) * 3]; }
};

Image loadPng(const std::string& file) {
    Image img;
    int channels = 0;
    unsigned char* data = stbi_load(file.c_str(), &img.width, &img.height, &channels, 3);
    REQUIRE(data != nullptr);
    img.rgb.assign(data, data + static_cast<std::size_t>(img.width) * img.height * 3);
    stbi_image_free(data);
    return img;
}

}  // namespace

TEST_CASE("the editor opens the sample in a window, draws and exits 0", "[window]") {
    INFO("this test needs an X display: scripts/test runs it under xvfb-run");
    REQUIRE(std::getenv("DISPLAY") != nullptr);
    TempDir dir;
    const std::string shot = (dir.path / "editor.png").string();
    const auto r = runProcess(HAIRPLAN_EXE, {"--frames", "12", "--screenshot", shot});
    INFO(r.err);
    CHECK(r.exitCode == 0);
    CHECK(r.signal == 0);
    const Image img = loadPng(shot);
    CHECK(img.width == 1560);
    CHECK(img.height == 960);
    // The canvas shows the photo (not the empty canvas colour) in the middle of the front view,
    // and the panels are drawn on the right.
    int differing = 0;
    for (int x = 100; x < 1000; x += 50)
        for (int y = 200; y < 800; y += 50) {
            const unsigned char* p = img.at(x, y);
            differing += std::abs(p[0] - 41) + std::abs(p[1] - 43) + std::abs(p[2] - 48) > 30;
        }
    CHECK(differing > 50);
}

TEST_CASE("the editor opens a photo as a new plan", "[window]") {
    REQUIRE(std::getenv("DISPLAY") != nullptr);
    TempDir dir;
    const std::string shot = (dir.path / "photo.png").string();
    const auto r = runProcess(HAIRPLAN_EXE, {HAIRPLAN_ASSETS "/sample/front-back.jpg", "--frames",
                                             "4", "--screenshot", shot});
    INFO(r.err);
    CHECK(r.exitCode == 0);
    CHECK(loadPng(shot).width == 1560);
}
