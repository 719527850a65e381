#include "render/overlay_style.hpp"

#include <algorithm>
#include <cmath>

namespace hp::render {
namespace {

struct Hsl {
    float h = 0.0f; // degrees, [0, 360)
    float s = 0.0f;
    float l = 0.0f;
};

Hsl toHsl(const Colour& c) {
    const float hi = std::max({c.r, c.g, c.b});
    const float lo = std::min({c.r, c.g, c.b});
    Hsl out;
    out.l = (hi + lo) / 2.0f;
    const float chroma = hi - lo;
    if (chroma <= 0.0f) return out;
    out.s = chroma / (1.0f - std::fabs(2.0f * out.l - 1.0f));
    float h = 0.0f;
    if (hi == c.r)
        h = std::fmod((c.g - c.b) / chroma, 6.0f);
    else if (hi == c.g)
        h = (c.b - c.r) / chroma + 2.0f;
    else
        h = (c.r - c.g) / chroma + 4.0f;
    out.h = h * 60.0f;
    if (out.h < 0.0f) out.h += 360.0f;
    return out;
}

Colour fromHsl(const Hsl& hsl, float alpha) {
    const float chroma = (1.0f - std::fabs(2.0f * hsl.l - 1.0f)) * hsl.s;
    const float sector = hsl.h / 60.0f;
    const float x = chroma * (1.0f - std::fabs(std::fmod(sector, 2.0f) - 1.0f));
    float r = 0.0f, g = 0.0f, b = 0.0f;
    switch (static_cast<int>(sector) % 6) {
    case 0:
        r = chroma, g = x;
        break;
    case 1:
        r = x, g = chroma;
        break;
    case 2:
        g = chroma, b = x;
        break;
    case 3:
        g = x, b = chroma;
        break;
    case 4:
        r = x, b = chroma;
        break;
    default:
        r = chroma, b = x;
        break;
    }
    const float m = hsl.l - chroma / 2.0f;
    return {r + m, g + m, b + m, alpha};
}

// The variations of one kind's colour, for its 1st, 2nd, ... zone: small hue steps (so that the
// kind's family stays recognisable) together with lightness steps.
struct Variation {
    float hueDeg;
    float lightness;
};
constexpr Variation kVariations[] = {
    {0.0f, 0.0f}, {14.0f, 0.14f}, {-12.0f, -0.12f}, {24.0f, 0.04f}, {-20.0f, 0.22f}, {8.0f, -0.20f},
};

} // namespace

Colour OverlayStyle::zoneColour(ZoneKind kind, std::size_t indexWithinKind) const {
    const Colour& base = kind == ZoneKind::Graft ? graftColour
                         : kind == ZoneKind::Smp ? smpColour
                                                 : donorColour;
    const Variation& v = kVariations[indexWithinKind % std::size(kVariations)];
    Hsl hsl = toHsl(base);
    hsl.h = std::fmod(hsl.h + v.hueDeg + 360.0f, 360.0f);
    hsl.l = std::clamp(hsl.l + v.lightness, 0.22f, 0.82f);
    return fromHsl(hsl, base.a);
}

Colour OverlayStyle::zoneColour(const Plan& plan, std::size_t zoneIndex) const {
    const ZoneKind kind = plan.zones[zoneIndex].kind;
    const auto before = std::count_if(plan.zones.begin(),
                                      plan.zones.begin() + static_cast<std::ptrdiff_t>(zoneIndex),
                                      [kind](const Zone& z) { return z.kind == kind; });
    return zoneColour(kind, static_cast<std::size_t>(before));
}

OverlayStyle scaledSizes(OverlayStyle style, float factor) {
    for (float* size :
         {&style.outlineWidthPx, &style.smoothHairlineWidthPx, &style.frontEdgeWidthPx,
          &style.glabellaRadiusPx, &style.glabellaWidthPx, &style.midlineWidthPx,
          &style.rulerWidthPx, &style.rulerTickPx, &style.dashPx, &style.dashGapPx})
        *size *= factor;
    return style;
}

} // namespace hp::render
