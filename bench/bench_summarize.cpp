// hairplan_bench: what the counting costs. The clinic and sample plans are what the editor
// recomputes on every frame of a drag; the 200 x 2,000 plan is the load the README's budget is
// stated for (scripts/bench compares it with the same layering done with GEOS).
#include "clinic_plan.hpp"
#include "planning/hairline.hpp"
#include "planning/layered_area.hpp"
#include "planning/plan_io.hpp"
#include "planning/stacks.hpp"
#include "planning/summary.hpp"

#include <array>
#include <benchmark/benchmark.h>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace {

constexpr int kBigZones = 200;
constexpr int kBigVertices = 2000;

// Built once per process: generating the big plan takes longer than some benchmarks.
const hp::Plan& bigPlan() {
    static const hp::Plan plan = hp::bench::scalpPlan(kBigZones, kBigVertices);
    return plan;
}

std::int64_t vertexCount(const hp::Plan& plan) {
    std::int64_t n = 0;
    for (const hp::Zone& z : plan.zones)
        n += static_cast<std::int64_t>(z.points.size());
    return n;
}

void setCounters(benchmark::State& state, const hp::Plan& plan) {
    state.counters["zones"] = static_cast<double>(plan.zones.size());
    state.counters["vertices/s"] = benchmark::Counter(
        static_cast<double>(vertexCount(plan)), benchmark::Counter::kIsIterationInvariantRate);
}

void summarizeLoop(benchmark::State& state, const hp::Plan& plan) {
    if (!hp::validatePlan(plan).empty()) {
        state.SkipWithError("generated plan is invalid");
        return;
    }
    for (auto _ : state) {
        hp::Summary s = hp::summarize(plan);
        benchmark::DoNotOptimize(s);
        benchmark::ClobberMemory();
    }
    setCounters(state, plan);
    const hp::Summary s = hp::summarize(plan);
    if (s.totals.grafts) state.counters["grafts"] = static_cast<double>(*s.totals.grafts);
}

// The plan-format.md example: 3 zones of 4 points and a 5-point hairline.
void BM_SummarizeSample(benchmark::State& state) {
    static const hp::Plan plan = hp::bench::samplePlan();
    summarizeLoop(state, plan);
}
BENCHMARK(BM_SummarizeSample)->Unit(benchmark::kMicrosecond);

// 20 overlapping zones of 400 vertices and a 9-point hairline with its band.
void BM_SummarizeClinic(benchmark::State& state) {
    static const hp::Plan plan = hp::bench::clinicPlan();
    summarizeLoop(state, plan);
}
BENCHMARK(BM_SummarizeClinic)->Unit(benchmark::kMicrosecond);

// The parts of BM_SummarizeClinic, each alone, so that a profile's split can be checked and a
// regression pinned to its part. Together they are most of summarize(); what is left is the
// figures, the warnings' text and the allocations of the Summary.

// The smooth hairline, its irregular front edge and the transition band.
void BM_ClinicHairline(benchmark::State& state) {
    static const hp::Plan plan = hp::bench::clinicPlan();
    for (auto _ : state) {
        std::optional<hp::HairlineGeometry> g = hp::planHairlineGeometry(plan);
        benchmark::DoNotOptimize(g);
        benchmark::ClobberMemory();
    }
}
BENCHMARK(BM_ClinicHairline)->Unit(benchmark::kMicrosecond);

// Mid-frontal height and mirror error, on a hairline built once.
void BM_ClinicHairlineMeasures(benchmark::State& state) {
    static const hp::Plan plan = hp::bench::clinicPlan();
    const std::optional<hp::HairlineGeometry> g = hp::planHairlineGeometry(plan);
    const double mmPerPx = hp::mmPerPx(*plan.calibration);
    for (auto _ : state) {
        benchmark::DoNotOptimize(hp::midFrontalHeightMm(g->smooth, *plan.glabella, mmPerPx));
        benchmark::DoNotOptimize(hp::mirrorErrorMm(g->smooth, *plan.glabella, mmPerPx));
    }
}
BENCHMARK(BM_ClinicHairlineMeasures)->Unit(benchmark::kMicrosecond);

// Whether each of the 20 outlines crosses itself (the warning, and whether a zone's drawn area
// is its shoelace area).
void BM_ClinicSelfCrossings(benchmark::State& state) {
    static const hp::Plan plan = hp::bench::clinicPlan();
    for (auto _ : state) {
        std::size_t crossing = 0;
        for (const hp::Zone& z : plan.zones)
            crossing += hp::countSelfCrossings(z.points, 0);
        benchmark::DoNotOptimize(crossing);
    }
}
BENCHMARK(BM_ClinicSelfCrossings)->Unit(benchmark::kMicrosecond);

// The three counting stacks' layered areas (the graft stack with the band on top), every
// outline known to be simple, as summarize() calls them.
void BM_ClinicLayeredAreas(benchmark::State& state) {
    static const hp::Plan plan = hp::bench::clinicPlan();
    const std::optional<hp::HairlineGeometry> g = hp::planHairlineGeometry(plan);
    const std::array<hp::Stack, 3> stacks = hp::countingStacks(plan, &g->band);
    for (auto _ : state) {
        for (const hp::Stack& stack : stacks) {
            const std::vector<bool> simple(stack.zones.size(), true);
            std::vector<hp::LayerArea> areas = hp::layeredAreasPx(stack.outlines, simple);
            benchmark::DoNotOptimize(areas.data());
            benchmark::ClobberMemory();
        }
    }
}
BENCHMARK(BM_ClinicLayeredAreas)->Unit(benchmark::kMicrosecond);

// The whole summary of the 200 x 2,000 plan, without reading the file.
void BM_Summarize200x2000(benchmark::State& state) {
    summarizeLoop(state, bigPlan());
}
BENCHMARK(BM_Summarize200x2000)->Unit(benchmark::kMillisecond);

// The layering alone: all 200 outlines of the big plan as ONE stack (summarize makes one stack
// per kind; one stack of everything is the harder case, with every overlap in play).
void BM_LayeredAreas200x2000(benchmark::State& state) {
    const hp::Plan& plan = bigPlan();
    std::vector<const hp::Outline*> stack;
    for (const hp::Zone& z : plan.zones)
        stack.push_back(&z.points);
    for (auto _ : state) {
        std::vector<hp::LayerArea> areas = hp::layeredAreasPx(stack);
        benchmark::DoNotOptimize(areas.data());
        benchmark::ClobberMemory();
    }
    setCounters(state, plan);
}
BENCHMARK(BM_LayeredAreas200x2000)->Unit(benchmark::kMillisecond);

// The same 400,000 vertices cut into more and smaller zones: the sweep meets more edges on each
// scan line. A sweep that costs about n log n takes the same time on every row; one that costs
// n x (edges on a scan line) grows with the square root of the zone count.
void BM_LayeredAreasScaling(benchmark::State& state) {
    const hp::Plan plan =
        hp::bench::scalpPlan(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
    std::vector<const hp::Outline*> stack;
    for (const hp::Zone& z : plan.zones)
        stack.push_back(&z.points);
    for (auto _ : state) {
        std::vector<hp::LayerArea> areas = hp::layeredAreasPx(stack);
        benchmark::DoNotOptimize(areas.data());
        benchmark::ClobberMemory();
    }
    setCounters(state, plan);
}
BENCHMARK(BM_LayeredAreasScaling)
    ->ArgNames({"zones", "vertices"})
    ->Args({25, 16000})
    ->Args({100, 4000})
    ->Args({400, 1000})
    ->Args({1600, 250})
    ->Unit(benchmark::kMillisecond);

// Parsing and validating the 200 x 2,000 plan's JSON text (the file read itself excluded).
void BM_ParsePlan(benchmark::State& state) {
    const hp::Plan& plan = bigPlan();
    const std::string text = hp::planToJson(plan);
    if (!hp::parsePlanJson(text).plan) {
        state.SkipWithError("the generated plan's JSON does not parse");
        return;
    }
    for (auto _ : state) {
        hp::PlanLoad load = hp::parsePlanJson(text);
        benchmark::DoNotOptimize(load);
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(text.size()));
    state.counters["MB"] = static_cast<double>(text.size()) / 1e6;
}
BENCHMARK(BM_ParsePlan)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
