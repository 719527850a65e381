// Draws the simulation shown to the patient (planning/simulation.hpp): every planned hair as a
// short tapered stroke and every planned SMP dot as a small soft dot, in image space under the
// same transform as the overlays (render/overlay.hpp), so the canvas and the exported image
// show the same marks.
//
// The marks are uploaded once per simulation (setMarks) and drawn with instanced draw calls, one
// per kind when all are in view, so a frame costs a few GL calls however many marks there are.
#pragma once

#include "planning/plan.hpp"
#include "planning/simulation.hpp"
#include "render/gl_program.hpp"
#include "render/mark_grid.hpp"
#include "render/overlay.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hp::render {

/// How a simulated hair looks, in millimetres on the scalp (converted with Simulation::mmPerPx).
/// Short, like hair a week or two after a close crop: long enough to read as hair and show
/// its direction, short enough that the planned density, not a hairstyle, is what shows.
struct HairLook {
    double minLengthMm = 3.0; ///< each hair's visible length is drawn from [min, max] by a hash
    double maxLengthMm = 5.0;
    double rootWidthMm = 0.085;   ///< a terminal scalp hair is about 0.06-0.10 mm thick
    double widthVariation = 0.10; ///< each hair's width within +-10% of rootWidthMm
    /// The band's single hairs: finer, as the hairs a surgeon chooses for a hairline are.
    double bandWidthFactor = 0.8;
    /// The hairs of one graft leave its site together and fan out this many degrees apart,
    /// each turned a further +-jitter degrees by a hash: nearly parallel, as the hairs of one
    /// follicular unit grow (wider fans read as little V's, not as hair).
    double fanDegrees = 3.5;
    double jitterDegrees = 1.5;
    /// Each hair's colour is the plan's hair colour times a lightness factor in this range.
    double minLightness = 0.85;
    double maxLightness = 1.12;
};

/// How a simulated SMP dot looks: a soft dot of pigment seen through the skin, small and not
/// quite opaque, so that a hundred or so per cm² read as shaved stubble rather than as spots
/// (sizes and opacities chosen by looking at the sample at full resolution).
struct DotLook {
    double minDiameterMm = 0.5; ///< each dot's diameter is drawn from [min, max] by a hash
    double maxDiameterMm = 0.8;
    double minOpacity = 0.62; ///< the pigment's opacity at the dot's centre, by a hash
    double maxOpacity = 0.82;
    /// Each dot's colour is its zone's pigment times a lightness factor in this range.
    double minLightness = 0.92;
    double maxLightness = 1.08;
};

/// A hair's width at its tip over its width at the root.
inline constexpr float kHairTipWidthFactor = 0.45f;

/// One hair as drawn: a stroke from `root` along `tip` (the root-to-tip vector), both in image
/// pixels, `widthPx` wide at the root (image pixels) and tapering to kHairTipWidthFactor of it
/// at the tip, opaque at the root and fading out over the outer part of its length, in `rgba`
/// (straight alpha).
struct HairMark {
    float rootX = 0.0f, rootY = 0.0f;
    float tipX = 0.0f, tipY = 0.0f;
    float widthPx = 0.0f;
    std::array<std::uint8_t, 4> rgba{};
};
static_assert(sizeof(HairMark) == 24);

/// One SMP dot as drawn: its centre and nominal diameter in image pixels (where its opacity
/// has fallen to about half), in `rgba` (straight alpha; `a` is its centre's opacity).
struct DotMark {
    float x = 0.0f, y = 0.0f;
    float diameterPx = 0.0f;
    std::array<std::uint8_t, 4> rgba{};
};
static_assert(sizeof(DotMark) == 16);

/// Every mark of a simulation, as uploaded.
struct MarkInstances {
    std::vector<HairMark> hairs; ///< one per planned hair: a site with k hairs gives k
    std::vector<DotMark> dots;   ///< one per planned SMP dot
};

/// The marks of `simulation` (made from `plan`, whose colours they take: the hair colour of
/// plan.simulation, each SMP zone's pigment). Hairs and dots in the simulation's order: the
/// band's and each graft zone's sites, site by site, each site's hairs together. Every size
/// and variation follows from Simulation::mmPerPx and from a hash of the site's position and the
/// hair's number within it, so the same simulation gives the same marks, and a site that does
/// not move keeps its look while other sites change. No marks when mmPerPx is not positive.
/// Writes into `out`, reusing its storage.
void buildMarkInstances(const Plan& plan, const Simulation& simulation, MarkInstances& out,
                        const HairLook& hairLook = {}, const DotLook& dotLook = {});
MarkInstances buildMarkInstances(const Plan& plan, const Simulation& simulation,
                                 const HairLook& hairLook = {}, const DotLook& dotLook = {});

/// How draw() draws the uploaded marks. Sizes are TARGET pixels.
struct MarkOptions {
    bool showHairs = true;
    bool showDots = true;
    /// Zoomed out, a hair is never drawn thinner than this, nor a dot smaller, so that no mark
    /// falls between pixels. To keep the picture honest (a mark drawn wider than it is would
    /// look denser than the plan), such a mark is made fainter in proportion to its true size,
    /// but not below `minInk`: a zone then looks as dark as the full-resolution picture scaled
    /// down. The default 0 keeps exactly that; a floor makes lone marks easier to see at the
    /// price of overstating coverage (0.5 looked about twice as dense at a quarter scale).
    float minHairWidthPx = 1.0f;
    float minDotDiameterPx = 1.5f;
    float minInk = 0.0f;
    /// Multiplies every mark's opacity (a canvas may fade the simulation in and out).
    float opacity = 1.0f;
};

/// The overlays' look under the marks (the editor's simulation view and `export --preview`):
/// `style` with the zone and band fills faded to a tint, the zones' outlines thin, and the
/// hairlines and the midline thin and light, so that the marks are what the eye reads and the
/// plan's zones can still be told apart.
OverlayStyle underMarks(OverlayStyle style);

/// What the last draw() did, for tests and benchmarks.
struct MarkDrawStats {
    std::size_t hairs = 0; ///< instances drawn (those in cells that reach into the target)
    std::size_t dots = 0;
    std::size_t drawCalls = 0;
};

/// The OpenGL drawing of a simulation's marks. Owns two shader programs and, per kind, a vertex
/// array and an instance buffer.
///
/// Every member, the destructor included, needs the GL context it was made in to be current on
/// the calling thread; destroy it before its context.
class MarkRenderer {
  public:
    /// Needs a current OpenGL 3.3 core context with glad loaded. Compiles the shaders and makes
    /// the vertex arrays and buffers (empty: no marks until setMarks). On failure returns
    /// nullopt and, when `error` is not null, sets it to the reason.
    static std::optional<MarkRenderer> create(std::string* error = nullptr);

    MarkRenderer(MarkRenderer&& other) noexcept;
    MarkRenderer& operator=(MarkRenderer&& other) noexcept;
    MarkRenderer(const MarkRenderer&) = delete;
    MarkRenderer& operator=(const MarkRenderer&) = delete;
    ~MarkRenderer();

    /// Builds the marks of `simulation` (buildMarkInstances) and uploads them, replacing the
    /// previous ones. Call it when the simulation or the plan's colours change, not every
    /// frame. GL state: the GL_ARRAY_BUFFER binding is restored.
    void setMarks(const Plan& plan, const Simulation& simulation);
    /// Uploads marks built by the caller.
    void setMarks(const MarkInstances& marks);
    /// No marks: draw() draws nothing until the next setMarks.
    void clearMarks();

    std::size_t hairCount() const { return hairCount_; } ///< uploaded hair instances
    std::size_t dotCount() const { return dotCount_; }   ///< uploaded dot instances

    /// Draws the uploaded marks, the dots first and the hairs over them, each kind with
    /// glDrawArraysInstanced: one call when every mark may be on the target, else one per row
    /// of grid cells (MarkGrid) that reaches into it, skipping the marks that cannot, so a
    /// zoomed-in view costs what it shows. Draws into the bound draw framebuffer, inside the
    /// current viewport, which must be xf.targetWidthPx x xf.targetHeightPx pixels (and inside the
    /// scissor box if the scissor test is on; the colour write mask is respected). Blending is
    /// "over" for colour and alpha alike, straight alpha, as OverlayRenderer's, so an opaque
    /// target stays opaque. Returns false, drawing nothing, when xf's target size is not
    /// positive or its scale is not positive and finite.
    ///
    /// GL state: everything it sets is restored as it was: program, vertex array and
    /// GL_ARRAY_BUFFER bindings, blending (enable, functions, equations), depth test, stencil
    /// test and face culling enables. It assumes polygon mode GL_FILL and no rasterizer discard.
    bool draw(const ImageToTarget& xf, const MarkOptions& options = {});

    const MarkDrawStats& lastDrawStats() const { return stats_; }

  private:
    struct Kind {
        GlProgram program;
        int scaleLocation = -1;
        int offsetLocation = -1;
        int targetSizeLocation = -1;
        int minSizeLocation = -1;
        int minInkLocation = -1;
        int opacityLocation = -1;
        unsigned vertexArray = 0; // GLuint, without including GL headers here
        unsigned buffer = 0;
        /// Points the vertex array's attributes at instance `first` of the bound buffer.
        void (*pointAttributes)(std::size_t first) = nullptr;
        std::size_t pointedAt = 0; // the instance the attributes start at now
        MarkGrid grid{};           // the uploaded instances are in grid order
    };

    MarkRenderer(Kind hairs, Kind dots);
    void release() noexcept;
    /// Draws the runs of `kind` that reach into the target; `reachPx` is how far beyond its
    /// image-space reach a mark may grow on the target (target pixels).
    void drawKind(Kind& kind, const ImageToTarget& xf, float minSizePx, double reachPx,
                  const MarkOptions& options, std::size_t& drawn);

    Kind hairs_;
    Kind dots_;
    std::size_t hairCount_ = 0;
    std::size_t dotCount_ = 0;
    MarkInstances scratch_; // setMarks(plan, simulation)'s storage, reused
    MarkInstances ordered_; // the marks in grid order, as uploaded
    std::vector<Point> anchors_;
    std::vector<std::uint32_t> order_;
    std::vector<MarkRun> runs_;
    MarkDrawStats stats_;
};

} // namespace hp::render
