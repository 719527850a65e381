// PNG is written here with zlib rather than with stb_image_write, whose single-threaded writer
// took 5.8 s of CPU for a 24 MP photo and gave a 69 MB file. Measured on this project's 2-core
// machine, 6000 x 4000 RGB decoded from the q92 noisy test photo (scripts/bench-photo's), CPU time
// per encode, file size (raw RGB is 72 MB):
//   Up filter, level 1, default strategy            1.1 s   44.3 MB
//   Up filter, level 2, Z_FILTERED                  1.5 s   44.0 MB
//   Up filter, level 1, Z_RLE                       0.75 s  42.4 MB
//   best of Sub/Up/Average/Paeth per row, Z_RLE     0.9 s   40.3 MB   <- chosen
// On photo noise LZ77 matches find little and cost much; Z_RLE keeps the runs of flat areas (the
// legend, a plan without a photo) and leaves the rest to Huffman coding. The bands of rows are
// compressed on both cores at once, so the wall time on an idle machine is about half the CPU
// time. ImageMagick drawing three polygons on the same photo and writing the PNG took 50 s here.
#include "render/image_files.hpp"

#include "planning/png_plan_chunk.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <limits>
#include <thread>
#include <turbojpeg.h>
#include <zlib.h>

namespace hp::render {
namespace {

using Bytes = std::vector<std::uint8_t>;

/// Filtered bytes per band of rows: small enough to spread over the cores and to keep each
/// band's buffers in cache-friendly sizes, large enough that restarting the compressor at each
/// band costs nothing measurable (the 32 KB window is lost at 0.8% of the data).
constexpr std::size_t kBandBytes = std::size_t{4} << 20;
/// More threads than this gain nothing on images of clinic size.
constexpr unsigned kMaxThreads = 8;

/// Compression settings, chosen by the measurements at the top of the file.
constexpr int kDeflateLevel = 1;
constexpr int kDeflateStrategy = Z_RLE;

void appendBigEndian32(Bytes& out, std::uint32_t value) {
    out.push_back(static_cast<std::uint8_t>(value >> 24));
    out.push_back(static_cast<std::uint8_t>(value >> 16));
    out.push_back(static_cast<std::uint8_t>(value >> 8));
    out.push_back(static_cast<std::uint8_t>(value));
}

/// Appends by resize and copy: vector::insert of a range draws a false -Wstringop-overflow from
/// GCC 12 at -O3.
void appendBytes(Bytes& out, const void* bytes, std::size_t count) {
    if (count == 0) return;
    const std::size_t at = out.size();
    out.resize(at + count);
    std::memcpy(out.data() + at, bytes, count);
}

/// One image row in the PNG's pixel layout: RGB (alpha dropped) or RGBA.
void packRow(const std::uint8_t* rgba, int width, int channels, std::uint8_t* out) {
    if (channels == 4) {
        std::memcpy(out, rgba, static_cast<std::size_t>(width) * 4);
        return;
    }
    for (int x = 0; x < width; ++x) {
        out[3 * x] = rgba[4 * x];
        out[3 * x + 1] = rgba[4 * x + 1];
        out[3 * x + 2] = rgba[4 * x + 2];
    }
}

int paethPredictor(int a, int b, int c) {
    const int p = a + b - c;
    const int pa = std::abs(p - a);
    const int pb = std::abs(p - b);
    const int pc = std::abs(p - c);
    return (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c);
}

// The PNG filters (PNG §9.2) of one row of `n` bytes, `bpp` bytes per pixel, against the row
// above (`prev`, zeros for the first row); each writes the filter type byte and then the row.
// Written as plain loops over the inputs so that the compiler vectorises them.

void filterSub(const std::uint8_t* cur, std::size_t n, std::size_t bpp, std::uint8_t* out) {
    out[0] = 1;
    for (std::size_t i = 0; i < n; ++i)
        out[1 + i] = static_cast<std::uint8_t>(cur[i] - (i >= bpp ? cur[i - bpp] : 0));
}

void filterUp(const std::uint8_t* cur, const std::uint8_t* prev, std::size_t n, std::uint8_t* out) {
    out[0] = 2;
    for (std::size_t i = 0; i < n; ++i)
        out[1 + i] = static_cast<std::uint8_t>(cur[i] - prev[i]);
}

void filterAverage(const std::uint8_t* cur, const std::uint8_t* prev, std::size_t n,
                   std::size_t bpp, std::uint8_t* out) {
    out[0] = 3;
    for (std::size_t i = 0; i < n; ++i) {
        const int left = i >= bpp ? cur[i - bpp] : 0;
        out[1 + i] = static_cast<std::uint8_t>(cur[i] - ((left + prev[i]) >> 1));
    }
}

void filterPaeth(const std::uint8_t* cur, const std::uint8_t* prev, std::size_t n, std::size_t bpp,
                 std::uint8_t* out) {
    out[0] = 4;
    for (std::size_t i = 0; i < n; ++i) {
        const bool left = i >= bpp;
        out[1 + i] = static_cast<std::uint8_t>(
            cur[i] - paethPredictor(left ? cur[i - bpp] : 0, prev[i], left ? prev[i - bpp] : 0));
    }
}

/// The usual guess at how well a filtered row compresses: the sum of its bytes taken as signed
/// differences, smaller is better (libpng's heuristic).
std::uint64_t filteredRowCost(const std::uint8_t* row, std::size_t n) {
    std::uint64_t sum = 0;
    for (std::size_t i = 1; i <= n; ++i) {
        const int v = static_cast<std::int8_t>(row[i]);
        sum += static_cast<std::uint64_t>(v < 0 ? -v : v);
    }
    return sum;
}

/// Filters one row with whichever of Sub, Up, Average and Paeth costs least (None never wins on
/// a photo, and Sub or Up match it on flat areas). `scratch` holds 4 filtered rows.
void filterRow(const std::uint8_t* cur, const std::uint8_t* prev, std::size_t n, std::size_t bpp,
               std::uint8_t* scratch, std::uint8_t* out) {
    std::uint8_t* const candidates[4] = {scratch, scratch + (n + 1), scratch + 2 * (n + 1),
                                         scratch + 3 * (n + 1)};
    filterSub(cur, n, bpp, candidates[0]);
    filterUp(cur, prev, n, candidates[1]);
    filterAverage(cur, prev, n, bpp, candidates[2]);
    filterPaeth(cur, prev, n, bpp, candidates[3]);
    const std::uint8_t* best = candidates[0];
    std::uint64_t bestCost = filteredRowCost(candidates[0], n);
    for (int k = 1; k < 4; ++k) {
        const std::uint64_t cost = filteredRowCost(candidates[k], n);
        if (cost < bestCost) {
            bestCost = cost;
            best = candidates[k];
        }
    }
    std::memcpy(out, best, n + 1);
}

/// One band of rows, compressed.
struct Band {
    Bytes data;            ///< raw deflate blocks (band 0: after the 2-byte zlib header)
    std::uint32_t crc = 0; ///< CRC-32 of "IDAT" and `data`
    uLong adler = 1;       ///< Adler-32 of the band's filtered bytes
    std::size_t rawBytes = 0;
};

/// The 2-byte zlib header for a 32 KB window at `level` (RFC 1950).
std::array<std::uint8_t, 2> zlibHeader(int level) {
    const int levelCode = level < 2 ? 0 : level < 6 ? 1 : level == 6 ? 2 : 3;
    const unsigned cmf = 0x78;
    unsigned flg = static_cast<unsigned>(levelCode) << 6;
    flg += 31 - (cmf * 256 + flg) % 31;
    return {static_cast<std::uint8_t>(cmf), static_cast<std::uint8_t>(flg)};
}

/// Filters rows [y0, y1) and deflates them. Every band but the last ends on a byte boundary
/// with a sync flush, so the bands concatenate into one deflate stream.
bool compressBand(const RgbaImage& image, int channels, int y0, int y1, bool last, Band& band) {
    const std::size_t lineBytes = static_cast<std::size_t>(image.width) * channels;
    const std::size_t rowBytes = lineBytes + 1;
    Bytes filtered(rowBytes * static_cast<std::size_t>(y1 - y0));
    Bytes previous(lineBytes, 0);
    Bytes current(lineBytes);
    Bytes scratch(4 * rowBytes);
    if (y0 > 0) packRow(image.pixel(0, y0 - 1), image.width, channels, previous.data());
    for (int y = y0; y < y1; ++y) {
        packRow(image.pixel(0, y), image.width, channels, current.data());
        filterRow(current.data(), previous.data(), lineBytes, static_cast<std::size_t>(channels),
                  scratch.data(), filtered.data() + rowBytes * static_cast<std::size_t>(y - y0));
        previous.swap(current);
    }

    band.rawBytes = filtered.size();
    // zlib takes uInt lengths: a band is far below 4 GB (encodePng bounds the row size).
    band.adler =
        adler32(adler32(0, nullptr, 0), filtered.data(), static_cast<uInt>(filtered.size()));

    z_stream stream{};
    if (deflateInit2(&stream, kDeflateLevel, Z_DEFLATED, -15, 8, kDeflateStrategy) != Z_OK)
        return false;
    const std::size_t headerBytes = y0 == 0 ? 2 : 0;
    band.data.resize(headerBytes + deflateBound(&stream, filtered.size()) + 16);
    if (y0 == 0) {
        const auto header = zlibHeader(kDeflateLevel);
        band.data[0] = header[0];
        band.data[1] = header[1];
    }
    stream.next_in = filtered.data();
    stream.avail_in = static_cast<uInt>(filtered.size());
    stream.next_out = band.data.data() + headerBytes;
    stream.avail_out = static_cast<uInt>(band.data.size() - headerBytes);
    const int result = deflate(&stream, last ? Z_FINISH : Z_SYNC_FLUSH);
    const bool ok = last ? result == Z_STREAM_END : (result == Z_OK && stream.avail_in == 0);
    band.data.resize(band.data.size() - stream.avail_out);
    deflateEnd(&stream);
    if (!ok) return false;

    static constexpr std::uint8_t kIdat[4] = {'I', 'D', 'A', 'T'};
    uLong crc = crc32(crc32(0, nullptr, 0), kIdat, 4);
    crc = crc32(crc, band.data.data(), static_cast<uInt>(band.data.size()));
    band.crc = static_cast<std::uint32_t>(crc);
    return true;
}

/// Compresses every band, on as many threads as there are cores (the calling thread included).
/// Which thread does which band changes nothing in the bytes.
bool compressBands(const RgbaImage& image, int channels, int rowsPerBand,
                   std::vector<Band>& bands) {
    const int count = static_cast<int>(bands.size());
    std::atomic<int> next{0};
    std::atomic<bool> failed{false};
    const auto work = [&]() noexcept {
        for (int b = next++; b < count && !failed; b = next++) {
            try {
                const int y0 = b * rowsPerBand;
                const int y1 = std::min(image.height, y0 + rowsPerBand);
                if (!compressBand(image, channels, y0, y1, b == count - 1, bands[b])) failed = true;
            } catch (...) {
                failed = true;
            }
        }
    };
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const unsigned helpers = std::min({cores, kMaxThreads, static_cast<unsigned>(count)}) - 1;
    std::vector<std::thread> threads;
    for (unsigned i = 0; i < helpers; ++i) {
        try {
            threads.emplace_back(work);
        } catch (...) {
            break; // fewer threads: slower, same bytes
        }
    }
    work();
    for (std::thread& thread : threads)
        thread.join();
    return !failed;
}

bool consistent(const RgbaImage& image) {
    return image.width > 0 && image.height > 0 &&
           image.rgba.size() ==
               static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height) * 4;
}

} // namespace

std::vector<std::uint8_t> encodePng(const RgbaImage& image, std::string_view planJson) {
    try {
        if (!consistent(image)) return {};
        bool opaque = true;
        for (std::size_t i = 3; i < image.rgba.size() && opaque; i += 4)
            opaque = image.rgba[i] == 255;
        const int channels = opaque ? 3 : 4;
        const std::size_t rowBytes = static_cast<std::size_t>(image.width) * channels + 1;
        if (rowBytes > std::numeric_limits<uInt>::max() / 2) return {};
        const int rowsPerBand =
            static_cast<int>(std::clamp<std::size_t>(kBandBytes / rowBytes, 1, image.height));
        std::vector<Band> bands(
            static_cast<std::size_t>((image.height + rowsPerBand - 1) / rowsPerBand));
        if (!compressBands(image, channels, rowsPerBand, bands)) return {};

        uLong adler = bands[0].adler;
        std::size_t total = 8 + 25 + 12 + 4;
        for (std::size_t b = 1; b < bands.size(); ++b)
            adler = adler32_combine(adler, bands[b].adler, static_cast<z_off_t>(bands[b].rawBytes));
        for (const Band& band : bands)
            total += band.data.size() + 12;
        if (!planJson.empty()) total += planJson.size() + 64;

        Bytes png;
        png.reserve(total);
        static constexpr std::uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
        appendBytes(png, kSignature, sizeof kSignature);
        Bytes header;
        appendBigEndian32(header, static_cast<std::uint32_t>(image.width));
        appendBigEndian32(header, static_cast<std::uint32_t>(image.height));
        // Bit depth 8; colour type 2 (RGB) or 6 (RGBA); deflate; adaptive filtering; no interlace.
        const std::uint8_t format[5] = {8, static_cast<std::uint8_t>(opaque ? 2 : 6), 0, 0, 0};
        appendBytes(header, format, sizeof format);
        appendPngChunk(png, "IHDR", header);
        if (!planJson.empty()) appendPngChunk(png, "iTXt", planChunkData(planJson));

        for (std::size_t b = 0; b < bands.size(); ++b) {
            const Band& band = bands[b];
            const bool last = b + 1 == bands.size();
            std::array<std::uint8_t, 4> trailer{};
            std::uint32_t crc = band.crc;
            if (last) {
                // The zlib stream's Adler-32 ends the last IDAT chunk.
                trailer = {static_cast<std::uint8_t>(adler >> 24),
                           static_cast<std::uint8_t>(adler >> 16),
                           static_cast<std::uint8_t>(adler >> 8), static_cast<std::uint8_t>(adler)};
                crc = pngCrc32(trailer, crc);
            }
            appendBigEndian32(png, static_cast<std::uint32_t>(band.data.size() + (last ? 4 : 0)));
            appendBytes(png, "IDAT", 4);
            appendBytes(png, band.data.data(), band.data.size());
            if (last) appendBytes(png, trailer.data(), trailer.size());
            appendBigEndian32(png, crc);
        }
        appendPngChunk(png, "IEND", {});
        return png;
    } catch (...) {
        return {};
    }
}

std::vector<std::uint8_t> encodeJpeg(const RgbaImage& image, int quality) {
    if (!consistent(image) || image.width > 65535 || image.height > 65535) return {};
    tjhandle handle = tjInitCompress();
    if (handle == nullptr) return {};
    unsigned char* jpeg = nullptr;
    unsigned long size = 0;
    const int result =
        tjCompress2(handle, image.rgba.data(), image.width, 0, image.height, TJPF_RGBA, &jpeg,
                    &size, TJSAMP_444, std::clamp(quality, 1, 100), 0);
    std::vector<std::uint8_t> bytes;
    try {
        if (result == 0 && jpeg != nullptr) bytes.assign(jpeg, jpeg + size);
    } catch (...) {
        bytes.clear();
    }
    tjFree(jpeg);
    tjDestroy(handle);
    return bytes;
}

} // namespace hp::render
