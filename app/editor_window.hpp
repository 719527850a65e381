// The editor's window: GLFW, the OpenGL context, ImGui and the frame loop (the canonical loop of
// Dear ImGui's example_glfw_opengl3: poll, new frames, the interface, render, swap).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace hp::app {

struct WindowOptions {
    std::optional<std::filesystem::path> file; ///< a plan or photo to open; else the sample
    int frames = 0;                   ///< > 0: quit after this many frames (tests, screenshots)
    std::filesystem::path screenshot; ///< with frames: write the last frame here as PNG
    float contentScale = 0.0f;        ///< > 0: use instead of the monitor's (HiDPI tests)
};

/// Runs the editor until the user quits. Returns the process's exit status; prints a
/// "hairplan: ..." line on stderr when the window cannot be opened.
int runEditor(const WindowOptions& options);

/// The bundled sample plan: assets/sample/plan.json beside the executable's build tree or the
/// source tree.
std::filesystem::path samplePlanPath();

} // namespace hp::app
