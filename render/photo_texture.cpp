#include "render/photo_texture.hpp"

#include <algorithm>
#include <chrono>
#include <glad/gl.h>
#include <memory>
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

/// Texels sent to the GPU in one part of an upload: 2 MB, a few milliseconds of copying even
/// for llvmpipe.
constexpr int kPartTexels = 512 * 1024;

/// Rows [first, last) of a tile's level 0: the image through the tile's window, straight from
/// the image's buffer (the unpack window selects the sub-rectangle); the padding on the right
/// and below, where the texture's size was rounded up, repeats the edge pixels.
void uploadLevel0Rows(const RgbaImage& image, const TileSpan& x, const TileSpan& y, int first,
                      int last) {
    const int dataWidth = x.dataEnd - x.dataStart;
    const int dataHeight = y.dataEnd - y.dataStart;
    const int padWidth = x.textureLength - dataWidth;
    const int dataRows = std::max(0, std::min(last, dataHeight) - first);
    std::vector<std::uint8_t> pad;
    if (dataRows > 0) {
        setUnpackWindow(image.width, x.dataStart, y.dataStart + first);
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, first, dataWidth, dataRows, GL_RGBA, GL_UNSIGNED_BYTE,
                        image.rgba.data());
        setUnpackWindow(0, 0, 0);
        if (padWidth > 0) { // each row's last pixel, repeated
            pad.resize(static_cast<std::size_t>(padWidth) * dataRows * 4);
            for (int row = 0; row < dataRows; ++row) {
                const std::uint8_t* edge = image.pixel(x.dataEnd - 1, y.dataStart + first + row);
                for (int i = 0; i < padWidth; ++i)
                    std::copy_n(edge, 4,
                                pad.data() + (static_cast<std::size_t>(row) * padWidth + i) * 4);
            }
            glTexSubImage2D(GL_TEXTURE_2D, 0, dataWidth, first, padWidth, dataRows, GL_RGBA,
                            GL_UNSIGNED_BYTE, pad.data());
        }
    }
    const int padFirst = std::max(first, dataHeight);
    if (last > padFirst) { // the last row, itself padded, repeated
        const auto rowBytes = static_cast<std::size_t>(x.textureLength) * 4;
        const int count = last - padFirst;
        pad.resize(rowBytes * static_cast<std::size_t>(count));
        const int lastRow = y.dataEnd - 1;
        std::copy_n(image.pixel(x.dataStart, lastRow), static_cast<std::size_t>(dataWidth) * 4,
                    pad.data());
        for (int i = dataWidth; i < x.textureLength; ++i)
            std::copy_n(image.pixel(x.dataEnd - 1, lastRow), 4, pad.data() + i * 4);
        for (int row = 1; row < count; ++row)
            std::copy_n(pad.data(), rowBytes, pad.data() + row * rowBytes);
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, padFirst, x.textureLength, count, GL_RGBA,
                        GL_UNSIGNED_BYTE, pad.data());
    }
}

/// Where a tile's cell edges fall along one side: in the photo's pixels, cut at the photo's
/// edge, and in the tile's texture coordinates.
struct Edges {
    float photo0 = 0, photo1 = 0;
    float texture0 = 0, texture1 = 0;
};

Edges cellEdges(const TileSpan& span, double origin, double pixelSize, int photoLength) {
    const double start = std::max(0.0, origin + span.cellStart * pixelSize);
    const double end = std::min(double(photoLength), origin + span.cellEnd * pixelSize);
    auto texture = [&](double photo) {
        return static_cast<float>(((photo - origin) / pixelSize - span.dataStart) /
                                  span.textureLength);
    };
    // At full resolution these are whole numbers below 2^24, exact in float, so neighbouring
    // tiles share their edges exactly.
    return {static_cast<float>(start), static_cast<float>(end), texture(start), texture(end)};
}

} // namespace

std::optional<PhotoTexture> PhotoTexture::begin(const RgbaImage& image, const PhotoTiles& tiles,
                                                const PhotoPlacement& placement,
                                                std::string* error) {
    auto fail = [error](std::string message) -> std::optional<PhotoTexture> {
        if (error) *error = std::move(message);
        return std::nullopt;
    };
    GLint maxTextureSize = 0;
    glGetIntegerv(GL_MAX_TEXTURE_SIZE, &maxTextureSize);
    for (const std::vector<TileSpan>* side : {&tiles.columns(), &tiles.rows()})
        for (const TileSpan& span : *side)
            if (span.textureLength > maxTextureSize)
                return fail("the photo's tiles are larger than this GPU's textures (" +
                            std::to_string(maxTextureSize) + " pixels)");

    const SavedUploadState restore;
    clearGlErrors();
    // From here, `texture`'s destructor deletes whatever was made if a step fails.
    PhotoTexture texture;
    texture.placement_ = placement;
    std::string programError;
    texture.program_ = GlProgram::create(kVertexShader, kFragmentShader, &programError);
    if (!texture.program_) return fail("the photo shader: " + programError);
    texture.matrixLocation_ = texture.program_->uniformLocation("imageToClip");
    GLint previousProgram = 0;
    glGetIntegerv(GL_CURRENT_PROGRAM, &previousProgram);
    glUseProgram(texture.program_->id());
    glUniform1i(texture.program_->uniformLocation("photo"), 0);
    glUseProgram(static_cast<GLuint>(previousProgram));

    std::vector<float> vertices; // per vertex: photo x, y; texture s, t
    vertices.reserve(static_cast<std::size_t>(tiles.tileCount()) * 16);
    texture.textures_.resize(static_cast<std::size_t>(tiles.tileCount()));
    glGenTextures(tiles.tileCount(), texture.textures_.data());
    for (int tile = 0; tile < tiles.tileCount(); ++tile) {
        const TileSpan& x = tiles.column(tile);
        const TileSpan& y = tiles.row(tile);
        texture.cells_.push_back(
            Cell{x.cellStart, y.cellStart, x.cellEnd - x.cellStart, y.cellEnd - y.cellStart});
        const Edges h = cellEdges(x, placement.left, placement.pixelSize, placement.photoWidth);
        const Edges v = cellEdges(y, placement.top, placement.pixelSize, placement.photoHeight);
        for (float value : {h.photo0, v.photo0, h.texture0, v.texture0, h.photo1, v.photo0,
                            h.texture1, v.texture0, h.photo0, v.photo1, h.texture0, v.texture1,
                            h.photo1, v.photo1, h.texture1, v.texture1})
            vertices.push_back(value);
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
    texture.image_ = &image;
    texture.tiles_ = &tiles;
    return texture;
}

std::optional<PhotoTexture> PhotoTexture::create(const RgbaImage& image, std::string* error,
                                                 int maxTileSize,
                                                 const std::optional<PhotoPlacement>& placement) {
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
    const PhotoTiles tiles(image, std::min(maxTileSize, static_cast<int>(maxTextureSize)));
    std::optional<PhotoTexture> texture =
        begin(image, tiles, placement.value_or(PhotoPlacement{image.width, image.height, 0, 0, 1}),
              error);
    if (!texture) return std::nullopt;
    std::string uploadError;
    if (texture->continueUpload(std::chrono::nanoseconds::max(), &uploadError) != Upload::Complete)
        return fail(uploadError);
    return texture;
}

std::optional<PhotoTexture> PhotoTexture::startUpload(std::shared_ptr<const PreparedPhoto> photo,
                                                      std::string* error) {
    if (!GLAD_GL_VERSION_3_3 || !photo) {
        if (error)
            *error = photo ? "no OpenGL 3.3 context is current (glad not loaded)" : "no photo";
        return std::nullopt;
    }
    std::optional<PhotoTexture> texture =
        begin(photo->image, photo->tiles, photo->placement, error);
    if (texture) texture->prepared_ = std::move(photo);
    return texture;
}

PhotoTexture::Upload PhotoTexture::continueUpload(std::chrono::nanoseconds budget,
                                                  std::string* error) {
    if (complete_) return Upload::Complete;
    if (!tiles_) {
        if (error) *error = "the photo's upload failed or was moved away";
        return Upload::Failed;
    }
    const auto start = std::chrono::steady_clock::now();
    const SavedUploadState restore;
    clearGlErrors();
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4); // rows of RGBA8 pixels are always 4-byte aligned
    glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
    do {
        if (!uploadPart()) {
            if (error)
                *error = "cannot store the " + std::to_string(width()) + " x " +
                         std::to_string(height()) + " photo as textures (out of GPU memory?)";
            complete_ = false; // even when the part that failed was the last
            image_ = nullptr;
            tiles_ = nullptr;
            prepared_.reset();
            return Upload::Failed;
        }
    } while (!complete_ && std::chrono::steady_clock::now() - start < budget);
    return complete_ ? Upload::Complete : Upload::InProgress;
}

bool PhotoTexture::uploadPart() {
    const int tile = next_.tile;
    const PhotoTiles::Level level = tiles_->level(tile, next_.level);
    glBindTexture(GL_TEXTURE_2D, textures_[static_cast<std::size_t>(tile)]);
    if (next_.level == 0 && next_.row == 0) {
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_BASE_LEVEL, 0);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAX_LEVEL, tiles_->levelCount(tile) - 1);
    }
    if (next_.row == 0)
        glTexImage2D(GL_TEXTURE_2D, next_.level, GL_RGBA8, level.width, level.height, 0, GL_RGBA,
                     GL_UNSIGNED_BYTE, nullptr);
    const int rows = std::max(1, kPartTexels / level.width);
    const int last = std::min(level.height, next_.row + rows);
    if (next_.level == 0) {
        uploadLevel0Rows(*image_, tiles_->column(tile), tiles_->row(tile), next_.row, last);
    } else {
        glTexSubImage2D(GL_TEXTURE_2D, next_.level, 0, next_.row, level.width, last - next_.row,
                        GL_RGBA, GL_UNSIGNED_BYTE,
                        level.rgba + static_cast<std::size_t>(next_.row) * level.width * 4);
    }
    next_.row = last;
    if (next_.row == level.height) {
        next_.row = 0;
        if (++next_.level == tiles_->levelCount(tile)) {
            next_.level = 0;
            if (++next_.tile == tiles_->tileCount()) {
                complete_ = true;
                image_ = nullptr;
                tiles_ = nullptr;
                prepared_.reset(); // the pixels are on the GPU now
            }
        }
    }
    return glGetError() == GL_NO_ERROR;
}

PhotoTexture::PhotoTexture(PhotoTexture&& other) noexcept {
    *this = std::move(other);
}

PhotoTexture& PhotoTexture::operator=(PhotoTexture&& other) noexcept {
    if (this != &other) {
        release();
        cells_ = std::exchange(other.cells_, {});
        textures_ = std::exchange(other.textures_, {});
        program_ = std::exchange(other.program_, std::nullopt);
        vertexArray_ = std::exchange(other.vertexArray_, 0);
        vertexBuffer_ = std::exchange(other.vertexBuffer_, 0);
        matrixLocation_ = other.matrixLocation_;
        placement_ = other.placement_;
        next_ = std::exchange(other.next_, {});
        complete_ = std::exchange(other.complete_, false);
        image_ = std::exchange(other.image_, nullptr);
        tiles_ = std::exchange(other.tiles_, nullptr);
        prepared_ = std::exchange(other.prepared_, nullptr);
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
    next_ = {};
    complete_ = false;
    image_ = nullptr;
    tiles_ = nullptr;
    prepared_.reset();
}

void PhotoTexture::draw(const std::array<float, 9>& imageToClip) const {
    if (!program_ || !complete_) return; // moved from, or not all on the GPU yet
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
