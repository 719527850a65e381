#include "render/photo_texture.hpp"

#include <algorithm>
#include <bit>
#include <glad/gl.h>
#include <utility>

namespace hp::render {
namespace {

// Image pixels to clip space with one matrix; the tile's own texture coordinates.
constexpr const char* kVertexShader = R"(#version 330 core
layout(location = 0) in vec2 imagePosition;
layout(location = 1) in vec2 tilePosition;
uniform mat3 imageToClip;
out vec2 textureCoordinate;
void main() {
    vec3 clip = imageToClip * vec3(imagePosition, 1.0);
    gl_Position = vec4(clip.xy, 0.0, clip.z);
    textureCoordinate = tilePosition;
}
)";

constexpr const char* kFragmentShader = R"(#version 330 core
uniform sampler2D photo;
in vec2 textureCoordinate;
out vec4 colour;
void main() {
    colour = texture(photo, textureCoordinate);
}
)";

/// One tile's extent along one axis of the image, in pixels.
struct Span {
    int cellStart = 0; ///< the part the tile draws: [cellStart, cellEnd)
    int cellEnd = 0;
    int dataStart = 0;     ///< the part of the image in its texture: [dataStart, dataEnd),
    int dataEnd = 0;       ///< the cell and the border
    int textureLength = 0; ///< dataEnd - dataStart, padded to a multiple of the border
};

/// Cuts an image side into tile spans (the class comment explains the numbers). A side that
/// fits in one tile is one span with neither border nor padding: it has no seam along it, and
/// its neighbours across seams on the other axis all share this same span.
std::vector<Span> splitSide(int length, int maxTile, int border) {
    if (length <= maxTile) return {Span{0, length, 0, length, length}};
    const int cell = (maxTile - 2 * border) / border * border;
    std::vector<Span> spans;
    for (int start = 0; start < length; start += cell) {
        Span span;
        span.cellStart = start;
        span.cellEnd = std::min(start + cell, length);
        span.dataStart = std::max(0, start - border);
        span.dataEnd = std::min(length, span.cellEnd + border);
        const int data = span.dataEnd - span.dataStart;
        span.textureLength = (data + border - 1) / border * border; // <= maxTile
        spans.push_back(span);
    }
    return spans;
}

/// Empties the GL error queue, so that a later glGetError reports only what follows.
void clearGlErrors() {
    while (glGetError() != GL_NO_ERROR) {
    }
}

/// The bindings and pixel-unpack settings create() changes, saved and put back on scope exit.
class SavedUploadState {
  public:
    SavedUploadState() {
        glGetIntegerv(GL_PIXEL_UNPACK_BUFFER_BINDING, &buffer_);
        glGetIntegerv(GL_UNPACK_ALIGNMENT, &alignment_);
        glGetIntegerv(GL_UNPACK_ROW_LENGTH, &rowLength_);
        glGetIntegerv(GL_UNPACK_SKIP_PIXELS, &skipPixels_);
        glGetIntegerv(GL_UNPACK_SKIP_ROWS, &skipRows_);
        glGetIntegerv(GL_TEXTURE_BINDING_2D, &texture_);
        glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &vertexArray_);
        glGetIntegerv(GL_ARRAY_BUFFER_BINDING, &arrayBuffer_);
    }
    SavedUploadState(const SavedUploadState&) = delete;
    SavedUploadState& operator=(const SavedUploadState&) = delete;
    ~SavedUploadState() {
        glBindBuffer(GL_PIXEL_UNPACK_BUFFER, static_cast<GLuint>(buffer_));
        glPixelStorei(GL_UNPACK_ALIGNMENT, alignment_);
        glPixelStorei(GL_UNPACK_ROW_LENGTH, rowLength_);
        glPixelStorei(GL_UNPACK_SKIP_PIXELS, skipPixels_);
        glPixelStorei(GL_UNPACK_SKIP_ROWS, skipRows_);
        glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(texture_));
        glBindVertexArray(static_cast<GLuint>(vertexArray_));
        glBindBuffer(GL_ARRAY_BUFFER, static_cast<GLuint>(arrayBuffer_));
    }

  private:
    GLint buffer_ = 0, alignment_ = 4, rowLength_ = 0, skipPixels_ = 0, skipRows_ = 0;
    GLint texture_ = 0, vertexArray_ = 0, arrayBuffer_ = 0;
};

void setUnpackWindow(int rowLength, int skipPixels, int skipRows) {
    glPixelStorei(GL_UNPACK_ROW_LENGTH, rowLength);
    glPixelStorei(GL_UNPACK_SKIP_PIXELS, skipPixels);
    glPixelStorei(GL_UNPACK_SKIP_ROWS, skipRows);
}

/// Fills the bound texture's level 0 with the tile's part of the image, uploaded straight from
/// the image's buffer (the unpack window selects the sub-rectangle), and pads it on the right
/// and bottom with copies of the edge pixels when its size was rounded up.
void uploadTile(const RgbaImage& image, const Span& x, const Span& y) {
    const int dataWidth = x.dataEnd - x.dataStart;
    const int dataHeight = y.dataEnd - y.dataStart;
    const int padWidth = x.textureLength - dataWidth;
    const int padHeight = y.textureLength - dataHeight;
    setUnpackWindow(image.width, x.dataStart, y.dataStart);
    if (padWidth == 0 && padHeight == 0) {
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, dataWidth, dataHeight, 0, GL_RGBA,
                     GL_UNSIGNED_BYTE, image.rgba.data());
        return;
    }
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, x.textureLength, y.textureLength, 0, GL_RGBA,
                 GL_UNSIGNED_BYTE, nullptr);
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, dataWidth, dataHeight, GL_RGBA, GL_UNSIGNED_BYTE,
                    image.rgba.data());
    setUnpackWindow(0, 0, 0);
    std::vector<std::uint8_t> pad;
    if (padWidth > 0) { // each row's last pixel, repeated
        pad.resize(static_cast<std::size_t>(padWidth) * dataHeight * 4);
        for (int row = 0; row < dataHeight; ++row) {
            const std::uint8_t* edge = image.pixel(x.dataEnd - 1, y.dataStart + row);
            for (int i = 0; i < padWidth; ++i)
                std::copy_n(edge, 4,
                            pad.data() + (static_cast<std::size_t>(row) * padWidth + i) * 4);
        }
        glTexSubImage2D(GL_TEXTURE_2D, 0, dataWidth, 0, padWidth, dataHeight, GL_RGBA,
                        GL_UNSIGNED_BYTE, pad.data());
    }
    if (padHeight > 0) { // the last row, itself padded, repeated
        const auto rowBytes = static_cast<std::size_t>(x.textureLength) * 4;
        pad.resize(rowBytes * static_cast<std::size_t>(padHeight));
        const int lastRow = y.dataEnd - 1;
        std::copy_n(image.pixel(x.dataStart, lastRow), static_cast<std::size_t>(dataWidth) * 4,
                    pad.data());
        for (int i = dataWidth; i < x.textureLength; ++i)
            std::copy_n(image.pixel(x.dataEnd - 1, lastRow), 4, pad.data() + i * 4);
        for (int row = 1; row < padHeight; ++row)
            std::copy_n(pad.data(), rowBytes, pad.data() + row * rowBytes);
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, dataHeight, x.textureLength, padHeight, GL_RGBA,
                        GL_UNSIGNED_BYTE, pad.data());
    }
}

} // namespace

std::optional<PhotoTexture> PhotoTexture::create(const RgbaImage& image, std::string* error,
                                                 int maxTileSize) {
    auto fail = [error](std::string message) -> std::optional<PhotoTexture> {
        if (error) *error = std::move(message);
        return std::nullopt;
    };
    if (!GLAD_GL_VERSION_3_3) return fail("no OpenGL 3.3 context is current (glad not loaded)");
    if (image.width <= 0 || image.height <= 0) return fail("the photo has no pixels");
    if (image.rgba.size() != static_cast<std::size_t>(image.width) * image.height * 4)
        return fail("the photo's pixel buffer does not match its size");
    if (maxTileSize < 16) return fail("the tile size must be at least 16 pixels");
    GLint maxTextureSize = 0;
    glGetIntegerv(GL_MAX_TEXTURE_SIZE, &maxTextureSize);
    const int maxTile = std::min(maxTileSize, static_cast<int>(maxTextureSize));
    const int border = std::min(32, static_cast<int>(std::bit_floor(unsigned(maxTile / 8))));

    const SavedUploadState restore;
    clearGlErrors();
    // From here, `texture`'s destructor deletes whatever was made if a step fails.
    PhotoTexture texture;
    texture.width_ = image.width;
    texture.height_ = image.height;
    std::string programError;
    texture.program_ = GlProgram::create(kVertexShader, kFragmentShader, &programError);
    if (!texture.program_) return fail("the photo shader: " + programError);
    texture.matrixLocation_ = texture.program_->uniformLocation("imageToClip");
    GLint previousProgram = 0;
    glGetIntegerv(GL_CURRENT_PROGRAM, &previousProgram);
    glUseProgram(texture.program_->id());
    glUniform1i(texture.program_->uniformLocation("photo"), 0);
    glUseProgram(static_cast<GLuint>(previousProgram));

    const std::vector<Span> columns = splitSide(image.width, maxTile, border);
    const std::vector<Span> rows = splitSide(image.height, maxTile, border);
    std::vector<float> vertices; // per vertex: image x, y; texture s, t
    vertices.reserve(columns.size() * rows.size() * 16);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4); // rows of RGBA8 pixels are always 4-byte aligned
    glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
    for (const Span& y : rows) {
        for (const Span& x : columns) {
            GLuint name = 0;
            glGenTextures(1, &name);
            texture.textures_.push_back(name);
            texture.cells_.push_back(
                Cell{x.cellStart, y.cellStart, x.cellEnd - x.cellStart, y.cellEnd - y.cellStart});
            glBindTexture(GL_TEXTURE_2D, name);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
            uploadTile(image, x, y);
            glGenerateMipmap(GL_TEXTURE_2D);
            if (glGetError() != GL_NO_ERROR)
                return fail("cannot store the " + std::to_string(image.width) + " x " +
                            std::to_string(image.height) +
                            " photo as textures (out of GPU memory?)");

            // The cell's corners, and where they fall in the tile's texture. Whole numbers
            // below 2^24 are exact in float, so neighbouring tiles share their edges exactly.
            const auto s0 = float(x.cellStart - x.dataStart) / float(x.textureLength);
            const auto s1 = float(x.cellEnd - x.dataStart) / float(x.textureLength);
            const auto t0 = float(y.cellStart - y.dataStart) / float(y.textureLength);
            const auto t1 = float(y.cellEnd - y.dataStart) / float(y.textureLength);
            const auto x0 = float(x.cellStart), x1 = float(x.cellEnd);
            const auto y0 = float(y.cellStart), y1 = float(y.cellEnd);
            for (float v : {x0, y0, s0, t0, x1, y0, s1, t0, x0, y1, s0, t1, x1, y1, s1, t1})
                vertices.push_back(v);
        }
    }

    glGenVertexArrays(1, &texture.vertexArray_);
    glGenBuffers(1, &texture.vertexBuffer_);
    glBindVertexArray(texture.vertexArray_);
    glBindBuffer(GL_ARRAY_BUFFER, texture.vertexBuffer_);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(vertices.size() * sizeof(float)),
                 vertices.data(), GL_STATIC_DRAW);
    constexpr GLsizei stride = 4 * sizeof(float);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride, nullptr);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride,
                          reinterpret_cast<const void*>(2 * sizeof(float)));
    if (glGetError() != GL_NO_ERROR) return fail("cannot make the photo's vertex buffer");
    return texture;
}

PhotoTexture::PhotoTexture(PhotoTexture&& other) noexcept
    : cells_(std::move(other.cells_)), textures_(std::exchange(other.textures_, {})),
      program_(std::exchange(other.program_, std::nullopt)),
      vertexArray_(std::exchange(other.vertexArray_, 0)),
      vertexBuffer_(std::exchange(other.vertexBuffer_, 0)), matrixLocation_(other.matrixLocation_),
      width_(other.width_), height_(other.height_) {}

PhotoTexture& PhotoTexture::operator=(PhotoTexture&& other) noexcept {
    if (this != &other) {
        release();
        cells_ = std::move(other.cells_);
        textures_ = std::exchange(other.textures_, {});
        program_ = std::exchange(other.program_, std::nullopt);
        vertexArray_ = std::exchange(other.vertexArray_, 0);
        vertexBuffer_ = std::exchange(other.vertexBuffer_, 0);
        matrixLocation_ = other.matrixLocation_;
        width_ = other.width_;
        height_ = other.height_;
    }
    return *this;
}

PhotoTexture::~PhotoTexture() {
    release();
}

void PhotoTexture::release() noexcept {
    // A moved-from object must not call GL at all: it may outlive its context.
    if (!textures_.empty())
        glDeleteTextures(static_cast<GLsizei>(textures_.size()), textures_.data());
    if (vertexBuffer_) glDeleteBuffers(1, &vertexBuffer_);
    if (vertexArray_) glDeleteVertexArrays(1, &vertexArray_);
    program_.reset();
    textures_.clear();
    cells_.clear();
    vertexBuffer_ = vertexArray_ = 0;
}

void PhotoTexture::draw(const std::array<float, 9>& imageToClip) const {
    if (!program_) return; // moved from
    GLint previousProgram = 0, previousVertexArray = 0, previousUnit = 0;
    GLint previousTexture = 0, previousSampler = 0;
    glGetIntegerv(GL_CURRENT_PROGRAM, &previousProgram);
    glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &previousVertexArray);
    glGetIntegerv(GL_ACTIVE_TEXTURE, &previousUnit);
    glActiveTexture(GL_TEXTURE0);
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &previousTexture);
    glGetIntegerv(GL_SAMPLER_BINDING, &previousSampler);

    glUseProgram(program_->id());
    glUniformMatrix3fv(matrixLocation_, 1, GL_FALSE, imageToClip.data());
    glBindVertexArray(vertexArray_);
    glBindSampler(0, 0); // the textures' own filtering and clamping
    for (std::size_t i = 0; i < textures_.size(); ++i) {
        glBindTexture(GL_TEXTURE_2D, textures_[i]);
        glDrawArrays(GL_TRIANGLE_STRIP, static_cast<GLint>(4 * i), 4);
    }

    glBindSampler(0, static_cast<GLuint>(previousSampler));
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previousTexture));
    glActiveTexture(static_cast<GLenum>(previousUnit));
    glBindVertexArray(static_cast<GLuint>(previousVertexArray));
    glUseProgram(static_cast<GLuint>(previousProgram));
}

} // namespace hp::render
