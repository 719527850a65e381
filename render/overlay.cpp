#include "render/overlay.hpp"

#include "render/gl_state.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <glad/gl.h>
#include <limits>
#include <numbers>
#include <utility>
#include <variant>
#include <vector>

namespace hp::render {
namespace {

constexpr const char* kVertexShader = R"glsl(#version 330 core
layout(location = 0) in vec2 targetPx;
layout(location = 1) in vec4 colour;
uniform vec2 targetSizePx;
out vec4 vertexColour;
void main() {
    // Target pixels run y down from the viewport's top-left corner; clip space runs y up.
    vec2 unit = targetPx / targetSizePx;
    gl_Position = vec4(unit.x * 2.0 - 1.0, 1.0 - unit.y * 2.0, 0.0, 1.0);
    vertexColour = colour;
}
)glsl";

constexpr const char* kFragmentShader = R"glsl(#version 330 core
in vec4 vertexColour;
out vec4 fragmentColour;
void main() {
    fragmentColour = vertexColour;
}
)glsl";

using Rgba8 = std::array<std::uint8_t, 4>;

/// Positions in target pixels (float: exact enough for any zoom a canvas reaches), colours as
/// normalised bytes: 12 bytes a vertex.
struct Vertex {
    float x;
    float y;
    Rgba8 rgba;
};
static_assert(sizeof(Vertex) == 12);

Rgba8 toRgba8(const Colour& c, float alphaFactor = 1.0f) {
    auto byte = [](float v) {
        return static_cast<std::uint8_t>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f));
    };
    return {byte(c.r), byte(c.g), byte(c.b), byte(c.a * alphaFactor)};
}

enum class Pass : std::uint8_t {
    StencilFill,  ///< a region's fan triangles into the stencil only (winding count)
    Cover,        ///< its bounding box where the stencil is non-zero, clearing it
    Stroke,       ///< a line's triangles where the stencil is not the line's id, setting it
    ClearStencil, ///< between strokes when the 255 stroke ids run out
};

struct Batch {
    Pass pass;
    std::uint8_t strokeId; ///< Stroke only
    GLint first;           ///< the first vertex; StencilFill: the first fan of the fan lists
    GLsizei count;         ///< vertices; StencilFill: fans
};

/// Miter joins up to this miter length over line width (as SVG's stroke-miterlimit): corners
/// sharper than 60 degrees are bevelled instead of growing long spikes.
constexpr double kMiterLimit = 2.0;
/// Lines are simplified by dropping points closer than this to the last point kept: a dense
/// curve seen zoomed out costs no more than its visible detail.
constexpr double kMinStepPx = 0.5;
/// Points closer than this are one point to polyline(): a segment needs a direction.
constexpr double kSamePointPx = 1e-4;
/// Dashes and gaps are never shorter than this, however the style is scaled.
constexpr double kMinDashPx = 1.0;

double length(Point d) {
    return std::hypot(d.x, d.y);
}

bool isFinite(Point p) {
    return std::isfinite(p.x) && std::isfinite(p.y);
}

Point lerp(Point a, Point b, double t) {
    return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t};
}

/// Maps `image` points to target pixels into `out`, dropping points within kMinStepPx of the
/// last one kept (but keeping the exact last point) and non-finite ones. For a closed outline,
/// closing points on top of the first are dropped too.
void toTargetLine(const std::vector<Point>& image, const ImageToTarget& xf, bool closed,
                  std::vector<Point>& out) {
    out.clear();
    bool lastDropped = false;
    Point last;
    for (const Point& p : image) {
        const Point t = xf.toTarget(p);
        if (!isFinite(t)) continue;
        last = t;
        lastDropped = !out.empty() && length(t - out.back()) < kMinStepPx;
        if (!lastDropped) out.push_back(t);
    }
    if (lastDropped && out.size() >= 2) out.back() = last;
    if (closed)
        while (out.size() >= 2 && length(out.back() - out.front()) < kMinStepPx)
            out.pop_back();
}

} // namespace

/// The CPU side of one draw: every vertex in one array and the batches that draw ranges of it.
/// Kept by the renderer so that its vectors' capacity carries over from frame to frame.
struct OverlayGeometry {
    std::vector<Vertex> vertices;
    std::vector<Batch> batches;
    std::vector<Point> line;      // scratch: one line in target pixels
    std::vector<Point> piece;     // scratch: one dash of it
    std::vector<Point> shape;     // scratch: a mark's ring or a tick
    std::vector<GLint> fanFirsts; // the fills' outlines: first vertex and count of each fan
    std::vector<GLsizei> fanCounts;
    // polyline()'s scratch: the line without repeated points, each segment's normal and
    // length, and where each point's incoming segment ends and outgoing one starts.
    struct End {
        Point inLeft, inRight, outLeft, outRight;
    };
    std::vector<Point> clean;
    std::vector<Point> normals;
    std::vector<double> lengths;
    std::vector<End> ends;
    std::vector<Colour> zoneColours;

    double width = 0.0; // the target's size in pixels
    double height = 0.0;
    std::uint8_t nextStrokeId = 1;
    GLint strokeFirst = 0;

    void reset(const ImageToTarget& xf) {
        vertices.clear();
        batches.clear();
        fanFirsts.clear();
        fanCounts.clear();
        width = xf.targetWidthPx;
        height = xf.targetHeightPx;
        nextStrokeId = 1;
    }

    void vertex(Point p, Rgba8 c) {
        vertices.push_back({static_cast<float>(p.x), static_cast<float>(p.y), c});
    }
    void triangle(Point a, Point b, Point c, Rgba8 colour) {
        vertex(a, colour);
        vertex(b, colour);
        vertex(c, colour);
    }
    void quad(Point a, Point b, Point c, Point d, Rgba8 colour) {
        triangle(a, b, c, colour);
        triangle(a, c, d, colour);
    }
    GLint size() const { return static_cast<GLint>(vertices.size()); }

    /// True when `p` lies more than `margin` outside the target.
    bool outside(Point p, double margin) const {
        return p.x < -margin || p.y < -margin || p.x > width + margin || p.y > height + margin;
    }
    /// True when segment ab lies entirely beyond one edge of the target grown by `margin`.
    bool culled(Point a, Point b, double margin) const {
        return (a.x < -margin && b.x < -margin) || (a.y < -margin && b.y < -margin) ||
               (a.x > width + margin && b.x > width + margin) ||
               (a.y > height + margin && b.y > height + margin);
    }

    /// A region filled by the non-zero rule: each outline as a triangle fan from its first
    /// point into the stencil (front faces count up, back faces down), then the region's
    /// bounding box coloured where the count is not zero.
    void fill(const Region& region, const ImageToTarget& xf, Rgba8 colour) {
        if (colour[3] == 0) return;
        const GLint firstVertex = size();
        const std::size_t firstFan = fanFirsts.size();
        constexpr double inf = std::numeric_limits<double>::infinity();
        double minX = inf, minY = inf, maxX = -inf, maxY = -inf;
        const Rgba8 none{0, 0, 0, 0}; // colour writes are off in the stencil pass
        for (const Outline& outline : region) {
            if (outline.size() < 3) continue;
            fanFirsts.push_back(size());
            fanCounts.push_back(static_cast<GLsizei>(outline.size()));
            for (const Point& p : outline) {
                const Point t = xf.toTarget(p);
                vertex(t, none);
                minX = std::min(minX, t.x), maxX = std::max(maxX, t.x);
                minY = std::min(minY, t.y), maxY = std::max(maxY, t.y);
            }
        }
        // The box grows by a pixel so that it covers every pixel a fan triangle reached (and
        // clears its stencil), and is clipped to the target (grown likewise) to keep it small.
        minX = std::max(minX - 1.0, -1.0), maxX = std::min(maxX + 1.0, width + 1.0);
        minY = std::max(minY - 1.0, -1.0), maxY = std::min(maxY + 1.0, height + 1.0);
        if (fanFirsts.size() == firstFan || !(minX < maxX && minY < maxY)) { // all off target
            vertices.resize(static_cast<std::size_t>(firstVertex));
            fanFirsts.resize(firstFan);
            fanCounts.resize(firstFan);
            return;
        }
        batches.push_back({Pass::StencilFill, 0, static_cast<GLint>(firstFan),
                           static_cast<GLsizei>(fanFirsts.size() - firstFan)});
        const GLint coverFirst = size();
        quad({minX, minY}, {maxX, minY}, {maxX, maxY}, {minX, maxY}, colour);
        batches.push_back({Pass::Cover, 0, coverFirst, size() - coverFirst});
    }

    /// Lines between beginStroke() and endStroke() form one stroke: it covers each pixel once,
    /// so a translucent line does not darken where its pieces overlap (joins, crossings).
    void beginStroke() { strokeFirst = size(); }
    void endStroke() {
        if (size() == strokeFirst) return;
        if (nextStrokeId == 0) { // wrapped past 255: the ids in the stencil must go
            batches.push_back({Pass::ClearStencil, 0, 0, 0});
            nextStrokeId = 1;
        }
        batches.push_back({Pass::Stroke, nextStrokeId++, strokeFirst, size() - strokeFirst});
    }

    /// A polyline in target pixels, `lineWidth` wide, open ends cut square. Each segment is a
    /// quadrilateral. Where two segments meet at a gentle enough turn they share the miter
    /// points (a smooth curve costs 6 vertices a segment); otherwise (a turn sharper than the
    /// miter limit, or one whose miter would reach back past half a segment and fold it) each
    /// segment ends square and a bevel triangle, plus a miter triangle up to kMiterLimit,
    /// fills the outer wedge.
    void polyline(const std::vector<Point>& points, bool closed, double lineWidth, Rgba8 c) {
        if (lineWidth <= 0.0 || c[3] == 0) return;
        clean.clear();
        for (const Point& p : points)
            if (clean.empty() || length(p - clean.back()) > kSamePointPx) clean.push_back(p);
        if (closed)
            while (clean.size() >= 2 && length(clean.back() - clean.front()) <= kSamePointPx)
                clean.pop_back();
        const std::size_t n = clean.size();
        if (n < 2) return;
        if (n == 2) closed = false; // there and back is the one segment
        const double half = lineWidth / 2.0;
        const double margin = half * kMiterLimit + 1.0;
        const std::size_t segments = closed ? n : n - 1;

        normals.resize(segments); // each segment's left normal, half a width long
        lengths.resize(segments);
        for (std::size_t s = 0; s < segments; ++s) {
            const Point d = clean[(s + 1) % n] - clean[s];
            lengths[s] = length(d);
            normals[s] = (half / lengths[s]) * Point{-d.y, d.x};
        }

        ends.resize(n);
        for (std::size_t k = 0; k < n; ++k) {
            const Point p = clean[k];
            End& end = ends[k];
            const bool hasIn = closed || k > 0;
            const bool hasOut = closed || k + 1 < n;
            const std::size_t in = (k + segments - 1) % segments;
            const std::size_t out = k % segments;
            if (!hasIn || !hasOut) { // an open end
                const Point normal = hasOut ? normals[out] : normals[in];
                end = {p + normal, p - normal, p + normal, p - normal};
                continue;
            }
            const Point n0 = normals[in];
            const Point n1 = normals[out];
            const double h2 = half * half;
            const double cross = (n0.x * n1.y - n0.y * n1.x) / h2; // sin(turn)
            const double dot = (n0.x * n1.x + n0.y * n1.y) / h2;   // cos(turn)
            const bool miterWithinLimit = (1.0 + dot) * kMiterLimit * kMiterLimit > 2.0;
            const Point miter = miterWithinLimit ? (1.0 / (1.0 + dot)) * (n0 + n1) : Point{};
            // tan(turn / 2) half widths: how far back along each segment the inner side of
            // the miter reaches.
            if (miterWithinLimit &&
                half * std::abs(cross) / (1.0 + dot) <= 0.5 * std::min(lengths[in], lengths[out])) {
                end = {p + miter, p - miter, p + miter, p - miter};
                continue;
            }
            end = {p + n0, p - n0, p + n1, p - n1};
            if (outside(p, margin)) continue;
            // The square ends overlap on the inner side of the turn and leave a wedge open on
            // the outer side, the side away from where the line turns.
            const double side = cross > 0.0 ? -1.0 : 1.0;
            const Point a = p + side * n0;
            const Point b = p + side * n1;
            triangle(p, a, b, c);
            if (miterWithinLimit) triangle(a, p + side * miter, b, c);
        }

        for (std::size_t s = 0; s < segments; ++s) {
            const std::size_t t = (s + 1) % n;
            if (culled(clean[s], clean[t], margin)) continue;
            quad(ends[s].outLeft, ends[t].inLeft, ends[t].inRight, ends[s].outRight, c);
        }
    }

    /// An open polyline drawn as dashes of `dash` pixels with gaps of `gap`, the pattern
    /// starting with a dash at the first point and running on across the joints.
    void dashed(const std::vector<Point>& points, double lineWidth, double dash, double gap,
                Rgba8 c) {
        dash = std::max(dash, kMinDashPx);
        gap = std::max(gap, kMinDashPx);
        const double margin = lineWidth + 1.0;
        piece.clear();
        bool on = true;
        double run = 0.0; // how far into the current dash or gap
        for (std::size_t s = 0; s + 1 < points.size(); ++s) {
            const Point a = points[s];
            const Point b = points[s + 1];
            const double len = length(b - a);
            if (culled(a, b, margin)) {
                // Off the target (a curve seen zoomed in): only the pattern's phase moves on.
                if (on && piece.size() >= 2) polyline(piece, false, lineWidth, c);
                piece.clear();
                const double at = std::fmod((on ? run : dash + run) + len, dash + gap);
                on = at < dash;
                run = on ? at : at - dash;
                continue;
            }
            double t = 0.0;
            while (t < len) {
                const double runLength = on ? dash : gap;
                const double step = std::min(runLength - run, len - t);
                if (on) {
                    if (piece.empty()) piece.push_back(lerp(a, b, t / len));
                    piece.push_back(lerp(a, b, (t + step) / len));
                }
                t += step;
                run += step;
                if (run >= runLength) {
                    if (on) polyline(piece, false, lineWidth, c);
                    piece.clear();
                    on = !on;
                    run = 0.0;
                }
            }
        }
        if (on && piece.size() >= 2) polyline(piece, false, lineWidth, c);
    }
};

namespace {

/// Whether the bound draw framebuffer is complete and has stencil bits.
bool drawTargetHasStencil() {
    if (glCheckFramebufferStatus(GL_DRAW_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) return false;
    GLint bound = 0;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &bound);
    // The default framebuffer names its buffers, a framebuffer object its attachment points.
    const GLenum attachment = bound == 0 ? GL_STENCIL : GL_STENCIL_ATTACHMENT;
    GLint type = GL_NONE;
    glGetFramebufferAttachmentParameteriv(GL_DRAW_FRAMEBUFFER, attachment,
                                          GL_FRAMEBUFFER_ATTACHMENT_OBJECT_TYPE, &type);
    if (type == GL_NONE) return false;
    GLint bits = 0;
    glGetFramebufferAttachmentParameteriv(GL_DRAW_FRAMEBUFFER, attachment,
                                          GL_FRAMEBUFFER_ATTACHMENT_STENCIL_SIZE, &bits);
    return bits > 0;
}

/// The glabella mark: a ring with four short arms that leave the centre itself visible.
void glabellaMark(OverlayGeometry& g, Point centre, const OverlayStyle& style, Rgba8 c) {
    const double r = style.glabellaRadiusPx;
    constexpr int kRingSegments = 32;
    g.shape.clear();
    for (int i = 0; i < kRingSegments; ++i) {
        const double angle = 2.0 * std::numbers::pi * i / kRingSegments;
        g.shape.push_back({centre.x + r * std::cos(angle), centre.y + r * std::sin(angle)});
    }
    g.polyline(g.shape, true, style.glabellaWidthPx, c);
    const double inner = 0.45 * r;
    const double outer = r + 4.0 * (style.glabellaWidthPx / 2.0);
    for (const Point d : {Point{1, 0}, Point{-1, 0}, Point{0, 1}, Point{0, -1}}) {
        g.shape.assign({centre + inner * d, centre + outer * d});
        g.polyline(g.shape, false, style.glabellaWidthPx, c);
    }
}

void buildGeometry(OverlayGeometry& g, const Plan& plan, const PlanShapes& shapes,
                   const OverlayStyle& style, const ImageToTarget& xf) {
    g.reset(xf);

    // Zone colours by each zone's index within its kind, as the inspector shows them.
    g.zoneColours.clear();
    std::array<std::size_t, 3> perKind{};
    for (const Zone& zone : plan.zones)
        g.zoneColours.push_back(
            style.zoneColour(zone.kind, perKind[static_cast<std::size_t>(zone.kind)]++));

    if (style.showZones) {
        const std::size_t n = std::min(plan.zones.size(), shapes.zones.size());
        for (std::size_t i = 0; i < n; ++i)
            g.fill(shapes.zones[i].visible, xf, toRgba8(g.zoneColours[i], style.fillAlpha));
    }
    if (style.showBand) g.fill(shapes.band, xf, toRgba8(style.bandColour, style.fillAlpha));
    if (style.showZones) {
        for (std::size_t i = 0; i < plan.zones.size(); ++i) {
            toTargetLine(plan.zones[i].points, xf, true, g.line);
            g.beginStroke();
            g.polyline(g.line, true, style.outlineWidthPx, toRgba8(g.zoneColours[i]));
            g.endStroke();
        }
    }
    if (style.showHairline) {
        toTargetLine(shapes.smoothHairline, xf, false, g.line);
        g.beginStroke();
        g.dashed(g.line, style.smoothHairlineWidthPx, style.dashPx, style.dashGapPx,
                 toRgba8(style.smoothHairlineColour));
        g.endStroke();
        toTargetLine(shapes.frontEdge, xf, false, g.line);
        g.beginStroke();
        g.polyline(g.line, false, style.frontEdgeWidthPx, toRgba8(style.frontEdgeColour));
        g.endStroke();
    }
    if (style.showGlabella && plan.glabella) {
        const Point centre = xf.toTarget(*plan.glabella);
        if (isFinite(centre)) {
            // The midline's dashes start at the glabella both ways, so that they stay put
            // while the canvas pans.
            g.beginStroke();
            const double beyond = style.midlineWidthPx + 1.0;
            for (const double endY : {-beyond, g.height + beyond}) {
                g.line.assign({centre, {centre.x, endY}});
                g.dashed(g.line, style.midlineWidthPx, style.dashPx, style.dashGapPx,
                         toRgba8(style.midlineColour));
            }
            g.endStroke();
            g.beginStroke();
            glabellaMark(g, centre, style, toRgba8(style.glabellaColour));
            g.endStroke();
        }
    }
    if (style.showRuler && plan.calibration) {
        if (const auto* ruler = std::get_if<RulerCalibration>(&*plan.calibration)) {
            const Point p1 = xf.toTarget(ruler->p1);
            const Point p2 = xf.toTarget(ruler->p2);
            const double len = length(p2 - p1);
            if (len > 0.0 && isFinite(p1) && isFinite(p2)) {
                const Rgba8 c = toRgba8(style.rulerColour);
                const Point across =
                    (style.rulerTickPx / 2.0 / len) * Point{p1.y - p2.y, p2.x - p1.x};
                g.beginStroke();
                g.line.assign({p1, p2});
                g.polyline(g.line, false, style.rulerWidthPx, c);
                for (const Point end : {p1, p2}) {
                    g.line.assign({end - across, end + across});
                    g.polyline(g.line, false, style.rulerWidthPx, c);
                }
                g.endStroke();
            }
        }
    }
}

} // namespace

OverlayRenderer::OverlayRenderer(GlProgram program)
    : program_(std::move(program)), geometry_(std::make_unique<OverlayGeometry>()) {}

std::optional<OverlayRenderer> OverlayRenderer::create(std::string* error) {
    if (!GLAD_GL_VERSION_3_3) {
        if (error) *error = "no OpenGL 3.3 context is current (glad not loaded)";
        return std::nullopt;
    }
    std::string programError;
    std::optional<GlProgram> program =
        GlProgram::create(kVertexShader, kFragmentShader, &programError);
    if (!program) {
        if (error) *error = "overlay shaders: " + programError;
        return std::nullopt;
    }
    OverlayRenderer renderer(std::move(*program));
    renderer.targetSizeLocation_ = renderer.program_.uniformLocation("targetSizePx");

    GLint previousVertexArray = 0;
    GLint previousArrayBuffer = 0;
    glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &previousVertexArray);
    glGetIntegerv(GL_ARRAY_BUFFER_BINDING, &previousArrayBuffer);
    glGenVertexArrays(1, &renderer.vertexArray_);
    glGenBuffers(1, &renderer.vertexBuffer_);
    glBindVertexArray(renderer.vertexArray_);
    glBindBuffer(GL_ARRAY_BUFFER, renderer.vertexBuffer_);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(Vertex),
                          reinterpret_cast<const void*>(offsetof(Vertex, x)));
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(Vertex),
                          reinterpret_cast<const void*>(offsetof(Vertex, rgba)));
    glBindVertexArray(static_cast<GLuint>(previousVertexArray));
    glBindBuffer(GL_ARRAY_BUFFER, static_cast<GLuint>(previousArrayBuffer));
    return renderer;
}

OverlayRenderer::OverlayRenderer(OverlayRenderer&& other) noexcept
    : program_(std::move(other.program_)), targetSizeLocation_(other.targetSizeLocation_),
      vertexArray_(std::exchange(other.vertexArray_, 0)),
      vertexBuffer_(std::exchange(other.vertexBuffer_, 0)), geometry_(std::move(other.geometry_)),
      stats_(other.stats_) {}

OverlayRenderer& OverlayRenderer::operator=(OverlayRenderer&& other) noexcept {
    if (this != &other) {
        release();
        program_ = std::move(other.program_);
        targetSizeLocation_ = other.targetSizeLocation_;
        vertexArray_ = std::exchange(other.vertexArray_, 0);
        vertexBuffer_ = std::exchange(other.vertexBuffer_, 0);
        geometry_ = std::move(other.geometry_);
        stats_ = other.stats_;
    }
    return *this;
}

OverlayRenderer::~OverlayRenderer() {
    release();
}

void OverlayRenderer::release() noexcept {
    // A moved-from renderer must not call GL at all: it may outlive its context.
    if (vertexArray_) glDeleteVertexArrays(1, &vertexArray_);
    if (vertexBuffer_) glDeleteBuffers(1, &vertexBuffer_);
    vertexArray_ = vertexBuffer_ = 0;
}

bool OverlayRenderer::draw(const Plan& plan, const PlanShapes& shapes, const OverlayStyle& style,
                           const ImageToTarget& xf) {
    stats_ = {};
    if (xf.targetWidthPx <= 0 || xf.targetHeightPx <= 0 || !drawTargetHasStencil()) return false;

    OverlayGeometry& g = *geometry_;
    const auto start = std::chrono::steady_clock::now();
    buildGeometry(g, plan, shapes, style, xf);
    stats_.geometryMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    stats_.vertices = g.vertices.size();
    if (g.batches.empty()) return true;

    const SavedGlState saved;
    // Everything, the stencil clears included, stays inside the viewport and the caller's
    // scissor box.
    std::array<GLint, 4> box{};
    glGetIntegerv(GL_VIEWPORT, box.data());
    if (saved.scissorTest()) {
        const std::array<GLint, 4>& s = saved.scissorBox();
        const GLint x0 = std::max(box[0], s[0]), y0 = std::max(box[1], s[1]);
        const GLint x1 = std::min(box[0] + box[2], s[0] + s[2]);
        const GLint y1 = std::min(box[1] + box[3], s[1] + s[3]);
        box = {x0, y0, std::max(x1 - x0, 0), std::max(y1 - y0, 0)};
    }
    if (box[2] == 0 || box[3] == 0) return true;
    glEnable(GL_SCISSOR_TEST);
    glScissor(box[0], box[1], box[2], box[3]);

    glUseProgram(program_.id());
    glUniform2f(targetSizeLocation_, static_cast<float>(xf.targetWidthPx),
                static_cast<float>(xf.targetHeightPx));
    glBindVertexArray(vertexArray_);
    glBindBuffer(GL_ARRAY_BUFFER, vertexBuffer_);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(g.vertices.size() * sizeof(Vertex)),
                 g.vertices.data(), GL_STREAM_DRAW);

    glDisable(GL_DEPTH_TEST);
    glDisable(GL_CULL_FACE); // the stencil pass counts both faces
    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    // Destination alpha composes as "over", so an opaque target stays opaque.
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glEnable(GL_STENCIL_TEST);
    glStencilMask(0xFF);
    glClearStencil(0);
    glClear(GL_STENCIL_BUFFER_BIT);

    std::size_t drawCalls = 0;
    bool stencilDirty = false; // stroke ids are left in the stencil
    for (const Batch& batch : g.batches) {
        switch (batch.pass) {
        case Pass::StencilFill:
            glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_FALSE);
            glStencilFunc(GL_ALWAYS, 0, 0xFF);
            // Wrapping counts stay correct modulo 256: non-zero means inside for any region
            // that winds fewer than 256 times.
            glStencilOpSeparate(GL_FRONT, GL_KEEP, GL_KEEP, GL_INCR_WRAP);
            glStencilOpSeparate(GL_BACK, GL_KEEP, GL_KEEP, GL_DECR_WRAP);
            glMultiDrawArrays(GL_TRIANGLE_FAN, g.fanFirsts.data() + batch.first,
                              g.fanCounts.data() + batch.first, batch.count);
            ++drawCalls;
            continue;
        case Pass::Cover:
            glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
            glStencilFunc(GL_NOTEQUAL, 0, 0xFF);
            glStencilOp(GL_KEEP, GL_KEEP, GL_ZERO);
            break;
        case Pass::Stroke:
            glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
            glStencilFunc(GL_NOTEQUAL, batch.strokeId, 0xFF);
            glStencilOp(GL_KEEP, GL_KEEP, GL_REPLACE);
            stencilDirty = true;
            break;
        case Pass::ClearStencil:
            glClear(GL_STENCIL_BUFFER_BIT);
            stencilDirty = false;
            continue;
        }
        glDrawArrays(GL_TRIANGLES, batch.first, batch.count);
        ++drawCalls;
    }
    if (stencilDirty) glClear(GL_STENCIL_BUFFER_BIT);

    stats_.drawCalls = drawCalls;
    return true;
}

} // namespace hp::render
