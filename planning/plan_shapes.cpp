#include "plan_shapes.hpp"

#include "hairline.hpp"
#include "stacks.hpp"

namespace hp {

PlanShapes planShapes(const Plan& plan) {
    PlanShapes shapes;
    shapes.zones.resize(plan.zones.size());

    Outline band;
    if (plan.hairline) {
        const std::vector<Point> controls = distinctControlPoints(plan.hairline->points);
        if (controls.size() >= 2) {
            if (plan.calibration) {
                HairlineGeometry g = buildHairlineGeometry(*plan.hairline, mmPerPx(*plan.calibration));
                shapes.smoothHairline = std::move(g.smooth.points);
                shapes.frontEdge = std::move(g.frontEdge);
                band = std::move(g.band);
            } else {
                shapes.smoothHairline =
                    sampleSmoothHairline(controls, plan.hairline->scalpSide, 4.0).points;
            }
        }
    }
    if (!band.empty()) shapes.band = regionOf(band);

    for (const Stack& stack : countingStacks(plan, &band)) {
        std::vector<Region> visible = visibleRegions(stack.outlines);
        for (std::size_t m = 0; m < stack.zones.size(); ++m)
            shapes.zones[stack.zones[m]].visible = std::move(visible[m]);
    }
    return shapes;
}

}  // namespace hp
