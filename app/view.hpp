// The canvas's view of the photo: zoom and pan. screen = image * zoom + offset, in screen
// pixels with y down (as ImGui's), both in the window's coordinates.
#pragma once

#include "planning/geometry.hpp"

#include <algorithm>
#include <cmath>

namespace hp::app {

struct ScreenRect {
    double x = 0, y = 0, width = 0, height = 0;
    bool contains(double px, double py) const {
        return px >= x && py >= y && px < x + width && py < y + height;
    }
};

struct View {
    double zoom = 1.0;
    double offsetX = 0.0;
    double offsetY = 0.0;

    static constexpr double kMinZoom = 0.01;
    static constexpr double kMaxZoom = 32.0;

    Point toScreen(Point image) const {
        return {image.x * zoom + offsetX, image.y * zoom + offsetY};
    }
    Point toImage(Point screen) const {
        return {(screen.x - offsetX) / zoom, (screen.y - offsetY) / zoom};
    }

    /// Zooms by `factor` keeping the image point under `screen` where it is.
    void zoomAbout(Point screen, double factor) {
        const Point anchor = toImage(screen);
        zoom = std::clamp(zoom * factor, kMinZoom, kMaxZoom);
        offsetX = screen.x - anchor.x * zoom;
        offsetY = screen.y - anchor.y * zoom;
    }

    /// The whole image in `area`, centred, with a small margin.
    static View fit(double imageWidth, double imageHeight, const ScreenRect& area) {
        View v;
        if (imageWidth <= 0 || imageHeight <= 0 || area.width <= 0 || area.height <= 0) return v;
        v.zoom = std::clamp(0.96 * std::min(area.width / imageWidth, area.height / imageHeight),
                            kMinZoom, kMaxZoom);
        v.offsetX = area.x + (area.width - imageWidth * v.zoom) / 2;
        v.offsetY = area.y + (area.height - imageHeight * v.zoom) / 2;
        return v;
    }

    /// 100%: one image pixel per screen pixel, centred on the area's centre.
    static View actualSize(const View& current, const ScreenRect& area) {
        View v = current;
        v.zoomAbout({area.x + area.width / 2, area.y + area.height / 2}, 1.0 / current.zoom);
        return v;
    }
};

} // namespace hp::app
