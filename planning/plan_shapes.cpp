#include "plan_shapes.hpp"

#include "hairline.hpp"
#include "stacks.hpp"

namespace hp {

PlanShapes planShapes(const Plan& plan) {
    return planShapes(plan, planHairlineGeometry(plan));
}

PlanShapes planShapes(const Plan& plan, const std::optional<HairlineGeometry>& hairline) {
    PlanShapes shapes;
    shapes.zones.resize(plan.zones.size());

    const Outline* band = nullptr;
    if (hairline) {
        shapes.smoothHairline = hairline->smooth.points;
        shapes.frontEdge = hairline->frontEdge;
        if (!hairline->band.empty()) {
            band = &hairline->band;
            shapes.band = {hairline->band};
        }
    } else if (plan.hairline) {
        // Without a scale there is no band, but the designed curve still shows.
        const std::vector<Point> controls = distinctControlPoints(plan.hairline->points);
        if (controls.size() >= 2)
            shapes.smoothHairline =
                sampleSmoothHairline(controls, plan.hairline->scalpSide, 4.0).points;
    }

    for (const Stack& stack : countingStacks(plan, band)) {
        std::vector<Region> visible = visibleRegions(stack.outlines);
        for (std::size_t m = 0; m < stack.zones.size(); ++m)
            shapes.zones[stack.zones[m]].visible = std::move(visible[m]);
    }
    return shapes;
}

} // namespace hp
