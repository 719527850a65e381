#include "render/gl_program.hpp"

#include <glad/gl.h>
#include <utility>

namespace hp::render {
namespace {

std::string shaderLog(GLuint shader) {
    GLint length = 0;
    glGetShaderiv(shader, GL_INFO_LOG_LENGTH, &length);
    std::string log(static_cast<std::size_t>(length > 0 ? length : 0), '\0');
    if (length > 0) glGetShaderInfoLog(shader, length, nullptr, log.data());
    while (!log.empty() && (log.back() == '\0' || log.back() == '\n'))
        log.pop_back();
    return log;
}

std::string programLog(GLuint program) {
    GLint length = 0;
    glGetProgramiv(program, GL_INFO_LOG_LENGTH, &length);
    std::string log(static_cast<std::size_t>(length > 0 ? length : 0), '\0');
    if (length > 0) glGetProgramInfoLog(program, length, nullptr, log.data());
    while (!log.empty() && (log.back() == '\0' || log.back() == '\n'))
        log.pop_back();
    return log;
}

/// A compiled shader, or 0 with `*error` set.
GLuint compile(GLenum stage, const char* source, std::string* error) {
    const GLuint shader = glCreateShader(stage);
    glShaderSource(shader, 1, &source, nullptr);
    glCompileShader(shader);
    GLint ok = GL_FALSE;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    if (ok == GL_TRUE) return shader;
    if (error)
        *error = std::string(stage == GL_VERTEX_SHADER ? "vertex" : "fragment") +
                 " shader does not compile: " + shaderLog(shader);
    glDeleteShader(shader);
    return 0;
}

} // namespace

std::optional<GlProgram> GlProgram::create(const char* vertexSource, const char* fragmentSource,
                                           std::string* error) {
    if (!GLAD_GL_VERSION_3_3) {
        if (error) *error = "no OpenGL 3.3 context is current (glad not loaded)";
        return std::nullopt;
    }
    const GLuint vertex = compile(GL_VERTEX_SHADER, vertexSource, error);
    if (!vertex) return std::nullopt;
    const GLuint fragment = compile(GL_FRAGMENT_SHADER, fragmentSource, error);
    if (!fragment) {
        glDeleteShader(vertex);
        return std::nullopt;
    }
    GlProgram program;
    program.program_ = glCreateProgram();
    glAttachShader(program.program_, vertex);
    glAttachShader(program.program_, fragment);
    glLinkProgram(program.program_);
    // A linked program no longer needs its shaders (and a failed link's log is kept).
    glDetachShader(program.program_, vertex);
    glDetachShader(program.program_, fragment);
    glDeleteShader(vertex);
    glDeleteShader(fragment);
    GLint ok = GL_FALSE;
    glGetProgramiv(program.program_, GL_LINK_STATUS, &ok);
    if (ok != GL_TRUE) {
        if (error) *error = "shader program does not link: " + programLog(program.program_);
        return std::nullopt; // `program`'s destructor deletes it
    }
    return program;
}

GlProgram::GlProgram(GlProgram&& other) noexcept : program_(std::exchange(other.program_, 0)) {}

GlProgram& GlProgram::operator=(GlProgram&& other) noexcept {
    if (this != &other) {
        if (program_) glDeleteProgram(program_);
        program_ = std::exchange(other.program_, 0);
    }
    return *this;
}

GlProgram::~GlProgram() {
    // A moved-from program must not call GL at all: it may outlive its context.
    if (program_) glDeleteProgram(program_);
}

int GlProgram::uniformLocation(const char* name) const {
    return glGetUniformLocation(program_, name);
}

} // namespace hp::render
