// The simulation's marks (render/marks.hpp): the instances built from a hand-made Simulation
// (placement is planning's job), then drawn headless under EGL over a grey background and
// checked at probe pixels along a hair, across a dot and away from both (no golden images).
//
// Set HAIRPLAN_MARKS_PNG=/some/file.png to save the many-marks render for a look.
#include "planning/plan.hpp"
#include "planning/plan_io.hpp"
#include "planning/simulation.hpp"
#include "planning/summary.hpp"
#include "render/framebuffer.hpp"
#include "render/mark_grid.hpp"
#include "render/marks.hpp"
#include "render/offscreen_context.hpp"
#include "render/overlay.hpp"
#include "render/plan_image.hpp"
#include "support/headless_gl.hpp"

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <glad/gl.h>
#include <optional>
#include <stb_image_write.h>
#include <string>
#include <vector>

using hp::FigureKind;
using hp::GraftSite;
using hp::Plan;
using hp::Point;
using hp::Rgb8;
using hp::Simulation;
using hp::ZoneKind;
using hp::ZoneMarks;
using hp::render::DotMark;
using hp::render::Framebuffer;
using hp::render::HairMark;
using hp::render::ImageToTarget;
using hp::render::MarkInstances;
using hp::render::MarkOptions;
using hp::render::MarkRenderer;
using hp::render::OffscreenContext;
using hp::render::RgbaImage;

namespace {

using hp::test::headlessContext;

// int, not uint8_t, so that Catch prints failures as numbers rather than characters.
using Rgba = std::array<int, 4>;

constexpr Rgba grey{128, 128, 128, 255};
constexpr int kWidth = 640;
constexpr int kHeight = 480;

/// Large marks, so that probes sit well inside them: at 0.02 mm a pixel a hair is 150-250
/// pixels long and about 4 wide at the root, a dot 25-40 pixels across.
constexpr double kMmPerPx = 0.02;

constexpr Rgb8 kHair{0x80, 0x30, 0x10};    // a red-brown, far from the grey
constexpr Rgb8 kPigment{0x20, 0x40, 0xA0}; // a blue, far from the hair and the grey

Plan testPlan() {
    Plan plan;
    plan.imageSize = std::pair{kWidth, kHeight};
    plan.calibration = hp::ScaleCalibration{kMmPerPx};
    plan.simulation.hairColour = kHair;
    plan.zones.push_back(hp::makeZone(ZoneKind::Graft, "Core", {{0, 0}, {10, 0}, {10, 10}}));
    hp::Zone smp = hp::makeZone(ZoneKind::Smp, "Crown", {{0, 0}, {10, 0}, {10, 10}});
    smp.pigment = kPigment;
    plan.zones.push_back(smp);
    return plan;
}

ZoneMarks graftMarks(int zoneIndex, FigureKind kind, std::vector<GraftSite> sites) {
    ZoneMarks marks;
    marks.zoneIndex = zoneIndex;
    marks.kind = kind;
    marks.spacingPx = 50.0;
    marks.sites = std::move(sites);
    return marks;
}

ZoneMarks dotMarks(int zoneIndex, std::vector<Point> dots) {
    ZoneMarks marks;
    marks.zoneIndex = zoneIndex;
    marks.kind = FigureKind::Smp;
    marks.spacingPx = 50.0;
    marks.dots = std::move(dots);
    return marks;
}

/// One single-hair site at (100.5, 100.5) pointing right, one 3-hair site at (100.5, 200.5)
/// pointing down-right, and one SMP dot at (300.5, 150.5).
Simulation testSimulation() {
    Simulation simulation;
    simulation.mmPerPx = kMmPerPx;
    simulation.zones.push_back(
        graftMarks(-1, FigureKind::Hairline, {GraftSite{{100.5, 100.5}, {1, 0}, 1}}));
    const double r = std::sqrt(0.5);
    simulation.zones.push_back(
        graftMarks(0, FigureKind::Graft, {GraftSite{{100.5, 200.5}, {r, r}, 3}}));
    simulation.zones.push_back(dotMarks(1, {{300.5, 150.5}}));
    return simulation;
}

Framebuffer makeFramebuffer(int width = kWidth, int height = kHeight) {
    std::string error;
    auto framebuffer = Framebuffer::create(width, height, &error);
    INFO("Framebuffer::create: " << error);
    REQUIRE(framebuffer.has_value());
    return std::move(*framebuffer);
}

MarkRenderer makeRenderer() {
    std::string error;
    auto renderer = MarkRenderer::create(&error);
    INFO("MarkRenderer::create: " << error);
    REQUIRE(renderer.has_value());
    return std::move(*renderer);
}

void clearToGrey() {
    glClearColor(grey[0] / 255.0f, grey[1] / 255.0f, grey[2] / 255.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);
}

ImageToTarget identity(int width = kWidth, int height = kHeight) {
    return {1.0, {0, 0}, width, height};
}

/// The marks of `simulation` over grey, read back.
RgbaImage drawn(MarkRenderer& renderer, const ImageToTarget& xf, const MarkOptions& options = {}) {
    const Framebuffer framebuffer = makeFramebuffer(xf.targetWidthPx, xf.targetHeightPx);
    framebuffer.bind();
    clearToGrey();
    REQUIRE(renderer.draw(xf, options));
    CHECK(glGetError() == GL_NO_ERROR);
    return framebuffer.readPixels();
}

Rgba at(const RgbaImage& image, Point p) {
    const int x = static_cast<int>(std::floor(p.x)), y = static_cast<int>(std::floor(p.y));
    if (x < 0 || y < 0 || x >= image.width || y >= image.height)
        FAIL("probe (" << p.x << ", " << p.y << ") is off the image");
    const std::uint8_t* px = image.pixel(x, y);
    return {px[0], px[1], px[2], px[3]};
}

Rgba rgba(const std::array<std::uint8_t, 4>& c) {
    return {c[0], c[1], c[2], c[3]};
}

int distance(const Rgba& a, const Rgba& b) {
    int d = 0;
    for (int i = 0; i < 3; ++i)
        d += std::abs(a[i] - b[i]);
    return d;
}

/// How far `c` is from the grey toward `target`, from 0 (grey) to 1 (the target colour), along
/// the channel where they differ most.
double share(const Rgba& c, const Rgba& target) {
    int best = 0;
    for (int i = 1; i < 3; ++i)
        if (std::abs(target[i] - grey[i]) > std::abs(target[best] - grey[best])) best = i;
    return static_cast<double>(c[best] - grey[best]) / (target[best] - grey[best]);
}

Point along(const HairMark& hair, double t) {
    return {hair.rootX + t * hair.tipX, hair.rootY + t * hair.tipY};
}

double lengthOf(const HairMark& hair) {
    return std::hypot(hair.tipX, hair.tipY);
}

std::size_t changedPixels(const RgbaImage& image) {
    std::size_t n = 0;
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x)
            n += at(image, {x + 0.5, y + 0.5}) != grey;
    return n;
}

/// `count` sites with 1-3 hairs and `count` / 2 dots spread over a width x height image on a
/// jittered grid, as a simulation roughly places them (not blue noise: enough for drawing).
Simulation manyMarks(int sites, int dots, int width, int height, double mmPerPx) {
    Simulation simulation;
    simulation.mmPerPx = mmPerPx;
    ZoneMarks grafts = graftMarks(0, FigureKind::Graft, {});
    ZoneMarks smp = dotMarks(1, {});
    auto grid = [&](int n, int i, std::uint32_t salt) {
        const int columns = static_cast<int>(std::ceil(std::sqrt(n * double(width) / height)));
        const int rows = (n + columns - 1) / columns;
        const std::uint32_t h = (static_cast<std::uint32_t>(i) * 2654435761u) ^ salt;
        const double jx = ((h >> 8) & 0xFF) / 255.0 - 0.5, jy = ((h >> 16) & 0xFF) / 255.0 - 0.5;
        return Point{(i % columns + 0.5 + 0.6 * jx) * width / columns,
                     (i / columns + 0.5 + 0.6 * jy) * height / rows};
    };
    for (int i = 0; i < sites; ++i) {
        const double a = 0.3 * std::sin(i * 0.37);
        grafts.sites.push_back({grid(sites, i, 0x5EED),
                                {std::sin(a), std::cos(a)},
                                static_cast<std::uint8_t>(1 + i % 3)});
    }
    for (int i = 0; i < dots; ++i)
        smp.dots.push_back(grid(dots, i, 0xD075));
    simulation.zones = {grafts, smp};
    return simulation;
}

std::size_t hairsIn(const Simulation& simulation) {
    std::size_t n = 0;
    for (const ZoneMarks& zone : simulation.zones)
        for (const GraftSite& site : zone.sites)
            n += site.hairs;
    return n;
}

} // namespace

TEST_CASE("one hair instance per planned hair, one dot instance per planned dot", "[marks]") {
    const Plan plan = testPlan();
    const MarkInstances marks = hp::render::buildMarkInstances(plan, testSimulation());
    REQUIRE(marks.hairs.size() == 4); // 1 + 3
    REQUIRE(marks.dots.size() == 1);

    const Simulation many = manyMarks(20'000, 10'000, 6000, 4000, 0.1);
    const MarkInstances manyInstances = hp::render::buildMarkInstances(plan, many);
    CHECK(manyInstances.hairs.size() == hairsIn(many));
    CHECK(manyInstances.dots.size() == 10'000);

    // An uncalibrated plan's simulation (mmPerPx 0) has no marks to draw.
    Simulation uncalibrated = testSimulation();
    uncalibrated.mmPerPx = 0.0;
    const MarkInstances none = hp::render::buildMarkInstances(plan, uncalibrated);
    CHECK(none.hairs.empty());
    CHECK(none.dots.empty());
}

TEST_CASE("a site's hairs start at the site, fan around its direction, a few mm long", "[marks]") {
    const Plan plan = testPlan();
    const MarkInstances marks = hp::render::buildMarkInstances(plan, testSimulation());
    const hp::render::HairLook look;
    const double r = std::sqrt(0.5);
    for (std::size_t i = 0; i < marks.hairs.size(); ++i) {
        const HairMark& hair = marks.hairs[i];
        INFO("hair " << i);
        const Point site = i == 0 ? Point{100.5, 100.5} : Point{100.5, 200.5};
        const Point direction = i == 0 ? Point{1, 0} : Point{r, r};
        CHECK(hair.rootX == Approx(site.x));
        CHECK(hair.rootY == Approx(site.y));
        const double length = lengthOf(hair);
        CHECK(length * kMmPerPx >= look.minLengthMm - 1e-6);
        CHECK(length * kMmPerPx <= look.maxLengthMm + 1e-6);
        // Within the fan of the site's direction: the outer hairs of 3 one fan step out, each
        // turned by up to the jitter.
        const double cosine = (hair.tipX * direction.x + hair.tipY * direction.y) / length;
        CHECK(std::acos(std::min(cosine, 1.0)) * 180.0 / 3.14159265 <=
              look.fanDegrees + look.jitterDegrees + 1e-3);
        // 0.085 mm +-10%, finer in the band.
        const double widthMm = hair.widthPx * kMmPerPx;
        CHECK(widthMm >= (i == 0 ? 0.8 : 1.0) * 0.085 * 0.9 - 1e-6);
        CHECK(widthMm <= (i == 0 ? 0.8 : 1.0) * 0.085 * 1.1 + 1e-6);
        // The plan's hair colour, a little lighter or darker.
        CHECK(hair.rgba[3] == 255);
        for (int c = 0; c < 3; ++c) {
            const int base = c == 0 ? kHair.r : c == 1 ? kHair.g : kHair.b;
            CHECK(hair.rgba[c] >= std::floor(base * look.minLightness) - 1);
            CHECK(hair.rgba[c] <= std::ceil(base * look.maxLightness) + 1);
        }
    }
    // The 3 hairs of one graft fan out: they point different ways, the middle one between.
    auto angle = [](const HairMark& h) { return std::atan2(h.tipY, h.tipX); };
    CHECK(angle(marks.hairs[1]) < angle(marks.hairs[2]));
    CHECK(angle(marks.hairs[2]) < angle(marks.hairs[3]));

    const DotMark& dot = marks.dots[0];
    CHECK(dot.x == Approx(300.5));
    CHECK(dot.y == Approx(150.5));
    const hp::render::DotLook dotLook;
    CHECK(dot.diameterPx * kMmPerPx >= dotLook.minDiameterMm - 1e-6);
    CHECK(dot.diameterPx * kMmPerPx <= dotLook.maxDiameterMm + 1e-6);
    // The SMP zone's own pigment.
    CHECK(std::abs(dot.rgba[2] - kPigment.b) <= kPigment.b * 0.08 + 1);
    CHECK(std::abs(dot.rgba[0] - kPigment.r) <= kPigment.r * 0.08 + 1);
}

TEST_CASE("marks are a function of the simulation: the same input, the same marks", "[marks]") {
    const Plan plan = testPlan();
    const Simulation simulation = manyMarks(2000, 1000, 3000, 2000, 0.1);
    const MarkInstances a = hp::render::buildMarkInstances(plan, simulation);
    const MarkInstances b = hp::render::buildMarkInstances(plan, simulation);
    REQUIRE(a.hairs.size() == b.hairs.size());
    REQUIRE(a.dots.size() == b.dots.size());
    CHECK(std::memcmp(a.hairs.data(), b.hairs.data(), a.hairs.size() * sizeof(HairMark)) == 0);
    CHECK(std::memcmp(a.dots.data(), b.dots.data(), a.dots.size() * sizeof(DotMark)) == 0);

    // Not all alike: the lengths and shades vary from hair to hair.
    std::vector<float> lengths;
    std::vector<int> reds;
    for (const HairMark& h : a.hairs) {
        lengths.push_back(static_cast<float>(lengthOf(h)));
        reds.push_back(h.rgba[0]);
    }
    CHECK(*std::max_element(lengths.begin(), lengths.end()) -
              *std::min_element(lengths.begin(), lengths.end()) >
          10.0f); // of the 30-50 pixels allowed
    CHECK(*std::max_element(reds.begin(), reds.end()) >
          *std::min_element(reds.begin(), reds.end()) + 8);

    // A site keeps its look when another site is added before it.
    Simulation more = simulation;
    more.zones[0].sites.insert(more.zones[0].sites.begin(), GraftSite{{1.5, 1.5}, {0, 1}, 2});
    const MarkInstances c = hp::render::buildMarkInstances(plan, more);
    REQUIRE(c.hairs.size() == a.hairs.size() + 2);
    CHECK(std::memcmp(c.hairs.data() + 2, a.hairs.data(), a.hairs.size() * sizeof(HairMark)) == 0);
}

TEST_CASE("a hair is drawn in the hair colour from its root along its direction, not behind",
          "[marks]") {
    const OffscreenContext context = headlessContext();
    MarkRenderer renderer = makeRenderer();
    const Plan plan = testPlan();
    const MarkInstances marks = hp::render::buildMarkInstances(plan, testSimulation());
    renderer.setMarks(marks);
    const RgbaImage image = drawn(renderer, identity());
    if (const char* path = std::getenv("HAIRPLAN_MARKS_PNG"))
        stbi_write_png(path, image.width, image.height, 4, image.rgba.data(), image.width * 4);

    for (std::size_t i = 0; i < marks.hairs.size(); ++i) {
        const HairMark& hair = marks.hairs[i];
        const Rgba colour = rgba(hair.rgba);
        INFO("hair " << i << " of colour " << colour[0] << ", " << colour[1] << ", " << colour[2]);
        // Near the root, along the hair: its colour. The fan's hairs overlap near their common
        // root, so the probes start a few pixels out.
        for (const double t : {0.2, 0.3, 0.45}) {
            INFO("t = " << t);
            const Rgba c = at(image, along(hair, t));
            // Where two hairs of the fan cross, the one drawn last shows.
            int nearest = 1000;
            for (const HairMark& other : marks.hairs)
                nearest = std::min(nearest, distance(c, rgba(other.rgba)));
            CHECK(nearest <= 12);
        }
        // Toward the tip it fades into the background.
        const double nearRoot = share(at(image, along(hair, 0.3)), colour);
        const double nearTip = share(at(image, along(hair, 0.9)), colour);
        CHECK(nearTip < nearRoot - 0.3);
        CHECK(at(image, along(hair, 1.0) + Point{hair.tipX / lengthOf(hair) * 3.0,
                                                 hair.tipY / lengthOf(hair) * 3.0}) == grey);
    }
    // Behind the roots (the other side from the hairs' direction) and beside them: background.
    CHECK(at(image, {94.5, 100.5}) == grey);
    CHECK(at(image, {120.5, 94.5}) == grey);
    CHECK(at(image, {120.5, 106.5}) == grey);
    CHECK(at(image, {95.5, 195.5}) == grey);
    CHECK(at(image, {100.5, 193.5}) == grey);
}

TEST_CASE("a dot is its zone's pigment at its centre, fading at its edge, then background",
          "[marks]") {
    const OffscreenContext context = headlessContext();
    MarkRenderer renderer = makeRenderer();
    const Plan plan = testPlan();
    const MarkInstances marks = hp::render::buildMarkInstances(plan, testSimulation());
    renderer.setMarks(marks);
    const RgbaImage image = drawn(renderer, identity());

    const DotMark& dot = marks.dots[0];
    const Rgba pigment = rgba(dot.rgba);
    const double opacity = dot.rgba[3] / 255.0;
    const double radius = dot.diameterPx / 2.0;
    INFO("radius " << radius << " px, opacity " << opacity);
    // The centre: the pigment at the dot's opacity over the grey.
    const Rgba centre = at(image, {dot.x, dot.y});
    for (int c = 0; c < 3; ++c)
        CHECK(std::abs(centre[c] - (pigment[c] * opacity + grey[c] * (1.0 - opacity))) <= 3.0);
    // Full at half the radius, about half at the radius, the background beyond 1.4 radii, in
    // every direction.
    for (const Point d : {Point{1, 0}, Point{0, 1}, Point{-0.6, 0.8}, Point{0.8, -0.6}}) {
        const Point c{dot.x, dot.y};
        const double inner = share(at(image, c + 0.45 * radius * d), pigment);
        const double edge = share(at(image, c + radius * d), pigment);
        const double beyond = share(at(image, c + 1.45 * radius * d), pigment);
        INFO("direction " << d.x << ", " << d.y << ": " << inner << " " << edge << " " << beyond);
        CHECK(inner == Approx(opacity).margin(0.03));
        CHECK(edge > 0.25 * opacity);
        CHECK(edge < 0.75 * opacity);
        CHECK(beyond == 0.0);
        CHECK(at(image, c + 1.45 * radius * d) == grey);
    }
}

TEST_CASE("draw issues one instanced call per kind, whatever the count", "[marks]") {
    const OffscreenContext context = headlessContext();
    MarkRenderer renderer = makeRenderer();
    const Plan plan = testPlan();
    const Simulation simulation = manyMarks(30'000, 10'000, kWidth * 10, kHeight * 10, 0.1);
    renderer.setMarks(plan, simulation);
    CHECK(renderer.hairCount() == hairsIn(simulation));
    CHECK(renderer.dotCount() == 10'000);

    const Framebuffer framebuffer = makeFramebuffer();
    framebuffer.bind();
    clearToGrey();
    const ImageToTarget xf{0.1, {0, 0}, kWidth, kHeight};
    REQUIRE(renderer.draw(xf));
    CHECK(renderer.lastDrawStats().hairs == hairsIn(simulation));
    CHECK(renderer.lastDrawStats().dots == 10'000);
    CHECK(renderer.lastDrawStats().drawCalls == 2);
    // Seen from afar (a 3 mm hair is 3 pixels, a 0.8 mm dot under one) they still show.
    const RgbaImage image = framebuffer.readPixels();
    CHECK(changedPixels(image) > static_cast<std::size_t>(kWidth * kHeight) / 4);

    MarkOptions hairsOnly;
    hairsOnly.showDots = false;
    REQUIRE(renderer.draw(xf, hairsOnly));
    CHECK(renderer.lastDrawStats().drawCalls == 1);
    CHECK(renderer.lastDrawStats().dots == 0);

    // New marks replace the old; no marks, no draw call.
    renderer.setMarks(plan, testSimulation());
    CHECK(renderer.hairCount() == 4);
    CHECK(renderer.dotCount() == 1);
    renderer.clearMarks();
    REQUIRE(renderer.draw(xf));
    CHECK(renderer.lastDrawStats().drawCalls == 0);
    CHECK(glGetError() == GL_NO_ERROR);

    // A target of no size is refused.
    CHECK_FALSE(renderer.draw({1.0, {0, 0}, 0, kHeight}));
    CHECK_FALSE(renderer.draw({0.0, {0, 0}, kWidth, kHeight}));
}

TEST_CASE("marks follow the transform: scale 2 with an offset", "[marks]") {
    const OffscreenContext context = headlessContext();
    MarkRenderer renderer = makeRenderer();
    const Plan plan = testPlan();
    const MarkInstances marks = hp::render::buildMarkInstances(plan, testSimulation());
    renderer.setMarks(marks);
    const ImageToTarget xf{2.0, {-60, -170}, kWidth, kHeight};
    const RgbaImage image = drawn(renderer, xf);
    const HairMark& hair = marks.hairs[0];
    CHECK(distance(at(image, xf.toTarget(along(hair, 0.25))), rgba(hair.rgba)) <= 12);
    CHECK(at(image, xf.toTarget({hair.rootX - 4.0f, hair.rootY})) == grey);
    const DotMark& dot = marks.dots[0];
    const Point centre = xf.toTarget({dot.x, dot.y});
    REQUIRE(centre.x < kWidth);
    CHECK(distance(at(image, centre), grey) > 100);
    CHECK(at(image, centre + Point{dot.diameterPx * 1.5, 0}) == grey);
}

TEST_CASE("zoomed out, a hair stays a pixel wide but no darker than its true width allows",
          "[marks]") {
    const OffscreenContext context = headlessContext();
    MarkRenderer renderer = makeRenderer();
    Plan plan = testPlan();
    Simulation simulation;
    simulation.mmPerPx = 0.1; // 0.085 mm: 0.85 px at scale 1
    simulation.zones.push_back(
        graftMarks(0, FigureKind::Graft, {GraftSite{{50.5, 50.5}, {1, 0}, 1}}));
    renderer.setMarks(plan, simulation);
    const HairMark hair = hp::render::buildMarkInstances(plan, simulation).hairs[0];

    // Darkness summed across the hair (a column of pixels) at 15% of its length: ink.
    auto inkAcross = [&](double scale, float minInk) {
        const ImageToTarget xf{scale, {0, 0}, kWidth, kHeight};
        MarkOptions options;
        options.minInk = minInk;
        const RgbaImage image = drawn(renderer, xf, options);
        const Point p = xf.toTarget(along(hair, 0.15));
        double sum = 0.0;
        for (int dy = -4; dy <= 4; ++dy)
            sum += share(at(image, {p.x, p.y + dy}), rgba(hair.rgba));
        return sum; // in target pixels of full hair colour
    };
    const double taper = 1.0 - 0.15 * (1.0 - hp::render::kHairTipWidthFactor);
    const double full = inkAcross(4.0, 0.0);   // 3.4 px wide: drawn as it is
    const double thin = inkAcross(1.0, 0.0);   // 0.85 px: drawn 1 px wide, 85% ink
    const double faint = inkAcross(0.25, 0.0); // 0.21 px: drawn 1 px wide, 21% ink
    const double floored = inkAcross(0.25, 0.5);
    INFO(full << " " << thin << " " << faint << " " << floored);
    CHECK(full == Approx(hair.widthPx * 4.0 * taper).epsilon(0.12));
    CHECK(thin == Approx(hair.widthPx * 1.0 * taper).epsilon(0.15));
    CHECK(faint == Approx(hair.widthPx * 0.25 * taper).epsilon(0.25));
    CHECK(faint > 0.1); // still there
    CHECK(floored == Approx(0.5).epsilon(0.2));
}

TEST_CASE("drawing marks restores the GL state it changes", "[marks]") {
    const OffscreenContext context = headlessContext();
    const Framebuffer framebuffer = makeFramebuffer();
    MarkRenderer renderer = makeRenderer();
    renderer.setMarks(testPlan(), testSimulation());
    framebuffer.bind();
    clearToGrey();

    // State as a caller (ImGui's backend, say) might have it.
    GLuint buffer = 0, vertexArray = 0;
    glGenBuffers(1, &buffer);
    glGenVertexArrays(1, &vertexArray);
    glBindVertexArray(vertexArray);
    glBindBuffer(GL_ARRAY_BUFFER, buffer);
    glDisable(GL_BLEND);
    glBlendFuncSeparate(GL_ONE, GL_ZERO, GL_ZERO, GL_ONE);
    glBlendEquation(GL_FUNC_REVERSE_SUBTRACT);
    glEnable(GL_CULL_FACE);
    glEnable(GL_DEPTH_TEST);
    glEnable(GL_STENCIL_TEST);
    glEnable(GL_SCISSOR_TEST);
    glScissor(1, 2, 3, 4);

    // Uploading changes nothing either.
    renderer.setMarks(testPlan(), manyMarks(3000, 1000, kWidth, kHeight, 0.05));
    glDisable(GL_SCISSOR_TEST);
    // Zoomed in, runs of marks are drawn from the middle of the buffers (moving the attribute
    // pointers), then all of them again.
    REQUIRE(renderer.draw({3.0, {-600, -500}, kWidth, kHeight}));
    CHECK(renderer.lastDrawStats().drawCalls > 2);
    REQUIRE(renderer.draw(identity()));
    CHECK(glGetError() == GL_NO_ERROR);

    auto integer = [](GLenum name) {
        GLint value = 0;
        glGetIntegerv(name, &value);
        return value;
    };
    CHECK(integer(GL_CURRENT_PROGRAM) == 0);
    CHECK(integer(GL_VERTEX_ARRAY_BINDING) == static_cast<GLint>(vertexArray));
    CHECK(integer(GL_ARRAY_BUFFER_BINDING) == static_cast<GLint>(buffer));
    CHECK_FALSE(glIsEnabled(GL_BLEND));
    CHECK(integer(GL_BLEND_SRC_RGB) == GL_ONE);
    CHECK(integer(GL_BLEND_DST_RGB) == GL_ZERO);
    CHECK(integer(GL_BLEND_SRC_ALPHA) == GL_ZERO);
    CHECK(integer(GL_BLEND_DST_ALPHA) == GL_ONE);
    CHECK(integer(GL_BLEND_EQUATION_RGB) == GL_FUNC_REVERSE_SUBTRACT);
    CHECK(integer(GL_BLEND_EQUATION_ALPHA) == GL_FUNC_REVERSE_SUBTRACT);
    CHECK(glIsEnabled(GL_CULL_FACE));
    CHECK(glIsEnabled(GL_DEPTH_TEST));
    CHECK(glIsEnabled(GL_STENCIL_TEST));
    CHECK_FALSE(glIsEnabled(GL_SCISSOR_TEST));
    std::array<GLint, 4> scissor{};
    glGetIntegerv(GL_SCISSOR_BOX, scissor.data());
    CHECK(scissor == std::array<GLint, 4>{1, 2, 3, 4});

    // And the marks were drawn in spite of the caller's depth, stencil and culling.
    const RgbaImage image = framebuffer.readPixels();
    CHECK(changedPixels(image) > 100);

    glBindVertexArray(0);
    glDeleteVertexArrays(1, &vertexArray);
    glDeleteBuffers(1, &buffer);
    CHECK(glGetError() == GL_NO_ERROR);
}

TEST_CASE("the same marks draw the same pixels", "[marks]") {
    const OffscreenContext context = headlessContext();
    MarkRenderer renderer = makeRenderer();
    renderer.setMarks(testPlan(), manyMarks(3000, 1000, kWidth, kHeight, 0.05));
    const RgbaImage a = drawn(renderer, identity());
    const RgbaImage b = drawn(renderer, identity());
    CHECK(a.rgba == b.rgba);
    // A moved renderer draws them too.
    MarkRenderer moved = std::move(renderer);
    const RgbaImage c = drawn(moved, identity());
    CHECK(c.rgba == a.rgba);
}

namespace {

/// A 640 x 480 photo of gradients (every pixel differs from its neighbours), as the plan-image
/// tests use.
RgbaImage gradientPhoto(int width, int height) {
    RgbaImage photo{width, height, {}};
    photo.rgba.resize(static_cast<std::size_t>(width) * height * 4);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            std::uint8_t* p = photo.rgba.data() + (static_cast<std::size_t>(y) * width + x) * 4;
            p[0] = static_cast<std::uint8_t>(150 + x * 60 / width);
            p[1] = static_cast<std::uint8_t>(120 + y * 60 / height);
            p[2] = static_cast<std::uint8_t>(((x + y) % 2) ? 100 : 110);
            p[3] = 255;
        }
    return photo;
}

RgbaImage planImage(const Plan& plan, const RgbaImage& photo,
                    hp::render::PlanImageOptions options) {
    hp::render::PlanImage rendered = hp::render::renderPlanImage(plan, &photo, options);
    INFO("renderPlanImage: " << rendered.error);
    REQUIRE(rendered.image.has_value());
    return std::move(*rendered.image);
}

} // namespace

TEST_CASE("the plan image with the simulation: marks over the photo, seamless in tiles",
          "[marks][plan_image]") {
    const OffscreenContext context = headlessContext();
    const RgbaImage photo = gradientPhoto(640, 480);
    Plan plan = testPlan();
    plan.imageSize = std::pair{640, 480};
    plan.calibration = hp::ScaleCalibration{0.05}; // hairs 60-100 pixels long
    plan.zones[0].points = {{20, 20}, {620, 20}, {620, 460}, {20, 460}};
    Simulation simulation = manyMarks(400, 300, 640, 480, 0.05);
    // Marks astride the tile borders of 100-pixel tiles (7 columns of 92, 5 rows of 96).
    simulation.zones[0].sites.push_back({{180.5, 150.5}, {1, 0}, 2});
    simulation.zones[0].sites.push_back({{300.5, 60.5}, {0, 1}, 1});
    simulation.zones[1].dots.push_back({92.0, 96.0});

    hp::render::PlanImageOptions options;
    options.legend = false;
    const RgbaImage without = planImage(plan, photo, options);
    options.simulation = &simulation;
    const RgbaImage whole = planImage(plan, photo, options);
    options.maxTileSizePx = 100;
    const RgbaImage tiled = planImage(plan, photo, options);
    if (const char* path = std::getenv("HAIRPLAN_MARKS_PLAN_IMAGE_PNG"))
        stbi_write_png(path, whole.width, whole.height, 4, whole.rgba.data(), whole.width * 4);

    REQUIRE(whole.width == 640);
    REQUIRE(whole.height == 480);
    REQUIRE(tiled.width == 640);
    REQUIRE(tiled.height == 480);
    // The simulation changes the picture: the marks, and the fills faded under them.
    std::size_t changed = 0;
    for (std::size_t i = 0; i < whole.rgba.size(); ++i)
        changed += whole.rgba[i] != without.rgba[i];
    CHECK(changed > whole.rgba.size() / 4);

    // Marks across tile borders are the same on both sides of them as in the whole image.
    for (const Point p : {Point{183.5, 150.5}, Point{184.5, 150.5}, Point{300.5, 95.5},
                          Point{300.5, 96.5}, Point{91.5, 95.5}, Point{92.5, 96.5}}) {
        INFO("(" << p.x << ", " << p.y << ")");
        CHECK(at(tiled, p) == at(whole, p));
    }
    // The hair at (180.5, 150.5) really is there, dark against the photo.
    CHECK(distance(at(whole, {186.5, 150.5}), at(without, {186.5, 150.5})) > 100);
    // Tiles change at most a few edge pixels by a level or two.
    std::size_t differing = 0;
    int largest = 0;
    for (int y = 0; y < 480; ++y)
        for (int x = 0; x < 640; ++x) {
            const int d = distance(at(tiled, {x + 0.5, y + 0.5}), at(whole, {x + 0.5, y + 0.5}));
            differing += d != 0;
            largest = std::max(largest, d);
        }
    INFO(differing << " pixels differ, by up to " << largest);
    CHECK(differing <= 640 * 480 / 1000);
    CHECK(largest <= 6);
}

TEST_CASE("with the simulation the legend says what the marks are", "[marks][plan_image]") {
    const OffscreenContext context = headlessContext();
    const RgbaImage photo = gradientPhoto(640, 480);
    Plan plan = testPlan();
    plan.imageSize = std::pair{640, 480};
    const Simulation simulation = testSimulation();
    hp::render::PlanImageOptions options;
    const RgbaImage plain = planImage(plan, photo, options);
    options.simulation = &simulation;
    const RgbaImage simulated = planImage(plan, photo, options);
    CHECK(simulated.height > plain.height); // the notice's line
    const RgbaImage again = planImage(plan, photo, options);
    CHECK(again.rgba == simulated.rgba);
}

TEST_CASE("the mark grid keeps every mark that may reach into a view, and few others",
          "[marks][mark_grid]") {
    std::vector<Point> anchors;
    for (std::uint32_t i = 0; i < 20'000; ++i) {
        const std::uint32_t h = i * 2654435761u;
        anchors.push_back({(h & 0xFFFF) / 65536.0 * 6000.0, (h >> 16) / 65536.0 * 4000.0});
    }
    hp::render::MarkGrid grid;
    std::vector<std::uint32_t> order;
    grid.build(anchors, 50.0, order);
    REQUIRE(grid.size() == anchors.size());
    // A permutation of the marks.
    std::vector<std::uint32_t> sorted = order;
    std::sort(sorted.begin(), sorted.end());
    bool permutation = true;
    for (std::uint32_t i = 0; i < sorted.size(); ++i)
        permutation = permutation && sorted[i] == i;
    CHECK(permutation);

    std::vector<hp::render::MarkRun> runs;
    grid.visibleRuns({-10, -10, 6010, 4010}, 0.0, runs);
    CHECK(runs == std::vector<hp::render::MarkRun>{{0, anchors.size()}});
    grid.visibleRuns({7000, 0, 8000, 100}, 20.0, runs);
    CHECK(runs.empty());

    // A view of 1920 x 1080 at 100%: every mark within 50 + 10 pixels of it is drawn, and not
    // much more than the view's share of them.
    const hp::Box view{2000, 1500, 3920, 2580};
    grid.visibleRuns(view, 10.0, runs);
    std::vector<bool> drawn(anchors.size(), false);
    std::size_t total = 0;
    for (const hp::render::MarkRun& run : runs) {
        total += run.count;
        for (std::size_t i = run.first; i < run.first + run.count; ++i)
            drawn[order[i]] = true;
    }
    std::size_t missed = 0;
    for (std::size_t i = 0; i < anchors.size(); ++i) {
        const Point p = anchors[i];
        const bool reaches = p.x >= view.minX - 60 && p.x <= view.maxX + 60 &&
                             p.y >= view.minY - 60 && p.y <= view.maxY + 60;
        missed += reaches && !drawn[i];
    }
    CHECK(missed == 0);
    INFO(total << " of " << anchors.size() << " in " << runs.size() << " runs");
    CHECK(total < anchors.size() / 5); // the view is 8.6% of the photo
    CHECK(runs.size() <= static_cast<std::size_t>(hp::render::MarkGrid::kMaxSide));
}

TEST_CASE("zoomed in, only the marks near the view are drawn, and they look the same",
          "[marks][mark_grid]") {
    const OffscreenContext context = headlessContext();
    MarkRenderer renderer = makeRenderer();
    const Plan plan = testPlan();
    // 6,000 sites and 3,000 dots over a 1280 x 960 image at 0.05 mm a pixel (hairs of 60-100
    // pixels, so many cross the view's edges).
    renderer.setMarks(plan, manyMarks(6000, 3000, 1280, 960, 0.05));
    const std::size_t all = renderer.hairCount() + renderer.dotCount();

    // The whole image at scale 1, and a 320 x 240 view of it at the same scale.
    const RgbaImage whole = drawn(renderer, identity(1280, 960));
    CHECK(renderer.lastDrawStats().hairs + renderer.lastDrawStats().dots == all);
    const ImageToTarget view{1.0, {-500, -400}, 320, 240};
    const RgbaImage part = drawn(renderer, view);
    const std::size_t shown = renderer.lastDrawStats().hairs + renderer.lastDrawStats().dots;
    INFO(shown << " of " << all << " marks drawn, in " << renderer.lastDrawStats().drawCalls
               << " draw calls");
    CHECK(shown < all / 4);
    CHECK(renderer.lastDrawStats().drawCalls <= 2 * hp::render::MarkGrid::kMaxSide);
    std::size_t differing = 0;
    int largest = 0;
    for (int y = 0; y < 240; ++y)
        for (int x = 0; x < 320; ++x) {
            const int d = distance(at(part, {x + 0.5, y + 0.5}), at(whole, {x + 500.5, y + 400.5}));
            differing += d != 0;
            largest = std::max(largest, d);
        }
    // A mark left out would differ by far more: these are the rasteriser's rounding of the
    // same marks at another offset from the target's corner (a level or two at their edges).
    INFO(differing << " pixels differ, by up to " << largest);
    CHECK(differing <= 320 * 240 / 50);
    CHECK(largest <= 6);
}

TEST_CASE("the sample's simulation: a stroke per planned hair, a dot per planned SMP dot",
          "[marks]") {
    const hp::PlanLoad load = hp::loadPlanFile(HAIRPLAN_ASSETS "/sample/plan.json");
    REQUIRE(load.plan);
    const Plan& plan = *load.plan;
    const hp::Summary summary = hp::summarize(plan);
    const Simulation simulation = hp::simulate(plan);
    const MarkInstances marks = hp::render::buildMarkInstances(plan, simulation);
    REQUIRE(summary.totals.hairs);
    REQUIRE(summary.totals.smpDots);
    CHECK(static_cast<long long>(marks.hairs.size()) == *summary.totals.hairs);
    CHECK(static_cast<long long>(marks.dots.size()) == *summary.totals.smpDots);

    const OffscreenContext context = headlessContext();
    MarkRenderer renderer = makeRenderer();
    renderer.setMarks(plan, simulation);
    const Framebuffer framebuffer = makeFramebuffer(1200, 800);
    framebuffer.bind();
    clearToGrey();
    REQUIRE(renderer.draw({0.2, {0, 0}, 1200, 800}));
    CHECK(static_cast<long long>(renderer.lastDrawStats().hairs) == *summary.totals.hairs);
    CHECK(static_cast<long long>(renderer.lastDrawStats().dots) == *summary.totals.smpDots);
}
