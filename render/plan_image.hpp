// The exported plan image: the photo with the plan's overlays drawn by the same OverlayRenderer
// as the editor's canvas, rendered offscreen at the photo's resolution (or scaled to a chosen
// width), read back, with the legend band appended below the photo.
#pragma once

#include "planning/plan.hpp"
#include "planning/simulation.hpp"
#include "render/marks.hpp"
#include "render/overlay_style.hpp"
#include "render/rgba_image.hpp"
#include "version.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace hp::render {

/// Exports are limited like photos (render/photo.hpp): a 100 MP RGBA image is 400 MB.
inline constexpr std::int64_t kMaxPlanImagePixels = 100'000'000;
/// The widths `PlanImageOptions::widthPx` may ask for (the --width of plan-format.md §4).
inline constexpr int kMinPlanImageWidthPx = 16;
inline constexpr int kMaxPlanImageWidthPx = 30'000;

/// The overlays' sizes (OverlayStyle, in target pixels) are meant for a canvas about this wide;
/// an export scales them by its width over this, within the clamp below, so that lines look
/// the same on a 6000-pixel image as on the screen.
inline constexpr double kStyleReferenceWidthPx = 1500.0;
inline constexpr float kMinStyleFactor = 0.75f; ///< thin images: lines stay visible
inline constexpr float kMaxStyleFactor = 16.0f; ///< huge images: lines do not turn into bars

/// What the legend band says besides the plan's own figures.
struct LegendText {
    std::string fileName; ///< the plan's file name, as the user knows it
    std::string date;     ///< the export's date, YYYY-MM-DD
    std::string version = kVersion;
    bool simulation = false; ///< the image shows simulated graft sites or dots (legend.hpp)
};

struct PlanImageOptions {
    /// The output image's width in pixels; 0 keeps the photo's (or image_size's) width. The
    /// height follows the photo's aspect ratio; photo and overlays are scaled together.
    int widthPx = 0;
    /// Appends the legend band (render/legend.hpp) below the photo; it needs an image at least
    /// kMinLegendWidthPx wide. Without it the image is exactly the photo's size (at its
    /// width) and every pixel away from the overlays is the photo's.
    bool legend = true;
    LegendText legendText;
    /// The overlays' look at kStyleReferenceWidthPx; scaled for the output by styleFactor().
    OverlayStyle style;
    /// The simulation to show (`hairplan export --preview`): when not null, its marks are
    /// drawn over the overlays, which are drawn with underMarks(style) (faded fills, thin
    /// outlines) so that the marks are what the eye reads, and the legend says that the marks
    /// are a simulation. It must be simulate(plan). Not owned; read during the call only.
    const Simulation* simulation = nullptr;
    /// How the marks are drawn (in output pixels: the marks' own sizes are in mm).
    MarkOptions marks;
    /// The largest framebuffer drawn at once, per side; also capped by the GL limits
    /// (GL_MAX_RENDERBUFFER_SIZE, GL_MAX_VIEWPORT_DIMS). Larger images are drawn in tiles.
    /// Tests pass a small value to get many tiles; at least 16.
    int maxTileSizePx = 4096;
};

/// Where the photo is (width, height in pixels) for `plan` with a decoded photo of
/// `photoSize`, or, with no photo, its image_size. Nullopt when there is neither.
std::optional<std::pair<int, int>> planImageSourceSize(const Plan& plan, const RgbaImage* photo);

/// The photo part's size in the output for a source of `source` pixels at `widthPx` (0: the
/// source's width): the width, and the height by the source's aspect ratio, rounded, at
/// least 1.
std::pair<int, int> planImageSize(std::pair<int, int> source, int widthPx);

/// The factor OverlayStyle sizes are multiplied by for an output `outputWidthPx` wide.
float styleFactor(int outputWidthPx);

/// The outcome of renderPlanImage(): either `image` is set, or `error` says why there is none
/// and `badInput` whether the inputs are at fault (an image over kMaxPlanImagePixels, a width
/// out of range, too narrow for the legend, a plan with nothing to size the image by) rather
/// than the machine (no context, GPU out of memory, the legend's font missing).
struct PlanImage {
    std::optional<RgbaImage> image;
    std::string error;
    bool badInput = false;
};

/// Renders the plan image: clears to a light background, draws `photo` (when not null; a plan
/// without a photo is drawn on the background, sized by its image_size) scaled to the output,
/// then the overlays of `plan` with options.style scaled by styleFactor(), then the marks of
/// options.simulation when there is one (a mark that crosses a tile's border is drawn in both
/// tiles, under the same transform, so the seams do not show); tile by tile into a
/// Framebuffer, each tile drawn with the offset that places it, read back and stitched into
/// one image; then, with options.legend, the legend band below it. Plan coordinates are pixels
/// of `photo` (or of image_size).
///
/// Needs a current OpenGL 3.3 core context with glad loaded (an OffscreenContext). Restores
/// the framebuffer bindings, viewport, clear colour, blending and scissor test it changes.
/// `plan` must be valid (validatePlan). Deterministic: the same inputs give the same pixels on
/// the same renderer.
PlanImage renderPlanImage(const Plan& plan, const RgbaImage* photo,
                          const PlanImageOptions& options);

} // namespace hp::render
