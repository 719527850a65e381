// A linked OpenGL shader program (vertex + fragment), owned: compile errors come back as text
// instead of a silent black screen.
#pragma once

#include <optional>
#include <string>

namespace hp::render {

/// Every member, the destructor included, needs the GL context it was made in to be current on
/// the calling thread; destroy it before its context.
class GlProgram {
  public:
    /// Compiles and links the two GLSL sources. Needs a current OpenGL 3.3 context with glad
    /// loaded. On failure returns nullopt and, when `error` is not null, sets it to the stage
    /// that failed and GL's info log.
    static std::optional<GlProgram> create(const char* vertexSource, const char* fragmentSource,
                                           std::string* error = nullptr);

    GlProgram(GlProgram&& other) noexcept;
    GlProgram& operator=(GlProgram&& other) noexcept;
    GlProgram(const GlProgram&) = delete;
    GlProgram& operator=(const GlProgram&) = delete;
    ~GlProgram();

    unsigned id() const { return program_; } ///< the GLuint name, for glUseProgram

    /// glGetUniformLocation: -1 when the program has no such active uniform.
    int uniformLocation(const char* name) const;

  private:
    GlProgram() = default;

    unsigned program_ = 0; // GLuint, without including GL headers here
};

} // namespace hp::render
