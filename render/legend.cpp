// The legend band, in three parts: fonts (read once, checked before stb_truetype trusts them),
// text (UTF-8, glyph bitmaps, measuring, wrapping) and the layout itself. The layout runs twice
// through the same code: once to measure the height, once to draw into a canvas of that height.
#include "render/legend.hpp"

#include "planning/format.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <stb_truetype.h>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace hp::render {
namespace {

// ---- Fonts ----------------------------------------------------------------------------------

constexpr std::uintmax_t kMaxFontFileBytes = std::uintmax_t{64} << 20;

struct Font {
    std::vector<unsigned char> bytes;
    stbtt_fontinfo info{};
};

std::uint32_t readBigEndian(const unsigned char* p, int bytes) {
    std::uint32_t value = 0;
    for (int i = 0; i < bytes; ++i)
        value = (value << 8) | p[i];
    return value;
}

/// stb_truetype trusts a font's table directory: check first that every table lies inside the
/// file, so that a cut or damaged font file is refused rather than read out of bounds.
bool tablesFitInFile(const std::vector<unsigned char>& bytes, std::size_t offset) {
    if (offset > bytes.size() || bytes.size() - offset < 12) return false;
    const std::size_t tables = readBigEndian(&bytes[offset + 4], 2);
    if ((bytes.size() - offset - 12) / 16 < tables) return false;
    for (std::size_t i = 0; i < tables; ++i) {
        const unsigned char* record = &bytes[offset + 12 + 16 * i];
        const std::uint64_t start = readBigEndian(record + 8, 4);
        const std::uint64_t length = readBigEndian(record + 12, 4);
        if (start + length > bytes.size()) return false;
    }
    return true;
}

/// The font at `path`, read and checked on first use and kept for the life of the process.
/// Failures are not kept: a font installed later is found.
std::shared_ptr<const Font> loadFont(const std::filesystem::path& path, std::string& error) {
    static std::mutex mutex;
    static std::map<std::filesystem::path, std::shared_ptr<const Font>> loaded;
    const std::lock_guard lock(mutex);
    if (const auto found = loaded.find(path); found != loaded.end()) return found->second;

    const std::string name = path.string();
    std::error_code ec;
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    if (ec) {
        error = "cannot read the font " + name + ": " + ec.message();
        return nullptr;
    }
    if (size > kMaxFontFileBytes) {
        error = "the font " + name + " is too large to be a font";
        return nullptr;
    }
    auto font = std::make_shared<Font>();
    font->bytes.resize(static_cast<std::size_t>(size));
    std::ifstream in(path, std::ios::binary);
    if (!in.read(reinterpret_cast<char*>(font->bytes.data()),
                 static_cast<std::streamsize>(font->bytes.size()))) {
        error = "cannot read the font " + name;
        return nullptr;
    }
    const int offset =
        font->bytes.size() >= 64 ? stbtt_GetFontOffsetForIndex(font->bytes.data(), 0) : -1;
    if (offset < 0 || !tablesFitInFile(font->bytes, static_cast<std::size_t>(offset)) ||
        stbtt_InitFont(&font->info, font->bytes.data(), offset) == 0 ||
        stbtt_FindGlyphIndex(&font->info, 'A') == 0) {
        error = "the font " + name + " is not a TrueType font hairplan can use";
        return nullptr;
    }
    loaded.emplace(path, font);
    return font;
}

// ---- Pixels ---------------------------------------------------------------------------------

class Canvas {
  public:
    Canvas(int width, int height, Rgb8 background) {
        image_.width = width;
        image_.height = height;
        image_.rgba.resize(static_cast<std::size_t>(width) * height * 4);
        for (std::size_t i = 0; i < image_.rgba.size(); i += 4) {
            image_.rgba[i] = background.r;
            image_.rgba[i + 1] = background.g;
            image_.rgba[i + 2] = background.b;
            image_.rgba[i + 3] = 255;
        }
    }

    /// Fills [x0, x1) x [y0, y1), clipped to the canvas.
    void fill(long x0, long y0, long x1, long y1, Rgb8 colour) {
        x0 = std::max(x0, 0L);
        y0 = std::max(y0, 0L);
        x1 = std::min(x1, static_cast<long>(image_.width));
        y1 = std::min(y1, static_cast<long>(image_.height));
        for (long y = y0; y < y1; ++y)
            for (long x = x0; x < x1; ++x)
                set(x, y, colour);
    }

    /// Lays `colour` over the pixel with `coverage` (0-255) as its opacity.
    void blend(long x, long y, int coverage, Rgb8 colour) {
        if (x < 0 || y < 0 || x >= image_.width || y >= image_.height || coverage <= 0) return;
        std::uint8_t* p = at(x, y);
        const int keep = 255 - coverage;
        p[0] = static_cast<std::uint8_t>((p[0] * keep + colour.r * coverage + 127) / 255);
        p[1] = static_cast<std::uint8_t>((p[1] * keep + colour.g * coverage + 127) / 255);
        p[2] = static_cast<std::uint8_t>((p[2] * keep + colour.b * coverage + 127) / 255);
    }

    RgbaImage take() { return std::move(image_); }

  private:
    std::uint8_t* at(long x, long y) {
        return image_.rgba.data() + (static_cast<std::size_t>(y) * image_.width + x) * 4;
    }
    void set(long x, long y, Rgb8 colour) {
        std::uint8_t* p = at(x, y);
        p[0] = colour.r;
        p[1] = colour.g;
        p[2] = colour.b;
    }

    RgbaImage image_;
};

Rgb8 toRgb8(const Colour& colour) {
    const auto channel = [](float c) {
        return static_cast<std::uint8_t>(std::lround(std::clamp(c, 0.0f, 1.0f) * 255.0f));
    };
    return {channel(colour.r), channel(colour.g), channel(colour.b)};
}

// ---- Text -----------------------------------------------------------------------------------

/// The most characters of one text the legend shows: names, ids and sentences longer than this
/// (which no clinic writes) end in an ellipsis, so that the legend's size stays bounded.
constexpr std::size_t kMaxShownChars = 500;

/// UTF-8 to code points, at most kMaxShownChars of them; a byte that starts no valid sequence
/// becomes U+FFFD, and control characters (a newline in a zone's name) become spaces.
std::u32string decodeUtf8(std::string_view text) {
    std::u32string out;
    out.reserve(std::min(text.size(), kMaxShownChars + 1));
    std::size_t i = 0;
    while (i < text.size()) {
        if (out.size() == kMaxShownChars) {
            out += U'\u2026';
            break;
        }
        const auto lead = static_cast<unsigned char>(text[i]);
        std::size_t length = lead < 0x80             ? 1
                             : (lead & 0xE0) == 0xC0 ? 2
                             : (lead & 0xF0) == 0xE0 ? 3
                             : (lead & 0xF8) == 0xF0 ? 4
                                                     : 0;
        char32_t code = length == 1   ? lead
                        : length == 2 ? lead & 0x1F
                        : length == 3 ? lead & 0x0F
                                      : lead & 0x07;
        bool valid = length > 0 && i + length <= text.size();
        for (std::size_t k = 1; valid && k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            valid = (next & 0xC0) == 0x80;
            code = (code << 6) | (next & 0x3F);
        }
        valid = valid && !(length == 2 && code < 0x80) && !(length == 3 && code < 0x800) &&
                !(length == 4 && (code < 0x10000 || code > 0x10FFFF)) &&
                !(code >= 0xD800 && code <= 0xDFFF);
        if (!valid) {
            out += U'\uFFFD';
            ++i;
            continue;
        }
        out += code < 0x20 || code == 0x7F ? U' ' : code;
        i += length;
    }
    return out;
}

/// A font at a size. `px` is the em size in pixels.
struct Face {
    const Font* font = nullptr;
    float px = 0.0f;
    float scale = 0.0f;   ///< font units to pixels
    float ascent = 0.0f;  ///< pixels above the baseline
    float descent = 0.0f; ///< pixels below it (positive)

    /// The height of a line of this face, and where its baseline sits in it.
    float lineHeight() const { return 1.5f * px; }
    float baselineIn(float height) const { return (height - (ascent + descent)) / 2 + ascent; }
};

Face makeFace(const Font& font, float px) {
    Face face;
    face.font = &font;
    face.px = px;
    face.scale = stbtt_ScaleForMappingEmToPixels(&font.info, px);
    int ascent = 0, descent = 0, lineGap = 0;
    stbtt_GetFontVMetrics(&font.info, &ascent, &descent, &lineGap);
    face.ascent = static_cast<float>(ascent) * face.scale;
    face.descent = static_cast<float>(-descent) * face.scale;
    return face;
}

/// Measures and draws text; keeps each glyph's bitmap (per face and quarter-pixel position)
/// for the legend being drawn.
class TextPainter {
  public:
    float width(const Face& face, std::u32string_view text) const {
        float x = 0.0f;
        int previous = -1;
        for (const char32_t code : text) {
            const int glyph = stbtt_FindGlyphIndex(&face.font->info, static_cast<int>(code));
            x += advance(face, previous, glyph);
            previous = glyph;
        }
        return x;
    }

    void draw(Canvas& canvas, const Face& face, Rgb8 colour, float x, float baseline,
              std::u32string_view text) {
        const long baselineY = std::lround(baseline);
        int previous = -1;
        for (const char32_t code : text) {
            const int glyph = stbtt_FindGlyphIndex(&face.font->info, static_cast<int>(code));
            if (previous >= 0)
                x += static_cast<float>(
                         stbtt_GetGlyphKernAdvance(&face.font->info, previous, glyph)) *
                     face.scale;
            const float left = std::floor(x);
            const int quarter = std::clamp(static_cast<int>((x - left) * 4.0f), 0, 3);
            const Bitmap& bitmap = glyphBitmap(face, glyph, quarter);
            const long originX = static_cast<long>(left) + bitmap.x0;
            const long originY = baselineY + bitmap.y0;
            for (int row = 0; row < bitmap.height; ++row)
                for (int column = 0; column < bitmap.width; ++column)
                    canvas.blend(
                        originX + column, originY + row,
                        bitmap.coverage[static_cast<std::size_t>(row) * bitmap.width + column],
                        colour);
            int advanceWidth = 0, leftBearing = 0;
            stbtt_GetGlyphHMetrics(&face.font->info, glyph, &advanceWidth, &leftBearing);
            x += static_cast<float>(advanceWidth) * face.scale;
            previous = glyph;
        }
    }

    /// `text` cut to fit `maxWidth`, ending in an ellipsis when cut.
    std::u32string fit(const Face& face, std::u32string text, float maxWidth) const {
        if (width(face, text) <= maxWidth) return text;
        const float room = maxWidth - width(face, U"\u2026");
        // The longest prefix that leaves room for the ellipsis, in one pass.
        float x = 0.0f;
        int previous = -1;
        std::size_t keep = 0;
        for (; keep < text.size(); ++keep) {
            const int glyph = stbtt_FindGlyphIndex(&face.font->info, static_cast<int>(text[keep]));
            x += advance(face, previous, glyph);
            if (x > room) break;
            previous = glyph;
        }
        text.resize(keep);
        while (!text.empty() && text.back() == U' ')
            text.pop_back();
        return text + U"\u2026";
    }

  private:
    struct Bitmap {
        int x0 = 0;
        int y0 = 0;
        int width = 0;
        int height = 0;
        std::vector<unsigned char> coverage;
    };

    static float advance(const Face& face, int previous, int glyph) {
        int advanceWidth = 0, leftBearing = 0;
        stbtt_GetGlyphHMetrics(&face.font->info, glyph, &advanceWidth, &leftBearing);
        const int kern =
            previous >= 0 ? stbtt_GetGlyphKernAdvance(&face.font->info, previous, glyph) : 0;
        return static_cast<float>(advanceWidth + kern) * face.scale;
    }

    const Bitmap& glyphBitmap(const Face& face, int glyph, int quarter) {
        const auto key = std::make_tuple(face.font, face.px, glyph, quarter);
        if (const auto found = cache_.find(key); found != cache_.end()) return found->second;
        Bitmap bitmap;
        const float shift = static_cast<float>(quarter) / 4.0f;
        int x1 = 0, y1 = 0;
        stbtt_GetGlyphBitmapBoxSubpixel(&face.font->info, glyph, face.scale, face.scale, shift,
                                        0.0f, &bitmap.x0, &bitmap.y0, &x1, &y1);
        bitmap.width = std::max(0, x1 - bitmap.x0);
        bitmap.height = std::max(0, y1 - bitmap.y0);
        bitmap.coverage.resize(static_cast<std::size_t>(bitmap.width) * bitmap.height);
        if (!bitmap.coverage.empty())
            stbtt_MakeGlyphBitmapSubpixel(&face.font->info, bitmap.coverage.data(), bitmap.width,
                                          bitmap.height, bitmap.width, face.scale, face.scale,
                                          shift, 0.0f, glyph);
        return cache_.emplace(key, std::move(bitmap)).first->second;
    }

    std::map<std::tuple<const Font*, float, int, int>, Bitmap> cache_;
};

/// A piece of text in one face and colour.
struct Run {
    const Face* face = nullptr;
    Rgb8 colour;
    std::u32string text;
};

// ---- Words for the legend -------------------------------------------------------------------

/// "4,120"; a negative count with a true minus sign.
std::string countText(long long value) {
    const std::string text = withThousands(value);
    return value < 0 ? "\u2212" + text.substr(1) : text;
}

std::string kindText(FigureKind kind) {
    switch (kind) {
    case FigureKind::Hairline:
        return "hairline band";
    case FigureKind::Graft:
        return "graft";
    case FigureKind::Smp:
        return "SMP";
    case FigureKind::Donor:
        return "donor";
    }
    return "";
}

/// HAIRLINE_TOO_LOW -> "Hairline too low"; SMP stays in capitals.
std::string warningTitle(const std::string& code) {
    std::string title;
    std::size_t start = 0;
    while (start <= code.size()) {
        const std::size_t end = std::min(code.find('_', start), code.size());
        std::string word = code.substr(start, end - start);
        if (word != "SMP")
            for (std::size_t i = title.empty() ? 1 : 0; i < word.size(); ++i)
                word[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(word[i])));
        if (!title.empty()) title += ' ';
        title += word;
        start = end + 1;
    }
    return title;
}

// ---- Layout ---------------------------------------------------------------------------------

/// One row of the zone table: a swatch (or none), then a cell per column.
struct TableRow {
    std::optional<Rgb8> swatch;
    std::vector<std::string> cells; ///< empty: the figure does not apply (drawn as a dash)
    bool total = false;
    bool note = false; ///< a line of text in the name column, such as "and 12 more zones"
};

/// The most zones and warnings listed: a plan of hundreds of zones gets a legend of bounded
/// size, the rest summed up in one line (the totals count every zone).
constexpr std::size_t kMaxListedZones = 30;
constexpr std::size_t kMaxListedWarnings = 12;

/// Lays the legend out from the top and, with a canvas, draws it. The same code measures and
/// draws, so the height measured is the height drawn.
class LegendLayout {
  public:
    LegendLayout(const LegendContent& content, const Font& regular, const Font& bold, int width)
        : content_(content), regular_(regular), bold_(bold), width_(width), s_(legendTextPx(width)),
          margin_(1.5f * s_), body_(makeFace(regular, s_)), bodyBold_(makeFace(bold, s_)),
          title_(makeFace(bold, 1.45f * s_)), small_(makeFace(regular, 0.86f * s_)) {}

    /// The legend's height; draws into `canvas` when it is not null.
    float run(Canvas* canvas) {
        canvas_ = canvas;
        y_ = 1.2f * s_;
        header();
        rule(0.55f * s_);
        // The figures go beside the table when they have room there, else under it.
        const float tableTop = y_;
        const float tableRight = table();
        const float gap = 2.5f * s_;
        const float besideWidth = static_cast<float>(width_) - margin_ - tableRight - gap;
        if (besideWidth >= kMinFigureColumnEm * s_) {
            const float tableBottom = y_;
            y_ = tableTop;
            figuresBeside(tableRight + gap, besideWidth);
            y_ = std::max(y_, tableBottom);
        } else {
            figuresBelow();
        }
        rule(0.7f * s_);
        warnings();
        rule(0.7f * s_);
        footer();
        return y_ + 1.0f * s_;
    }

  private:
    float contentWidth() const { return static_cast<float>(width_) - 2.0f * margin_; }

    void text(const Face& face, Rgb8 colour, float x, float baseline, std::u32string_view t) {
        if (canvas_ != nullptr) painter_.draw(*canvas_, face, colour, x, baseline, t);
    }

    void fill(float x0, float y0, float x1, float y1, Rgb8 colour) {
        if (canvas_ != nullptr)
            canvas_->fill(std::lround(x0), std::lround(y0), std::lround(x1), std::lround(y1),
                          colour);
    }

    /// A thin rule across the content, with `gap` above and below it.
    void rule(float gap) {
        y_ += gap;
        const float thickness = std::max(1.0f, std::round(s_ / 16.0f));
        fill(margin_, y_, static_cast<float>(width_) - margin_, y_ + thickness, kLegendRule);
        y_ += thickness + gap;
    }

    /// Runs laid out as one paragraph from `x`, wrapped at `maxWidth`, with `face`'s line height
    /// times `leading` (baselines placed for `face`). Breaks only at spaces; a word wider than
    /// the line is cut.
    void paragraph(const std::vector<Run>& runs, const Face& face, float x, float maxWidth,
                   float leading = 1.0f) {
        struct Piece {
            const Run* run;
            std::u32string text;
            bool spaceBefore;
        };
        std::vector<Piece> pieces;
        bool pendingSpace = false;
        for (const Run& run : runs) {
            bool startNew = true;
            for (const char32_t c : run.text) {
                if (c == U' ') {
                    pendingSpace = true;
                    startNew = true;
                    continue;
                }
                if (startNew) {
                    pieces.push_back({&run, U"", pendingSpace && !pieces.empty()});
                    pendingSpace = false;
                    startNew = false;
                }
                pieces.back().text += c;
            }
        }
        const float lineHeight = face.lineHeight() * leading;
        float lineX = 0.0f;
        bool lineEmpty = true;
        float top = y_;
        for (std::size_t i = 0; i < pieces.size(); ++i) {
            // A word is the pieces glued together (no space between them).
            std::size_t end = i + 1;
            while (end < pieces.size() && !pieces[end].spaceBefore)
                ++end;
            float wordWidth = 0.0f;
            for (std::size_t k = i; k < end; ++k)
                wordWidth += painter_.width(*pieces[k].run->face, pieces[k].text);
            const float space =
                lineEmpty ? 0.0f : painter_.width(*pieces[i].run->face, std::u32string_view(U" "));
            if (!lineEmpty && lineX + space + wordWidth > maxWidth) {
                top += lineHeight;
                lineX = 0.0f;
                lineEmpty = true;
            } else {
                lineX += space;
            }
            for (std::size_t k = i; k < end; ++k) {
                const Run& run = *pieces[k].run;
                std::u32string piece = pieces[k].text;
                // A single word wider than the whole line is cut to fit it.
                if (lineEmpty && wordWidth > maxWidth)
                    piece = painter_.fit(*run.face, piece, maxWidth - lineX);
                text(*run.face, run.colour, x + lineX, top + face.baselineIn(lineHeight), piece);
                lineX += painter_.width(*run.face, piece);
                lineEmpty = false;
            }
            i = end - 1;
        }
        y_ = top + lineHeight;
    }

    void header() {
        const Plan& plan = content_.plan;
        const std::u32string title = U"hairplan plan";
        std::string patient =
            plan.patient.id.empty() ? "Patient without an id" : "Patient " + plan.patient.id;
        if (plan.patient.sex != Sex::Unspecified)
            patient += std::string(" \u00B7 ") + toString(plan.patient.sex);
        const std::u32string patientText = decodeUtf8(patient);

        const float titleHeight = title_.lineHeight();
        const float baseline = y_ + title_.baselineIn(titleHeight);
        text(title_, kLegendText, margin_, baseline, title);
        const float patientX = margin_ + painter_.width(title_, title) + 1.2f * s_;
        const float patientRoom = static_cast<float>(width_) - margin_ - patientX;
        if (painter_.width(bodyBold_, patientText) <= patientRoom) {
            text(bodyBold_, kLegendText, patientX, baseline, patientText);
            y_ += titleHeight;
        } else {
            y_ += titleHeight;
            paragraph({{&bodyBold_, kLegendText, patientText}}, body_, margin_, contentWidth());
        }

        std::string exported;
        if (!content_.exportDate.empty()) exported = "Exported " + content_.exportDate;
        if (!content_.planFileName.empty())
            exported += (exported.empty() ? "From " : " from ") + content_.planFileName;
        if (!exported.empty())
            paragraph({{&body_, kLegendSecondaryText, decodeUtf8(exported)}}, body_, margin_,
                      contentWidth());
    }

    std::vector<TableRow> tableRows() const {
        const Summary& summary = content_.summary;
        const auto cm2 = [](const std::optional<double>& v) {
            return v ? fixedDecimal(*v, 1) : std::string();
        };
        const auto count = [](const std::optional<long long>& v) {
            return v ? countText(*v) : std::string();
        };
        std::vector<TableRow> rows;
        const std::size_t listed =
            summary.zones.size() <= kMaxListedZones ? summary.zones.size() : kMaxListedZones - 1;
        for (std::size_t i = 0; i < listed; ++i) {
            const ZoneFigures& zone = summary.zones[i];
            TableRow row;
            const Colour colour =
                zone.zoneIndex < 0 ? content_.style.bandColour
                                   : content_.style.zoneColour(
                                         content_.plan, static_cast<std::size_t>(zone.zoneIndex));
            row.swatch = toRgb8(colour);
            const std::string area = summary.calibrated
                                         ? cm2(zone.countedAreaCm2)
                                         : countText(std::llround(zone.countedAreaPx));
            row.cells = {zone.name,
                         kindText(zone.kind),
                         area,
                         count(zone.grafts),
                         count(zone.hairs),
                         count(zone.dots ? zone.dots : zone.capacity)};
            rows.push_back(std::move(row));
        }
        if (listed < summary.zones.size())
            rows.push_back(
                {std::nullopt,
                 {"\u2026 and " +
                      withThousands(static_cast<long long>(summary.zones.size() - listed)) +
                      " more zones",
                  "", "", "", "", ""},
                 false,
                 true});
        if (!summary.calibrated) return rows;
        const Totals& t = summary.totals;
        const auto has = [&](FigureKind kind) {
            return std::any_of(summary.zones.begin(), summary.zones.end(),
                               [kind](const ZoneFigures& z) { return z.kind == kind; });
        };
        if (has(FigureKind::Hairline) || has(FigureKind::Graft))
            rows.push_back(
                {std::nullopt,
                 {"Transplant total", "", cm2(t.graftAreaCm2), count(t.grafts), count(t.hairs), ""},
                 true});
        if (has(FigureKind::Smp))
            rows.push_back({std::nullopt,
                            {"SMP total", "", cm2(t.smpAreaCm2), "", "", count(t.smpDots)},
                            true});
        if (has(FigureKind::Donor))
            rows.push_back(
                {std::nullopt,
                 {"Donor total", "", cm2(t.donorAreaCm2), "", "", count(t.donorCapacity)},
                 true});
        return rows;
    }

    /// Draws the table; returns its right edge.
    float table() {
        const std::vector<TableRow> rows = tableRows();
        const std::vector<std::string> headers = {
            "Zone",   "Kind",  content_.summary.calibrated ? "Area cm\u00B2" : "Area px\u00B2",
            "Grafts", "Hairs", "Dots / capacity"};
        constexpr std::size_t kColumns = 6;
        constexpr std::size_t kNameColumn = 0;
        const auto numeric = [](std::size_t column) { return column >= 2; };

        // Sizes, shrunk as a whole when the table is wider than the legend.
        float scale = 1.0f;
        std::array<float, kColumns> widths{};
        Face cellFace = body_, cellBold = bodyBold_, headFace = makeFace(bold_, 0.86f * s_);
        float swatchSide = 0.0f, swatchGap = 0.0f, gap = 0.0f;
        for (int attempt = 0; attempt < 2; ++attempt) {
            cellFace = makeFace(regular_, std::max(6.0f, s_ * scale));
            cellBold = makeFace(bold_, std::max(6.0f, s_ * scale));
            headFace = makeFace(bold_, std::max(6.0f, 0.86f * s_ * scale));
            swatchSide = std::round(0.8f * cellFace.px);
            swatchGap = 0.6f * cellFace.px;
            gap = 1.5f * cellFace.px;
            for (std::size_t c = 0; c < kColumns; ++c) {
                widths[c] = painter_.width(headFace, decodeUtf8(headers[c]));
                for (const TableRow& row : rows)
                    widths[c] = std::max(widths[c], painter_.width(row.total ? cellBold : cellFace,
                                                                   decodeUtf8(row.cells[c])));
            }
            float total = swatchSide + swatchGap + gap * (kColumns - 1);
            for (const float w : widths)
                total += w;
            if (total <= contentWidth()) break;
            // First the names give way (down to 8 em), then everything shrinks.
            const float others = total - widths[kNameColumn];
            widths[kNameColumn] = std::max(contentWidth() - others, 8.0f * cellFace.px);
            const float shrunk = others + widths[kNameColumn];
            if (shrunk <= contentWidth()) break;
            scale = contentWidth() / shrunk;
        }
        std::array<float, kColumns> left{};
        float x = margin_ + swatchSide + swatchGap;
        for (std::size_t c = 0; c < kColumns; ++c) {
            left[c] = x;
            x += widths[c] + gap;
        }
        const float tableRight = x - gap;

        // Header.
        const float headHeight = headFace.lineHeight();
        for (std::size_t c = 0; c < kColumns; ++c) {
            const std::u32string head = decodeUtf8(headers[c]);
            const float hx =
                numeric(c) ? left[c] + widths[c] - painter_.width(headFace, head) : left[c];
            text(headFace, kLegendSecondaryText, hx, y_ + headFace.baselineIn(headHeight), head);
        }
        y_ += headHeight;
        const float thin = std::max(1.0f, std::round(s_ / 16.0f));
        fill(margin_, y_, tableRight, y_ + thin, kLegendRule);
        y_ += thin + 0.2f * cellFace.px;

        const float rowHeight = 1.55f * cellFace.px;
        bool totalsStarted = false;
        for (const TableRow& row : rows) {
            if (row.total && !totalsStarted) {
                totalsStarted = true;
                y_ += 0.2f * cellFace.px;
                fill(margin_, y_, tableRight, y_ + thin, kLegendRule);
                y_ += thin + 0.2f * cellFace.px;
            }
            const Face& face = row.total ? cellBold : cellFace;
            const float baseline = y_ + face.baselineIn(rowHeight);
            if (row.swatch) {
                // Centred on the capitals' middle, about 0.36 em above the baseline.
                const float top = std::round(baseline - 0.36f * face.px - swatchSide / 2);
                fill(margin_, top, margin_ + swatchSide, top + swatchSide, *row.swatch);
            }
            for (std::size_t c = 0; c < kColumns; ++c) {
                if (row.note && c != kNameColumn) continue;
                std::u32string cell = decodeUtf8(row.cells[c]);
                Rgb8 colour = row.note ? kLegendSecondaryText : kLegendText;
                if (cell.empty()) {
                    if (row.total) continue; // totals show only what they sum
                    cell = U"\u2013";
                    colour = kLegendSecondaryText;
                }
                if (c == 1) colour = kLegendSecondaryText;
                if (c == kNameColumn) cell = painter_.fit(face, cell, widths[c]);
                const float cx =
                    numeric(c) ? left[c] + widths[c] - painter_.width(face, cell) : left[c];
                text(face, colour, cx, baseline, cell);
            }
            y_ += rowHeight;
        }
        if (rows.empty())
            paragraph({{&cellFace, kLegendSecondaryText, U"No zones drawn."}}, cellFace, left[0],
                      contentWidth());
        return tableRight;
    }

    /// A labelled figure beside or under the table: the donor balance, the SMP chair time, the
    /// hairline's measures. A group without a label is a note.
    struct FigureGroup {
        std::string label;
        std::vector<std::string> parts;
    };

    std::vector<FigureGroup> figureGroups() const {
        const Summary& summary = content_.summary;
        const Totals& t = summary.totals;
        std::vector<FigureGroup> groups;
        if (!summary.calibrated)
            groups.push_back(
                {"", {"No counts: the plan is not calibrated, so areas are in pixels."}});
        const bool hasDonor =
            std::any_of(summary.zones.begin(), summary.zones.end(),
                        [](const ZoneFigures& z) { return z.kind == FigureKind::Donor; });
        if (!hasDonor) {
            groups.push_back({"Donor balance", {"no donor zone"}});
        } else if (t.donorBalance) {
            const long long balance = *t.donorBalance;
            FigureGroup donor{"Donor balance",
                              {(balance >= 0 ? "+" : "") + countText(balance) + " grafts",
                               "capacity " + countText(t.donorCapacity.value_or(0)) + ", planned " +
                                   countText(t.grafts.value_or(0))}};
            if (balance < 0)
                donor.parts.push_back("more grafts planned than the donor zones can give");
            groups.push_back(std::move(donor));
        }
        if (t.smpDots && *t.smpDots > 0 && t.smpAreaCm2) {
            const SmpEstimate e = smpEstimate(*t.smpAreaCm2);
            groups.push_back(
                {"SMP",
                 {std::to_string(e.sessionsLow) + "\u2013" + std::to_string(e.sessionsHigh) +
                      " sessions (usually " + std::to_string(e.sessionsTypical) + ")",
                  "about " + fixedDecimal(e.hoursLow, 0) + "\u2013" + fixedDecimal(e.hoursHigh, 0) +
                      " h in all"}});
        }
        if (summary.hairline && summary.hairline->lengthMm) {
            const HairlineFigures& h = *summary.hairline;
            FigureGroup hairline{"Hairline", {fixedDecimal(*h.lengthMm, 1) + " mm long"}};
            if (h.midFrontalHeightMm)
                hairline.parts.push_back("mid-frontal point " +
                                         fixedDecimal(*h.midFrontalHeightMm, 1) +
                                         " mm above the glabella");
            if (h.mirrorErrorMm)
                hairline.parts.push_back("mirror error " + fixedDecimal(*h.mirrorErrorMm, 1) +
                                         " mm");
            groups.push_back(std::move(hairline));
        }
        return groups;
    }

    /// The figures in a column from `x`, `columnWidth` wide: each label on its own line, each
    /// part of its figure on a line of its own.
    void figuresBeside(float x, float columnWidth) {
        for (const FigureGroup& group : figureGroups()) {
            constexpr float kLeading = 0.92f; // a little tighter than running text
            if (!group.label.empty())
                paragraph({{&bodyBold_, kLegendText, decodeUtf8(group.label)}}, body_, x,
                          columnWidth, kLeading);
            for (const std::string& part : group.parts)
                paragraph({{&body_, group.label.empty() ? kLegendSecondaryText : kLegendText,
                            decodeUtf8(part)}},
                          body_, x, columnWidth, kLeading);
            y_ += 0.4f * s_;
        }
    }

    /// The figures under the table, a line each: the label, then the parts.
    void figuresBelow() {
        y_ += 0.5f * s_;
        for (const FigureGroup& group : figureGroups()) {
            std::string rest;
            for (const std::string& part : group.parts)
                rest += (rest.empty() ? "" : " \u00B7 ") + part;
            if (group.label.empty())
                paragraph({{&body_, kLegendSecondaryText, decodeUtf8(rest)}}, body_, margin_,
                          contentWidth());
            else
                paragraph({{&bodyBold_, kLegendText, decodeUtf8(group.label)},
                           {&body_, kLegendText, decodeUtf8(" " + rest)}},
                          body_, margin_, contentWidth());
        }
    }

    void warnings() {
        const std::vector<Warning>& list = content_.summary.warnings;
        if (list.empty()) {
            paragraph({{&body_, kLegendSecondaryText, U"No warnings."}}, body_, margin_,
                      contentWidth());
            return;
        }
        paragraph({{&bodyBold_, kLegendText,
                    decodeUtf8(list.size() == 1 ? "1 warning"
                                                : std::to_string(list.size()) + " warnings")}},
                  body_, margin_, contentWidth());
        y_ += 0.15f * s_;
        const float indent = 1.1f * s_;
        const std::size_t listed =
            list.size() <= kMaxListedWarnings ? list.size() : kMaxListedWarnings - 1;
        for (std::size_t i = 0; i < listed; ++i) {
            const Warning& warning = list[i];
            const float top = y_;
            // The bullet: a small amber square on the first line's capitals.
            const float side = std::round(0.34f * s_);
            const float middle = top + body_.baselineIn(body_.lineHeight()) - 0.36f * s_;
            fill(margin_ + 0.15f * s_, std::round(middle - side / 2), margin_ + 0.15f * s_ + side,
                 std::round(middle - side / 2) + side, kWarningBullet);
            paragraph({{&bodyBold_, kLegendText, decodeUtf8(warningTitle(warning.code) + ".")},
                       {&body_, kLegendText, decodeUtf8(" " + warning.message)}},
                      body_, margin_ + indent, contentWidth() - indent);
            y_ += 0.2f * s_;
        }
        if (listed < list.size())
            paragraph({{&body_, kLegendSecondaryText,
                        decodeUtf8("\u2026 and " +
                                   withThousands(static_cast<long long>(list.size() - listed)) +
                                   " more (hairplan summary lists them all)")}},
                      body_, margin_ + indent, contentWidth() - indent);
    }

    void footer() {
        const float rowHeight = body_.lineHeight();
        const float baseline = y_ + body_.baselineIn(rowHeight);
        const std::u32string version = decodeUtf8("hairplan " + content_.version);
        const float versionWidth = painter_.width(small_, version);
        text(small_, kLegendSecondaryText, static_cast<float>(width_) - margin_ - versionWidth,
             baseline, version);
        const float room = contentWidth() - versionWidth - 1.5f * s_;

        // The 1 cm scale bar: a solid bar of exactly 10 mm at the export's scale, with the
        // label after it. Omitted, with a note, where it cannot be drawn true.
        std::string note;
        if (!content_.mmPerPx || !(*content_.mmPerPx > 0.0)) {
            note = "No scale bar: the plan is not calibrated.";
        } else {
            const double length = 10.0 / *content_.mmPerPx;
            const std::u32string label = U"1 cm";
            const float labelGap = 0.6f * s_;
            if (length < 2.0) {
                note = "No scale bar: 1 cm is under 2 pixels at this size.";
            } else if (length + labelGap + painter_.width(body_, label) > room) {
                note = "No scale bar: 1 cm is wider than this image.";
            } else {
                const long barLength = std::lround(length);
                const float thickness = std::max(2.0f, std::round(0.28f * s_));
                const float tick = std::max(thickness + 2.0f, std::round(0.6f * s_));
                const float middle = baseline - 0.36f * s_;
                const float x0 = std::round(margin_);
                const float x1 = x0 + static_cast<float>(barLength);
                const float barTop = std::round(middle - thickness / 2);
                fill(x0, barTop, x1, barTop + thickness, kLegendScaleBar);
                const float tickTop = std::round(middle - tick / 2);
                const float tickWidth = std::min(std::max(1.0f, std::round(thickness / 2)),
                                                 static_cast<float>(barLength) / 2);
                fill(x0, tickTop, x0 + tickWidth, tickTop + tick, kLegendScaleBar);
                fill(x1 - tickWidth, tickTop, x1, tickTop + tick, kLegendScaleBar);
                text(body_, kLegendText, x1 + labelGap, baseline, label);
            }
        }
        if (!note.empty())
            text(small_, kLegendSecondaryText, margin_, baseline,
                 painter_.fit(small_, decodeUtf8(note), room));
        y_ += rowHeight + 0.3f * s_;

        paragraph({{&small_, kLegendSecondaryText,
                    U"Planning aid \u2014 counts are estimates from a 2D photo"}},
                  small_, margin_, contentWidth());
        if (content_.simulation)
            paragraph({{&small_, kLegendSecondaryText,
                        U"Simulation: each stroke is one planned hair (a graft\u2019s hairs "
                        U"start from one point) and each dot one planned SMP dot; an "
                        U"illustration of the counts, not a prediction of the result"}},
                      small_, margin_, contentWidth());
    }

    static constexpr Rgb8 kWarningBullet{0xD0, 0x8A, 0x1C};
    /// The narrowest column, in em, in which the figures go beside the table.
    static constexpr float kMinFigureColumnEm = 17.0f;

    const LegendContent& content_;
    const Font& regular_;
    const Font& bold_;
    int width_;
    float s_;
    float margin_;
    Face body_;
    Face bodyBold_;
    Face title_;
    Face small_;
    TextPainter painter_;
    Canvas* canvas_ = nullptr;
    float y_ = 0.0f;
};

} // namespace

float legendTextPx(int widthPx) {
    return std::clamp(static_cast<float>(widthPx) / 70.0f, 12.0f, 90.0f);
}

LegendImage renderLegend(const LegendContent& content, int widthPx) {
    LegendImage result;
    if (widthPx < kMinLegendWidthPx || widthPx > kMaxLegendWidthPx) {
        result.error = "a legend is " + withThousands(kMinLegendWidthPx) + " to " +
                       withThousands(kMaxLegendWidthPx) + " pixels wide, not " +
                       withThousands(widthPx);
        return result;
    }
    try {
        const std::shared_ptr<const Font> regular = loadFont(content.fonts.regular, result.error);
        if (!regular) return result;
        const std::shared_ptr<const Font> bold = loadFont(content.fonts.bold, result.error);
        if (!bold) return result;

        LegendLayout layout(content, *regular, *bold, widthPx);
        const int height = static_cast<int>(std::ceil(layout.run(nullptr)));
        Canvas canvas(widthPx, height, kLegendBackground);
        layout.run(&canvas);
        result.image = canvas.take();
    } catch (const std::bad_alloc&) {
        result.error = "not enough memory for the legend";
    }
    return result;
}

} // namespace hp::render
