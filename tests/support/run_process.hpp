// Runs a program as a separate process, as scripts and people run hairplan, and collects what it
// printed and how it ended.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace hp::test {

struct ProcessResult {
    int exitCode = -1; ///< -1 when it did not exit normally
    int signal = 0;    ///< the signal that ended it, or 0
    std::string out;
    std::string err;
    double seconds = 0;
};

/// Runs `program` with `args`, standard input from /dev/null, and waits for it.
ProcessResult runProcess(const std::string& program, const std::vector<std::string>& args);

/// A fresh folder, removed with everything in it when this goes out of scope.
struct TempDir {
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    /// Writes `text` to a file in the folder and returns its path.
    std::filesystem::path write(const std::string& name, const std::string& text) const;
    std::filesystem::path path;
};

/// A file's whole contents.
std::string readFile(const std::filesystem::path& file);

} // namespace hp::test
