// The legend band under the exported image: its size, text, swatches, scale bar and
// determinism, checked on pixels (no golden images), on the bundled sample plan.
#include "planning/plan_io.hpp"
#include "planning/summary.hpp"
#include "render/legend.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stb_image_write.h>
#include <string>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using hp::render::kLegendBackground;
using hp::render::kLegendScaleBar;
using hp::render::LegendContent;
using hp::render::renderLegend;
using hp::render::Rgb8;
using hp::render::RgbaImage;

namespace {

hp::Plan samplePlan() {
    const hp::PlanLoad load = hp::loadPlanFile(fs::path(HAIRPLAN_ASSETS) / "sample" / "plan.json");
    REQUIRE(load.plan);
    return *load.plan;
}

/// The sample plan's legend content, as the export would fill it for the photo's own size.
LegendContent sampleContent() {
    LegendContent content;
    content.plan = samplePlan();
    content.summary = hp::summarize(content.plan);
    content.planFileName = "plan.json";
    content.exportDate = "2026-11-23";
    content.mmPerPx = content.summary.mmPerPx;
    return content;
}

RgbaImage legendOf(const LegendContent& content, int width) {
    hp::render::LegendImage legend = renderLegend(content, width);
    INFO(legend.error);
    REQUIRE(legend.image);
    CHECK(legend.error.empty());
    return std::move(*legend.image);
}

Rgb8 rgbAt(const RgbaImage& image, int x, int y) {
    const std::uint8_t* p = image.pixel(x, y);
    return {p[0], p[1], p[2]};
}

Rgb8 toRgb8(const hp::render::Colour& colour) {
    const auto channel = [](float c) {
        return static_cast<std::uint8_t>(std::lround(std::clamp(c, 0.0f, 1.0f) * 255.0f));
    };
    return {channel(colour.r), channel(colour.g), channel(colour.b)};
}

bool near(Rgb8 a, Rgb8 b, int tolerance) {
    return std::abs(a.r - b.r) <= tolerance && std::abs(a.g - b.g) <= tolerance &&
           std::abs(a.b - b.b) <= tolerance;
}

int countPixels(const RgbaImage& image, Rgb8 colour, int tolerance) {
    int count = 0;
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x)
            count += near(rgbAt(image, x, y), colour, tolerance) ? 1 : 0;
    return count;
}

/// The longest horizontal run of pixels of exactly `colour`, in any row.
int longestRun(const RgbaImage& image, Rgb8 colour) {
    int longest = 0;
    for (int y = 0; y < image.height; ++y) {
        int run = 0;
        for (int x = 0; x < image.width; ++x) {
            run = rgbAt(image, x, y) == colour ? run + 1 : 0;
            longest = std::max(longest, run);
        }
    }
    return longest;
}

void writePng(const fs::path& file, const RgbaImage& image) {
    REQUIRE(stbi_write_png(file.c_str(), image.width, image.height, 4, image.rgba.data(),
                           image.width * 4) != 0);
}

} // namespace

TEST_CASE("the legend is as wide as asked, opaque, light, with dark text", "[legend]") {
    const LegendContent content = sampleContent();
    for (const int width : {1000, 2400, 6000}) {
        INFO("width " << width);
        const RgbaImage legend = legendOf(content, width);
        CHECK(legend.width == width);
        CHECK(legend.height > 0);
        CHECK(legend.rgba.size() == std::size_t(legend.width) * legend.height * 4);
        CHECK(rgbAt(legend, 0, 0) == kLegendBackground);
        CHECK(rgbAt(legend, width - 1, legend.height - 1) == kLegendBackground);
        bool opaque = true;
        for (std::size_t i = 3; i < legend.rgba.size(); i += 4)
            opaque = opaque && legend.rgba[i] == 255;
        CHECK(opaque);
        // Dark text: pixels close to the text colour, many of them.
        const int dark = countPixels(legend, hp::render::kLegendText, 30);
        CHECK(dark > width * 4);
        // Mostly background: a calm band.
        CHECK(countPixels(legend, kLegendBackground, 0) > legend.width * legend.height / 2);
    }
}

TEST_CASE("the legend has a swatch of each zone's colour and of the band's", "[legend]") {
    const LegendContent content = sampleContent();
    const RgbaImage legend = legendOf(content, 1500);
    const int side = static_cast<int>(std::round(0.8f * hp::render::legendTextPx(1500)));
    REQUIRE(content.summary.zones.size() == content.plan.zones.size() + 1); // the band first
    CHECK(countPixels(legend, toRgb8(content.style.bandColour), 2) >= side * side);
    for (std::size_t i = 0; i < content.plan.zones.size(); ++i) {
        INFO("zone " << i);
        CHECK(countPixels(legend, toRgb8(content.style.zoneColour(content.plan, i)), 2) >=
              side * side);
    }
}

TEST_CASE("the legend's size follows the width: about 6 times taller at 6 times wider",
          "[legend]") {
    const LegendContent content = sampleContent();
    const RgbaImage small = legendOf(content, 1000);
    const RgbaImage large = legendOf(content, 6000);
    const double ratio = static_cast<double>(large.height) / small.height;
    CHECK(ratio > 5.5);
    CHECK(ratio < 6.5);
    // And well under the photo's height at a usual 3:2.
    CHECK(small.height < 1000 * 2 / 3);
    CHECK(hp::render::legendTextPx(1000) == Approx(1000.0f / 70.0f));
    CHECK(hp::render::legendTextPx(200) == 12.0f);
    CHECK(hp::render::legendTextPx(60000) == 90.0f);
}

TEST_CASE("the scale bar is 1 cm long at the image's scale", "[legend]") {
    LegendContent content = sampleContent();
    for (const double mmPerPx : {0.1, 0.37, 0.05, 0.6, 1.7}) {
        INFO("mm per px " << mmPerPx);
        content.mmPerPx = mmPerPx;
        const RgbaImage legend = legendOf(content, 2000);
        CHECK(std::abs(longestRun(legend, kLegendScaleBar) - 10.0 / mmPerPx) <= 1.0);
    }
}

TEST_CASE("without a scale there is no scale bar, and the legend says why", "[legend]") {
    LegendContent content = sampleContent();
    content.mmPerPx = std::nullopt;
    const RgbaImage without = legendOf(content, 1200);
    CHECK(countPixels(without, kLegendScaleBar, 0) == 0);

    content.mmPerPx = 0.0001; // 1 cm = 100,000 px: wider than the image
    CHECK(countPixels(legendOf(content, 1200), kLegendScaleBar, 0) == 0);
    content.mmPerPx = 20.0; // 1 cm = half a pixel
    CHECK(countPixels(legendOf(content, 1200), kLegendScaleBar, 0) == 0);
}

TEST_CASE("an uncalibrated plan's legend lists the zones in pixels", "[legend]") {
    LegendContent content = sampleContent();
    content.plan.calibration.reset();
    content.summary = hp::summarize(content.plan);
    content.mmPerPx = std::nullopt;
    REQUIRE_FALSE(content.summary.calibrated);
    const RgbaImage legend = legendOf(content, 1500);
    CHECK(legend.height > 0);
    for (std::size_t i = 0; i < content.plan.zones.size(); ++i)
        CHECK(countPixels(legend, toRgb8(content.style.zoneColour(content.plan, i)), 2) > 0);
}

TEST_CASE("the same content and width give the same pixels", "[legend]") {
    const LegendContent content = sampleContent();
    const RgbaImage first = legendOf(content, 1700);
    const RgbaImage second = legendOf(content, 1700);
    CHECK(first.height == second.height);
    CHECK(first.rgba == second.rgba);
}

TEST_CASE("the simulation notice adds a line", "[legend]") {
    LegendContent content = sampleContent();
    const int without = legendOf(content, 1400).height;
    content.simulation = true;
    const int with = legendOf(content, 1400).height;
    CHECK(with > without);
    CHECK(with < without + 1400 / 70 * 3);
}

TEST_CASE("long names, many warnings, no zones and narrow widths all lay out", "[legend]") {
    LegendContent content = sampleContent();
    content.plan.patient.id = std::string(300, 'X') + " \xC3\xA9\xE2\x82\xAC \xFF\xFE broken UTF-8";
    content.planFileName = std::string(500, 'f') + ".json";
    content.plan.zones[0].name =
        "A zone with a very long name that goes on " + std::string(200, 'z');
    content.summary = hp::summarize(content.plan);
    for (int i = 0; i < 30; ++i)
        content.summary.warnings.push_back(
            {"HAIRLINE_TOO_LOW",
             "A long sentence about the hairline, repeated so that it wraps "
             "over several lines of the legend at every width tried here.",
             -1});
    for (const int width : {hp::render::kMinLegendWidthPx, 320, 1000, 6000}) {
        INFO("width " << width);
        const RgbaImage legend = legendOf(content, width);
        CHECK(legend.width == width);
    }

    // Hundreds of zones and warnings: the first ones are listed, the rest summed up in a line,
    // so the legend stays a band, not a poster.
    LegendContent many = sampleContent();
    const hp::Zone zone = many.plan.zones[0];
    for (int i = 0; i < 300; ++i)
        many.plan.zones.push_back(zone);
    many.summary = hp::summarize(many.plan);
    for (int i = 0; i < 300; ++i)
        many.summary.warnings.push_back({"DENSITY_HIGH", "A sentence.", -1});
    const RgbaImage bounded = legendOf(many, 1000);
    CHECK(bounded.height < 1000 * 2);

    LegendContent empty;
    empty.plan.imageSize = std::pair{800, 600};
    empty.summary = hp::summarize(empty.plan);
    const RgbaImage legend = legendOf(empty, 800);
    CHECK(legend.height > 0);
    CHECK(countPixels(legend, kLegendScaleBar, 0) == 0);
}

TEST_CASE("a missing or broken font, or a width out of range, is an error, not a crash",
          "[legend]") {
    LegendContent content = sampleContent();
    content.fonts.bold = "/nonexistent/DejaVuSans-Bold.ttf";
    hp::render::LegendImage legend = renderLegend(content, 1000);
    CHECK_FALSE(legend.image);
    CHECK(legend.error.find("/nonexistent/DejaVuSans-Bold.ttf") != std::string::npos);

    const fs::path garbage = fs::temp_directory_path() /
                             ("hairplan-test-legend-font-" + std::to_string(::getpid()) + ".ttf");
    for (const std::string& bytes :
         {std::string(), std::string("\x00\x01\x00\x00\x00\x09", 6) + std::string(200, '\x7F'),
          std::string(5000, 'A')}) {
        std::ofstream(garbage, std::ios::binary | std::ios::trunc) << bytes;
        content.fonts.bold = garbage;
        legend = renderLegend(content, 1000);
        CHECK_FALSE(legend.image);
        CHECK(legend.error.find(garbage.string()) != std::string::npos);
    }
    fs::remove(garbage);

    content.fonts = {};
    CHECK_FALSE(renderLegend(content, 0).image);
    CHECK_FALSE(renderLegend(content, -5).image);
    CHECK_FALSE(renderLegend(content, 99).image);
    CHECK(renderLegend(content, 99).error.find("pixels wide") != std::string::npos);
    CHECK_FALSE(renderLegend(content, 100'001).image);
}

// Not run by default: writes the sample plan's legend at two widths to /tmp for a human to look
// at (`hairplan_render_tests "[.legend-preview]"`).
TEST_CASE("legend previews", "[.legend-preview]") {
    LegendContent content = sampleContent();
    content.simulation = true;
    // Exports of the 6,000-pixel-wide sample photo scaled to each width.
    for (const int width : {1000, 4000}) {
        content.mmPerPx = *content.summary.mmPerPx * 6000.0 / width;
        writePng("/tmp/legend-" + std::to_string(width) + ".png", legendOf(content, width));
    }
}
