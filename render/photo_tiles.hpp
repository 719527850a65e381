// A photo cut into texture tiles, with every tile's mipmap levels, computed on the CPU and with
// no GL at all: a worker thread prepares them while the GL thread keeps drawing, and
// PhotoTexture then only copies them to the GPU (photo_texture.hpp explains the tiling).
#pragma once

#include "render/photo.hpp"
#include "render/rgba_image.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace hp::render {

/// One tile's extent along one side of the image, in the image's pixels.
struct TileSpan {
    int cellStart = 0; ///< the part the tile draws: [cellStart, cellEnd)
    int cellEnd = 0;
    int dataStart = 0;     ///< the part of the image in its texture: [dataStart, dataEnd), the
    int dataEnd = 0;       ///< cell and its border
    int textureLength = 0; ///< dataEnd - dataStart, padded to a multiple of the border
};

class PhotoTiles {
  public:
    /// Cuts `image` into tiles of at most `maxTileSize` (at least 16) pixels a side and makes
    /// every tile's mipmap levels from 1 down to 1 x 1, each texel the rounded
    /// mean of the 2 x 2 texels above it (2 x 3, 3 x 2 or 3 x 3 at the end of an odd side, as
    /// levels are floor(n / 2) long). Level 0 of a tile is `image` seen through the tile's window
    /// and padded with copies of its edge pixels; `image` is not kept.
    PhotoTiles(const RgbaImage& image, int maxTileSize);

    int maxTileSize() const { return maxTileSize_; }
    /// Pixels of the neighbouring cells in a texture on each side facing a seam: min(32,
    /// maxTileSize / 8) rounded down to a power of two.
    int border() const { return border_; }
    const std::vector<TileSpan>& columns() const { return columns_; }
    const std::vector<TileSpan>& rows() const { return rows_; }
    /// Tiles are numbered in rows from the top-left: tile i is columns()[i % columns().size()]
    /// and rows()[i / columns().size()].
    int tileCount() const { return static_cast<int>(columns_.size() * rows_.size()); }
    const TileSpan& column(int tile) const;
    const TileSpan& row(int tile) const;

    /// Levels of tile `tile`'s texture, level 0 included: 1 + floor(log2(its longer side)).
    int levelCount(int tile) const;
    struct Level {
        int width = 0;
        int height = 0;
        const std::uint8_t* rgba = nullptr; ///< rows packed top first; null for level 0
    };
    /// Level `level` (0 <= level < levelCount(tile)) of tile `tile`. Level 0's pixels are the
    /// image's, seen through the tile's window (rgba is null).
    Level level(int tile, int level) const;

  private:
    PhotoTiles(int width, int height, int maxTileSize); // the layout alone
    std::size_t levelOffset(int tile, int level) const; // of level >= 1 in mipmapPixels_
    void makeMipmaps(const RgbaImage& image);

    int maxTileSize_ = 0;
    int border_ = 0;
    std::vector<TileSpan> columns_;
    std::vector<TileSpan> rows_;
    std::vector<std::uint8_t> mipmapPixels_;    ///< levels >= 1 of every tile, one after another
    std::vector<std::size_t> firstLevelOffset_; ///< per tile: where its level 1 starts
};

/// A decoded photo made ready for the GPU: its pixels, where they lie over the photo, and its
/// tiles with their mipmaps (PhotoTexture::startUpload).
struct PreparedPhoto {
    RgbaImage image;
    PhotoPlacement placement;
    PhotoTiles tiles;
};

} // namespace hp::render
