// The simulation's marks (render/marks.hpp) on a clinic screen: 50,000 marks (30,000 graft
// sites of 1-3 hairs, 60,000 hair strokes, and 20,000 SMP dots: 80,000 instances) over a
// 24-megapixel photo, drawn into a 1920 x 1080 framebuffer through EGL, as the canvas draws them
// every frame: the photo fitted to the screen (every mark drawn) and at 100% (the marks near the
// view drawn: "drawn" counts them).
//
// BM_DrawMarks50k times draw() alone, the CPU time of the calling thread: its GL calls and what
// the driver does inside them before returning. Not glFinish: the rasterising that follows runs
// on the GPU (on llvmpipe, on its own threads), and each iteration waits for it outside the
// timed part. BM_DrawMarks50kFinished includes glFinish, in wall time and the whole process's
// CPU time, for the full cost on this machine. Uploading (once per change of the simulation) is
// timed apart.
#include "planning/plan.hpp"
#include "planning/simulation.hpp"
#include "render/framebuffer.hpp"
#include "render/marks.hpp"
#include "render/offscreen_context.hpp"

#include <benchmark/benchmark.h>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <glad/gl.h>
#include <optional>
#include <string>

namespace {

using namespace hp;
using namespace hp::render;

constexpr int kPhotoWidth = 6000;
constexpr int kPhotoHeight = 4000;
constexpr int kScreenWidth = 1920;
constexpr int kScreenHeight = 1080;
constexpr int kSites = 30'000;
constexpr int kDots = 20'000;

/// Marks over the whole photo on jittered grids, hairs pointing roughly down: the drawing's
/// cost depends on how many there are and how large they are on the screen, not on where.
Simulation fiftyThousandMarks() {
    Simulation simulation;
    simulation.mmPerPx = 0.1;
    ZoneMarks grafts;
    grafts.zoneIndex = 0;
    grafts.kind = FigureKind::Graft;
    ZoneMarks smp;
    smp.zoneIndex = 1;
    smp.kind = FigureKind::Smp;
    auto grid = [](int n, int i) {
        const int columns =
            static_cast<int>(std::ceil(std::sqrt(n * double(kPhotoWidth) / kPhotoHeight)));
        const int rows = (n + columns - 1) / columns;
        const std::uint32_t h = static_cast<std::uint32_t>(i) * 2654435761u;
        const double jx = ((h >> 8) & 0xFF) / 255.0 - 0.5, jy = ((h >> 16) & 0xFF) / 255.0 - 0.5;
        return Point{(i % columns + 0.5 + 0.6 * jx) * kPhotoWidth / columns,
                     (i / columns + 0.5 + 0.6 * jy) * kPhotoHeight / rows};
    };
    for (int i = 0; i < kSites; ++i) {
        const double a = 0.3 * std::sin(i * 0.37);
        grafts.sites.push_back(
            {grid(kSites, i), {std::sin(a), std::cos(a)}, static_cast<std::uint8_t>(1 + i % 3)});
    }
    for (int i = 0; i < kDots; ++i)
        smp.dots.push_back(grid(kDots, i));
    simulation.zones = {grafts, smp};
    return simulation;
}

Plan planOfTwoZones() {
    Plan plan;
    plan.imageSize = std::pair{kPhotoWidth, kPhotoHeight};
    plan.calibration = ScaleCalibration{0.1};
    plan.zones.push_back(makeZone(ZoneKind::Graft, "Grafts", {{0, 0}, {1, 0}, {1, 1}}));
    plan.zones.push_back(makeZone(ZoneKind::Smp, "SMP", {{0, 0}, {1, 0}, {1, 1}}));
    return plan;
}

/// An EGL context, a screen-sized framebuffer and a renderer with the marks uploaded.
struct Scene {
    std::optional<OffscreenContext> context;
    std::optional<Framebuffer> framebuffer;
    std::optional<MarkRenderer> renderer;
    Plan plan = planOfTwoZones();
    Simulation simulation = fiftyThousandMarks();
    std::string error;

    bool make() {
        unsetenv("DISPLAY");
        context = OffscreenContext::create(&error);
        if (!context) return false;
        framebuffer = Framebuffer::create(kScreenWidth, kScreenHeight, &error);
        if (!framebuffer) return false;
        renderer = MarkRenderer::create(&error);
        if (!renderer) return false;
        renderer->setMarks(plan, simulation);
        framebuffer->bind();
        return true;
    }
};

/// The photo fitted to the screen (every mark on it), or shown at 100% (most of them off it).
ImageToTarget view(bool fitted) {
    if (fitted) {
        const double scale = static_cast<double>(kScreenHeight) / kPhotoHeight; // 0.27
        return {
            scale, {(kScreenWidth - kPhotoWidth * scale) / 2.0, 0.0}, kScreenWidth, kScreenHeight};
    }
    return {1.0, {-2000.0, -1500.0}, kScreenWidth, kScreenHeight};
}

void clearAndWait() {
    glClearColor(0.8f, 0.7f, 0.6f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    glFinish();
}

void BM_DrawMarks50k(benchmark::State& state) {
    Scene scene;
    if (!scene.make()) return state.SkipWithError(scene.error.c_str());
    const ImageToTarget xf = view(state.range(0) != 0);
    scene.renderer->draw(xf); // compiles the shaders' variants
    clearAndWait();
    for (auto _ : state) {
        scene.renderer->draw(xf);
        state.PauseTiming();
        clearAndWait();
        state.ResumeTiming();
    }
    const MarkDrawStats& drawn = scene.renderer->lastDrawStats();
    state.counters["instances"] =
        static_cast<double>(scene.renderer->hairCount() + scene.renderer->dotCount());
    state.counters["drawn"] = static_cast<double>(drawn.hairs + drawn.dots);
    state.counters["calls"] = static_cast<double>(drawn.drawCalls);
    state.SetLabel(state.range(0) ? "fitted" : "100%");
}
BENCHMARK(BM_DrawMarks50k)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);

void BM_DrawMarks50kFinished(benchmark::State& state) {
    Scene scene;
    if (!scene.make()) return state.SkipWithError(scene.error.c_str());
    const ImageToTarget xf = view(state.range(0) != 0);
    scene.renderer->draw(xf);
    clearAndWait();
    for (auto _ : state) {
        scene.renderer->draw(xf);
        glFinish();
        state.PauseTiming();
        clearAndWait();
        state.ResumeTiming();
    }
    state.SetLabel(state.range(0) ? "fitted" : "100%");
}
BENCHMARK(BM_DrawMarks50kFinished)
    ->Arg(1)
    ->Arg(0)
    ->MeasureProcessCPUTime()
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// Building the 80,000 instances from the simulation, on the CPU.
void BM_BuildMarks50k(benchmark::State& state) {
    const Plan plan = planOfTwoZones();
    const Simulation simulation = fiftyThousandMarks();
    MarkInstances marks;
    for (auto _ : state) {
        buildMarkInstances(plan, simulation, marks);
        benchmark::DoNotOptimize(marks.hairs.data());
    }
}
BENCHMARK(BM_BuildMarks50k)->Unit(benchmark::kMillisecond);

// setMarks: building and uploading them (1.8 MB), as after each change of the simulation.
void BM_UploadMarks50k(benchmark::State& state) {
    Scene scene;
    if (!scene.make()) return state.SkipWithError(scene.error.c_str());
    for (auto _ : state) {
        scene.renderer->setMarks(scene.plan, scene.simulation);
        state.PauseTiming();
        glFinish();
        state.ResumeTiming();
    }
}
BENCHMARK(BM_UploadMarks50k)->Unit(benchmark::kMillisecond);

} // namespace
