// The whole program in a real window (under xvfb-run when there is no display): it opens the
// sample, draws frames, writes its last frame and exits 0.
#include "support/run_process.hpp"

#include <catch2/catch.hpp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stb_image.h>
#include <sys/wait.h>
#include <unistd.h>

using hp::test::runProcess;
using hp::test::TempDir;

namespace {

struct Image {
    int width = 0, height = 0;
    std::vector<unsigned char> rgb;
    const unsigned char* at(int x, int y) const {
        return &rgb[(static_cast<std::size_t>(y) * width + x) * 3];
    }
};

Image loadPng(const std::string& file) {
    Image img;
    int channels = 0;
    unsigned char* data = stbi_load(file.c_str(), &img.width, &img.height, &channels, 3);
    REQUIRE(data != nullptr);
    img.rgb.assign(data, data + static_cast<std::size_t>(img.width) * img.height * 3);
    stbi_image_free(data);
    return img;
}

} // namespace

TEST_CASE("the editor opens the sample in a window, draws and exits 0", "[window]") {
    INFO("this test needs an X display: scripts/test runs it under xvfb-run");
    REQUIRE(std::getenv("DISPLAY") != nullptr);
    TempDir dir;
    const std::string shot = (dir.path / "editor.png").string();
    const auto r = runProcess(HAIRPLAN_EXE, {"--frames", "12", "--screenshot", shot});
    INFO(r.err);
    CHECK(r.exitCode == 0);
    CHECK(r.signal == 0);
    const Image img = loadPng(shot);
    CHECK(img.width == 1560);
    CHECK(img.height == 960);
    // The canvas shows the photo (not the empty canvas colour) in the middle of the front view,
    // and the panels are drawn on the right.
    int differing = 0;
    for (int x = 100; x < 1000; x += 50)
        for (int y = 200; y < 800; y += 50) {
            const unsigned char* p = img.at(x, y);
            differing += std::abs(p[0] - 41) + std::abs(p[1] - 43) + std::abs(p[2] - 48) > 30;
        }
    CHECK(differing > 50);
}

TEST_CASE("the editor opens a photo as a new plan", "[window]") {
    REQUIRE(std::getenv("DISPLAY") != nullptr);
    TempDir dir;
    const std::string shot = (dir.path / "photo.png").string();
    const auto r = runProcess(HAIRPLAN_EXE, {HAIRPLAN_ASSETS "/sample/front-back.jpg", "--frames",
                                             "4", "--screenshot", shot});
    INFO(r.err);
    CHECK(r.exitCode == 0);
    CHECK(loadPng(shot).width == 1560);
}

namespace {

// Runs a command and returns what it printed.
std::string output(const std::string& command) {
    std::string text;
    if (FILE* pipe = popen(command.c_str(), "r")) {
        char buffer[256];
        while (std::fgets(buffer, sizeof buffer, pipe))
            text += buffer;
        pclose(pipe);
    }
    return text;
}

struct Started {
    pid_t pid = -1;
    std::string window; ///< its X window id, for xdotool
};

// Starts hairplan on `plan` with its state folder in `state`; returns once its window is up
// (found by the process's id, so that a window of a process just killed is never taken for it).
Started startEditor(const std::filesystem::path& plan, const std::filesystem::path& state) {
    const pid_t pid = fork();
    if (pid == 0) {
        setenv("XDG_STATE_HOME", state.c_str(), 1);
        execl(HAIRPLAN_EXE, HAIRPLAN_EXE, plan.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    for (int i = 0; i < 300; ++i) {  // up to 30 s on a busy machine
        std::string window = output("xdotool search --pid " + std::to_string(pid) + " --name '" +
                                    plan.filename().string() + "' 2>/dev/null");
        if (const auto end = window.find('\n'); end != std::string::npos) {
            window.resize(end);
            usleep(1000000); // its first frames, with the photo loaded
            return {pid, window};
        }
        usleep(100000);
    }
    // Not up: say what the display shows, for the failure's report.
    std::fprintf(stderr, "no window for pid %d; windows named like it: %s; alive: %d\n", pid,
                 output("xdotool search --name '" + plan.filename().string() + "' 2>&1").c_str(),
                 kill(pid, 0) == 0);
    kill(pid, SIGKILL);
    return {};
}

void keys(const Started& editor, const std::string& sequence) {
    std::system(("xdotool windowraise " + editor.window + " windowfocus " + editor.window +
                 " >/dev/null 2>&1; xdotool " + sequence + " >/dev/null 2>&1")
                    .c_str());
    usleep(600000); // a few frames
}

// Waits up to 10 s for the window's title to show (or not show) the unsaved mark "*": the
// editor has then handled the keys sent before, whatever the machine's load.
bool waitForUnsavedMark(const Started& editor, bool wanted) {
    for (int i = 0; i < 100; ++i) {
        const std::string title = output("xdotool getwindowname " + editor.window + " 2>/dev/null");
        if (!title.empty() && (title.find("*") != std::string::npos) == wanted) return true;
        usleep(100000);
    }
    return false;
}

std::size_t recoveryCopies(const std::filesystem::path& state) {
    std::error_code ec;
    std::size_t n = 0;
    for (std::filesystem::directory_iterator it(state / "hairplan" / "recovery", ec), end;
         !ec && it != end; it.increment(ec))
        n += it->path().extension() == ".json";
    return n;
}

} // namespace

TEST_CASE("killed with SIGKILL, the editor offers the unsaved plan back at the next start",
          "[window][recovery]") {
    REQUIRE(std::getenv("DISPLAY") != nullptr);
    REQUIRE(std::system("command -v xdotool >/dev/null") == 0);
    TempDir dir;
    const std::filesystem::path plan = dir.path / "recovery-test.json";
    std::filesystem::copy_file(HAIRPLAN_ASSETS "/sample/plan.json", plan);
    std::filesystem::create_symlink(HAIRPLAN_ASSETS "/sample/front-back.jpg",
                                    dir.path / "front-back.jpg");
    const std::string original = hp::test::readFile(plan);
    const std::filesystem::path state = dir.path / "state";

    Started editor = startEditor(plan, state);
    REQUIRE(editor.pid > 0);
    keys(editor, "key l mousemove 300 600 click 1"); // move the glabella
    REQUIRE(waitForUnsavedMark(editor, true));
    CHECK(recoveryCopies(state) == 1);
    kill(editor.pid, SIGKILL);
    waitpid(editor.pid, nullptr, 0);
    CHECK(hp::test::readFile(plan) == original); // the crash did not touch the patient's file
    CHECK(recoveryCopies(state) == 1);

    // The next start finds the copy and offers it (the choice itself is tested with scripted
    // input in test_editor.cpp); a start that ends before it is answered leaves it in place.
    const std::string shot = (dir.path / "restart.png").string();
    const pid_t restart = fork();
    if (restart == 0) {
        setenv("XDG_STATE_HOME", state.c_str(), 1);
        execl(HAIRPLAN_EXE, HAIRPLAN_EXE, plan.c_str(), "--frames", "20", "--screenshot",
              shot.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    int status = 0;
    waitpid(restart, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(recoveryCopies(state) == 1);
    CHECK(hp::test::readFile(plan) == original);
}
