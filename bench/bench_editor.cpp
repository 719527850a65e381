// hairplan_bench_editor: the editor's own CPU time per frame (ImGui interface, input, derived
// figures), with the sample plan over a 24-megapixel photo. No window and no GL: the GPU's work
// and the overlay's GL calls are outside (render's tests measure the overlay's CPU cost).
#include "app/editor.hpp"
#include "planning/plan_io.hpp"

#include <benchmark/benchmark.h>
#include <imgui.h>

namespace {

using namespace hp;
using namespace hp::app;

// An ImGui context with its font atlas built and a clinic-screen display size.
struct Headless {
    ImGuiContext* context = ImGui::CreateContext();
    Headless() {
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(1920, 1080);
        io.DeltaTime = 1.0f / 60.0f;
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    }
    ~Headless() { ImGui::DestroyContext(context); }
};

Editor sampleEditor() {
    EditorServices services;
    services.photoSize = [](const std::filesystem::path&, std::string*) {
        return std::optional<std::pair<int, int>>({6000, 4000}); // 24 MP
    };
    PlanLoad load = loadPlanFile(HAIRPLAN_ASSETS "/sample/plan.json");
    return Editor(Document(std::move(*load.plan), HAIRPLAN_ASSETS "/sample/plan.json"), services);
}

void frame(Editor& editor) {
    ImGui::NewFrame();
    editor.frame();
    ImGui::Render();
}

// The plan does not change: the interface alone.
void BM_EditorFrameIdle(benchmark::State& state) {
    Headless ui;
    Editor editor = sampleEditor();
    frame(editor);
    for (auto _ : state)
        frame(editor);
}
BENCHMARK(BM_EditorFrameIdle)->Unit(benchmark::kMicrosecond);

// A hairline control point dragged: every frame changes the plan, so the counts, warnings and
// shapes are recomputed, as while the surgeon drags.
void BM_EditorFrameDragging(benchmark::State& state) {
    Headless ui;
    Editor editor = sampleEditor();
    frame(editor);
    editor.setView(View{0.2, 0, 0});
    ImGuiIO& io = ImGui::GetIO();
    io.KeysDown['H'] = true;
    frame(editor);
    io.KeysDown['H'] = false;
    const Point control = editor.plan().hairline->points[1];
    io.MousePos = ImVec2(static_cast<float>(control.x * 0.2), static_cast<float>(control.y * 0.2));
    frame(editor);
    io.MouseDown[0] = true;
    frame(editor);
    int step = 0;
    for (auto _ : state) {
        io.MousePos.y += (step++ % 20 < 10) ? 1.0f : -1.0f;
        frame(editor);
    }
    io.MouseDown[0] = false;
    frame(editor);
    if (!editor.document().canUndo()) state.SkipWithError("the drag did not reach the plan");
}
BENCHMARK(BM_EditorFrameDragging)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
