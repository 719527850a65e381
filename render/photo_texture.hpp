// The patient photo on the GPU: the editor canvas and the plan-image export draw it with the
// same transform as the overlays (image pixels, x right, y down).
#pragma once

#include "render/gl_program.hpp"
#include "render/photo.hpp"
#include "render/photo_tiles.hpp"
#include "render/rgba_image.hpp"

#include <array>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hp::render {

/// A photo as GL_RGBA8 textures, mipmapped (trilinear minification, linear magnification), in
/// tiles so that photos larger than GL_MAX_TEXTURE_SIZE can be shown.
///
/// Tiles and seams. An image side longer than the tile size is cut into cells; a side that
/// fits is not cut (a 6000 x 4000 photo is 2 tiles with the default 4096). Each tile draws
/// exactly its cell, a quad with corners on whole image pixels, so neighbouring quads share
/// their edges and GL's rasterisation covers every pixel once. Each tile's texture holds its
/// cell plus a border of B neighbouring pixels on the sides that face other cells, with
/// B = min(32, maxTileSize / 8) rounded down to a power of two, so bilinear filtering at a seam
/// reads the neighbour's pixels as one big texture would. Mipmaps keep that down to level
/// log2(B): the cells (tile size - 2B, rounded down to a multiple of B: 4032 by default) and
/// the borders are multiples of B, and a texture at the image's right or bottom edge is padded
/// to a multiple of B with copies of the edge pixels, so each tile's levels 0..log2(B) average
/// the same pixels as one big texture's. Seams are invisible at any zoom down to 1/B (1/32: a
/// 6000-pixel photo shown 190 pixels wide); below that a seam may differ by a shade. The
/// mipmaps are made on the CPU (PhotoTiles), not by glGenerateMipmap: the same texels on every
/// GPU, and a worker thread can make them (on Mesa's llvmpipe, glGenerateMipmap of a 24 MP photo
/// costs the GL thread more than decoding it).
///
/// A reduced image. An image decoded at a reduced scale (decodePhoto with a PhotoScale) is
/// drawn over the same rectangle as the full photo: `placement` says where its pixels lie,
/// and the texture's width() and height() are the full photo's, so one transform draws
/// either. The partial pixels past the photo's edge are cut off at the edge.
///
/// Every member, the destructor included, needs the OpenGL 3.3 context it was made in to be
/// current on the calling thread (glad loaded); destroy it before that context.
class PhotoTexture {
  public:
    static constexpr int kDefaultMaxTileSize = 4096;

    /// Uploads `image` (row 0 the top row) at once, mipmaps made on this thread. Tiles are at
    /// most min(maxTileSize, GL_MAX_TEXTURE_SIZE) pixels a side; tests pass a small maxTileSize
    /// to get many tiles. `placement`: where the image lies over the photo (default: it is the
    /// photo). Returns nullopt and sets `*error` (when not null) when no context is current, the
    /// image is empty or its buffer has the wrong size, maxTileSize is under 16, or the GPU is
    /// out of memory. Leaves the GL bindings and pixel-unpack settings as they were.
    static std::optional<PhotoTexture>
    create(const RgbaImage& image, std::string* error = nullptr,
           int maxTileSize = kDefaultMaxTileSize,
           const std::optional<PhotoPlacement>& placement = std::nullopt);

    /// Starts a texture of a photo prepared on another thread, whose pixels continueUpload()
    /// then sends a part at a time, so that no frame waits for a whole photo. Its tiles must be
    /// no larger than GL_MAX_TEXTURE_SIZE (1024, GL 3.3's least, always is). Returns nullopt and
    /// sets `*error` (when not null) as create() does. `photo` is kept until the upload ends.
    static std::optional<PhotoTexture> startUpload(std::shared_ptr<const PreparedPhoto> photo,
                                                   std::string* error = nullptr);

    enum class Upload { InProgress, Complete, Failed };
    /// Sends parts of the photo (a band of rows of one level of one tile, about 2 MB, each)
    /// until `budget` has passed, at least one part. Complete once every level of every tile
    /// is on the GPU; Failed, with `*error` set (when not null), when the GPU is out of memory.
    /// Leaves the GL bindings and pixel-unpack settings as they were.
    Upload continueUpload(std::chrono::nanoseconds budget, std::string* error = nullptr);
    /// Whether every texel is on the GPU; draw() draws nothing until then.
    bool complete() const { return complete_; }

    PhotoTexture(PhotoTexture&& other) noexcept;
    PhotoTexture& operator=(PhotoTexture&& other) noexcept;
    PhotoTexture(const PhotoTexture&) = delete;
    PhotoTexture& operator=(const PhotoTexture&) = delete;
    ~PhotoTexture();

    /// Draws the whole photo into the bound framebuffer, with the current viewport, blending and
    /// scissor. `imageToClip` is a 3x3 matrix in COLUMN-MAJOR order (as glUniformMatrix3fv
    /// takes it) mapping a photo point (x, y, 1), in pixels with y down and (0, 0) the
    /// top-left corner of the top-left pixel, to clip space (X, Y, W). E.g. to show the photo at
    /// `scale` screen pixels per photo pixel with its corner at target pixel (ox, oy) (y down)
    /// in a target of w x h: {2s/w, 0, 0,  0, -2s/h, 0,  2ox/w - 1, 1 - 2oy/h, 1}.
    /// Leaves the program, vertex array, active texture unit, texture and sampler bindings of
    /// unit 0 as they were, so it can run inside an ImGui draw callback.
    void draw(const std::array<float, 9>& imageToClip) const;

    int width() const { return placement_.photoWidth; }   ///< of the photo, in pixels
    int height() const { return placement_.photoHeight; } ///< of the photo, in pixels
    /// Where the uploaded image lies over the photo (pixelSize 1 at full resolution).
    const PhotoPlacement& placement() const { return placement_; }
    int tileCount() const { return static_cast<int>(cells_.size()); }

    /// The part of the uploaded image a tile draws, in that image's pixels (the photo's, at full
    /// resolution); the cells tile the image exactly.
    struct Cell {
        int x = 0;
        int y = 0;
        int width = 0;
        int height = 0;
    };
    /// Tile `index`'s cell, 0 <= index < tileCount(), in rows from the top-left.
    const Cell& cell(int index) const { return cells_[static_cast<std::size_t>(index)]; }

  private:
    PhotoTexture() = default;
    static std::optional<PhotoTexture> begin(const RgbaImage& image, const PhotoTiles& tiles,
                                             const PhotoPlacement& placement, std::string* error);
    bool uploadPart(); // false when GL reported an error
    void release() noexcept;

    std::vector<Cell> cells_;
    std::vector<unsigned> textures_;   // GLuint, without including GL headers here; one per cell
    std::optional<GlProgram> program_; // empty when moved from
    unsigned vertexArray_ = 0;
    unsigned vertexBuffer_ = 0; // tile i draws vertices [4i, 4i + 4) as a triangle strip
    int matrixLocation_ = -1;
    PhotoPlacement placement_;

    // The upload in progress: what is sent next, and from where.
    struct Next {
        int tile = 0;
        int level = 0;
        int row = 0;
    };
    Next next_;
    bool complete_ = false;
    const RgbaImage* image_ = nullptr;
    const PhotoTiles* tiles_ = nullptr;
    std::shared_ptr<const PreparedPhoto> prepared_; // what image_ and tiles_ point into
};

} // namespace hp::render
