// The plan image of the export (render/plan_image.hpp), headless under EGL: a synthetic photo
// with a zone of each kind, a hairline with its band and a glabella, checked at probe pixels
// (no golden images) and, away from the overlays, against the photo pixel for pixel.
//
// Set HAIRPLAN_PLAN_IMAGE_PNG=/some/file.png to save the main render for a look.
#include "planning/plan.hpp"
#include "planning/plan_shapes.hpp"
#include "render/offscreen_context.hpp"
#include "render/overlay_style.hpp"
#include "render/plan_image.hpp"

#include <algorithm>
#include <array>
#include "support/headless_gl.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <stb_image_write.h>
#include <string>
#include <vector>

using hp::Plan;
using hp::Point;
using hp::ZoneKind;
using hp::render::Colour;
using hp::render::OffscreenContext;
using hp::render::OverlayStyle;
using hp::render::PlanImageOptions;
using hp::render::RgbaImage;

namespace {

using hp::test::headlessContext;

// int, not uint8_t, so that Catch prints failures as numbers rather than characters.
using Rgba = std::array<int, 4>;

constexpr int kWidth = 640;
constexpr int kHeight = 480;


/// A photo whose every pixel differs from its neighbours (gradients in red and green, a
/// checker in blue), so that a shifted or resampled pixel shows.
RgbaImage gradientPhoto(int width = kWidth, int height = kHeight) {
    RgbaImage photo{width, height, {}};
    photo.rgba.resize(static_cast<std::size_t>(width) * height * 4);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            std::uint8_t* p = photo.rgba.data() + (static_cast<std::size_t>(y) * width + x) * 4;
            p[0] = static_cast<std::uint8_t>(40 + x * 170 / width);
            p[1] = static_cast<std::uint8_t>(30 + y * 180 / height);
            p[2] = static_cast<std::uint8_t>(((x + y) % 2) ? 90 : 110);
            p[3] = 255;
        }
    }
    return photo;
}

hp::Outline rectangle(double x0, double y0, double x1, double y1) {
    return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
}

/// A zone of each kind side by side, a hairline across the middle with its band above it, a
/// glabella below, and a ruler near the bottom; 0.1 mm a pixel, so the 8 mm band is 80 pixels.
Plan testPlan() {
    Plan plan;
    plan.photo = "photo.jpg";
    plan.calibration = hp::RulerCalibration{{100, 450}, {200, 450}, 10.0};
    plan.glabella = Point{330, 400};
    hp::Hairline hairline;
    hairline.points = {{80, 320}, {330, 300}, {580, 320}};
    hairline.irregularity.amplitudeMm = 0.5;
    plan.hairline = hairline;
    plan.zones.push_back(hp::makeZone(ZoneKind::Graft, "Core", rectangle(40, 40, 200, 170)));
    plan.zones.push_back(hp::makeZone(ZoneKind::Smp, "Crown", rectangle(250, 40, 410, 170)));
    plan.zones.push_back(hp::makeZone(ZoneKind::Donor, "Donor", rectangle(460, 40, 620, 170)));
    return plan;
}

Rgba at(const RgbaImage& image, int x, int y) {
    const std::uint8_t* p = image.pixel(x, y);
    return {p[0], p[1], p[2], p[3]};
}

/// `under` with `colour` blended over it at `alpha`, as GL's SRC_ALPHA, ONE_MINUS_SRC_ALPHA
/// does (within rounding).
Rgba blended(Rgba under, Colour colour, float alpha) {
    auto mix = [alpha](int u, float c) {
        return static_cast<int>(std::lround(u * (1.0f - alpha) + c * 255.0f * alpha));
    };
    return {mix(under[0], colour.r), mix(under[1], colour.g), mix(under[2], colour.b), 255};
}

bool near(Rgba a, Rgba b, int tolerance = 3) {
    for (int i = 0; i < 4; ++i)
        if (std::abs(a[i] - b[i]) > tolerance) return false;
    return true;
}

RgbaImage render(const Plan& plan, const RgbaImage* photo, PlanImageOptions options = {}) {
    hp::render::PlanImage rendered = hp::render::renderPlanImage(plan, photo, options);
    INFO("renderPlanImage: " << rendered.error);
    REQUIRE(rendered.image.has_value());
    CHECK(rendered.error.empty());
    return std::move(*rendered.image);
}

PlanImageOptions noLegend(int maxTileSizePx = 4096) {
    PlanImageOptions options;
    options.legend = false;
    options.maxTileSizePx = maxTileSizePx;
    return options;
}

/// Boxes (image pixels, inclusive) around everything the overlays draw, grown by `margin`.
struct PixelBox {
    int x0, y0, x1, y1;
    bool contains(int x, int y) const { return x >= x0 && x <= x1 && y >= y0 && y <= y1; }
};

std::vector<PixelBox> overlayBoxes(const Plan& plan, int margin) {
    std::vector<PixelBox> boxes;
    auto add = [&](const std::vector<Point>& points) {
        if (points.empty()) return;
        const hp::Box b = hp::boundingBox(points);
        boxes.push_back({static_cast<int>(std::floor(b.minX)) - margin,
                         static_cast<int>(std::floor(b.minY)) - margin,
                         static_cast<int>(std::ceil(b.maxX)) + margin,
                         static_cast<int>(std::ceil(b.maxY)) + margin});
    };
    const hp::PlanShapes shapes = hp::planShapes(plan);
    for (const hp::Zone& zone : plan.zones)
        add(zone.points);
    for (const hp::Outline& outline : shapes.band)
        add(outline);
    add(shapes.smoothHairline);
    add(shapes.frontEdge);
    if (plan.glabella) {
        add({*plan.glabella});
        // The midline runs the photo's whole height.
        const int x = static_cast<int>(plan.glabella->x);
        boxes.push_back({x - margin, -1'000'000, x + margin, 1'000'000});
    }
    if (const auto* ruler = std::get_if<hp::RulerCalibration>(&*plan.calibration))
        add({ruler->p1, ruler->p2});
    return boxes;
}

/// Counts the pixels of `image` outside every box that differ from `photo` (and, in
/// `outside`, the pixels outside every box).
std::size_t changedAwayFromOverlays(const RgbaImage& image, const RgbaImage& photo,
                                    const std::vector<PixelBox>& boxes, std::size_t& outside) {
    std::size_t changed = 0;
    outside = 0;
    for (int y = 0; y < photo.height; ++y) {
        for (int x = 0; x < photo.width; ++x) {
            if (std::any_of(boxes.begin(), boxes.end(),
                            [&](const PixelBox& b) { return b.contains(x, y); }))
                continue;
            ++outside;
            if (at(image, x, y) != at(photo, x, y)) ++changed;
        }
    }
    return changed;
}

/// Probes well inside each zone and on the band: each is the photo tinted toward the zone's
/// colour at the fill's opacity.
void checkZoneProbes(const RgbaImage& image, const RgbaImage& photo, const Plan& plan,
                     double scale) {
    const OverlayStyle style;
    auto probe = [&](Point p, Colour colour, const char* what) {
        const int x = static_cast<int>(p.x * scale), y = static_cast<int>(p.y * scale);
        const int px = std::min(photo.width - 1, static_cast<int>(p.x));
        const int py = std::min(photo.height - 1, static_cast<int>(p.y));
        // A scaled image is a resampled photo: compare with the photo's local mean then.
        const Rgba under = at(photo, px, py);
        const Rgba expected = blended(under, colour, colour.a * style.fillAlpha);
        INFO(what << " at (" << x << ", " << y << "): got " << at(image, x, y)[0] << ","
                  << at(image, x, y)[1] << "," << at(image, x, y)[2] << " expected " << expected[0]
                  << "," << expected[1] << "," << expected[2]);
        CHECK(near(at(image, x, y), expected, scale == 1.0 ? 3 : 12));
    };
    for (const Point p : {Point{70, 70}, Point{120, 100}, Point{180, 150}})
        probe(p, style.zoneColour(plan, 0), "graft zone");
    for (const Point p : {Point{270, 60}, Point{350, 110}, Point{395, 155}})
        probe(p, style.zoneColour(plan, 1), "SMP zone");
    for (const Point p : {Point{480, 60}, Point{540, 110}, Point{600, 155}})
        probe(p, style.zoneColour(plan, 2), "donor zone");
    // The band lies 0 to 80 pixels above the hairline (y 300 at the middle, 320 at the ends).
    for (const Point p : {Point{200, 270}, Point{350, 260}, Point{460, 270}})
        probe(p, style.bandColour, "transition band");
}

} // namespace

TEST_CASE("the plan image is the photo with the overlays, untouched away from them",
          "[plan_image]") {
    const OffscreenContext context = headlessContext();
    const RgbaImage photo = gradientPhoto();
    const Plan plan = testPlan();
    const RgbaImage image = render(plan, &photo, noLegend());
    REQUIRE(image.width == kWidth);
    REQUIRE(image.height == kHeight);
    if (const char* path = std::getenv("HAIRPLAN_PLAN_IMAGE_PNG")) {
        REQUIRE(stbi_write_png(path, image.width, image.height, 4, image.rgba.data(),
                               image.width * 4) != 0);
        WARN("saved the plan image test render to " << path);
    }

    checkZoneProbes(image, photo, plan, 1.0);
    // The band's green: more green than the photo there, less red and blue.
    const Rgba band = at(image, 350, 260), under = at(photo, 350, 260);
    CHECK(band[1] > under[1]);
    CHECK(band[0] < under[0]);

    std::size_t outside = 0;
    const std::size_t changed =
        changedAwayFromOverlays(image, photo, overlayBoxes(plan, 12), outside);
    CHECK(changed == 0);
    CHECK(outside > static_cast<std::size_t>(kWidth * kHeight / 3)); // the check saw a lot
    // Every pixel opaque.
    for (std::size_t i = 3; i < image.rgba.size(); i += 4)
        REQUIRE(image.rgba[i] == 255);
}

TEST_CASE("drawn in small tiles, the plan image is the same, seams included", "[plan_image]") {
    const OffscreenContext context = headlessContext();
    const RgbaImage photo = gradientPhoto();
    const Plan plan = testPlan();
    const RgbaImage whole = render(plan, &photo, noLegend());
    // 640 x 480 in tiles of at most 100: 7 columns of 92 and 5 rows of 96, so tile borders cross
    // every zone, the band, the hairline and the midline.
    const RgbaImage tiled = render(plan, &photo, noLegend(100));
    REQUIRE(tiled.width == kWidth);
    REQUIRE(tiled.height == kHeight);

    checkZoneProbes(tiled, photo, plan, 1.0);
    // Probes on both sides of tile borders (x = 92, 184, 276, ...; y = 96, 192, ...).
    for (const Point p :
         {Point{91, 95}, Point{92, 96}, Point{183, 100}, Point{184, 100}, Point{275, 95},
          Point{276, 96}, Point{551, 150}, Point{552, 150}, Point{330, 287}, Point{330, 288}}) {
        INFO("(" << p.x << ", " << p.y << ")");
        CHECK(at(tiled, static_cast<int>(p.x), static_cast<int>(p.y)) ==
              at(whole, static_cast<int>(p.x), static_cast<int>(p.y)));
    }
    // Away from the overlays, exactly the photo in every tile.
    std::size_t outside = 0;
    CHECK(changedAwayFromOverlays(tiled, photo, overlayBoxes(plan, 12), outside) == 0);
    // Along the overlays' edges the rasteriser may round a pixel differently in a tile (its
    // coordinates are offset by the tile's corner), but hardly ever.
    std::size_t differing = 0;
    for (int y = 0; y < kHeight; ++y)
        for (int x = 0; x < kWidth; ++x)
            differing += at(tiled, x, y) != at(whole, x, y);
    CHECK(differing <= static_cast<std::size_t>(kWidth * kHeight) / 1000);
}

TEST_CASE("the legend goes below the photo and covers none of it", "[plan_image]") {
    const OffscreenContext context = headlessContext();
    const RgbaImage photo = gradientPhoto();
    const Plan plan = testPlan();
    const RgbaImage bare = render(plan, &photo, noLegend());
    PlanImageOptions options;
    options.legendText = {"plan.json", "2024-05-01", "0.1.0", false};
    const RgbaImage withLegend = render(plan, &photo, options);
    REQUIRE(withLegend.width == kWidth);
    REQUIRE(withLegend.height > kHeight + 40); // room for a few lines of text at least
    CHECK(withLegend.height < kHeight * 3);
    // The photo part is exactly the image without a legend.
    CHECK(std::equal(bare.rgba.begin(), bare.rgba.end(), withLegend.rgba.begin()));
    // The band holds something (text, swatches), not one flat colour.
    const Rgba first = at(withLegend, 0, kHeight);
    bool varied = false;
    for (int y = kHeight; y < withLegend.height && !varied; ++y)
        for (int x = 0; x < kWidth && !varied; ++x)
            varied = at(withLegend, x, y) != first;
    CHECK(varied);
}

TEST_CASE("the --width option scales the photo and the overlays together", "[plan_image]") {
    const OffscreenContext context = headlessContext();
    const RgbaImage photo = gradientPhoto();
    const Plan plan = testPlan();
    PlanImageOptions options = noLegend();
    options.widthPx = kWidth / 2;
    const RgbaImage half = render(plan, &photo, options);
    CHECK(half.width == kWidth / 2);
    CHECK(half.height == kHeight / 2);
    checkZoneProbes(half, photo, plan, 0.5);

    options.widthPx = 1000; // up: 1000 x 750
    const RgbaImage large = render(plan, &photo, options);
    CHECK(large.width == 1000);
    CHECK(large.height == 750);
    checkZoneProbes(large, photo, plan, 1000.0 / kWidth);
}

TEST_CASE("a plan without a photo is drawn on a light background of its image_size",
          "[plan_image]") {
    const OffscreenContext context = headlessContext();
    Plan plan = testPlan();
    plan.photo.clear();
    plan.imageSize = std::pair{kWidth, kHeight};
    const RgbaImage image = render(plan, nullptr, noLegend());
    REQUIRE(image.width == kWidth);
    REQUIRE(image.height == kHeight);
    const Rgba background = at(image, 630, 470);
    CHECK(background[0] > 200);
    CHECK(background[1] > 200);
    CHECK(background[2] > 200);
    CHECK(background[3] == 255);
    CHECK(at(image, 5, 5) == background);
    // The graft zone tints it.
    const OverlayStyle style;
    const Colour graft = style.zoneColour(plan, 0);
    CHECK(near(at(image, 120, 100), blended(background, graft, graft.a * style.fillAlpha)));

    Plan sizeless = plan;
    sizeless.imageSize.reset();
    const hp::render::PlanImage refused =
        hp::render::renderPlanImage(sizeless, nullptr, noLegend());
    CHECK_FALSE(refused.image);
    CHECK(refused.badInput);
    CHECK(refused.error.find("image_size") != std::string::npos);
}

TEST_CASE("the plan image is deterministic", "[plan_image]") {
    const OffscreenContext context = headlessContext();
    const RgbaImage photo = gradientPhoto();
    const Plan plan = testPlan();
    PlanImageOptions options;
    options.legendText = {"plan.json", "2024-05-01", "0.1.0", false};
    const RgbaImage a = render(plan, &photo, options);
    const RgbaImage b = render(plan, &photo, options);
    CHECK(a.width == b.width);
    CHECK(a.height == b.height);
    CHECK(a.rgba == b.rgba);
}

TEST_CASE("renderPlanImage refuses what it cannot draw", "[plan_image]") {
    const OffscreenContext context = headlessContext();
    const RgbaImage photo = gradientPhoto();
    const Plan plan = testPlan();
    auto checkRefused = [&](const RgbaImage& from, const PlanImageOptions& options,
                            const char* reason) {
        const hp::render::PlanImage refused = hp::render::renderPlanImage(plan, &from, options);
        INFO(refused.error);
        CHECK_FALSE(refused.image);
        CHECK(refused.badInput);
        CHECK(refused.error.find(reason) != std::string::npos);
    };
    PlanImageOptions options = noLegend();
    options.widthPx = 8;
    checkRefused(photo, options, "width");
    // 30,000 wide from a tall photo: far over 100 MP, refused before anything is allocated.
    options.widthPx = 30'000;
    checkRefused(gradientPhoto(16, 480), options, "megapixels");
    // The legend needs some room.
    options = PlanImageOptions{};
    options.widthPx = 60;
    checkRefused(photo, options, "legend");
}

TEST_CASE("the overlays' sizes follow the output width within bounds", "[plan_image]") {
    CHECK(hp::render::styleFactor(1500) == 1.0f);
    CHECK(hp::render::styleFactor(6000) == 4.0f);
    CHECK(hp::render::styleFactor(100) == hp::render::kMinStyleFactor);
    CHECK(hp::render::styleFactor(30'000) == hp::render::kMaxStyleFactor);
    CHECK(hp::render::planImageSize({6000, 4000}, 0) == std::pair{6000, 4000});
    CHECK(hp::render::planImageSize({6000, 4000}, 3000) == std::pair{3000, 2000});
    CHECK(hp::render::planImageSize({6000, 4001}, 3000) == std::pair{3000, 2001}); // 2000.5 up
    CHECK(hp::render::planImageSize({100, 1}, 16) == std::pair{16, 1});
}
