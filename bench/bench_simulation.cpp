// What the simulation's marks cost (planning/simulation.hpp). They are placed when the plan
// changes, not on every frame: the budget is 10,000 sites under 20 ms (README, Performance).
// The summary, shapes and hairline are computed once outside the loop, as the editor has them
// already when it asks for the marks; BM_SimulatePlanFromScratch includes them.
#include "clinic_plan.hpp"
#include "planning/hairline.hpp"
#include "planning/plan_shapes.hpp"
#include "planning/simulation.hpp"
#include "planning/summary.hpp"

#include <benchmark/benchmark.h>
#include <cmath>
#include <optional>

namespace {

struct Prepared {
    hp::Plan plan;
    std::optional<hp::HairlineGeometry> hairline;
    hp::Summary summary;
    hp::PlanShapes shapes;
};

Prepared prepare(hp::Plan plan) {
    Prepared p{std::move(plan), std::nullopt, {}, {}};
    p.hairline = hp::planHairlineGeometry(p.plan);
    p.summary = hp::summarize(p.plan, p.hairline);
    p.shapes = hp::planShapes(p.plan, p.hairline);
    return p;
}

// One hand-drawn graft zone (a wobbly outline of 400 vertices, about 9 cm across at 0.1 mm/px)
// whose density is set so that it counts `marks` grafts; or, for an SMP zone, dots.
hp::Plan oneZonePlan(long long marks, hp::ZoneKind kind) {
    hp::Plan plan;
    plan.calibration = hp::ScaleCalibration{0.1};
    plan.imageSize = {{4000, 3000}};
    hp::Zone zone =
        hp::makeZone(kind, "Zone", hp::bench::wobblyBlob({2000, 1500}, 1000, 400, 11, true));
    plan.zones.push_back(zone);
    const double areaCm2 = *hp::summarize(plan).zones[0].countedAreaCm2;
    const double density = static_cast<double>(marks) / areaCm2;
    (kind == hp::ZoneKind::Smp ? plan.zones[0].densityDotsCm2 : plan.zones[0].densityFuCm2) =
        density;
    return plan;
}

void simulateLoop(benchmark::State& state, const Prepared& p) {
    for (auto _ : state) {
        hp::Simulation sim = hp::simulate(p.plan, p.summary, p.shapes, p.hairline);
        benchmark::DoNotOptimize(sim);
        benchmark::ClobberMemory();
    }
    const hp::Simulation sim = hp::simulate(p.plan, p.summary, p.shapes, p.hairline);
    state.counters["sites"] = static_cast<double>(sim.siteCount());
    state.counters["dots"] = static_cast<double>(sim.dotCount());
    state.counters["marks/s"] =
        benchmark::Counter(static_cast<double>(sim.siteCount() + sim.dotCount()),
                           benchmark::Counter::kIsIterationInvariantRate);
}

// The budget's case: 10,000 graft sites in one zone (40 FU/cm² over 250 cm²), with their
// directions and hairs.
void BM_PlaceSites10k(benchmark::State& state) {
    static const Prepared p = prepare(oneZonePlan(10'000, hp::ZoneKind::Graft));
    simulateLoop(state, p);
}
BENCHMARK(BM_PlaceSites10k)->Unit(benchmark::kMillisecond);

// A full scalp of SMP: 50,000 dots (500 cm² at 100 dots/cm²).
void BM_PlaceDots50k(benchmark::State& state) {
    static const Prepared p = prepare(oneZonePlan(50'000, hp::ZoneKind::Smp));
    simulateLoop(state, p);
}
BENCHMARK(BM_PlaceDots50k)->Unit(benchmark::kMillisecond);

// The busy clinical plan of bench_summarize: an irregular hairline's band, 15 overlapping graft
// zones and 3 SMP zones (their counted regions are slivers and holes as much as areas).
void BM_SimulateClinic(benchmark::State& state) {
    static const Prepared p = prepare(hp::bench::clinicPlan());
    simulateLoop(state, p);
}
BENCHMARK(BM_SimulateClinic)->Unit(benchmark::kMillisecond);

// The same from the plan alone: hairline, summary and shapes included.
void BM_SimulatePlanFromScratch(benchmark::State& state) {
    static const hp::Plan plan = hp::bench::clinicPlan();
    for (auto _ : state) {
        hp::Simulation sim = hp::simulate(plan);
        benchmark::DoNotOptimize(sim);
        benchmark::ClobberMemory();
    }
}
BENCHMARK(BM_SimulatePlanFromScratch)->Unit(benchmark::kMillisecond);

} // namespace
