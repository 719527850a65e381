// The patient photo on the GPU: the editor canvas and the plan-image export draw it with the
// same transform as the overlays (image pixels, x right, y down).
#pragma once

#include "render/gl_program.hpp"
#include "render/rgba_image.hpp"

#include <array>
#include <cstddef>
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
/// 6000-pixel photo shown 190 pixels wide); below that a seam may differ by a shade.
///
/// Every member, the destructor included, needs the OpenGL 3.3 context it was made in to be
/// current on the calling thread (glad loaded); destroy it before that context.
class PhotoTexture {
  public:
    static constexpr int kDefaultMaxTileSize = 4096;

    /// Uploads `image` (row 0 the top row). Tiles are at most min(maxTileSize,
    /// GL_MAX_TEXTURE_SIZE) pixels a side; tests pass a small maxTileSize to get many tiles.
    /// Returns nullopt and sets `*error` (when not null) when no context is current, the image
    /// is empty or its buffer has the wrong size, maxTileSize is under 16, or the GPU is out
    /// of memory. Leaves the GL bindings and pixel-unpack settings as they were.
    static std::optional<PhotoTexture> create(const RgbaImage& image, std::string* error = nullptr,
                                              int maxTileSize = kDefaultMaxTileSize);

    PhotoTexture(PhotoTexture&& other) noexcept;
    PhotoTexture& operator=(PhotoTexture&& other) noexcept;
    PhotoTexture(const PhotoTexture&) = delete;
    PhotoTexture& operator=(const PhotoTexture&) = delete;
    ~PhotoTexture();

    /// Draws the whole photo into the bound framebuffer, with the current viewport, blending and
    /// scissor. `imageToClip` is a 3x3 matrix in COLUMN-MAJOR order (as glUniformMatrix3fv
    /// takes it) mapping an image point (x, y, 1), in pixels with y down and (0, 0) the
    /// top-left corner of the top-left pixel, to clip space (X, Y, W). E.g. to show the photo at
    /// `scale` screen pixels per image pixel with its corner at target pixel (ox, oy) (y down)
    /// in a target of w x h: {2s/w, 0, 0,  0, -2s/h, 0,  2ox/w - 1, 1 - 2oy/h, 1}.
    /// Leaves the program, vertex array, active texture unit, texture and sampler bindings of
    /// unit 0 as they were, so it can run inside an ImGui draw callback.
    void draw(const std::array<float, 9>& imageToClip) const;

    int width() const { return width_; }   ///< of the image, in pixels
    int height() const { return height_; } ///< of the image, in pixels
    int tileCount() const { return static_cast<int>(cells_.size()); }

    /// The part of the image a tile draws, in image pixels; the cells tile the image exactly.
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
    void release() noexcept;

    std::vector<Cell> cells_;
    std::vector<unsigned> textures_;   // GLuint, without including GL headers here; one per cell
    std::optional<GlProgram> program_; // empty when moved from
    unsigned vertexArray_ = 0;
    unsigned vertexBuffer_ = 0; // tile i draws vertices [4i, 4i + 4) as a triangle strip
    int matrixLocation_ = -1;
    int width_ = 0;
    int height_ = 0;
};

} // namespace hp::render
