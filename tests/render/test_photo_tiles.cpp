// The photo's tiles and mipmaps made on the CPU (PhotoTiles), their upload a part at a time,
// and a reduced image drawn over the full photo's rectangle.
#include "render/photo_tiles.hpp"
#include "support/photo_inputs.hpp"

#include <chrono>
#include <memory>

using namespace hp::test::photos;
using hp::render::PhotoPlacement;
using hp::render::PhotoScale;
using hp::render::PhotoTiles;
using hp::render::PreparedPhoto;
using hp::test::headlessContext;

namespace {

Rgba texel(const PhotoTiles::Level& level, int x, int y) {
    const std::uint8_t* p = level.rgba + (static_cast<std::size_t>(y) * level.width + x) * 4;
    return {p[0], p[1], p[2], p[3]};
}

RgbaImage fromValues(int width, int height, const std::vector<int>& reds) {
    RgbaImage image = solid(width, height, Rgba{0, 0, 0, 255});
    for (std::size_t i = 0; i < reds.size(); ++i)
        image.rgba[i * 4] = static_cast<std::uint8_t>(reds[i]);
    return image;
}

} // namespace

TEST_CASE("mipmap texels are the rounded means of the texels above them", "[photo][tiles]") {
    SECTION("even sides: 2 x 2 means, rounded half up") {
        const RgbaImage image = fromValues(4, 2, {10, 20, 0, 1, 30, 41, 0, 1});
        const PhotoTiles tiles(image, 64);
        REQUIRE(tiles.tileCount() == 1);
        REQUIRE(tiles.levelCount(0) == 3); // 4 x 2, 2 x 1, 1 x 1
        const PhotoTiles::Level one = tiles.level(0, 1);
        REQUIRE(one.width == 2);
        REQUIRE(one.height == 1);
        CHECK(texel(one, 0, 0) == Rgba{25, 0, 0, 255}); // (10 + 20 + 30 + 41 + 2) / 4 = 25.75
        CHECK(texel(one, 1, 0) == Rgba{1, 0, 0, 255});  // (0 + 1 + 0 + 1 + 2) / 4 = 1
        const PhotoTiles::Level two = tiles.level(0, 2);
        REQUIRE(two.width == 1);
        CHECK(texel(two, 0, 0) == Rgba{13, 0, 0, 255}); // (25 + 1 + 1) / 2, the side of 1 kept
    }
    SECTION("odd sides: the last texel takes in the third") {
        // 5 x 1: level 1 is 2 x 1 over {0, 1} and {2, 3, 4}.
        const PhotoTiles row(fromValues(5, 1, {10, 20, 30, 40, 60}), 64);
        REQUIRE(row.levelCount(0) == 3);
        CHECK(texel(row.level(0, 1), 0, 0)[0] == 15);
        CHECK(texel(row.level(0, 1), 1, 0)[0] == 43); // 130 / 3 = 43.3
        // 3 x 3: level 1 is one texel over all nine.
        const PhotoTiles square(fromValues(3, 3, {9, 9, 9, 9, 9, 9, 9, 9, 18}), 64);
        REQUIRE(square.levelCount(0) == 2);
        CHECK(texel(square.level(0, 1), 0, 0)[0] == 10); // 90 / 9
    }
    SECTION("the alpha channel is averaged like the colours") {
        RgbaImage image = solid(2, 2, Rgba{0, 0, 0, 255});
        image.rgba[3] = 0;
        CHECK(texel(PhotoTiles(image, 64).level(0, 1), 0, 0) == Rgba{0, 0, 0, 191});
    }
}

TEST_CASE("each tile's mipmaps match one big texture's down to level log2(border)",
          "[photo][tiles]") {
    // Tiles of 64: a border of 8, so levels 0-3 of every tile hold exactly the texels of the
    // same levels of the whole image, which is one texture of 256 x 192.
    const RgbaImage image = noise(256, 192);
    const PhotoTiles tiled(image, 64);
    const PhotoTiles whole(image, 4096);
    REQUIRE(tiled.border() == 8);
    REQUIRE(tiled.tileCount() == 6 * 4);
    REQUIRE(whole.tileCount() == 1);
    int compared = 0;
    for (int tile = 0; tile < tiled.tileCount(); ++tile) {
        const auto& x = tiled.column(tile);
        const auto& y = tiled.row(tile);
        for (int k = 1; k <= 3; ++k) {
            const PhotoTiles::Level part = tiled.level(tile, k);
            const PhotoTiles::Level all = whole.level(0, k);
            const int dataWidth = (x.dataEnd - x.dataStart) >> k;
            const int dataHeight = (y.dataEnd - y.dataStart) >> k;
            for (int j = 0; j < dataHeight; ++j)
                for (int i = 0; i < dataWidth; ++i) {
                    INFO("tile " << tile << ", level " << k << ", texel " << i << ", " << j);
                    const Rgba expected =
                        texel(all, (x.dataStart >> k) + i, (y.dataStart >> k) + j);
                    if (texel(part, i, j) != expected) REQUIRE(texel(part, i, j) == expected);
                    ++compared;
                }
        }
    }
    CHECK(compared > 256 * 192 / 4);
}

TEST_CASE("padding past the image's edge repeats its edge pixels in every level",
          "[photo][tiles]") {
    // 200 wide in tiles of 64 (cells of 48): the last column holds x 184..199, 16 pixels,
    // padded to 16; 150 tall: the last row holds y 136..149, 14 pixels, padded to 16.
    RgbaImage image = solid(200, 150, grey);
    fillRect(image, 196, 0, 200, 150, red);  // the right edge
    fillRect(image, 0, 146, 200, 150, blue); // the bottom edge
    const PhotoTiles tiles(image, 64);
    const int last = tiles.tileCount() - 1;
    REQUIRE(tiles.column(last).dataStart == 184);
    REQUIRE(tiles.column(last).textureLength == 16);
    REQUIRE(tiles.row(last).dataStart == 136);
    REQUIRE(tiles.row(last).dataEnd == 150);
    REQUIRE(tiles.row(last).textureLength == 16);
    // Level 1 of that tile is 8 x 8; its last row covers texture rows 14 and 15, both padding
    // that repeats image row 149 (blue, red at the right).
    const PhotoTiles::Level one = tiles.level(last, 1);
    REQUIRE(one.width == 8);
    CHECK(texel(one, 0, 7) == blue);
    CHECK(texel(one, 7, 7) == blue); // x 196-199 of row 149 are blue, painted last
    CHECK(texel(one, 7, 0) == red);
    CHECK(texel(one, 0, 0) == grey);
}

TEST_CASE("a photo uploaded a part at a time draws as one uploaded at once",
          "[photo][tiles][render]") {
    const OffscreenContext context = headlessContext();
    // Tiles of 128: a border of 16, cells of 96, so 3 columns and 2 rows.
    const RgbaImage image = noise(280, 180);
    auto prepared = std::make_shared<PreparedPhoto>(
        PreparedPhoto{image, PhotoPlacement{280, 180, 0, 0, 1}, PhotoTiles(image, 128)});
    std::string error;
    std::optional<PhotoTexture> parts = PhotoTexture::startUpload(prepared, &error);
    INFO(error);
    REQUIRE(parts);
    CHECK(parts->tileCount() == 3 * 2);
    CHECK_FALSE(parts->complete());
    // Not yet on the GPU: draws nothing (the target keeps its clear colour).
    const auto m = placement(0.5, 0, 0, 150, 100);
    CHECK(at(render(*parts, 150, 100, m), 75, 50) == Rgba{0, 0, 0, 255});
    prepared.reset(); // the texture keeps what it needs until the upload ends

    int calls = 0;
    PhotoTexture::Upload state = PhotoTexture::Upload::InProgress;
    while (state == PhotoTexture::Upload::InProgress && calls < 10000) {
        state = parts->continueUpload(std::chrono::nanoseconds(0), &error);
        ++calls;
    }
    REQUIRE(state == PhotoTexture::Upload::Complete);
    CHECK(parts->complete());
    // One part per call with no time to spare: every level of every tile, one at a time
    // (8 levels of a 128-texel tile, 7 of the smaller ones at the edges).
    CHECK(calls > 6 * 7);
    CHECK(parts->continueUpload(std::chrono::nanoseconds(0)) == PhotoTexture::Upload::Complete);

    const PhotoTexture once = makeTexture(image, 128);
    for (double scale : {1.0, 0.5, 0.3}) {
        INFO("scale " << scale);
        const int width = int(280 * scale + 0.999), height = int(180 * scale + 0.999);
        const auto transform = placement(scale, 0, 0, width, height);
        CHECK(largestDifference(render(*parts, width, height, transform),
                                render(once, width, height, transform)) == 0);
    }
}

TEST_CASE("a reduced photo is drawn over the full photo's rectangle", "[photo][tiles][render]") {
    const OffscreenContext context = headlessContext();
    // 203 x 121 (neither a multiple of 8): red block top-left, green top-right, blue bottom.
    RgbaImage source = solid(203, 121, grey);
    fillRect(source, 0, 0, 40, 40, red);
    fillRect(source, 163, 0, 203, 40, green);
    fillRect(source, 0, 81, 203, 121, blue);
    const Bytes jpeg = encodeJpeg(source);

    for (int orientation : {1, 3}) { // 3: turned 180°, so the partial pixels come first
        INFO("orientation " << orientation);
        const Bytes file = withExifOrientation(jpeg, orientation);
        const PhotoLoad full = hp::render::decodePhoto(file, "p.jpg");
        const PhotoLoad reduced = hp::render::decodePhoto(file, "p.jpg", PhotoScale{1, 4});
        REQUIRE(reduced.image);
        CHECK(reduced.image->width == 51); // 203 / 4, rounded up
        CHECK(reduced.image->height == 31);
        const PhotoPlacement& where = reduced.placement;
        CHECK(where.photoWidth == 203);
        CHECK(where.photoHeight == 121);
        CHECK(where.pixelSize == 4);
        CHECK(where.left == (orientation == 3 ? -1 : 0)); // 203 - 51 * 4
        CHECK(where.top == (orientation == 3 ? -3 : 0));  // 121 - 31 * 4

        std::string error;
        const auto small = PhotoTexture::create(*reduced.image, &error, 4096, where);
        REQUIRE(small);
        CHECK(small->width() == 203);
        CHECK(small->height() == 121);
        const PhotoTexture big = makeTexture(*full.image);
        // Drawn at 1:1 with a margin of 10 around it in a 223 x 141 target.
        const auto m = placement(1, 10, 10, 223, 141);
        const RgbaImage a = render(*small, 223, 141, m);
        const RgbaImage b = render(big, 223, 141, m);
        // Away from colour edges, the same colours (within JPEG's and the reduction's loss).
        for (auto [x, y] : {std::pair{20, 20},
                            {190, 20},
                            {100, 60},
                            {100, 110},
                            {10, 115},
                            {200, 115},
                            {12, 12}}) {
            INFO("photo pixel " << x << ", " << y);
            CHECK(near(at(a, x + 10, y + 10), at(b, x + 10, y + 10), 12));
        }
        // Nothing outside the photo's rectangle, the reduced pixels cut off at its edges.
        for (auto [x, y] : {std::pair{9, 9}, {9, 70}, {213, 70}, {100, 131}, {100, 9}}) {
            INFO("target pixel " << x << ", " << y);
            CHECK(at(a, x, y) == Rgba{0, 0, 0, 255});
        }
        CHECK(at(a, 10, 10) != Rgba{0, 0, 0, 255});
        CHECK(at(a, 212, 130) != Rgba{0, 0, 0, 255});
    }
}
