#include "editor_window.hpp"

#include "canvas_renderer.hpp"
#include "editor.hpp"
#include "export_command.hpp"
#include "photo_loads.hpp"
#include "render/photo.hpp"
#include "ui_style.hpp"

#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <algorithm>
#include <cstdio>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <iostream>
#include <sstream>
#include <stb_image_write.h>
#include <vector>

namespace hp::app {

namespace fs = std::filesystem;

namespace {

// What GLFW's callbacks report, read by the loop.
struct WindowEvents {
    std::vector<fs::path> dropped;
    bool closeRequested = false;
    std::vector<int> pressed;  ///< keys pressed since the last frame
    std::vector<int> released; ///< keys released since the last frame
    std::vector<int> latched;  ///< keys held down for one frame by holdQuickKeys
};

void onKey(GLFWwindow* window, int key, int /*scancode*/, int action, int /*mods*/) {
    if (key < 0 || key >= 512) return;
    auto* events = static_cast<WindowEvents*>(glfwGetWindowUserPointer(window));
    if (action == GLFW_PRESS) events->pressed.push_back(key);
    if (action == GLFW_RELEASE) events->released.push_back(key);
}

bool isModifier(int key) {
    return key == GLFW_KEY_LEFT_CONTROL || key == GLFW_KEY_RIGHT_CONTROL ||
           key == GLFW_KEY_LEFT_SHIFT || key == GLFW_KEY_RIGHT_SHIFT || key == GLFW_KEY_LEFT_ALT ||
           key == GLFW_KEY_RIGHT_ALT || key == GLFW_KEY_LEFT_SUPER || key == GLFW_KEY_RIGHT_SUPER;
}

// ImGui 1.86 reads keys as a state (io.KeysDown), not as a queue of events: a key pressed and
// released between two frames, as a fast typist or a scripted `xdotool key ctrl+s` does, would
// never be seen. Such keys are held down for one frame, then let go.
void holdQuickKeys(WindowEvents& events) {
    ImGuiIO& io = ImGui::GetIO();
    for (const int key : events.latched)
        io.KeysDown[key] = false;
    events.latched.clear();
    // A modifier let go in the same moment as the key it modified (Ctrl released right after S)
    // still counts for that key.
    const bool keyPressed = std::any_of(events.pressed.begin(), events.pressed.end(),
                                        [](int key) { return !isModifier(key); });
    for (const int key : events.released)
        if (keyPressed && isModifier(key)) events.pressed.push_back(key);
    for (const int key : events.pressed)
        if (!io.KeysDown[key]) {
            io.KeysDown[key] = true;
            events.latched.push_back(key);
        }
    events.pressed.clear();
    events.released.clear();
    io.KeyCtrl = io.KeysDown[GLFW_KEY_LEFT_CONTROL] || io.KeysDown[GLFW_KEY_RIGHT_CONTROL];
    io.KeyShift = io.KeysDown[GLFW_KEY_LEFT_SHIFT] || io.KeysDown[GLFW_KEY_RIGHT_SHIFT];
    io.KeyAlt = io.KeysDown[GLFW_KEY_LEFT_ALT] || io.KeysDown[GLFW_KEY_RIGHT_ALT];
    io.KeySuper = io.KeysDown[GLFW_KEY_LEFT_SUPER] || io.KeysDown[GLFW_KEY_RIGHT_SUPER];
}

void onDrop(GLFWwindow* window, int count, const char** paths) {
    auto* events = static_cast<WindowEvents*>(glfwGetWindowUserPointer(window));
    for (int i = 0; i < count; ++i)
        events->dropped.emplace_back(paths[i]);
}

void onClose(GLFWwindow* window) {
    // The editor decides: it asks first when there are unsaved changes.
    glfwSetWindowShouldClose(window, GLFW_FALSE);
    static_cast<WindowEvents*>(glfwGetWindowUserPointer(window))->closeRequested = true;
}

void onGlfwError(int code, const char* description) {
    std::fprintf(stderr, "hairplan: window system error %d: %s\n", code, description);
}

bool writeScreenshot(const fs::path& file, int width, int height) {
    std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * height * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    // GL's rows run bottom-up: write them from the last.
    const int stride = width * 4;
    return stbi_write_png(file.c_str(), width, height, 4,
                          pixels.data() + static_cast<std::size_t>(height - 1) * stride,
                          -stride) != 0;
}

} // namespace

fs::path samplePlanPath() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    for (fs::path dir = exe.parent_path(); !dir.empty() && dir != dir.root_path();
         dir = dir.parent_path())
        if (fs::exists(dir / "assets/sample/plan.json", ec)) return dir / "assets/sample/plan.json";
    return fs::path(HAIRPLAN_SOURCE_DIR) / "assets/sample/plan.json";
}

int runEditor(const WindowOptions& options) {
    EditorServices services;
    services.photoSize = [](const fs::path& p, std::string* error) {
        return render::photoDisplaySize(p, error);
    };
    // A photo opened as a new plan is decoded (reduced) on the way, and the canvas shows that.
    PhotoLoads photos;
    services.openPhoto = [&photos](const fs::path& p, std::string* error) {
        return photos.open(p, error);
    };
    const RecoveryStore recovery(RecoveryStore::defaultFolder());
    services.recovery = &recovery;
    GLFWwindow* window = nullptr;
    // The export draws in its own offscreen context; the window's is made current again after.
    services.exportImage = [&window](const Plan& plan, const fs::path& planFile,
                                     const fs::path& out, bool preview) {
        glfwMakeContextCurrent(nullptr); // one thread, one current context: EGL's, for now
        std::optional<std::string> error = cli::exportPlan(plan, planFile, out, preview);
        glfwMakeContextCurrent(window);
        return error;
    };
    // A file named on the command line that cannot be opened is a bad input: say so and stop
    // before any window appears (plan-format.md §4).
    const fs::path file = options.file ? *options.file : samplePlanPath();
    OpenResult opened = openAnyFile(file, services);
    if (!opened.document) {
        std::istringstream lines(opened.error);
        for (std::string line; std::getline(lines, line);)
            std::cerr << "hairplan: " << line << '\n';
        return 2;
    }

    glfwSetErrorCallback(onGlfwError);
    if (!glfwInit()) {
        std::cerr << "hairplan: cannot open a window (is there a display? for plans without one, "
                     "use hairplan summary or validate)\n";
        return 1;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_STENCIL_BITS, 8);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    window = glfwCreateWindow(1560, 960, "hairplan", nullptr, nullptr);
    if (!window) {
        std::cerr << "hairplan: cannot create an OpenGL 3.3 window\n";
        glfwTerminate();
        return 1;
    }
    WindowEvents events;
    glfwSetWindowUserPointer(window, &events);
    glfwSetDropCallback(window, onDrop);
    glfwSetWindowCloseCallback(window, onClose);
    glfwSetKeyCallback(window, onKey); // before ImGui's backend, which chains to it
    glfwMakeContextCurrent(window);
    if (!gladLoadGL(reinterpret_cast<GLADloadfunc>(glfwGetProcAddress))) {
        std::cerr << "hairplan: cannot load OpenGL 3.3\n";
        glfwDestroyWindow(window);
        glfwTerminate();
        return 1;
    }
    glfwSwapInterval(1);

    float contentScale = options.contentScale;
    if (contentScale <= 0) {
        float sx = 1, sy = 1;
        glfwGetWindowContentScale(window, &sx, &sy);
        contentScale = std::max(1.0f, sx);
    }

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // nothing written into the working folder
    applyUiStyle(contentScale);
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");

    int status = 0;
    {
        Editor editor(std::move(*opened.document), services);
        editor.offerRecovery(recovery.list());

        std::string error;
        std::optional<CanvasRenderer> canvas = CanvasRenderer::create(&error, photos);
        if (!canvas) {
            std::cerr << "hairplan: cannot draw the canvas: " << error << '\n';
            status = 1;
        }
        std::string title;
        for (int frame = 0; canvas && !editor.quitConfirmed(); ++frame) {
            if (options.frames > 0 && frame >= options.frames) break;
            glfwPollEvents();
            if (glfwGetWindowAttrib(window, GLFW_ICONIFIED)) {
                glfwWaitEventsTimeout(0.1); // sleep while minimised
                continue;
            }
            for (const fs::path& p : events.dropped)
                editor.requestOpen(p);
            events.dropped.clear();
            if (events.closeRequested) {
                editor.requestQuit();
                events.closeRequested = false;
            }

            holdQuickKeys(events);
            ImGui_ImplOpenGL3_NewFrame();
            ImGui_ImplGlfw_NewFrame();
            ImGui::NewFrame();
            editor.frame();
            ImGui::Render();

            if (editor.document().title() != title) {
                title = editor.document().title();
                glfwSetWindowTitle(window, title.c_str());
            }
            int width = 0, height = 0;
            glfwGetFramebufferSize(window, &width, &height);
            const float ratio = io.DisplaySize.x > 0 ? width / io.DisplaySize.x : 1.0f;
            canvas->draw(editor, width, height, ratio, contentScale);
            ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
            if (options.frames > 0 && frame == options.frames - 1 && !options.screenshot.empty() &&
                !writeScreenshot(options.screenshot, width, height)) {
                std::cerr << "hairplan: cannot write " << options.screenshot << '\n';
                status = 2;
            }
            glfwSwapBuffers(window);
        }
        if (editor.quitConfirmed() || options.frames > 0) editor.finish();
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return status;
}

} // namespace hp::app
