// Renders assets/sample/front-back.jpg, the photo under the bundled sample plan: one synthetic,
// anonymous man with a Norwood IV pattern, seen from the front (left half of the image) and from
// the back (right half) at the same distance, with a ruler of known length under each view.
//
//   hairplan_sample_photo PLAN.json OUT.jpg
//
// Everything is placed from the plan: the glabella fixes the front view's axis and brow line, the
// ruler calibration fixes the scale (and the front ruler is drawn exactly where it says), and the
// planned hairline sets how far back the native hairline sits. The drawing below is written in
// millimetres from the glabella (x right, y down, as in the image), so it follows the plan. After
// the hair is drawn the program checks that the planned hairline lies on bare skin and exits 1
// when it does not, so a regenerated photo cannot silently drift away from its plan.
//
// The output is deterministic: all variation comes from integer hashing, never from rand().
#include "planning/hairline.hpp"
#include "planning/plan_io.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <initializer_list>
#include <limits>
#include <optional>
#include <stb_image_write.h>
#include <utility>
#include <variant>
#include <vector>

namespace {

using hp::Point;

constexpr double kPi = 3.14159265358979323846;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// --- Small maths ------------------------------------------------------------------------------

double clamp01(double v) {
    return std::clamp(v, 0.0, 1.0);
}

double smoothstep(double edge0, double edge1, double v) {
    const double t = clamp01((v - edge0) / (edge1 - edge0));
    return t * t * (3.0 - 2.0 * t);
}

double lerp(double a, double b, double t) {
    return a + (b - a) * t;
}
double dot(Point a, Point b) {
    return a.x * b.x + a.y * b.y;
}
double norm(Point p) {
    return std::sqrt(p.x * p.x + p.y * p.y);
}

Point unit(Point p) {
    const double l = norm(p);
    return l > 1e-12 ? Point{p.x / l, p.y / l} : Point{0.0, 1.0};
}

Point rotated(Point p, double radians) {
    const double c = std::cos(radians), s = std::sin(radians);
    return {c * p.x - s * p.y, s * p.x + c * p.y};
}

/// exp(-d²), d the distance from (cx, cy) measured in radii of an axis-aligned ellipse.
double blob(double x, double y, double cx, double cy, double rx, double ry) {
    const double dx = (x - cx) / rx, dy = (y - cy) / ry;
    return std::exp(-(dx * dx + dy * dy));
}

/// A function given by knots (x ascending): a cubic Hermite spline with central-difference
/// tangents, held constant beyond the end knots. Used for every profile of the head.
class Profile {
  public:
    Profile(std::initializer_list<std::pair<double, double>> knots) : knots_(knots) {}

    double operator()(double x) const {
        if (x <= knots_.front().first) return knots_.front().second;
        if (x >= knots_.back().first) return knots_.back().second;
        std::size_t i = 0;
        while (knots_[i + 1].first < x)
            ++i;
        const auto [x0, y0] = knots_[i];
        const auto [x1, y1] = knots_[i + 1];
        const double h = x1 - x0, t = (x - x0) / h;
        const double t2 = t * t, t3 = t2 * t;
        return (2 * t3 - 3 * t2 + 1) * y0 + (t3 - 2 * t2 + t) * h * slope(i) +
               (-2 * t3 + 3 * t2) * y1 + (t3 - t2) * h * slope(i + 1);
    }

  private:
    double slope(std::size_t i) const {
        const std::size_t a = i == 0 ? 0 : i - 1, b = std::min(i + 1, knots_.size() - 1);
        return (knots_[b].second - knots_[a].second) / (knots_[b].first - knots_[a].first);
    }

    std::vector<std::pair<double, double>> knots_;
};

// --- Colour: linear RGB in [0, 1]; constants are written in sRGB bytes -----------------------

struct Rgb {
    double r = 0.0, g = 0.0, b = 0.0;
};

Rgb operator+(Rgb a, Rgb b) {
    return {a.r + b.r, a.g + b.g, a.b + b.b};
}
Rgb operator*(Rgb a, double k) {
    return {a.r * k, a.g * k, a.b * k};
}
Rgb operator*(Rgb a, Rgb b) {
    return {a.r * b.r, a.g * b.g, a.b * b.b};
}
Rgb mix(Rgb a, Rgb b, double t) {
    return {lerp(a.r, b.r, t), lerp(a.g, b.g, t), lerp(a.b, b.b, t)};
}

double srgbToLinear(double v) {
    return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
}

double linearToSrgb(double v) {
    v = clamp01(v);
    return v <= 0.0031308 ? v * 12.92 : 1.055 * std::pow(v, 1.0 / 2.4) - 0.055;
}

Rgb srgb(int r, int g, int b) {
    return {srgbToLinear(r / 255.0), srgbToLinear(g / 255.0), srgbToLinear(b / 255.0)};
}

const Rgb kWhite{1.0, 1.0, 1.0};

// --- Deterministic noise ----------------------------------------------------------------------

std::uint32_t mixBits(std::uint32_t v) {
    v ^= v >> 16;
    v *= 0x7feb352dU;
    v ^= v >> 15;
    v *= 0x846ca68bU;
    v ^= v >> 16;
    return v;
}

std::uint32_t hash2(int x, int y, std::uint32_t seed) {
    return mixBits(static_cast<std::uint32_t>(x) * 0x8da6b343U ^
                   mixBits(static_cast<std::uint32_t>(y) * 0xd8163841U + seed * 0xcb1ab31fU));
}

/// Uniform in [0, 1).
double hashUnit(int x, int y, std::uint32_t seed) {
    return (hash2(x, y, seed) >> 8) * (1.0 / 16777216.0);
}

/// Smooth gradient noise in about [-1, 1] with features about `cell` units apart. (Gradient
/// rather than value noise: value noise shows its grid as faint bands in smooth skin.)
double noise(double x, double y, double cell, std::uint32_t seed) {
    static const auto kGradients = [] {
        std::vector<Point> g;
        for (int i = 0; i < 16; ++i)
            g.push_back({std::cos(i * kPi / 8), std::sin(i * kPi / 8)});
        return g;
    }();
    const double fx = x / cell, fy = y / cell;
    const double ix = std::floor(fx), iy = std::floor(fy);
    const int x0 = static_cast<int>(ix), y0 = static_cast<int>(iy);
    const double tx = fx - ix, ty = fy - iy;
    const auto corner = [&](int dx, int dy) {
        const Point g = kGradients[hash2(x0 + dx, y0 + dy, seed) >> 28];
        return g.x * (tx - dx) + g.y * (ty - dy);
    };
    const auto fade = [](double t) { return t * t * t * (t * (t * 6 - 15) + 10); };
    const double sx = fade(tx), sy = fade(ty);
    return 1.4 *
           lerp(lerp(corner(0, 0), corner(1, 0), sx), lerp(corner(0, 1), corner(1, 1), sx), sy);
}

/// Two octaves of noise, still in about [-1, 1].
double fbm(double x, double y, double cell, std::uint32_t seed) {
    return 0.67 * noise(x, y, cell, seed) + 0.33 * noise(x, y, cell * 0.45, seed + 17);
}

/// splitmix64: a sequence of draws for one seeded purpose (strand placement, brow hairs).
class Draws {
  public:
    explicit Draws(std::uint64_t seed) : state_(seed) {}

    double unit() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
    double range(double lo, double hi) { return lo + (hi - lo) * unit(); }

  private:
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    std::uint64_t state_;
};

// --- The picture ------------------------------------------------------------------------------

class Canvas {
  public:
    Canvas(int width, int height)
        : width_(width), height_(height),
          rgb_(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3, 0.0f) {}

    int width() const { return width_; }
    int height() const { return height_; }

    Rgb at(int x, int y) const {
        const float* p = &rgb_[index(x, y)];
        return {p[0], p[1], p[2]};
    }

    void set(int x, int y, Rgb c) {
        float* p = &rgb_[index(x, y)];
        p[0] = static_cast<float>(c.r);
        p[1] = static_cast<float>(c.g);
        p[2] = static_cast<float>(c.b);
    }

    void blend(int x, int y, Rgb c, double alpha) {
        if (alpha <= 0.0) return;
        set(x, y, alpha >= 1.0 ? c : mix(at(x, y), c, alpha));
    }

  private:
    std::size_t index(int x, int y) const {
        return (static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) +
                static_cast<std::size_t>(x)) *
               3;
    }

    int width_, height_;
    std::vector<float> rgb_;
};

/// One of the two photographs: which columns it owns and where its millimetre frame sits.
/// The frame's origin is the glabella on the front view and the same point on the back view's
/// axis; x runs right and y down in both, as in the image.
struct View {
    Point originPx;
    double pxPerMm = 10.0;
    int colBegin = 0, colEnd = 0;
    int height = 0;
    bool front = true;

    Point px(double xMm, double yMm) const {
        return {originPx.x + pxPerMm * xMm, originPx.y + pxPerMm * yMm};
    }
    Point px(Point mm) const { return px(mm.x, mm.y); }
    std::vector<Point> px(const std::vector<Point>& mm) const {
        std::vector<Point> out;
        out.reserve(mm.size());
        for (const Point p : mm)
            out.push_back(px(p));
        return out;
    }
    /// The pixel centre (x + 0.5, y + 0.5) in millimetres.
    Point mm(int x, int y) const {
        return {(x + 0.5 - originPx.x) / pxPerMm, (y + 0.5 - originPx.y) / pxPerMm};
    }
};

// --- Curves -----------------------------------------------------------------------------------

/// A point of the centripetal Catmull-Rom span from p1 to p2 (Barry-Goldman), s in [0, 1].
Point catmullRom(Point p0, Point p1, Point p2, Point p3, double s) {
    const auto knot = [](Point a, Point b) { return std::max(std::sqrt(norm(b - a)), 1e-6); };
    const double t0 = 0.0, t1 = t0 + knot(p0, p1), t2 = t1 + knot(p1, p2), t3 = t2 + knot(p2, p3);
    const double t = t1 + (t2 - t1) * s;
    const Point a1 = ((t1 - t) / (t1 - t0)) * p0 + ((t - t0) / (t1 - t0)) * p1;
    const Point a2 = ((t2 - t) / (t2 - t1)) * p1 + ((t - t1) / (t2 - t1)) * p2;
    const Point a3 = ((t3 - t) / (t3 - t2)) * p2 + ((t - t2) / (t3 - t2)) * p3;
    const Point b1 = ((t2 - t) / (t2 - t0)) * a1 + ((t - t0) / (t2 - t0)) * a2;
    const Point b2 = ((t3 - t) / (t3 - t1)) * a2 + ((t - t1) / (t3 - t1)) * a3;
    return ((t2 - t) / (t2 - t1)) * b1 + ((t - t1) / (t2 - t1)) * b2;
}

/// The closed centripetal Catmull-Rom loop through `points`, `perSpan` samples a span.
std::vector<Point> closedSpline(const std::vector<Point>& points, int perSpan) {
    const std::size_t n = points.size();
    std::vector<Point> out;
    for (std::size_t i = 0; i < n; ++i) {
        const Point p0 = points[(i + n - 1) % n], p1 = points[i], p2 = points[(i + 1) % n],
                    p3 = points[(i + 2) % n];
        for (int s = 0; s < perSpan; ++s)
            out.push_back(catmullRom(p0, p1, p2, p3, s / double(perSpan)));
    }
    return out;
}

/// The open centripetal Catmull-Rom curve through `points` (phantom ends mirrored), end included.
std::vector<Point> openSpline(const std::vector<Point>& points, int perSpan) {
    const std::size_t n = points.size();
    std::vector<Point> out;
    for (std::size_t i = 0; i + 1 < n; ++i) {
        const Point p1 = points[i], p2 = points[i + 1];
        const Point p0 = i == 0 ? 2.0 * p1 - p2 : points[i - 1];
        const Point p3 = i + 2 < n ? points[i + 2] : 2.0 * p2 - p1;
        for (int s = 0; s < perSpan; ++s)
            out.push_back(catmullRom(p0, p1, p2, p3, s / double(perSpan)));
    }
    out.push_back(points.back());
    return out;
}

std::vector<Point> mirroredX(const std::vector<Point>& points, double side) {
    std::vector<Point> out;
    for (const Point p : points)
        out.push_back({side * p.x, p.y});
    return out;
}

std::vector<Point> ellipse(Point centre, double rx, double ry, double angle, int samples) {
    std::vector<Point> out;
    for (int i = 0; i < samples; ++i) {
        const double a = 2 * kPi * i / samples;
        out.push_back(centre + rotated({rx * std::cos(a), ry * std::sin(a)}, angle));
    }
    return out;
}

// --- Coverage masks ---------------------------------------------------------------------------

/// Coverage in [0, 1] of a shape over a rectangle of the image.
struct Mask {
    int x0 = 0, y0 = 0, w = 0, h = 0;
    std::vector<float> cover;

    double at(int x, int y) const {
        if (x < x0 || y < y0 || x >= x0 + w || y >= y0 + h) return 0.0;
        return std::min(1.0f, cover[static_cast<std::size_t>(y - y0) * w + (x - x0)]);
    }

    template <class Visit> void forEach(Visit visit) const {
        for (int y = y0; y < y0 + h; ++y)
            for (int x = x0; x < x0 + w; ++x) {
                const double a =
                    std::min(1.0f, cover[static_cast<std::size_t>(y - y0) * w + (x - x0)]);
                if (a > 0.0) visit(x, y, a);
            }
    }
};

Mask emptyMask(double minX, double minY, double maxX, double maxY, const View& v) {
    Mask m;
    m.x0 = std::max(v.colBegin, static_cast<int>(std::floor(minX)));
    m.y0 = std::max(0, static_cast<int>(std::floor(minY)));
    const int x1 = std::min(v.colEnd, static_cast<int>(std::ceil(maxX)) + 1);
    const int y1 = std::min(v.height, static_cast<int>(std::ceil(maxY)) + 1);
    m.w = std::max(0, x1 - m.x0);
    m.h = std::max(0, y1 - m.y0);
    m.cover.assign(static_cast<std::size_t>(m.w) * m.h, 0.0f);
    return m;
}

/// Adds `weight` times the overlap of [xa, xb) with each pixel of a row (xa, xb in [0, w]).
void addSpan(float* row, int w, double xa, double xb, double weight) {
    if (xb <= xa) return;
    const int ia = static_cast<int>(xa), ib = static_cast<int>(xb);
    if (ia == ib) {
        if (ia < w) row[ia] += static_cast<float>((xb - xa) * weight);
        return;
    }
    row[ia] += static_cast<float>((ia + 1 - xa) * weight);
    for (int i = ia + 1; i < ib; ++i)
        row[i] += static_cast<float>(weight);
    if (ib < w) row[ib] += static_cast<float>((xb - ib) * weight);
}

/// Fills a polygon (image pixels, even-odd rule): exact coverage across each row and four
/// sub-rows down it, which anti-aliases every edge of every shape the same way.
Mask fillPolygon(const std::vector<Point>& poly, const View& v) {
    double minX = 1e18, minY = 1e18, maxX = -1e18, maxY = -1e18;
    for (const Point p : poly) {
        minX = std::min(minX, p.x), maxX = std::max(maxX, p.x);
        minY = std::min(minY, p.y), maxY = std::max(maxY, p.y);
    }
    Mask m = emptyMask(minX, minY, maxX, maxY, v);
    constexpr int kSubRows = 4;
    std::vector<double> xs;
    for (int row = 0; row < m.h; ++row) {
        float* line = &m.cover[static_cast<std::size_t>(row) * m.w];
        for (int s = 0; s < kSubRows; ++s) {
            const double sy = m.y0 + row + (s + 0.5) / kSubRows;
            xs.clear();
            for (std::size_t i = 0, n = poly.size(); i < n; ++i) {
                const Point a = poly[i], b = poly[(i + 1) % n];
                if ((a.y <= sy) != (b.y <= sy))
                    xs.push_back(a.x + (sy - a.y) * (b.x - a.x) / (b.y - a.y));
            }
            std::sort(xs.begin(), xs.end());
            for (std::size_t i = 0; i + 1 < xs.size(); i += 2)
                addSpan(line, m.w, std::clamp(xs[i] - m.x0, 0.0, double(m.w)),
                        std::clamp(xs[i + 1] - m.x0, 0.0, double(m.w)), 1.0 / kSubRows);
        }
    }
    return m;
}

/// The leftmost and rightmost crossing of a polygon at each row's centre: the silhouette that
/// the shading of a round body is measured across.
struct RowSpans {
    int y0 = 0;
    std::vector<double> left, right;

    bool get(int y, double& l, double& r) const {
        const int i = y - y0;
        if (i < 0 || i >= static_cast<int>(left.size()) || std::isnan(left[i])) return false;
        l = left[i], r = right[i];
        return true;
    }
};

RowSpans rowSpans(const std::vector<Point>& poly, int height) {
    RowSpans spans;
    spans.y0 = 0;
    spans.left.assign(height, kNaN);
    spans.right.assign(height, kNaN);
    for (int y = 0; y < height; ++y) {
        const double sy = y + 0.5;
        for (std::size_t i = 0, n = poly.size(); i < n; ++i) {
            const Point a = poly[i], b = poly[(i + 1) % n];
            if ((a.y <= sy) == (b.y <= sy)) continue;
            const double x = a.x + (sy - a.y) * (b.x - a.x) / (b.y - a.y);
            if (std::isnan(spans.left[y]) || x < spans.left[y]) spans.left[y] = x;
            if (std::isnan(spans.right[y]) || x > spans.right[y]) spans.right[y] = x;
        }
    }
    return spans;
}

struct Segment {
    Point a, b;
    double halfA = 1.0, halfB = 1.0; ///< half-widths at a and at b, px
};

/// The polyline as segments, with half-width halfAt(s) for s in [0, 1] along its length.
template <class HalfWidth>
std::vector<Segment> polylineSegments(const std::vector<Point>& pts, HalfWidth halfAt) {
    double total = 0.0;
    for (std::size_t i = 1; i < pts.size(); ++i)
        total += norm(pts[i] - pts[i - 1]);
    std::vector<Segment> out;
    double s = 0.0;
    for (std::size_t i = 1; i < pts.size(); ++i) {
        const double len = norm(pts[i] - pts[i - 1]);
        out.push_back({pts[i - 1], pts[i], halfAt(s / total), halfAt((s + len) / total)});
        s += len;
    }
    return out;
}

/// Coverage of round-capped segments of varying width, the edge blurred over `softPx` (at least
/// one pixel, which is plain anti-aliasing).
Mask strokeSegments(const std::vector<Segment>& segs, double softPx, const View& v) {
    double minX = 1e18, minY = 1e18, maxX = -1e18, maxY = -1e18;
    for (const Segment& s : segs) {
        const double pad = std::max(s.halfA, s.halfB) + softPx + 2;
        minX = std::min({minX, s.a.x - pad, s.b.x - pad}),
        maxX = std::max({maxX, s.a.x + pad, s.b.x + pad});
        minY = std::min({minY, s.a.y - pad, s.b.y - pad}),
        maxY = std::max({maxY, s.a.y + pad, s.b.y + pad});
    }
    Mask m = emptyMask(minX, minY, maxX, maxY, v);
    const double fade = std::max(1.0, 2.0 * softPx);
    for (int y = m.y0; y < m.y0 + m.h; ++y)
        for (int x = m.x0; x < m.x0 + m.w; ++x) {
            const Point p{x + 0.5, y + 0.5};
            double d = 1e18;
            for (const Segment& s : segs) {
                const Point ab = s.b - s.a;
                const double len2 = dot(ab, ab);
                const double t = len2 > 0 ? clamp01(dot(p - s.a, ab) / len2) : 0.0;
                d = std::min(d, norm(p - (s.a + t * ab)) - lerp(s.halfA, s.halfB, t));
            }
            const double c = smoothstep(0.0, 1.0, 0.5 - d / fade);
            m.cover[static_cast<std::size_t>(y - m.y0) * m.w + (x - m.x0)] = static_cast<float>(c);
        }
    return m;
}

void paintMask(Canvas& canvas, const Mask& mask, Rgb colour, double alpha) {
    mask.forEach([&](int x, int y, double a) { canvas.blend(x, y, colour, a * alpha); });
}

/// Multiplies the pixels under the mask by `factor`, weighted by coverage times `strength`.
void shadeMask(Canvas& canvas, const Mask& mask, Rgb factor, double strength) {
    mask.forEach([&](int x, int y, double a) {
        canvas.set(x, y, canvas.at(x, y) * mix(kWhite, factor, a * strength));
    });
}

// --- Strands (hairs) --------------------------------------------------------------------------

struct Strand {
    Point root; ///< px
    Point dir;  ///< unit, root to tip
    double lengthPx = 50;
    double bendPx = 0;  ///< sideways bow at the middle, signed
    double widthPx = 2; ///< at the root; the tip tapers to a third of it
    Rgb colour;
    double alpha = 0.9;
};

/// Draws a slightly curved, tapered hair. The bow is measured across the chord, which is
/// accurate for the gentle curvature of hair.
void drawStrand(Canvas& canvas, const Strand& s, const View& v) {
    const Point n{-s.dir.y, s.dir.x};
    const Point tip = s.root + s.lengthPx * s.dir, mid = s.root + (0.5 * s.lengthPx) * s.dir;
    const Point bow = mid + s.bendPx * n;
    const double pad = s.widthPx + 2;
    const int x0 = std::max(v.colBegin,
                            static_cast<int>(std::floor(std::min({s.root.x, tip.x, bow.x}) - pad)));
    const int x1 = std::min(v.colEnd - 1,
                            static_cast<int>(std::ceil(std::max({s.root.x, tip.x, bow.x}) + pad)));
    const int y0 =
        std::max(0, static_cast<int>(std::floor(std::min({s.root.y, tip.y, bow.y}) - pad)));
    const int y1 = std::min(v.height - 1,
                            static_cast<int>(std::ceil(std::max({s.root.y, tip.y, bow.y}) + pad)));
    for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x) {
            const Point p = Point{x + 0.5, y + 0.5} - s.root;
            const double along = dot(p, s.dir);
            if (along < -1.0 || along > s.lengthPx + 1.0) continue;
            const double t = clamp01(along / s.lengthPx);
            const double across = std::abs(dot(p, n) - 4.0 * s.bendPx * t * (1.0 - t));
            const double width = s.widthPx * (1.0 - 0.67 * smoothstep(0.3, 1.0, t));
            const double drawn = std::max(width, 1.0);
            double cover = clamp01(0.5 * drawn + 0.5 - across) * (width / drawn);
            cover *= clamp01(along + 0.5) * clamp01(s.lengthPx - along + 0.5);
            if (cover > 0.0) canvas.blend(x, y, s.colour, s.alpha * cover);
        }
}

// --- Lighting ---------------------------------------------------------------------------------

struct Vec3 {
    double x, y, z;
};

Vec3 normalized(Vec3 v) {
    const double l = std::sqrt(v.x * v.x + v.y * v.y + v.z * v.z);
    return {v.x / l, v.y / l, v.z / l};
}

double dot3(Vec3 a, Vec3 b) {
    return a.x * b.x + a.y * b.y + a.z * b.z;
}

/// Soft light from the upper left, slightly in front of the subject.
const Vec3 kLight = normalized({-0.48, -0.58, 0.66});
const Vec3 kHalfway = normalized({kLight.x, kLight.y, kLight.z + 1.0});

/// The normal of a round body at lateral position u in [-1, 1] across its silhouette, tilted
/// vertically by ny (negative: facing up).
Vec3 bodyNormal(double u, double ny) {
    u = std::clamp(u, -1.0, 1.0);
    ny = std::clamp(ny, -0.98, 0.98);
    const double s = std::sqrt(1.0 - ny * ny);
    return {u * s, ny, std::sqrt(std::max(0.0, 1.0 - u * u)) * s};
}

/// Wrapped diffuse light in [0, 1]: soft, as from a large window or softbox.
double softDiffuse(Vec3 n) {
    return clamp01((dot3(n, kLight) + 0.22) / 1.22);
}

// --- The head (millimetres from the glabella) -------------------------------------------------

constexpr double kSkullTopMm = -153.0;   // the vertex as the front camera sees it
constexpr double kSkullWidestMm = -50.0; // the widest row, between the temples
constexpr double kSkullHalfWidthMm = 78.5;
constexpr double kSkullCapExponent = 2.3; // above 2: a flatter top than an ellipse, as a skull

double craniumHalfWidthMm(double y) {
    const double t = clamp01((kSkullWidestMm - y) / (kSkullWidestMm - kSkullTopMm));
    return kSkullHalfWidthMm *
           std::pow(1.0 - std::pow(t, kSkullCapExponent), 1.0 / kSkullCapExponent);
}

/// The outline of a head: the cranium cap, then `lowerRight` (the right half below the widest
/// row, ending on the axis), mirrored for the left half. Clockwise on screen, from the vertex.
std::vector<Point> headOutlineMm(const std::vector<Point>& lowerRight) {
    std::vector<Point> right;
    constexpr int kCapSamples = 14;
    for (int i = 0; i <= kCapSamples; ++i) {
        const double s = double(i) / kCapSamples;
        const double y =
            kSkullTopMm + (kSkullWidestMm - kSkullTopMm) * (1.0 - std::cos(s * kPi / 2));
        right.push_back({craniumHalfWidthMm(y), y});
    }
    right.insert(right.end(), lowerRight.begin(), lowerRight.end());
    std::vector<Point> loop = right;
    for (std::size_t i = right.size() - 2; i >= 1; --i)
        loop.push_back({-right[i].x, right[i].y});
    return closedSpline(loop, 10);
}

/// The outline pushed out along its normals by inflateMm(y): the volume of short hair.
template <class Inflate>
std::vector<Point> inflatedOutline(const std::vector<Point>& loop, Inflate inflateMm) {
    std::vector<Point> out;
    const std::size_t n = loop.size();
    for (std::size_t i = 0; i < n; ++i) {
        const Point t = loop[(i + 1) % n] - loop[(i + n - 1) % n];
        const Point outward = unit({t.y, -t.x}); // clockwise on screen: the right-hand normal
        out.push_back(loop[i] + inflateMm(loop[i].y) * outward);
    }
    return out;
}

const std::vector<Point> kFaceLowerRight = {{78.1, -35},   {77.3, -18},  {76.4, -2},  {75.4, 12},
                                            {74.3, 26},    {72.6, 40},   {70.2, 55},  {66.6, 70},
                                            {62.4, 84},    {56.4, 98},   {47.5, 110}, {35.5, 119.5},
                                            {21.5, 125.4}, {9.5, 127.6}, {0.0, 128.0}};

/// The back of the head runs on into the neck (the shirt covers its foot).
const std::vector<Point> kBackLowerRight = {
    {78.2, -35}, {77.6, -18}, {77.0, 0},   {76.2, 15},  {74.8, 30},  {72.6, 44},
    {69.5, 57},  {65.5, 68},  {61.0, 78},  {58.0, 90},  {56.8, 108}, {57.5, 128},
    {60.5, 143}, {72.0, 154}, {95.0, 162}, {95.0, 205}, {0.0, 205}};

/// How much each row of the head faces up (negative) or down (positive).
const Profile kFrontTilt{{-153, -0.97}, {-145, -0.88}, {-130, -0.70}, {-110, -0.50}, {-90, -0.36},
                         {-70, -0.27},  {-50, -0.21},  {-30, -0.16},  {-12, -0.15},  {-2, -0.03},
                         {10, 0.06},    {30, 0.02},    {55, 0.0},     {80, 0.02},    {100, 0.03},
                         {112, 0.14},   {120, 0.36},   {126, 0.66},   {130, 0.80}};
const Profile kBackTilt{{-153, -0.97}, {-145, -0.88}, {-130, -0.70}, {-110, -0.50}, {-90, -0.36},
                        {-70, -0.27},  {-50, -0.20},  {-30, -0.14},  {-10, -0.07},  {10, 0.0},
                        {30, 0.07},    {45, 0.17},    {58, 0.32},    {70, 0.26},    {82, 0.10},
                        {95, 0.02},    {150, 0.0}};

/// The ears, right side of the image, in mm; mirrored for the left. From the front the ear is
/// seen nearly edge-on beside the cheek; from the back its rear face shows.
const std::vector<Point> kFrontEarRight = {
    {75.5, -7}, {79.5, -7.5}, {83.0, -5}, {85.3, 0},    {86.2, 8},    {86.0, 18},
    {85.0, 28}, {83.6, 37},   {82.6, 44}, {82.4, 49.5}, {81.0, 53.8}, {78.4, 55.6},
    {75.8, 54}, {74.2, 50},   {73.3, 40}, {73.0, 25},   {73.2, 10},   {74.0, -2}};
const std::vector<Point> kBackEarRight = {{75.5, -5}, {80.5, -4.5}, {84.5, -1.5}, {87.2, 4},
                                          {88.2, 13}, {87.6, 25},   {86.0, 36},   {84.4, 45},
                                          {83.6, 50}, {82.0, 54},   {79.5, 55.6}, {77.2, 54},
                                          {75.6, 49}, {75.0, 38},   {74.6, 20},   {74.8, 5}};

// --- Background, shirt, neck, ears ------------------------------------------------------------

void paintBackground(Canvas& canvas, const View& v, std::uint32_t seed) {
    const Rgb top = srgb(186, 195, 205), bottom = srgb(146, 157, 170);
    const double viewWidth = v.colEnd - v.colBegin;
    for (int y = 0; y < v.height; ++y) {
        const double fy = double(y) / v.height;
        const Rgb row = mix(top, bottom, smoothstep(0.0, 1.0, fy));
        for (int x = v.colBegin; x < v.colEnd; ++x) {
            const double fx = (x - v.colBegin) / viewWidth;
            const Point m = v.mm(x, y);
            double k = 1.0 + 0.10 * blob(fx, fy, 0.28, 0.22, 0.6, 0.7);
            k *= 1.0 + 0.012 * fbm(x, y, 420.0, seed);
            // The head's soft shadow on the wall, down and to the right of it.
            k *= 1.0 - 0.13 * blob(m.x, m.y, 18.0, -25.0, 105.0, 150.0);
            const double cx = fx - 0.5, cy = fy - 0.45;
            k *= 1.0 - 0.16 * (cx * cx + cy * cy);
            canvas.set(x, y, row * k);
        }
    }
}

void paintShirt(Canvas& canvas, const View& v, std::uint32_t seed) {
    // A crew-neck shirt; the back neckline sits a little higher than the front one.
    const double neckDip = v.front ? 159.0 : 151.0;
    const std::vector<Point> neckline = {{-64, 146.5},
                                         {-50, 150.5},
                                         {-28, lerp(150.5, neckDip, 0.8)},
                                         {0, neckDip},
                                         {28, lerp(150.5, neckDip, 0.8)},
                                         {50, 150.5},
                                         {64, 146.5}};
    std::vector<Point> outline = {{-200, 260}, {-200, 190}, {-150, 174}, {-110, 164}, {-82, 155}};
    outline.insert(outline.end(), neckline.begin(), neckline.end());
    for (const Point p :
         {Point{82, 155}, Point{110, 164}, Point{150, 174}, Point{200, 190}, Point{200, 260}})
        outline.push_back(p);
    const Mask shirt = fillPolygon(v.px(openSpline(outline, 8)), v);
    const Rgb cloth = srgb(50, 56, 68);
    shirt.forEach([&](int x, int y, double a) {
        const Point m = v.mm(x, y);
        double k =
            0.9 + 0.35 * blob(m.x, m.y, -120, 160, 70, 25) - 0.25 * smoothstep(160, 200, m.y);
        k *= 1.0 + 0.06 * fbm(x, y, 260.0, seed) + 0.015 * (hashUnit(x, y, seed + 1) - 0.5);
        canvas.blend(x, y, cloth * k, a);
    });
    // The ribbed collar band, a shade lighter.
    const Mask collar = strokeSegments(
        polylineSegments(v.px(openSpline(neckline, 8)), [&](double) { return 0.85 * v.pxPerMm; }),
        0.6, v);
    paintMask(canvas, collar, srgb(62, 69, 82), 0.85);
}

void paintNeck(Canvas& canvas, const View& v, const Rgb& skin) {
    const std::vector<Point> right = {{53.5, 60}, {54.5, 100}, {55.8, 130}, {60.0, 145},
                                      {72, 155},  {95, 162},   {95, 200}};
    std::vector<Point> outline = right;
    for (auto it = right.rbegin(); it != right.rend(); ++it)
        outline.push_back({-it->x, it->y});
    const std::vector<Point> poly = v.px(outline);
    const Mask neck = fillPolygon(poly, v);
    const RowSpans spans = rowSpans(poly, v.height);
    neck.forEach([&](int x, int y, double a) {
        const Point m = v.mm(x, y);
        double l = 0, r = 0;
        spans.get(y, l, r);
        const double u = (x + 0.5 - 0.5 * (l + r)) / (0.5 * (r - l));
        const double light = 0.2 + 0.75 * softDiffuse(bodyNormal(u, 0.05));
        // The jaw and the chin shade the top of the neck.
        const double jawShadow = v.front ? 0.5 + 0.5 * smoothstep(112, 150, m.y)
                                         : 1.0 - 0.1 * blob(m.x, m.y, 0, 125, 5, 30);
        const Rgb tint = mix({1.0, 0.84, 0.78}, kWhite, light);
        canvas.blend(x, y, skin * tint * (light * jawShadow), a);
    });
}

void paintEar(Canvas& canvas, const View& v, double side, const Rgb& skin) {
    const std::vector<Point> outline =
        v.px(closedSpline(mirroredX(v.front ? kFrontEarRight : kBackEarRight, side), 8));
    const Mask ear = fillPolygon(outline, v);
    const RowSpans spans = rowSpans(outline, v.height);
    const Rgb earSkin = skin * Rgb{1.0, 0.86, 0.82}; // ears are redder than the face
    ear.forEach([&](int x, int y, double a) {
        const Point m = v.mm(x, y);
        const double ax = side * m.x;
        double l = 0, r = 0;
        spans.get(y, l, r);
        const double u = (x + 0.5 - 0.5 * (l + r)) / std::max(1.0, 0.5 * (r - l));
        // Rounded across, turned outward from the head (so lit on the light's side).
        const double facing = v.front ? 0.5 : 0.3;
        const Vec3 n = bodyNormal(std::clamp(side * facing + (1.0 - facing) * u, -1.0, 1.0),
                                  lerp(-0.35, 0.25, smoothstep(-6, 54, m.y)));
        double k = 0.22 + 0.88 * softDiffuse(n);
        if (v.front) {
            k *= 1.0 - 0.55 * blob(ax, m.y, 78.2, 22, 2.4, 8.0); // the concha's hollow
            k *= 1.0 + 0.14 * blob(ax, m.y, 80.6, 14, 1.3, 16);  // the antihelix ridge
            k *= 1.0 - 0.3 * smoothstep(78.0, 73.2, ax);         // the cheek's shadow
        } else {
            k *= 1.0 - 0.5 * smoothstep(2.6, 0.0, ax - 75.0);   // where it meets the head
            k *= 1.0 - 0.12 * blob(ax, m.y, 80.5, 20, 3.5, 14); // the hollow behind the concha
        }
        const double lobe = blob(ax, m.y, 79.2, 51, 3.0, 3.5);
        const Rgb tint =
            mix({1.0, 0.84, 0.78}, kWhite, clamp01(k)) * mix(kWhite, {1.0, 0.9, 0.88}, lobe);
        canvas.blend(x, y, earSkin * tint * k, a);
    });
    // The helix: a rolled rim round the top and the outer edge, lit along its outside and with
    // a groove (the scapha) inside it.
    const std::vector<Point> groove =
        v.front ? std::vector<Point>{{76.8, -4.8}, {81.0, -4.6}, {83.3, 0.5}, {83.9, 10},
                                     {83.3, 24},   {81.7, 36},   {80.6, 43}}
                : std::vector<Point>{{77.5, -2.6}, {83.0, -0.8}, {85.8, 5}, {86.4, 15},
                                     {85.4, 28},   {83.4, 40},   {82.0, 47}};
    const Mask grooveMask = strokeSegments(
        polylineSegments(v.px(openSpline(mirroredX(groove, side), 6)),
                         [&](double s) { return v.pxPerMm * (0.2 + 0.5 * std::sin(kPi * s)); }),
        0.45 * v.pxPerMm, v);
    shadeMask(canvas, grooveMask, srgb(140, 96, 86), side < 0 ? 0.5 : 0.6);
    std::vector<Point> rim; // the groove moved out across the rim (its right-hand side)
    for (std::size_t i = 0; i < groove.size(); ++i) {
        const Point t =
            unit(groove[std::min(i + 1, groove.size() - 1)] - groove[i == 0 ? 0 : i - 1]);
        rim.push_back(groove[i] + 1.2 * Point{t.y, -t.x});
    }
    const Mask rimMask = strokeSegments(
        polylineSegments(v.px(openSpline(mirroredX(rim, side), 6)),
                         [&](double s) { return v.pxPerMm * 0.45 * std::sin(kPi * s); }),
        0.5 * v.pxPerMm, v);
    shadeMask(canvas, rimMask, {1.3, 1.24, 1.18}, side < 0 ? 0.5 : 0.25);
}

// --- The face ---------------------------------------------------------------------------------

/// Half-width of the nose in mm at height y.
const Profile kNoseHalfWidth{{0, 7.5},   {10, 6.0},  {25, 6.4},  {40, 8.4},
                             {50, 11.0}, {57, 15.0}, {62, 16.8}, {66, 13.0}};

/// Light multiplier from the relief of the face: sockets, nose, lips, chin. x, y in mm.
double faceRelief(double x, double y) {
    const double ax = std::abs(x);
    double k = 1.0;
    k *= 1.0 - 0.30 * blob(ax, y, 31, 12, 16, 9.5); // eye sockets
    k *= 1.0 - 0.22 * blob(ax, y, 16, 10, 5, 6);    // beside the bridge
    k *= 1.0 + 0.07 * blob(ax, y, 21, -13, 17, 5);  // brow ridge
    k *= 1.0 - 0.09 * blob(ax, y, 68, -28, 9, 22);  // temple hollows
    k *= 1.0 + 0.07 * blob(x, y, -47, 33, 13, 9);   // lit cheekbone
    if (y > 2 && y < 72) {
        const double nw = kNoseHalfWidth(y);
        const double rel = x / nw;
        const double along = smoothstep(6, 16, y) * (1.0 - smoothstep(63, 69, y));
        k *= 1.0 - 0.30 * along * smoothstep(0.05, 0.65, rel) * (1.0 - smoothstep(1.0, 1.7, rel));
        k *= 1.0 -
             0.12 * along * smoothstep(-0.55, -0.95, rel) * (1.0 - smoothstep(-1.05, -1.5, rel));
        k *= 1.0 + 0.10 * blob(x, y, -1.5, 36, 2.2, 24); // lit bridge
    }
    k *= 1.0 + 0.11 * blob(x, y, -2, 56.5, 4.5, 3.8);    // nose tip
    k *= 1.0 - 0.18 * blob(x, y, 18, 62, 4, 4.5);        // the nose's cast shadow
    k *= 1.0 - 0.35 * blob(x, y, 1.5, 68.5, 11, 2.4);    // under the nose
    k *= 1.0 - 0.16 * blob(x, y, 0.8, 65.4, 3.2, 1.3);   // the columella's foot
    k *= 1.0 - 0.06 * blob(x, y, 0, 77, 2.6, 6);         // philtrum
    k *= 1.0 - 0.22 * blob(ax, y, 25.5, 90.5, 2.6, 2.2); // mouth corners
    k *= 1.0 - 0.26 * blob(x, y, 1, 101.5, 15, 2.6);     // under the lower lip
    k *= 1.0 + 0.07 * blob(x, y, -5, 114, 12, 7);        // chin
    return k;
}

/// How much warmer (redder) the skin is: cheeks, nose, eyelids, chin. 0..1.
double faceRedness(double x, double y) {
    const double ax = std::abs(x);
    return 0.35 * blob(ax, y, 45, 40, 16, 12) + 0.35 * blob(x, y, 0, 57, 10, 7) +
           0.18 * blob(ax, y, 31, 6, 14, 4) + 0.12 * blob(x, y, 0, 112, 16, 10) +
           0.08 * blob(x, y, 0, -40, 60, 20);
}

/// Clean-shaven men keep a faint grey-blue shadow where the beard grows.
double beardShadow(double x, double y) {
    const double ax = std::abs(x);
    const double line = 36 + 0.55 * std::max(0.0, 62 - ax);
    double b = smoothstep(0, 20, y - line);
    b = std::max(b, smoothstep(68, 74, y) * (1.0 - smoothstep(24, 30, ax)) *
                        (1.0 - smoothstep(83, 85, y)));
    return b;
}

void paintHeadSkin(Canvas& canvas, const View& v, const Mask& head, const RowSpans& spans,
                   const Rgb& skin, std::uint32_t seed) {
    const Profile& tilt = v.front ? kFrontTilt : kBackTilt;
    const Rgb scalp = srgb(230, 192, 170);
    head.forEach([&](int x, int y, double a) {
        const Point m = v.mm(x, y);
        double l = 0, r = 0;
        if (!spans.get(y, l, r)) return;
        double u = (x + 0.5 - 0.5 * (l + r)) / (0.5 * (r - l));
        // A face is flatter across its front than an ellipsoid; the skull is not.
        if (v.front) {
            const double e = lerp(1.0, 1.7, smoothstep(-80, -30, m.y));
            u = std::copysign(std::pow(std::min(1.0, std::abs(u)), e), u);
        }
        const Vec3 n = bodyNormal(u, tilt(m.y));
        const double scalpness = smoothstep(-70, -105, m.y);
        Rgb albedo = mix(skin, scalp, scalpness);
        double relief = 1.0, red = 0.0, beard = 0.0;
        if (v.front) {
            relief = faceRelief(m.x, m.y);
            red = faceRedness(m.x, m.y);
            beard = beardShadow(m.x, m.y);
        }
        albedo = albedo * mix(kWhite, {1.0, 0.80, 0.76}, clamp01(red));
        albedo = albedo * mix(kWhite, {0.88, 0.9, 0.95}, 0.45 * beard);
        albedo = albedo * (1.0 + 0.03 * noise(x, y, 9.0 * v.pxPerMm, seed) +
                           0.015 * noise(x, y, 2.2 * v.pxPerMm, seed + 1) +
                           0.018 * (hashUnit(x, y, seed + 2) - 0.5));
        const double diffuse = softDiffuse(n);
        const double light = (0.2 + 0.9 * diffuse) * relief;
        const Rgb warmShadow = mix({1.0, 0.82, 0.74}, kWhite, diffuse);
        Rgb colour = albedo * warmShadow * light;
        // A soft sheen, strongest on the bald scalp.
        const double spec = std::pow(std::max(0.0, dot3(n, kHalfway)), 24.0);
        colour = colour + Rgb{1.0, 0.97, 0.94} * (spec * lerp(0.05, 0.11, scalpness));
        canvas.blend(x, y, colour, a);
    });
}

void paintEye(Canvas& canvas, const View& v, double side, double eyeY) {
    const double ex = 31.5; // centre of the eye, mm from the axis
    const std::vector<Point> upper = {{16.5, eyeY + 1.0}, {19.5, eyeY - 2.2}, {24, eyeY - 4.4},
                                      {30, eyeY - 5.5},   {36, eyeY - 5.2},   {41.5, eyeY - 3.6},
                                      {46.5, eyeY - 0.6}};
    const std::vector<Point> lower = {{46.5, eyeY - 0.6}, {42.5, eyeY + 2.2}, {37, eyeY + 3.7},
                                      {31, eyeY + 4.2},   {25, eyeY + 3.9},   {20, eyeY + 2.8},
                                      {16.5, eyeY + 1.0}};
    std::vector<Point> opening = upper;
    opening.insert(opening.end(), lower.begin() + 1, lower.end() - 1);
    const Mask eye = fillPolygon(v.px(closedSpline(mirroredX(opening, side), 8)), v);
    const Point iris{side * ex, eyeY + 0.3};
    const double irisR = 5.6, pupilR = 2.1;
    const double lit = side < 0 ? 1.0 : 0.86;
    const Rgb sclera = srgb(224, 216, 210), irisOuter = srgb(70, 52, 38),
              irisInner = srgb(128, 98, 62);
    eye.forEach([&](int x, int y, double a) {
        const Point m = v.mm(x, y);
        const double ax = side * m.x;
        // The eyeball is round: darker toward the corners and under the upper lid.
        double k = lit * (0.55 + 0.45 * (1.0 - smoothstep(3.0, 15.0, std::abs(ax - ex))));
        k *= 1.0 - 0.5 * smoothstep(eyeY - 1.5, eyeY - 5.2, m.y);
        Rgb c = sclera * Rgb{1.0, 0.97, 0.96};
        const double r = norm(m - iris);
        const double irisCover = clamp01((irisR - r) * v.pxPerMm + 0.5);
        if (irisCover > 0) {
            const double angle = std::atan2(m.y - iris.y, m.x - iris.x);
            const double streaks = 1.0 + 0.22 * noise(angle * 30.0, r * 2.0, 1.0, 901);
            Rgb ic = mix(irisInner, irisOuter, smoothstep(2.2, 5.4, r)) * streaks;
            ic = mix(ic, srgb(16, 13, 13), clamp01((pupilR - r) * v.pxPerMm + 0.5));
            c = mix(c, ic, irisCover);
        }
        Rgb out = c * k;
        const double glint =
            clamp01((0.75 - norm(m - (iris + Point{-1.7, -1.8}))) * v.pxPerMm + 0.5);
        out = mix(out, srgb(250, 250, 248), 0.9 * glint);
        canvas.blend(x, y, out, a);
    });
    // The caruncle at the inner corner.
    paintMask(canvas, fillPolygon(v.px(ellipse({side * 18.0, eyeY + 0.6}, 1.3, 1.0, 0.0, 24)), v),
              srgb(196, 128, 122), 0.8);
    // The upper lid margin with its lashes, the lower lid, the lid crease.
    const Mask lidLine = strokeSegments(
        polylineSegments(v.px(openSpline(mirroredX(upper, side), 8)),
                         [&](double s) {
                             return v.pxPerMm *
                                    (0.3 + 0.45 * std::sin(kPi * std::min(1.0, s * 1.15)));
                         }),
        0.35 * v.pxPerMm, v);
    paintMask(canvas, lidLine, srgb(46, 32, 28), 0.92);
    const Mask lowerLid = strokeSegments(
        polylineSegments(v.px(openSpline(mirroredX(lower, side), 8)),
                         [&](double s) { return v.pxPerMm * (0.12 + 0.22 * std::sin(kPi * s)); }),
        0.4 * v.pxPerMm, v);
    paintMask(canvas, lowerLid, srgb(120, 78, 66), 0.55);
    const std::vector<Point> crease = {{18.5, eyeY - 4.6}, {24, eyeY - 8.0}, {31, eyeY - 9.3},
                                       {38, eyeY - 8.8},   {44, eyeY - 6.4}, {48, eyeY - 2.8}};
    const Mask creaseMask = strokeSegments(
        polylineSegments(v.px(openSpline(mirroredX(crease, side), 8)),
                         [&](double s) { return v.pxPerMm * 0.5 * std::sin(kPi * s); }),
        0.8 * v.pxPerMm, v);
    shadeMask(canvas, creaseMask, srgb(150, 108, 96), 0.55);
    const Mask underEye = strokeSegments(
        polylineSegments(
            v.px(openSpline(
                mirroredX(std::vector<Point>{{21, eyeY + 5.5}, {30, eyeY + 7.4}, {40, eyeY + 6.2}},
                          side),
                8)),
            [&](double s) { return v.pxPerMm * 0.6 * std::sin(kPi * s); }),
        1.2 * v.pxPerMm, v);
    shadeMask(canvas, underEye, srgb(170, 130, 122), 0.25);
    // Lashes: short dark curves out of the upper lid, curling up and outward.
    const std::vector<Point> lid = v.px(openSpline(mirroredX(upper, side), 10));
    Draws draws(side < 0 ? 31 : 37);
    for (int i = 0; i < 70; ++i) {
        const double s = draws.range(0.12, 0.98);
        const Point root = lid[static_cast<std::size_t>(s * (lid.size() - 1))];
        const double outward = lerp(-0.15, 0.9, s);
        Strand st;
        st.root = root;
        st.dir = unit({side * outward, -1.0});
        st.lengthPx = v.pxPerMm * draws.range(1.6, 3.0) * (0.6 + 0.4 * std::sin(kPi * s));
        st.bendPx = side * draws.range(0.5, 1.5) * v.pxPerMm * 0.3;
        st.widthPx = 1.5;
        st.colour = srgb(34, 24, 20);
        st.alpha = 0.85;
        drawStrand(canvas, st, v);
    }
}

void paintEyebrow(Canvas& canvas, const View& v, double side, std::uint32_t seed) {
    const std::vector<Point> centre =
        mirroredX({{5.5, -1.2}, {12, -4.8}, {20, -7.1}, {28, -7.0}, {35, -4.8}, {41, -1.0}}, side);
    const std::vector<Point> line = openSpline(centre, 12);
    const Profile halfThickness{{0.0, 4.0}, {0.25, 3.6}, {0.55, 3.0}, {0.8, 2.1}, {1.0, 0.9}};
    // A faint tone under the hairs, so the brow reads as one shape at a distance.
    const Mask tone = strokeSegments(
        polylineSegments(v.px(line), [&](double s) { return v.pxPerMm * 0.8 * halfThickness(s); }),
        1.2 * v.pxPerMm, v);
    shadeMask(canvas, tone, srgb(150, 118, 100), 0.45);
    Draws draws(seed);
    const std::size_t last = line.size() - 1;
    for (int i = 0; i < 650; ++i) {
        const double s = std::pow(draws.unit(), 0.9);
        const std::size_t at = std::min(last - 1, static_cast<std::size_t>(s * last));
        const Point p = line[at];
        const Point tangent = unit(line[at + 1] - line[at]); // outward, away from the axis
        const Point normal{tangent.y, -tangent.x};
        const Point up = side > 0 ? normal : Point{-normal.x, -normal.y}; // toward the forehead
        const double offset = (draws.unit() + draws.unit() - 1.0) * halfThickness(s);
        const Point rootMm = p + offset * up;
        // Inner hairs stand up; the rest lie outward, those on the edges angled into the body.
        const double rise =
            lerp(2.4, 0.25, smoothstep(0.0, 0.3, s)) - 0.35 * offset / halfThickness(s);
        Strand st;
        st.root = v.px(rootMm);
        st.dir =
            unit(tangent + rise * up + Point{draws.range(-0.15, 0.15), draws.range(-0.15, 0.15)});
        st.lengthPx = v.pxPerMm * draws.range(3.5, 6.0) * lerp(0.85, 1.0, smoothstep(0.0, 0.4, s)) *
                      (1.0 - 0.35 * s);
        st.bendPx = draws.range(-0.2, 0.6) * v.pxPerMm * (side > 0 ? -1.0 : 1.0) * 0.5;
        st.widthPx = draws.range(1.7, 2.4);
        st.colour = srgb(58, 43, 34) * draws.range(0.75, 1.25);
        st.alpha = 0.75;
        drawStrand(canvas, st, v);
    }
}

void paintNose(Canvas& canvas, const View& v) {
    for (const double side : {-1.0, 1.0}) {
        // Nostrils, tilted up at their outer end.
        const Mask nostril = strokeSegments(
            {{v.px(side * 5.6, 64.0), v.px(side * 9.2, 63.0), 1.1 * v.pxPerMm, 1.5 * v.pxPerMm}},
            0.45 * v.pxPerMm, v);
        shadeMask(canvas, nostril, srgb(96, 60, 54), side < 0 ? 0.75 : 0.85);
        // The crease round each wing of the nose.
        const std::vector<Point> crease =
            mirroredX({{10.0, 54.5}, {14.6, 56.0}, {17.0, 59.8}, {16.4, 63.4}, {12.6, 65.6}}, side);
        const Mask creaseMask = strokeSegments(
            polylineSegments(v.px(openSpline(crease, 8)),
                             [&](double s) { return v.pxPerMm * 0.55 * std::sin(kPi * s); }),
            0.7 * v.pxPerMm, v);
        shadeMask(canvas, creaseMask, srgb(140, 92, 80), side < 0 ? 0.45 : 0.65);
        // The folds from the nose to the mouth corners, faint.
        const std::vector<Point> fold =
            mirroredX({{17.0, 64}, {21.0, 72}, {24.5, 81}, {27.0, 89}}, side);
        const Mask foldMask = strokeSegments(
            polylineSegments(v.px(openSpline(fold, 8)),
                             [&](double s) { return v.pxPerMm * 0.9 * std::sin(kPi * s); }),
            1.6 * v.pxPerMm, v);
        shadeMask(canvas, foldMask, srgb(170, 124, 110), side < 0 ? 0.12 : 0.2);
    }
}

void paintMouth(Canvas& canvas, const View& v) {
    const std::vector<Point> upperRight = {{3.6, 84.0},  {10, 85.4}, {18, 87.6},
                                           {24.8, 90.0}, {18, 90.3}, {10, 90.7}};
    const std::vector<Point> lowerRight = {{24.8, 90.0}, {19, 93.6}, {10, 96.8}};
    std::vector<Point> upper = {{0, 85.0}};
    upper.insert(upper.end(), upperRight.begin(), upperRight.end());
    upper.push_back({0, 91.1});
    for (auto it = upperRight.rbegin(); it != upperRight.rend(); ++it)
        upper.push_back({-it->x, it->y});
    std::vector<Point> lower = {{0, 91.1}, {10, 90.7}, {18, 90.3}};
    lower.insert(lower.end(), lowerRight.begin(), lowerRight.end());
    lower.push_back({0, 97.6});
    for (auto it = lowerRight.rbegin(); it != lowerRight.rend(); ++it)
        lower.push_back({-it->x, it->y});
    lower.push_back({-18, 90.3});
    lower.push_back({-10, 90.7});
    const Rgb lip = srgb(182, 112, 102);
    const auto paintLip = [&](const std::vector<Point>& shape, bool isUpper) {
        const Mask mask = fillPolygon(v.px(closedSpline(shape, 8)), v);
        mask.forEach([&](int x, int y, double a) {
            const Point m = v.mm(x, y);
            double k = (isUpper ? lerp(0.56, 0.7, smoothstep(84, 90, m.y)) : 0.86) *
                       (1.0 - 0.22 * smoothstep(2, 24, m.x));
            if (!isUpper)
                k *= 1.0 + 0.22 * blob(m.x, m.y, -4, 93.6, 7, 1.6) -
                     0.18 * smoothstep(95.5, 97.6, m.y);
            k *= 1.0 - 0.25 * smoothstep(18, 25, std::abs(m.x));
            canvas.blend(x, y, lip * k, a * 0.92);
        });
    };
    paintLip(upper, true);
    paintLip(lower, false);
    const std::vector<Point> line = {{-25.2, 90.0}, {-18, 90.4}, {-10, 90.85}, {0, 91.15},
                                     {10, 90.85},   {18, 90.4},  {25.2, 90.0}};
    const Mask mouthLine = strokeSegments(
        polylineSegments(v.px(openSpline(line, 8)),
                         [&](double s) { return v.pxPerMm * (0.22 + 0.2 * std::sin(kPi * s)); }),
        0.35 * v.pxPerMm, v);
    paintMask(canvas, mouthLine, srgb(92, 52, 48), 0.85);
}

// --- Hair -------------------------------------------------------------------------------------

/// What the hair of one view needs to know at a point (x, y in mm; inward: mm in from the
/// skull's silhouette along the row, negative outside it).
struct HairModel {
    std::function<double(Point, double)> density;  ///< terminal hair, 0..1 of full density
    std::function<double(Point)> vellusDensity;    ///< fine, pale hairs on bald skin
    std::function<Point(Point, double)> direction; ///< image space, unit
    std::function<double(Point)> foreshortening;   ///< 0..1: how much of a hair's length shows
};

double inwardMm(const View& v, const RowSpans& skull, int x, int y) {
    double l = 0, r = 0;
    if (!skull.get(y, l, r)) return -1e9;
    return std::min(x + 0.5 - l, r - x - 0.5) / v.pxPerMm;
}

double rowU(const RowSpans& skull, int x, int y) {
    double l = 0, r = 0;
    if (!skull.get(y, l, r)) return 0.0;
    return std::clamp((x + 0.5 - 0.5 * (l + r)) / (0.5 * (r - l)), -1.0, 1.0);
}

const Rgb kHairDark = srgb(44, 31, 24);
const Rgb kHairMid = srgb(64, 45, 34);
const Rgb kHairLight = srgb(112, 84, 62);

/// The hair's own tone under the strands: dense hair hides the scalp, thin hair lets it show.
void paintHairBase(Canvas& canvas, const View& v, const Mask& volume, const RowSpans& skull,
                   const HairModel& hair, std::uint32_t seed) {
    const Profile& tilt = v.front ? kFrontTilt : kBackTilt;
    volume.forEach([&](int x, int y, double a) {
        const Point m = v.mm(x, y);
        const double inward = inwardMm(v, skull, x, y);
        const double d = hair.density(m, inward);
        if (d <= 0.0) return;
        double alpha = 0.92 * std::pow(smoothstep(0.12, 1.0, d), 1.25);
        alpha *= smoothstep(-2.6, 0.5, inward); // thinning out to the fuzzy rim of the volume
        const double light = 0.35 + 0.85 * softDiffuse(bodyNormal(rowU(skull, x, y), tilt(m.y)));
        const double grain =
            1.0 + 0.12 * noise(x, y, 14.0, seed) + 0.08 * (hashUnit(x, y, seed + 5) - 0.5);
        canvas.blend(x, y, kHairDark * (light * grain), a * alpha);
    });
}

/// Grows strands at jittered grid points, drawn from the bottom of the view up so that a hair
/// lies over the roots of the hairs it points at (for the downward flow that most hair has).
/// Returns the vellus strands, which the caller draws after checking the planned hairline.
std::vector<Strand> growHair(Canvas& canvas, const View& v, const Mask& head, const RowSpans& skull,
                             const HairModel& hair, std::uint32_t seed) {
    const Profile& tilt = v.front ? kFrontTilt : kBackTilt;
    const double cellPx = 0.62 * v.pxPerMm; // ~2.6 roots per mm² at full density
    const int cols = static_cast<int>(head.w / cellPx) + 1,
              rows = static_cast<int>(head.h / cellPx) + 1;
    std::vector<Strand> vellus;
    for (int j = rows - 1; j >= 0; --j)
        for (int i = 0; i < cols; ++i) {
            Draws draws((std::uint64_t(seed) << 40) ^ (std::uint64_t(j) << 20) ^ std::uint64_t(i));
            const Point root{head.x0 + (i + draws.unit()) * cellPx,
                             head.y0 + (j + draws.unit()) * cellPx};
            const int px = static_cast<int>(root.x), py = static_cast<int>(root.y);
            if (head.at(px, py) < 0.5) continue;
            const Point m = v.mm(px, py);
            const double inward = inwardMm(v, skull, px, py);
            const double d = hair.density(m, inward);
            const double pick = draws.unit();
            const double light =
                0.45 + 0.8 * softDiffuse(bodyNormal(rowU(skull, px, py), tilt(m.y)));
            Strand s;
            s.root = root;
            const double jitter = draws.range(-0.22, 0.22);
            s.dir = rotated(hair.direction(m, inward), jitter);
            // Neighbouring hairs bow the same way, as combed hair does.
            const double bow =
                0.5 * noise(root.x, root.y, 30.0 * v.pxPerMm, seed + 3) + draws.range(-0.5, 0.5);
            if (pick < d) {
                const double thin = smoothstep(0.25, 0.9, d); // miniaturised where it thins
                s.lengthPx = v.pxPerMm * draws.range(4.2, 6.8) * hair.foreshortening(m) *
                             lerp(0.8, 1.0, thin);
                s.bendPx = bow * 0.14 * s.lengthPx;
                s.widthPx = lerp(1.5, 2.5, thin) * draws.range(0.85, 1.1);
                const double tone = draws.unit();
                s.colour = (tone < 0.09  ? kHairLight
                            : tone < 0.5 ? kHairMid
                                         : kHairDark) *
                           (light * draws.range(0.8, 1.2));
                s.alpha = lerp(0.7, 0.92, thin);
                drawStrand(canvas, s, v);
            } else if (pick < d + hair.vellusDensity(m)) {
                s.lengthPx = v.pxPerMm * draws.range(1.4, 2.8) * hair.foreshortening(m);
                s.bendPx = bow * 0.2 * s.lengthPx;
                s.widthPx = draws.range(1.0, 1.3);
                s.colour = srgb(150, 118, 92) * light;
                s.alpha = draws.range(0.3, 0.5);
                vellus.push_back(s);
            }
        }
    return vellus;
}

/// The front view's Norwood IV: a thinning band over the top, whose front edge (the native
/// hairline) sits `nativeMidMm` from the glabella on the axis and recedes deeply at the temples;
/// dense short hair on the sides down to the sideburns.
HairModel frontHair(double nativeMidMm, std::uint32_t seed) {
    // The native hairline (y, mm) by distance from the axis, relative to its middle.
    static const Profile kNativeLine{{0, 0.0},    {12, -1.5},  {24, -4.5},  {36, -10.0},
                                     {46, -15.5}, {54, -17.0}, {60, -11.0}, {66, -1.0},
                                     {72, 15.0},  {77, 32.0},  {82, 50.0}};
    // How far the side hair reaches in from the silhouette (mm) by height: pinched at the
    // receded temples, widest above the ears, tapering down the sideburns.
    static const Profile kSideDepth{{-110, 16.0}, {-95, 10.0}, {-85, 6.0}, {-76, 3.4}, {-70, 2.0},
                                    {-64, 1.2},   {-58, 2.0},  {-50, 3.8}, {-40, 5.4}, {-28, 6.4},
                                    {-15, 6.8},   {-5, 6.6},   {3, 5.6},   {12, 4.6},  {20, 3.8},
                                    {26, 2.6},    {30, 0.5},   {34, -3.0}};
    static const Profile kTopDensity{
        {-153, 0.50}, {-140, 0.60}, {-125, 0.56}, {-112, 0.46}, {-90, 0.42}};
    HairModel h;
    h.density = [=](Point m, double inward) {
        const double line = nativeMidMm + kNativeLine(std::abs(m.x));
        const double edgeNoise =
            3.0 * fbm(m.x, m.y, 8.0, seed) + 1.0 * noise(m.x, m.y, 2.0, seed + 7);
        const double top = smoothstep(-3.5, 3.5, line - m.y + edgeNoise) * kTopDensity(m.y) *
                           (1.0 + 0.22 * fbm(m.x, m.y, 14.0, seed + 1));
        const double sideEdge =
            kSideDepth(m.y) - inward +
            std::min(1.0, 0.25 * kSideDepth(m.y)) *
                (1.4 * fbm(m.x, m.y, 6.0, seed + 2) + 0.6 * noise(m.x, m.y, 1.6, seed + 8));
        const double side =
            smoothstep(-1.5, 1.5, sideEdge) * lerp(0.95, 0.8, smoothstep(0, 20, m.y));
        return clamp01(std::max(top, side));
    };
    h.vellusDensity = [=](Point m) {
        return 0.02 * smoothstep(-62, -85, m.y) * clamp01(0.6 + noise(m.x, m.y, 12.0, seed + 9));
    };
    h.direction = [](Point m, double inward) {
        // Forward over the top (down, fanning out); down the sides, lifting off at the rim.
        // Above the ears the hair lies flat and runs straight down into the sideburns.
        const double flat = smoothstep(-40, -5, m.y);
        const double lift =
            std::copysign(0.3 * (1.0 - smoothstep(0.0, 6.0, inward)), m.x) * (1.0 - flat);
        const double fan = lerp(0.55 * m.x / kSkullHalfWidthMm, std::copysign(-0.08, m.x), flat);
        return unit({fan + lift, 1.0});
    };
    h.foreshortening = [](Point m) { return 0.45 + 0.55 * smoothstep(-153, -122, m.y); };
    return h;
}

/// The back view: the dense occipital horseshoe, a thin crown round `crownMm`, thinning
/// toward the top; flow spirals out of the crown whorl and turns down the back.
HairModel backHair(Point crownMm, std::uint32_t seed) {
    static const Profile kNape{{0, 100.0}, {10, 99.0}, {22, 100.5}, {34, 102.0},
                               {44, 99.0}, {51, 91.0}, {55, 84.0},  {60, 72.0},
                               {66, 56.0}, {72, 36.0}, {77, 16.0},  {82, 0.0}};
    static const Profile kByHeight{{-153, 0.30}, {-135, 0.36}, {-115, 0.48}, {-90, 0.62},
                                   {-60, 0.78},  {-40, 0.95},  {-30, 1.0}};
    HairModel h;
    h.density = [=](Point m, double) {
        const double nape = smoothstep(-2.0, 2.5,
                                       kNape(std::abs(m.x)) - m.y + 2.2 * fbm(m.x, m.y, 6.0, seed) +
                                           0.8 * noise(m.x, m.y, 1.8, seed + 7));
        const double dx = (m.x - crownMm.x) / 44.0, dy = (m.y - crownMm.y) / 31.0;
        const double crown = 1.0 - 0.7 * std::exp(-1.1 * (dx * dx + dy * dy));
        return clamp01(nape * kByHeight(m.y) * crown *
                       (1.0 + 0.14 * fbm(m.x, m.y, 16.0, seed + 1)));
    };
    h.vellusDensity = [=](Point m) {
        const double dx = (m.x - crownMm.x) / 40.0, dy = (m.y - crownMm.y) / 28.0;
        return 0.08 * std::exp(-(dx * dx + dy * dy));
    };
    h.direction = [=](Point m, double) {
        const Point fromWhorl = m - crownMm;
        const Point spiral = rotated(unit(fromWhorl), 0.55);
        const Point down = unit({0.35 * m.x / kSkullHalfWidthMm, 1.0});
        const double toDown = smoothstep(-10.0, 50.0, fromWhorl.y);
        return unit(lerp(1.0, 0.0, toDown) * spiral + toDown * down);
    };
    h.foreshortening = [](Point m) { return 0.5 + 0.5 * smoothstep(-153, -118, m.y); };
    return h;
}

// --- The ruler --------------------------------------------------------------------------------

/// The seven segments of a digit in a 1 x 2 box (x right, y down): a b c d e f g.
const std::vector<std::pair<Point, Point>> kSegments = {
    {{0, 0}, {1, 0}}, {{1, 0}, {1, 1}}, {{1, 1}, {1, 2}}, {{0, 2}, {1, 2}},
    {{0, 1}, {0, 2}}, {{0, 0}, {0, 1}}, {{0, 1}, {1, 1}}};
const int kDigitSegments[10] = {0b0111111, 0b0000110, 0b1011011, 0b1001111, 0b1100110,
                                0b1101101, 0b1111101, 0b0000111, 0b1111111, 0b1101111};

/// A plastic ruler whose 0 mark is at p1 and whose `mm` mark is at p2, ticks hanging from its
/// top edge (the calibration points sit just inside the ruler on the tick marks).
void paintRuler(Canvas& canvas, const View& v, Point p1, Point p2, double mm) {
    const Point axis = unit(p2 - p1), down{-axis.y, axis.x};
    const double pxPerMm = norm(p2 - p1) / mm;
    const double edgeMm = -0.6; // the top edge, mm above the calibration points
    const double startMm = -7.0, endMm = mm + 7.0, heightMm = 24.0;
    const auto local = [&](int x, int y) {
        const Point d = Point{x + 0.5, y + 0.5} - p1;
        return Point{dot(d, axis) / pxPerMm, dot(d, down) / pxPerMm};
    };
    const auto roundBox = [](Point p, Point lo, Point hi, double radius) {
        const Point c = 0.5 * (lo + hi), half = 0.5 * (hi - lo);
        const double qx = std::abs(p.x - c.x) - half.x + radius,
                     qy = std::abs(p.y - c.y) - half.y + radius;
        return std::min(std::max(qx, qy), 0.0) + norm({std::max(qx, 0.0), std::max(qy, 0.0)}) -
               radius;
    };
    const Point lo{startMm, edgeMm}, hi{endMm, edgeMm + heightMm};
    const Point corners[4] = {
        p1 + (startMm * pxPerMm) * axis + (edgeMm * pxPerMm) * down,
        p1 + (endMm * pxPerMm) * axis + (edgeMm * pxPerMm) * down,
        p1 + (startMm * pxPerMm) * axis + ((edgeMm + heightMm + 4) * pxPerMm) * down,
        p1 + (endMm * pxPerMm) * axis + ((edgeMm + heightMm + 4) * pxPerMm) * down};
    double minX = 1e18, minY = 1e18, maxX = -1e18, maxY = -1e18;
    for (const Point c : corners) {
        minX = std::min(minX, c.x - 60), maxX = std::max(maxX, c.x + 60);
        minY = std::min(minY, c.y - 60), maxY = std::max(maxY, c.y + 60);
    }
    const Mask area = emptyMask(minX, minY, maxX, maxY, v);
    const Rgb plastic = srgb(238, 238, 230), ink = srgb(28, 28, 34);
    for (int y = area.y0; y < area.y0 + area.h; ++y)
        for (int x = area.x0; x < area.x0 + area.w; ++x) {
            const Point p = local(x, y);
            // Its soft shadow, then the body, its bevelled edge, and the tick marks.
            const double shadowD = roundBox(p - Point{0.7, 1.4}, lo, hi, 1.5);
            canvas.set(x, y,
                       canvas.at(x, y) * (1.0 - 0.45 * (1.0 - smoothstep(-1.0, 2.0, shadowD))));
            const double d = roundBox(p, lo, hi, 1.5);
            const double body = clamp01(0.5 - d * pxPerMm);
            if (body <= 0.0) continue;
            double k = 1.0 - 0.06 * (p.y - edgeMm) / heightMm;
            k *= 1.0 - 0.18 * smoothstep(-0.6, 0.0, d);
            canvas.blend(x, y, plastic * k, 0.93 * body);
            const int tick = static_cast<int>(std::lround(p.x));
            if (tick < 0 || tick > static_cast<int>(mm)) continue;
            const double lenMm = tick % 10 == 0 ? 7.5 : tick % 5 == 0 ? 5.2 : 3.4;
            const double halfW = (tick % 10 == 0 ? 0.15 : 0.12) * pxPerMm;
            const double across = std::abs(p.x - tick) * pxPerMm;
            const double alongEnd = (edgeMm + 0.3 + lenMm - p.y) * pxPerMm;
            const double cover = clamp01(halfW + 0.5 - across) * clamp01(alongEnd + 0.5) *
                                 clamp01((p.y - edgeMm - 0.3) * pxPerMm + 0.5);
            canvas.blend(x, y, ink, 0.9 * cover * body);
        }
    // The centimetre numbers in stroke digits, centred under their long ticks.
    const double digitH = 4.6, digitW = 2.5, gap = 1.1;
    for (int cm = 0; cm * 10 <= static_cast<int>(mm); ++cm) {
        const std::vector<int> digits =
            cm < 10 ? std::vector<int>{cm} : std::vector<int>{cm / 10, cm % 10};
        const double total = digits.size() * digitW + (digits.size() - 1) * gap;
        std::vector<Segment> segs;
        for (std::size_t i = 0; i < digits.size(); ++i) {
            const Point origin{cm * 10.0 - 0.5 * total + i * (digitW + gap), edgeMm + 9.6};
            for (int s = 0; s < 7; ++s) {
                if (!(kDigitSegments[digits[i]] & (1 << s))) continue;
                const auto [a, b] = kSegments[static_cast<std::size_t>(s)];
                const auto toPx = [&](Point q) {
                    const Point mmPt = origin + Point{q.x * digitW, q.y * 0.5 * digitH};
                    return p1 + (mmPt.x * pxPerMm) * axis + (mmPt.y * pxPerMm) * down;
                };
                segs.push_back({toPx(a), toPx(b), 0.24 * pxPerMm, 0.24 * pxPerMm});
            }
        }
        paintMask(canvas, strokeSegments(segs, 0.0, v), ink, 0.88);
    }
}

// --- Output -----------------------------------------------------------------------------------

/// sRGB bytes with a fine, even film grain (which also hides banding in the soft gradients).
std::vector<unsigned char> toSrgbBytes(const Canvas& canvas, std::uint32_t seed) {
    std::vector<float> lut(4097);
    for (int i = 0; i <= 4096; ++i)
        lut[i] = static_cast<float>(255.0 * linearToSrgb(i / 4096.0));
    std::vector<unsigned char> out(static_cast<std::size_t>(canvas.width()) * canvas.height() * 3);
    std::size_t o = 0;
    for (int y = 0; y < canvas.height(); ++y)
        for (int x = 0; x < canvas.width(); ++x) {
            const Rgb c = canvas.at(x, y);
            const double grain = 2.2 * (hashUnit(x, y, seed) - 0.5);
            for (const double ch : {c.r, c.g, c.b}) {
                const double v =
                    lut[static_cast<std::size_t>(std::lround(clamp01(ch) * 4096.0))] + grain;
                out[o++] = static_cast<unsigned char>(std::clamp(std::lround(v), 0L, 255L));
            }
        }
    return out;
}

// --- The two views ----------------------------------------------------------------------------

const Rgb kSkin = srgb(224, 176, 148);

/// Draws the front view. `hairlineSamples` (px) are checked for bare skin; the count of those
/// that are not is returned.
int paintFront(Canvas& canvas, const View& v, double nativeMidMm, Point rulerP1, Point rulerP2,
               double rulerMm, const std::vector<Point>& hairlineSamples) {
    paintBackground(canvas, v, 11);
    paintNeck(canvas, v, kSkin);
    paintShirt(canvas, v, 12);
    paintEar(canvas, v, -1.0, kSkin);
    paintEar(canvas, v, 1.0, kSkin);
    const std::vector<Point> outlineMm = headOutlineMm(kFaceLowerRight);
    const std::vector<Point> outline = v.px(outlineMm);
    const Mask head = fillPolygon(outline, v);
    const RowSpans skull = rowSpans(outline, v.height);
    paintHeadSkin(canvas, v, head, skull, kSkin, 13);
    const double eyeY = 12.0;
    paintNose(canvas, v);
    paintMouth(canvas, v);
    paintEye(canvas, v, -1.0, eyeY);
    paintEye(canvas, v, 1.0, eyeY);
    paintEyebrow(canvas, v, -1.0, 21);
    paintEyebrow(canvas, v, 1.0, 22);

    // Before the hair: the planned hairline must lie on the head, and stay untouched by hair.
    int failures = 0;
    std::vector<Rgb> before;
    for (const Point p : hairlineSamples) {
        const int x = static_cast<int>(p.x), y = static_cast<int>(p.y);
        if (head.at(x, y) < 0.999) ++failures;
        before.push_back(canvas.at(x, y));
    }
    const HairModel hair = frontHair(nativeMidMm, 14);
    const Mask volume =
        fillPolygon(v.px(inflatedOutline(
                        outlineMm, [](double y) { return 2.6 * (1.0 - smoothstep(-12, 4, y)); })),
                    v);
    paintHairBase(canvas, v, volume, skull, hair, 15);
    const std::vector<Strand> vellus = growHair(canvas, v, head, skull, hair, 16);
    for (std::size_t i = 0; i < hairlineSamples.size(); ++i) {
        const Rgb now = canvas.at(static_cast<int>(hairlineSamples[i].x),
                                  static_cast<int>(hairlineSamples[i].y));
        const double change = std::abs(now.r - before[i].r) + std::abs(now.g - before[i].g) +
                              std::abs(now.b - before[i].b);
        if (change > 0.002) ++failures;
    }
    for (const Strand& s : vellus)
        drawStrand(canvas, s, v);
    paintRuler(canvas, v, rulerP1, rulerP2, rulerMm);
    return failures;
}

void paintBack(Canvas& canvas, const View& v, Point rulerP1, Point rulerP2, double rulerMm) {
    paintBackground(canvas, v, 31);
    const std::vector<Point> outlineMm = headOutlineMm(kBackLowerRight);
    const std::vector<Point> outline = v.px(outlineMm);
    const Mask head = fillPolygon(outline, v);
    const RowSpans skull = rowSpans(outline, v.height);
    paintHeadSkin(canvas, v, head, skull, kSkin, 33);
    const HairModel hair = backHair({0.0, -80.0}, 34);
    const Mask volume =
        fillPolygon(v.px(inflatedOutline(
                        outlineMm, [](double y) { return 2.6 * (1.0 - smoothstep(25, 45, y)); })),
                    v);
    paintHairBase(canvas, v, volume, skull, hair, 35);
    for (const Strand& s : growHair(canvas, v, head, skull, hair, 36))
        drawStrand(canvas, s, v);
    paintEar(canvas, v, -1.0, kSkin);
    paintEar(canvas, v, 1.0, kSkin);
    paintShirt(canvas, v, 32);
    paintRuler(canvas, v, rulerP1, rulerP2, rulerMm);
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s PLAN.json OUT.jpg\n", argv[0]);
        return 2;
    }
    const auto started = std::chrono::steady_clock::now();
    const hp::PlanLoad load = hp::loadPlanFile(argv[1]);
    if (!load.plan) {
        for (const hp::PlanError& e : load.errors)
            std::fprintf(stderr, "%s: %s\n", argv[1], e.describe().c_str());
        return 2;
    }
    const hp::Plan& plan = *load.plan;
    const auto* ruler =
        plan.calibration ? std::get_if<hp::RulerCalibration>(&*plan.calibration) : nullptr;
    if (!plan.imageSize || !plan.glabella || !ruler || !plan.hairline ||
        plan.hairline->points.size() < 2) {
        std::fprintf(stderr,
                     "%s: needs image_size, a ruler calibration, the glabella and a hairline\n",
                     argv[1]);
        return 2;
    }
    const auto [width, height] = *plan.imageSize;
    const double mmPerPx = hp::mmPerPx(*plan.calibration);
    const Point glabella = *plan.glabella;

    const hp::SmoothHairline smooth = hp::sampleSmoothHairline(
        hp::distinctControlPoints(plan.hairline->points), plan.hairline->scalpSide, 2.0);
    const std::optional<double> midMm = hp::midFrontalHeightMm(smooth, glabella, mmPerPx);
    if (!midMm) {
        std::fprintf(stderr, "%s: the hairline does not cross the glabella's vertical\n", argv[1]);
        return 2;
    }
    // The native hairline sits about 2 cm behind (above) the planned one in the middle.
    const double nativeMidMm = -(*midMm + 21.0);

    Canvas canvas(width, height);
    View front{glabella, 1.0 / mmPerPx, 0, width / 2, height, true};
    View back{
        {glabella.x + width / 2.0, glabella.y}, 1.0 / mmPerPx, width / 2, width, height, false};
    const int failures =
        paintFront(canvas, front, nativeMidMm, ruler->p1, ruler->p2, ruler->mm, smooth.points);
    const Point shift{width / 2.0, 0.0};
    paintBack(canvas, back, ruler->p1 + shift, ruler->p2 + shift, ruler->mm);
    // The seam between the two photographs.
    for (int y = 0; y < height; ++y)
        for (int x = width / 2 - 3; x < width / 2 + 3; ++x)
            canvas.set(x, y, srgb(236, 236, 234));

    const std::vector<unsigned char> bytes = toSrgbBytes(canvas, 41);
    if (!stbi_write_jpg(argv[2], width, height, 3, bytes.data(), 90)) {
        std::fprintf(stderr, "could not write %s\n", argv[2]);
        return 2;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::fprintf(stderr, "wrote %s (%d x %d) in %.1f s\n", argv[2], width, height, seconds);
    if (failures > 0) {
        std::fprintf(stderr, "the planned hairline is not on bare skin at %d of %zu samples\n",
                     failures, smooth.points.size());
        return 1;
    }
    std::fprintf(stderr, "the planned hairline lies on bare skin at all %zu samples\n",
                 smooth.points.size());
    return 0;
}
