#include "render/marks.hpp"

#include "render/gl_state.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstddef>
#include <glad/gl.h>
#include <initializer_list>
#include <string>
#include <utility>

namespace hp::render {
namespace {

// Both programs place a quad per instance, its 4 corners numbered by gl_VertexID as a triangle
// strip: bit 0 picks the side (across), bit 1 the end (along), so that 0-1-2 and 1-2-3 cover
// it. Image pixels go to target pixels (y down from the viewport's top-left corner) by
// `scale` and `offset`, as ImageToTarget does, and from there to clip space (y up).
//
// Coverage at the edges comes from distances in target pixels: each quad reaches half a pixel
// beyond its mark, and the fragment shader gives a pixel its share of the mark. The quads are
// kept that tight because on a machine without a GPU (llvmpipe) the pixels they cover are most
// of the cost.

constexpr const char* kHairVertexShader = R"glsl(#version 330 core
layout(location = 0) in vec2 root;      // image pixels
layout(location = 1) in vec2 tip;       // root to tip, image pixels
layout(location = 2) in float rootWidth; // image pixels
layout(location = 3) in vec4 colour;
uniform float scale;
uniform vec2 offset;
uniform vec2 targetSizePx;
uniform float minSizePx; // the narrowest stroke drawn, target pixels
uniform float minInk;
const float kTipWidthFactor = TIP_WIDTH_FACTOR;
out float alongPx;     // from the root toward the tip, target pixels
out float acrossPx;    // from the centre line, target pixels
out float halfWidthPx; // the stroke's drawn half width here
out float ink;         // its true width over its drawn width, at least minInk
flat out float lengthPx;
out vec4 hairColour;
void main() {
    float along = float(gl_VertexID >> 1);
    float side = float(gl_VertexID & 1) * 2.0 - 1.0;
    vec2 axis = tip * scale;
    float len = length(axis);
    vec2 dir = len > 0.0 ? axis / len : vec2(0.0, 1.0);
    vec2 normal = vec2(-dir.y, dir.x);
    float trueWidth = rootWidth * scale * mix(1.0, kTipWidthFactor, along);
    float drawnWidth = max(trueWidth, minSizePx);
    // Half a pixel beyond each side and each end: the pixels whose centres are farther out get
    // no share of the stroke (the fragment shader's coverage is 0 there).
    float extent = 0.5 * drawnWidth + 0.5;
    float endPad = along - 0.5;
    vec2 target = root * scale + offset + axis * along + dir * endPad + normal * (side * extent);
    alongPx = len * along + endPad;
    acrossPx = side * extent;
    halfWidthPx = 0.5 * drawnWidth;
    ink = max(trueWidth / drawnWidth, minInk);
    lengthPx = len;
    hairColour = colour;
    vec2 unit = target / targetSizePx;
    gl_Position = vec4(unit.x * 2.0 - 1.0, 1.0 - unit.y * 2.0, 0.0, 1.0);
}
)glsl";

constexpr const char* kHairFragmentShader = R"glsl(#version 330 core
in float alongPx;
in float acrossPx;
in float halfWidthPx;
in float ink;
flat in float lengthPx;
in vec4 hairColour;
uniform float opacity;
out vec4 fragmentColour;
void main() {
    float cover = clamp(halfWidthPx + 0.5 - abs(acrossPx), 0.0, 1.0);
    cover *= clamp(alongPx + 0.5, 0.0, 1.0);
    // Opaque over the root half, fading out toward the tip as a hair's end thins.
    float tipFade = 1.0 - smoothstep(0.5, 1.0, alongPx / max(lengthPx, 1.0));
    fragmentColour = vec4(hairColour.rgb, hairColour.a * ink * cover * tipFade * opacity);
}
)glsl";

constexpr const char* kDotVertexShader = R"glsl(#version 330 core
layout(location = 0) in vec2 centre;    // image pixels
layout(location = 1) in float diameter; // image pixels
layout(location = 2) in vec4 colour;
uniform float scale;
uniform vec2 offset;
uniform vec2 targetSizePx;
uniform float minSizePx; // the smallest dot drawn, target pixels
uniform float minInk;
out vec2 fromCentrePx;
flat out float radiusPx;
flat out float ink; // its true area over its drawn area, at least minInk
flat out vec4 dotColour;
void main() {
    vec2 corner = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1)) * 2.0 - 1.0;
    float trueRadius = 0.5 * diameter * scale;
    float radius = max(trueRadius, 0.5 * minSizePx);
    float extent = 1.3 * radius + 0.5; // where the fragment shader's falloff ends
    vec2 target = centre * scale + offset + corner * extent;
    fromCentrePx = corner * extent;
    radiusPx = radius;
    float share = trueRadius / radius;
    ink = max(share * share, minInk);
    dotColour = colour;
    vec2 unit = target / targetSizePx;
    gl_Position = vec4(unit.x * 2.0 - 1.0, 1.0 - unit.y * 2.0, 0.0, 1.0);
}
)glsl";

constexpr const char* kDotFragmentShader = R"glsl(#version 330 core
in vec2 fromCentrePx;
flat in float radiusPx;
flat in float ink;
flat in vec4 dotColour;
uniform float opacity;
out vec4 fragmentColour;
void main() {
    // Full pigment inside 0.6 r, none beyond 1.3 r (about half at r: the nominal diameter),
    // the ramp widened by half a pixel each way so that a small dot still covers its pixels.
    float d = length(fromCentrePx);
    float falloff = 1.0 - smoothstep(0.6 * radiusPx - 0.5, 1.3 * radiusPx + 0.5, d);
    fragmentColour = vec4(dotColour.rgb, dotColour.a * ink * falloff * opacity);
}
)glsl";

constexpr double kPi = 3.14159265358979323846;

/// SplitMix64's output function (Steele, Lea and Flood, 2014): a bijection on 64-bit integers
/// whose every output bit depends on every input bit.
std::uint64_t mix64(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/// The bits of a coordinate, with -0 and +0 alike.
std::uint64_t bitsOf(double v) {
    return std::bit_cast<std::uint64_t>(v == 0.0 ? 0.0 : v);
}

/// The variations of one mark: a SplitMix64 sequence seeded by the mark's position (and a salt
/// that keeps hairs and dots apart), read in a fixed order, so that the same mark at the same
/// place always looks the same, on every machine.
class Variation {
  public:
    Variation(Point at, std::uint64_t salt)
        : state_(mix64(bitsOf(at.x) ^ mix64(bitsOf(at.y) ^ mix64(salt)))) {}

    /// The next value, uniform in [0, 1): 53 bits.
    double next() {
        state_ += 0x9E3779B97F4A7C15ULL;
        return static_cast<double>(mix64(state_) >> 11) * 0x1.0p-53;
    }
    double between(double low, double high) { return low + (high - low) * next(); }

  private:
    std::uint64_t state_;
};

constexpr std::uint64_t kHairSalt = 0x6861697273ULL; // "hairs"
constexpr std::uint64_t kDotSalt = 0x646f7473ULL;    // "dots"

/// `v` turned by `radians` (positive: clockwise on the image, whose y points down). For the
/// small angles of a fan (|radians| < 0.4, within 4e-5 of the exact rotation) by Taylor
/// polynomials: no libm, so the result is the same on every machine.
Point turned(Point v, double radians) {
    const double a2 = radians * radians;
    const double c = 1.0 - a2 / 2.0 + a2 * a2 / 24.0;
    const double s = radians * (1.0 - a2 / 6.0 + a2 * a2 / 120.0);
    return {v.x * c - v.y * s, v.x * s + v.y * c};
}

std::uint8_t channel(double value) {
    return static_cast<std::uint8_t>(std::lround(std::clamp(value, 0.0, 255.0)));
}

std::array<std::uint8_t, 4> shade(hp::Rgb8 colour, double lightness, double alpha) {
    return {channel(colour.r * lightness), channel(colour.g * lightness),
            channel(colour.b * lightness), channel(alpha * 255.0)};
}

/// The direction of a site's hairs: its unit direction, or straight down for a degenerate one.
Point unitDirection(Point d) {
    const double length = std::hypot(d.x, d.y);
    if (!(length > 0.0) || !std::isfinite(length)) return {0.0, 1.0};
    return (1.0 / length) * d;
}

bool finite(Point p) {
    return std::isfinite(p.x) && std::isfinite(p.y);
}

} // namespace

void buildMarkInstances(const Plan& plan, const Simulation& simulation, MarkInstances& out,
                        const HairLook& hairLook, const DotLook& dotLook) {
    out.hairs.clear();
    out.dots.clear();
    const double mmPerPx = simulation.mmPerPx;
    if (!(mmPerPx > 0.0) || !std::isfinite(mmPerPx)) return;
    const double pxPerMm = 1.0 / mmPerPx;
    const double degrees = kPi / 180.0;

    std::size_t hairs = 0, dots = 0;
    for (const ZoneMarks& zone : simulation.zones) {
        for (const GraftSite& site : zone.sites)
            hairs += site.hairs;
        dots += zone.dots.size();
    }
    out.hairs.reserve(hairs);
    out.dots.reserve(dots);

    const hp::Rgb8 hairColour = plan.simulation.hairColour;
    for (const ZoneMarks& zone : simulation.zones) {
        const double widthFactor =
            zone.kind == FigureKind::Hairline ? hairLook.bandWidthFactor : 1.0;
        for (const GraftSite& site : zone.sites) {
            if (!finite(site.at)) continue;
            const Point direction = unitDirection(site.direction);
            Variation vary(site.at, kHairSalt);
            const int count = site.hairs;
            for (int h = 0; h < count; ++h) {
                const double fan = (h - (count - 1) / 2.0) * hairLook.fanDegrees;
                const double jitter = vary.between(-1.0, 1.0) * hairLook.jitterDegrees;
                const double lengthPx =
                    vary.between(hairLook.minLengthMm, hairLook.maxLengthMm) * pxPerMm;
                const double widthPx = hairLook.rootWidthMm * widthFactor *
                                       (1.0 + vary.between(-1.0, 1.0) * hairLook.widthVariation) *
                                       pxPerMm;
                const double lightness = vary.between(hairLook.minLightness, hairLook.maxLightness);
                const Point tip = lengthPx * turned(direction, (fan + jitter) * degrees);
                out.hairs.push_back({static_cast<float>(site.at.x), static_cast<float>(site.at.y),
                                     static_cast<float>(tip.x), static_cast<float>(tip.y),
                                     static_cast<float>(widthPx),
                                     shade(hairColour, lightness, 1.0)});
            }
        }
        if (zone.dots.empty()) continue;
        const bool zoneExists =
            zone.zoneIndex >= 0 && static_cast<std::size_t>(zone.zoneIndex) < plan.zones.size();
        const hp::Rgb8 pigment = zoneExists ? plan.zones[zone.zoneIndex].pigment : kDefaultPigment;
        for (const Point& at : zone.dots) {
            if (!finite(at)) continue;
            Variation vary(at, kDotSalt);
            const double diameterPx =
                vary.between(dotLook.minDiameterMm, dotLook.maxDiameterMm) * pxPerMm;
            const double opacity = vary.between(dotLook.minOpacity, dotLook.maxOpacity);
            const double lightness = vary.between(dotLook.minLightness, dotLook.maxLightness);
            out.dots.push_back({static_cast<float>(at.x), static_cast<float>(at.y),
                                static_cast<float>(diameterPx),
                                shade(pigment, lightness, opacity)});
        }
    }
}

MarkInstances buildMarkInstances(const Plan& plan, const Simulation& simulation,
                                 const HairLook& hairLook, const DotLook& dotLook) {
    MarkInstances out;
    buildMarkInstances(plan, simulation, out, hairLook, dotLook);
    return out;
}

OverlayStyle underMarks(OverlayStyle style) {
    style.fillAlpha = std::min(style.fillAlpha, 0.06f);
    // Thin, but not under a pixel where a small export scales them by 0.75: the overlay's lines
    // are not antialiased, and a narrower line along a pixel row would vanish.
    constexpr float kThinPx = 1.5f;
    style.outlineWidthPx = std::min(style.outlineWidthPx, kThinPx);
    // The designed lines stay for the surgeon, but thin and light: the hairs are the hairline.
    style.frontEdgeWidthPx = std::min(style.frontEdgeWidthPx, kThinPx);
    style.frontEdgeColour.a *= 0.6f;
    style.smoothHairlineWidthPx = std::min(style.smoothHairlineWidthPx, kThinPx);
    style.smoothHairlineColour.a *= 0.5f;
    style.midlineColour.a *= 0.6f;
    return style;
}

namespace {

/// One per-instance attribute: `components` values of `type` at `offset` in each instance.
struct Attribute {
    GLuint location;
    GLint components;
    GLenum type;
    std::size_t offset;
};

/// Points `attributes` at instance `first` of the buffer bound to GL_ARRAY_BUFFER, each
/// advancing once per instance. (OpenGL 3.3 has no base instance: a run of instances that does
/// not start at the first is drawn by moving the pointers.)
void pointAt(std::size_t first, std::size_t stride, std::initializer_list<Attribute> attributes) {
    for (const Attribute& a : attributes)
        glVertexAttribPointer(
            a.location, a.components, a.type, a.type == GL_UNSIGNED_BYTE ? GL_TRUE : GL_FALSE,
            static_cast<GLsizei>(stride), reinterpret_cast<const void*>(first * stride + a.offset));
}

void pointHairs(std::size_t first) {
    pointAt(first, sizeof(HairMark),
            {{0, 2, GL_FLOAT, offsetof(HairMark, rootX)},
             {1, 2, GL_FLOAT, offsetof(HairMark, tipX)},
             {2, 1, GL_FLOAT, offsetof(HairMark, widthPx)},
             {3, 4, GL_UNSIGNED_BYTE, offsetof(HairMark, rgba)}});
}

void pointDots(std::size_t first) {
    pointAt(first, sizeof(DotMark),
            {{0, 2, GL_FLOAT, offsetof(DotMark, x)},
             {1, 1, GL_FLOAT, offsetof(DotMark, diameterPx)},
             {2, 4, GL_UNSIGNED_BYTE, offsetof(DotMark, rgba)}});
}

/// A vertex array of `attributeCount` per-instance attributes read from `buffer` through
/// `point`. Leaves it and the buffer bound.
GLuint instanceArray(GLuint buffer, GLuint attributeCount, void (*point)(std::size_t)) {
    GLuint vertexArray = 0;
    glGenVertexArrays(1, &vertexArray);
    glBindVertexArray(vertexArray);
    glBindBuffer(GL_ARRAY_BUFFER, buffer);
    for (GLuint location = 0; location < attributeCount; ++location) {
        glEnableVertexAttribArray(location);
        glVertexAttribDivisor(location, 1);
    }
    point(0);
    return vertexArray;
}

/// How far beyond its anchor a mark reaches in image pixels, at most, before the target's own
/// minimum sizes and half-pixel edges: a hair its length and half its root width, a dot the
/// end of its falloff (1.3 radii, as the dot shader draws it).
double hairReach(const std::vector<HairMark>& hairs) {
    double reach = 0.0;
    for (const HairMark& h : hairs)
        reach = std::max(reach, std::hypot(double{h.tipX}, double{h.tipY}) + 0.5 * h.widthPx);
    return reach;
}

double dotReach(const std::vector<DotMark>& dots) {
    double reach = 0.0;
    for (const DotMark& d : dots)
        reach = std::max(reach, 0.65 * d.diameterPx);
    return reach;
}

/// The hair vertex shader with the tip's width factor written in.
std::string hairVertexShader() {
    std::string source = kHairVertexShader;
    const std::string placeholder = "TIP_WIDTH_FACTOR";
    std::array<char, 32> text{};
    // to_chars, unlike printf, never writes a locale's decimal comma.
    const auto end = std::to_chars(text.data(), text.data() + text.size(), kHairTipWidthFactor,
                                   std::chars_format::fixed, 6)
                         .ptr;
    source.replace(source.find(placeholder), placeholder.size(), std::string(text.data(), end));
    return source;
}

} // namespace

MarkRenderer::MarkRenderer(Kind hairs, Kind dots)
    : hairs_(std::move(hairs)), dots_(std::move(dots)) {}

std::optional<MarkRenderer> MarkRenderer::create(std::string* error) {
    if (!GLAD_GL_VERSION_3_3) {
        if (error) *error = "no OpenGL 3.3 context is current (glad not loaded)";
        return std::nullopt;
    }
    std::string programError;
    const std::string hairSource = hairVertexShader();
    std::optional<GlProgram> hairProgram =
        GlProgram::create(hairSource.c_str(), kHairFragmentShader, &programError);
    if (!hairProgram) {
        if (error) *error = "hair shaders: " + programError;
        return std::nullopt;
    }
    std::optional<GlProgram> dotProgram =
        GlProgram::create(kDotVertexShader, kDotFragmentShader, &programError);
    if (!dotProgram) {
        if (error) *error = "dot shaders: " + programError;
        return std::nullopt;
    }
    auto kind = [](GlProgram program) {
        Kind k{std::move(program)};
        k.scaleLocation = k.program.uniformLocation("scale");
        k.offsetLocation = k.program.uniformLocation("offset");
        k.targetSizeLocation = k.program.uniformLocation("targetSizePx");
        k.minSizeLocation = k.program.uniformLocation("minSizePx");
        k.minInkLocation = k.program.uniformLocation("minInk");
        k.opacityLocation = k.program.uniformLocation("opacity");
        return k;
    };
    MarkRenderer renderer(kind(std::move(*hairProgram)), kind(std::move(*dotProgram)));

    GLint previousVertexArray = 0;
    GLint previousArrayBuffer = 0;
    glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &previousVertexArray);
    glGetIntegerv(GL_ARRAY_BUFFER_BINDING, &previousArrayBuffer);
    glGenBuffers(1, &renderer.hairs_.buffer);
    glGenBuffers(1, &renderer.dots_.buffer);
    renderer.hairs_.pointAttributes = pointHairs;
    renderer.dots_.pointAttributes = pointDots;
    renderer.hairs_.vertexArray = instanceArray(renderer.hairs_.buffer, 4, pointHairs);
    renderer.dots_.vertexArray = instanceArray(renderer.dots_.buffer, 3, pointDots);
    glBindVertexArray(static_cast<GLuint>(previousVertexArray));
    glBindBuffer(GL_ARRAY_BUFFER, static_cast<GLuint>(previousArrayBuffer));
    return renderer;
}

MarkRenderer::MarkRenderer(MarkRenderer&& other) noexcept
    : hairs_(std::move(other.hairs_)), dots_(std::move(other.dots_)),
      hairCount_(std::exchange(other.hairCount_, 0)), dotCount_(std::exchange(other.dotCount_, 0)),
      scratch_(std::move(other.scratch_)), ordered_(std::move(other.ordered_)),
      anchors_(std::move(other.anchors_)), order_(std::move(other.order_)),
      runs_(std::move(other.runs_)), stats_(other.stats_) {
    // A moved-from renderer must not call GL at all: it may outlive its context.
    other.hairs_.vertexArray = other.hairs_.buffer = 0;
    other.dots_.vertexArray = other.dots_.buffer = 0;
}

MarkRenderer& MarkRenderer::operator=(MarkRenderer&& other) noexcept {
    if (this != &other) {
        release();
        hairs_ = std::move(other.hairs_);
        dots_ = std::move(other.dots_);
        other.hairs_.vertexArray = other.hairs_.buffer = 0;
        other.dots_.vertexArray = other.dots_.buffer = 0;
        hairCount_ = std::exchange(other.hairCount_, 0);
        dotCount_ = std::exchange(other.dotCount_, 0);
        scratch_ = std::move(other.scratch_);
        ordered_ = std::move(other.ordered_);
        anchors_ = std::move(other.anchors_);
        order_ = std::move(other.order_);
        runs_ = std::move(other.runs_);
        stats_ = other.stats_;
    }
    return *this;
}

MarkRenderer::~MarkRenderer() {
    release();
}

void MarkRenderer::release() noexcept {
    for (Kind* kind : {&hairs_, &dots_}) {
        if (kind->vertexArray) glDeleteVertexArrays(1, &kind->vertexArray);
        if (kind->buffer) glDeleteBuffers(1, &kind->buffer);
        kind->vertexArray = kind->buffer = 0;
    }
}

void MarkRenderer::setMarks(const Plan& plan, const Simulation& simulation) {
    buildMarkInstances(plan, simulation, scratch_);
    setMarks(scratch_);
}

void MarkRenderer::setMarks(const MarkInstances& marks) {
    // Each kind in grid order, so that draw() can skip the cells off the target.
    anchors_.clear();
    for (const HairMark& h : marks.hairs)
        anchors_.push_back({h.rootX, h.rootY});
    hairs_.grid.build(anchors_, hairReach(marks.hairs), order_);
    ordered_.hairs.resize(marks.hairs.size());
    for (std::size_t i = 0; i < order_.size(); ++i)
        ordered_.hairs[i] = marks.hairs[order_[i]];
    anchors_.clear();
    for (const DotMark& d : marks.dots)
        anchors_.push_back({d.x, d.y});
    dots_.grid.build(anchors_, dotReach(marks.dots), order_);
    ordered_.dots.resize(marks.dots.size());
    for (std::size_t i = 0; i < order_.size(); ++i)
        ordered_.dots[i] = marks.dots[order_[i]];

    GLint previousArrayBuffer = 0;
    glGetIntegerv(GL_ARRAY_BUFFER_BINDING, &previousArrayBuffer);
    auto upload = [](GLuint buffer, const void* data, std::size_t bytes) {
        glBindBuffer(GL_ARRAY_BUFFER, buffer);
        // New storage each time (the old is orphaned, so a frame still drawing it is not
        // waited for).
        glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(bytes), bytes ? data : nullptr,
                     GL_STATIC_DRAW);
    };
    upload(hairs_.buffer, ordered_.hairs.data(), ordered_.hairs.size() * sizeof(HairMark));
    upload(dots_.buffer, ordered_.dots.data(), ordered_.dots.size() * sizeof(DotMark));
    glBindBuffer(GL_ARRAY_BUFFER, static_cast<GLuint>(previousArrayBuffer));
    hairCount_ = marks.hairs.size();
    dotCount_ = marks.dots.size();
}

void MarkRenderer::clearMarks() {
    hairCount_ = dotCount_ = 0;
}

void MarkRenderer::drawKind(Kind& kind, const ImageToTarget& xf, float minSizePx, double reachPx,
                            const MarkOptions& options, std::size_t& drawn) {
    // The target in image pixels; a mark may grow on it by reachPx beyond its own reach.
    const Point topLeft = xf.toImage({0.0, 0.0});
    const Point bottomRight =
        xf.toImage({static_cast<double>(xf.targetWidthPx), static_cast<double>(xf.targetHeightPx)});
    kind.grid.visibleRuns({topLeft.x, topLeft.y, bottomRight.x, bottomRight.y}, reachPx / xf.scale,
                          runs_);
    if (runs_.empty()) return;

    glUseProgram(kind.program.id());
    glUniform1f(kind.scaleLocation, static_cast<float>(xf.scale));
    glUniform2f(kind.offsetLocation, static_cast<float>(xf.offset.x),
                static_cast<float>(xf.offset.y));
    glUniform2f(kind.targetSizeLocation, static_cast<float>(xf.targetWidthPx),
                static_cast<float>(xf.targetHeightPx));
    glUniform1f(kind.minSizeLocation, minSizePx);
    glUniform1f(kind.minInkLocation, std::clamp(options.minInk, 0.0f, 1.0f));
    glUniform1f(kind.opacityLocation, std::clamp(options.opacity, 0.0f, 1.0f));
    glBindVertexArray(kind.vertexArray);
    bool bufferBound = false;
    for (const MarkRun& run : runs_) {
        if (run.first != kind.pointedAt) {
            if (!bufferBound) glBindBuffer(GL_ARRAY_BUFFER, kind.buffer);
            bufferBound = true;
            kind.pointAttributes(run.first);
            kind.pointedAt = run.first;
        }
        glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4,
                              static_cast<GLsizei>(std::min<std::size_t>(run.count, INT_MAX)));
        ++stats_.drawCalls;
        drawn += run.count;
    }
}

bool MarkRenderer::draw(const ImageToTarget& xf, const MarkOptions& options) {
    stats_ = {};
    if (xf.targetWidthPx <= 0 || xf.targetHeightPx <= 0 || !(xf.scale > 0.0) ||
        !std::isfinite(xf.scale) || !std::isfinite(xf.offset.x) || !std::isfinite(xf.offset.y))
        return false;
    const bool drawDots = options.showDots && dotCount_ > 0;
    const bool drawHairs = options.showHairs && hairCount_ > 0;
    if (!drawDots && !drawHairs) return true;

    const SavedGlState saved;
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_STENCIL_TEST);
    glDisable(GL_CULL_FACE); // a strip's winding follows its mark's direction
    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    // Destination alpha composes as "over", so an opaque target stays opaque.
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    // On the target a mark grows beyond its reach in the image by its minimum size and the half
    // pixel of its edges (and a pixel more, to be safe).
    const double minDot = std::max(options.minDotDiameterPx, 0.0f);
    const double minHair = std::max(options.minHairWidthPx, 0.0f);
    if (drawDots) // in the skin, under the hairs
        drawKind(dots_, xf, options.minDotDiameterPx, 0.65 * minDot + 1.5, options, stats_.dots);
    if (drawHairs)
        drawKind(hairs_, xf, options.minHairWidthPx, 0.5 * minHair + 1.5, options, stats_.hairs);
    return true;
}

} // namespace hp::render
