// The simulation view (issue 6): simulated graft sites and SMP dots over the photo. The marks
// are placed on a worker thread whenever the plan changes while the view is on, so a drag never
// waits for them: the canvas shows the last marks placed until the new ones arrive, a frame or
// two later. The counts never wait either; they come from summarize() as always.
#include "editor.hpp"

#include <chrono>
#include <exception>
#include <imgui.h>

namespace hp::app {

void Editor::setSimulationShown(bool shown) {
    showSimulation_ = shown;
    if (shown) updateSimulation();
}

bool Editor::simulationCurrent() const {
    return simulation_ && simulationPlanRevision_ == doc_.revision();
}

void Editor::updateSimulation() {
    if (simulationJob_.valid() &&
        simulationJob_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
        try {
            simulation_ = std::make_shared<const Simulation>(simulationJob_.get());
            simulationPlan_ = simulationJobPlan_;
            simulationPlanRevision_ = simulationJobRevision_;
            ++simulationSerial_;
        } catch (const std::exception& e) {
            // Only memory can run out here; the plan and its counts are untouched.
            notice_ = std::string("Cannot place the simulation's marks: ") + e.what();
            simulationPlanRevision_ = simulationJobRevision_; // not retried until the plan moves
        }
    }
    if (!showSimulation_ || simulationJob_.valid() || simulationPlanRevision_ == doc_.revision())
        return;
    simulationJobRevision_ = doc_.revision();
    simulationJobPlan_ = std::make_shared<const Plan>(doc_.plan());
    simulationJob_ =
        std::async(std::launch::async, [plan = simulationJobPlan_] { return simulate(*plan); });
}

void Editor::waitForSimulation() {
    while (showSimulation_ && !simulationCurrent()) {
        if (simulationJob_.valid()) simulationJob_.wait();
        const std::uint64_t before = simulationPlanRevision_;
        updateSimulation();
        if (simulationPlanRevision_ == before && !simulationJob_.valid()) return; // failed
    }
}

/// A label across the top of the canvas, so nobody takes the marks for a photo of the result.
void Editor::simulationLabel() {
    if (!showSimulation_) return;
    const char* text = summary_.calibrated
                           ? "SIMULATION \u2014 each mark is one planned graft or SMP dot; not a "
                             "prediction of growth"
                           : "Simulation: calibrate the plan (C) to place graft sites and dots";
    ImDrawList* draw = ImGui::GetForegroundDrawList();
    const ImVec2 size = ImGui::CalcTextSize(text);
    const float pad = 6.0f * uiScale_;
    const float centre = static_cast<float>(canvas_.x + canvas_.width / 2);
    const float top = static_cast<float>(canvas_.y) + (presentation_ ? 56.0f : 10.0f) * uiScale_;
    const ImVec2 from(centre - size.x / 2 - pad * 2, top);
    const ImVec2 to(centre + size.x / 2 + pad * 2, top + size.y + pad * 2);
    draw->AddRectFilled(from, to, IM_COL32(20, 24, 30, 200), pad * 2);
    draw->AddRect(from, to, IM_COL32(250, 210, 90, 255), pad * 2, 0, 1.5f * uiScale_);
    draw->AddText(ImVec2(from.x + pad * 2, from.y + pad), IM_COL32(250, 230, 170, 255), text);
}

} // namespace hp::app
