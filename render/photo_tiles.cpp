#include "render/photo_tiles.hpp"

#include <algorithm>
#include <bit>
#include <cassert>

namespace hp::render {
namespace {

/// Cuts an image side into tile spans (photo_texture.hpp explains the numbers). A side that
/// fits in one tile is one span with neither border nor padding: it has no seam along it, and
/// its neighbours across seams on the other axis all share this same span.
std::vector<TileSpan> splitSide(int length, int maxTile, int border) {
    if (length <= maxTile) return {TileSpan{0, length, 0, length, length}};
    const int cell = (maxTile - 2 * border) / border * border;
    std::vector<TileSpan> spans;
    for (int start = 0; start < length; start += cell) {
        TileSpan span;
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

int levelsFor(int width, int height) {
    return static_cast<int>(std::bit_width(static_cast<unsigned>(std::max(width, height))));
}

/// A level's texels as the next level reads them: where each row starts, and each column's
/// byte offset in a row. Level 1 reads the image through the tile's window this way, with the
/// padding repeating the edge pixels, without a padded copy of level 0 being made.
struct Texels {
    int width = 0;
    int height = 0;
    std::vector<const std::uint8_t*> rows;
    std::vector<std::size_t> columns;
    int contiguous = 0; ///< leading columns side by side in memory (all but the padding)
};

/// The 2 or 3 texels of a side of `length` that texel `i` of the next level covers: 2i and
/// 2i + 1, and 2i + 2 too for the last texel when the length is odd (the next level is
/// floor(length / 2) long). A side of 1 stays 1, over texel 0.
int covered(int i, int length, int nextLength, int (&index)[3]) {
    if (length == 1) {
        index[0] = 0;
        return 1;
    }
    index[0] = 2 * i;
    index[1] = 2 * i + 1;
    if (length % 2 == 1 && i == nextLength - 1) {
        index[2] = 2 * i + 2;
        return 3;
    }
    return 2;
}

/// Writes the level below `from` into `to` (nextWidth x nextHeight RGBA texels, packed).
void halve(const Texels& from, int nextWidth, int nextHeight, std::uint8_t* to) {
    for (int y = 0; y < nextHeight; ++y) {
        int ys[3];
        const int rowCount = covered(y, from.height, nextHeight, ys);
        const std::uint8_t* rows[3] = {};
        for (int r = 0; r < rowCount; ++r)
            rows[r] = from.rows[static_cast<std::size_t>(ys[r])];
        std::uint8_t* out = to + static_cast<std::size_t>(y) * nextWidth * 4;
        int x = 0;
        if (rowCount == 2) {
            // Nearly every texel: 2 x 2 texels side by side in two rows, in a loop simple
            // enough for the compiler to vectorise.
            const int plain = std::min(from.contiguous / 2, nextWidth - from.width % 2);
            const std::uint8_t* top = rows[0] + from.columns[0];
            const std::uint8_t* bottom = rows[1] + from.columns[0];
            for (; x < plain; ++x, out += 4, top += 8, bottom += 8)
                for (int c = 0; c < 4; ++c)
                    out[c] = static_cast<std::uint8_t>(
                        (top[c] + top[c + 4] + bottom[c] + bottom[c + 4] + 2) >> 2);
        }
        for (; x < nextWidth; ++x, out += 4) {
            int xs[3];
            const int columnCount = covered(x, from.width, nextWidth, xs);
            const int count = rowCount * columnCount;
            for (int c = 0; c < 4; ++c) {
                int sum = 0;
                for (int r = 0; r < rowCount; ++r)
                    for (int k = 0; k < columnCount; ++k)
                        sum += rows[r][from.columns[static_cast<std::size_t>(xs[k])] + c];
                out[c] = static_cast<std::uint8_t>((sum + count / 2) / count);
            }
        }
    }
}

/// A packed level's texels.
Texels packed(const std::uint8_t* rgba, int width, int height) {
    Texels texels{width, height, {}, {}};
    texels.rows.resize(static_cast<std::size_t>(height));
    for (int y = 0; y < height; ++y)
        texels.rows[static_cast<std::size_t>(y)] = rgba + static_cast<std::size_t>(y) * width * 4;
    texels.columns.resize(static_cast<std::size_t>(width));
    for (int x = 0; x < width; ++x)
        texels.columns[static_cast<std::size_t>(x)] = static_cast<std::size_t>(x) * 4;
    texels.contiguous = width;
    return texels;
}

/// Level 0 of the tile over spans `x` and `y`: the image through the window, each texel past
/// the data (the padding) a copy of the nearest edge pixel.
Texels window(const RgbaImage& image, const TileSpan& x, const TileSpan& y) {
    Texels texels{x.textureLength, y.textureLength, {}, {}};
    texels.rows.resize(static_cast<std::size_t>(y.textureLength));
    for (int row = 0; row < y.textureLength; ++row)
        texels.rows[static_cast<std::size_t>(row)] =
            image.pixel(0, std::min(y.dataStart + row, y.dataEnd - 1));
    texels.columns.resize(static_cast<std::size_t>(x.textureLength));
    for (int column = 0; column < x.textureLength; ++column)
        texels.columns[static_cast<std::size_t>(column)] =
            static_cast<std::size_t>(std::min(x.dataStart + column, x.dataEnd - 1)) * 4;
    texels.contiguous = x.dataEnd - x.dataStart;
    return texels;
}

} // namespace

PhotoTiles::PhotoTiles(int width, int height, int maxTileSize) : maxTileSize_(maxTileSize) {
    assert(maxTileSize >= 16 && width > 0 && height > 0);
    border_ = std::min(32, static_cast<int>(std::bit_floor(unsigned(maxTileSize / 8))));
    columns_ = splitSide(width, maxTileSize, border_);
    rows_ = splitSide(height, maxTileSize, border_);
}

PhotoTiles::PhotoTiles(const RgbaImage& image, int maxTileSize)
    : PhotoTiles(image.width, image.height, maxTileSize) {
    makeMipmaps(image);
}

const TileSpan& PhotoTiles::column(int tile) const {
    return columns_[static_cast<std::size_t>(tile) % columns_.size()];
}

const TileSpan& PhotoTiles::row(int tile) const {
    return rows_[static_cast<std::size_t>(tile) / columns_.size()];
}

int PhotoTiles::levelCount(int tile) const {
    return levelsFor(column(tile).textureLength, row(tile).textureLength);
}

std::size_t PhotoTiles::levelOffset(int tile, int level) const {
    const int width = column(tile).textureLength;
    const int height = row(tile).textureLength;
    std::size_t offset = firstLevelOffset_[static_cast<std::size_t>(tile)];
    for (int k = 1; k < level; ++k)
        offset += static_cast<std::size_t>(std::max(1, width >> k)) * std::max(1, height >> k) * 4;
    return offset;
}

PhotoTiles::Level PhotoTiles::level(int tile, int level) const {
    const int width = column(tile).textureLength;
    const int height = row(tile).textureLength;
    Level result{std::max(1, width >> level), std::max(1, height >> level), nullptr};
    if (level > 0) result.rgba = mipmapPixels_.data() + levelOffset(tile, level);
    return result;
}

void PhotoTiles::makeMipmaps(const RgbaImage& image) {
    std::size_t total = 0;
    firstLevelOffset_.resize(static_cast<std::size_t>(tileCount()));
    for (int tile = 0; tile < tileCount(); ++tile) {
        firstLevelOffset_[static_cast<std::size_t>(tile)] = total;
        total = levelOffset(tile, levelCount(tile)); // past its last level
    }
    // One buffer for all: about a third of the photo's own size, mapped in large pages.
    allocatePixelBuffer(mipmapPixels_, total);
    for (int tile = 0; tile < tileCount(); ++tile) {
        Texels above = window(image, column(tile), row(tile));
        for (int k = 1; k < levelCount(tile); ++k) {
            const int width = std::max(1, column(tile).textureLength >> k);
            const int height = std::max(1, row(tile).textureLength >> k);
            std::uint8_t* pixels = mipmapPixels_.data() + levelOffset(tile, k);
            halve(above, width, height, pixels);
            above = packed(pixels, width, height);
        }
    }
}

} // namespace hp::render
