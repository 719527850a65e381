#include "render/photo.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <libexif/exif-data.h>
#include <memory>
#include <stb_image.h>
#include <system_error>
#include <turbojpeg.h>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace hp::render {
namespace {

using namespace std::string_view_literals; // "..."sv keeps the NULs inside magic numbers

// photoDisplaySize() reads this much first: the JPEG headers (EXIF is at most 64 KB) and the
// PNG IHDR are nearly always within it. A JPEG whose headers go on longer is read whole.
constexpr std::size_t kHeaderPrefixBytes = 1024 * 1024;

enum class Format { Jpeg, Png };

/// What the headers say, before any pixel is decoded.
struct Header {
    Format format = Format::Jpeg;
    int width = 0;       ///< as stored in the file, before the orientation
    int height = 0;      ///< as stored in the file, before the orientation
    int orientation = 1; ///< EXIF orientation 1-8 (JPEG only; 1 for PNG)
};

/// Either a value or the message saying why there is none.
template <class T> struct Result {
    std::optional<T> value;
    std::string error;
};

bool startsWith(std::span<const std::uint8_t> bytes, std::size_t offset, std::string_view text) {
    return bytes.size() >= offset + text.size() &&
           std::equal(text.begin(), text.end(), bytes.begin() + static_cast<long>(offset),
                      [](char c, std::uint8_t b) { return static_cast<std::uint8_t>(c) == b; });
}

bool isJpeg(std::span<const std::uint8_t> bytes) {
    return bytes.size() >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF;
}

bool isPng(std::span<const std::uint8_t> bytes) {
    return startsWith(bytes, 0, "\x89PNG\r\n\x1a\n"sv);
}

/// Names a format we do not open, when its first bytes are well known, so the message can say
/// what the file is (an iPhone's HEIC photo is the likely one in a clinic).
std::string_view otherFormatName(std::span<const std::uint8_t> bytes) {
    if (startsWith(bytes, 4, "ftyp")) {
        for (std::string_view brand : {"heic", "heix", "hevc", "hevx", "heim", "heis", "mif1"})
            if (startsWith(bytes, 8, brand)) return "a HEIC/HEIF image";
        if (startsWith(bytes, 8, "avif") || startsWith(bytes, 8, "avis")) return "an AVIF image";
        return "an MP4/QuickTime file";
    }
    if (startsWith(bytes, 0, "RIFF") && startsWith(bytes, 8, "WEBP")) return "a WebP image";
    if (startsWith(bytes, 0, "GIF87a") || startsWith(bytes, 0, "GIF89a")) return "a GIF image";
    if (startsWith(bytes, 0, "II*\0"sv) || startsWith(bytes, 0, "MM\0*"sv))
        return "a TIFF image (or a camera raw file)";
    if (startsWith(bytes, 0, "BM")) return "a BMP image";
    if (startsWith(bytes, 0, "%PDF")) return "a PDF document";
    return {};
}

std::string withThousands(std::uint64_t n) {
    std::string digits = std::to_string(n);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(static_cast<std::size_t>(i), ",");
    return digits;
}

/// "2,500 MP" or "100.1 MP". Below 1,000 MP one decimal, rounded UP, so that an image just
/// over the limit never reads as exactly "100 MP".
std::string megapixels(std::int64_t pixels) {
    const double mp = static_cast<double>(pixels) / 1e6;
    if (mp >= 1000) return withThousands(static_cast<std::uint64_t>(mp)) + " MP";
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MP", std::ceil(mp * 10) / 10);
    return text;
}

/// Empty when a `width` x `height` image may be decoded, else the message refusing it.
std::string checkLimits(std::string_view name, std::int64_t width, std::int64_t height) {
    const std::string claim = std::string(name) + ": the image claims " + std::to_string(width) +
                              " x " + std::to_string(height) + " pixels";
    if (width <= 0 || height <= 0) return claim + ", so it has no pixels (a damaged file?)";
    if (width > kMaxPhotoSide || height > kMaxPhotoSide)
        return claim + "; photos are limited to " + withThousands(kMaxPhotoSide) + " pixels a side";
    if (width * height > kMaxPhotoPixels)
        return claim + " (" + megapixels(width * height) + "); photos are limited to " +
               megapixels(kMaxPhotoPixels);
    return {};
}

/// TurboJPEG messages may start with the function's name ("tjDecompress2(): "); the user needs
/// only the reason.
std::string turboJpegReason(tjhandle handle) {
    std::string_view text = tjGetErrorStr2(handle);
    if (text.starts_with("tj")) {
        if (const auto end = text.find("(): "); end != std::string_view::npos)
            text.remove_prefix(end + 4);
    }
    return std::string(text);
}

struct TurboJpegDeleter {
    void operator()(void* handle) const { tjDestroy(handle); }
};
using TurboJpegHandle = std::unique_ptr<void, TurboJpegDeleter>;

struct ExifDataDeleter {
    void operator()(ExifData* data) const { exif_data_unref(data); }
};

/// The EXIF orientation (1-8) of JPEG bytes; 1 when there is no EXIF block, no orientation
/// entry, or a value out of range. libexif finds the APP1 segment among the JPEG markers
/// itself. Only IFD0's entry counts: IFD1's describes the embedded thumbnail.
int exifOrientation(std::span<const std::uint8_t> jpeg) {
    const std::unique_ptr<ExifData, ExifDataDeleter> data(exif_data_new());
    if (!data) return 1;
    // Read only: no "fixing" of the block to the specification on load.
    exif_data_unset_option(data.get(), EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
    exif_data_load_data(data.get(), jpeg.data(),
                        static_cast<unsigned>(std::min<std::size_t>(jpeg.size(), UINT_MAX)));
    const ExifEntry* entry = exif_content_get_entry(data->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
    if (!entry || entry->format != EXIF_FORMAT_SHORT || entry->components < 1 || entry->size < 2 ||
        !entry->data)
        return 1;
    const int value = exif_get_short(entry->data, exif_data_get_byte_order(data.get()));
    return value >= 1 && value <= 8 ? value : 1;
}

Result<Header> readJpegHeader(tjhandle handle, std::span<const std::uint8_t> bytes,
                              std::string_view name) {
    Header header;
    header.format = Format::Jpeg;
    int subsampling = 0;
    int colourspace = 0;
    const int status = tjDecompressHeader3(handle, bytes.data(), bytes.size(), &header.width,
                                           &header.height, &subsampling, &colourspace);
    // A warning (e.g. stray bytes between markers) still leaves a usable header.
    if (status != 0 && (tjGetErrorCode(handle) != TJERR_WARNING || header.width <= 0))
        return {std::nullopt,
                std::string(name) + ": the JPEG cannot be read (" + turboJpegReason(handle) + ")"};
    // TurboJPEG reports success with no size for data that ends before the frame header.
    if (header.width <= 0 || header.height <= 0)
        return {std::nullopt, std::string(name) +
                                  ": the JPEG cannot be read (it ends before its image header: "
                                  "the file is cut short or damaged)"};
    if (colourspace == TJCS_CMYK || colourspace == TJCS_YCCK)
        return {std::nullopt, std::string(name) +
                                  ": this is a CMYK JPEG, made for printing; save it as an RGB "
                                  "JPEG and open it again"};
    if (std::string limits = checkLimits(name, header.width, header.height); !limits.empty())
        return {std::nullopt, std::move(limits)};
    header.orientation = exifOrientation(bytes);
    return {header, {}};
}

std::uint32_t bigEndian32(std::span<const std::uint8_t> bytes, std::size_t offset) {
    return std::uint32_t{bytes[offset]} << 24 | std::uint32_t{bytes[offset + 1]} << 16 |
           std::uint32_t{bytes[offset + 2]} << 8 | std::uint32_t{bytes[offset + 3]};
}

Result<Header> readPngHeader(std::span<const std::uint8_t> bytes, std::string_view name) {
    // The signature, then the IHDR chunk: length 13, "IHDR", width and height (big-endian),
    // bit depth, colour type, ... stb_image checks the rest when it decodes. Reading the size
    // here (stb_image has its own, larger limits) gives our message for oversized images.
    if (bytes.size() < 8 + 8 + 13 || bigEndian32(bytes, 8) != 13 || !startsWith(bytes, 12, "IHDR"))
        return {std::nullopt, std::string(name) + ": the PNG is damaged (no IHDR header)"};
    Header header;
    header.format = Format::Png;
    const std::int64_t width = bigEndian32(bytes, 16);
    const std::int64_t height = bigEndian32(bytes, 20);
    if (std::string limits = checkLimits(name, width, height); !limits.empty())
        return {std::nullopt, std::move(limits)};
    header.width = static_cast<int>(width);
    header.height = static_cast<int>(height);
    return {header, {}};
}

/// The headers of JPEG or PNG bytes, sniffed by their first bytes; refused (with the reason)
/// when empty, of another format, or over the limits.
Result<Header> readHeader(tjhandle handle, std::span<const std::uint8_t> bytes,
                          std::string_view name) {
    if (bytes.empty()) return {std::nullopt, std::string(name) + ": the file is empty"};
    if (isJpeg(bytes)) return readJpegHeader(handle, bytes, name);
    if (isPng(bytes)) return readPngHeader(bytes, name);
    if (const std::string_view other = otherFormatName(bytes); !other.empty())
        return {std::nullopt, std::string(name) + ": this is " + std::string(other) +
                                  "; only JPEG and PNG photos can be opened (export it as "
                                  "JPEG first)"};
    return {std::nullopt, std::string(name) + ": this is not a JPEG or PNG image"};
}

// --- EXIF orientation ---
// Pixels are moved as 4-byte units with memcpy (which compiles to plain loads and stores)
// rather than through a uint32_t* into the byte vector, which would break aliasing rules.

void swapPixels(std::uint8_t* a, std::uint8_t* b) {
    std::array<std::uint8_t, 4> t;
    std::memcpy(t.data(), a, 4);
    std::memcpy(a, b, 4);
    std::memcpy(b, t.data(), 4);
}

void mirrorLeftRight(RgbaImage& image) { // orientation 2
    for (int y = 0; y < image.height; ++y) {
        std::uint8_t* row = image.rgba.data() + static_cast<std::size_t>(y) * image.width * 4;
        for (int left = 0, right = image.width - 1; left < right; ++left, --right)
            swapPixels(row + left * 4, row + right * 4);
    }
}

void rotate180(RgbaImage& image) { // orientation 3: mirrored both ways
    const std::size_t count = image.rgba.size() / 4;
    if (count < 2) return;
    std::uint8_t* p = image.rgba.data();
    for (std::size_t i = 0, j = count - 1; i < j; ++i, --j)
        swapPixels(p + i * 4, p + j * 4);
}

void flipTopBottom(RgbaImage& image) { // orientation 4
    const auto rowBytes = static_cast<std::ptrdiff_t>(image.width) * 4;
    for (int top = 0, bottom = image.height - 1; top < bottom; ++top, --bottom) {
        const auto topRow = image.rgba.begin() + rowBytes * top;
        std::swap_ranges(topRow, topRow + rowBytes, image.rgba.begin() + rowBytes * bottom);
    }
}

/// Orientations 5-8, which swap width and height. Source pixel (sx, sy) of a W x H image goes
/// to (dx, dy) of the H x W result, with dx = sy and dy = sx, each then counted from the far
/// side when `reverseX` / `reverseY`. Done in square blocks so that both the rows read and
/// the columns written stay in cache.
template <bool reverseX, bool reverseY> void transposeInto(const RgbaImage& from, RgbaImage& to) {
    constexpr int kBlock = 64;
    const int w = from.width;
    const int h = from.height;
    const std::uint8_t* src = from.rgba.data();
    std::uint8_t* dst = to.rgba.data();
    for (int blockY = 0; blockY < h; blockY += kBlock) {
        const int endY = std::min(blockY + kBlock, h);
        for (int blockX = 0; blockX < w; blockX += kBlock) {
            const int endX = std::min(blockX + kBlock, w);
            for (int sy = blockY; sy < endY; ++sy) {
                const int dx = reverseX ? h - 1 - sy : sy;
                const std::uint8_t* srcRow = src + static_cast<std::size_t>(sy) * w * 4;
                for (int sx = blockX; sx < endX; ++sx) {
                    const int dy = reverseY ? w - 1 - sx : sx;
                    std::memcpy(dst + (static_cast<std::size_t>(dy) * h + dx) * 4,
                                srcRow + static_cast<std::size_t>(sx) * 4, 4);
                }
            }
        }
    }
}

/// Turns the stored image into the displayed one. The EXIF meaning of each value, as "where
/// the stored row 0 / column 0 are seen": 1 top/left (as stored), 2 top/right, 3 bottom/right,
/// 4 bottom/left, 5 left/top, 6 right/top (rotate 90° clockwise to view), 7 right/bottom,
/// 8 left/bottom (rotate 90° counter-clockwise).
void applyOrientation(RgbaImage& image, int orientation) {
    switch (orientation) {
    case 2:
        mirrorLeftRight(image);
        return;
    case 3:
        rotate180(image);
        return;
    case 4:
        flipTopBottom(image);
        return;
    case 5:
    case 6:
    case 7:
    case 8:
        break;
    default:
        return;
    }
    RgbaImage turned{image.height, image.width, {}};
    allocatePixelBuffer(turned.rgba, image.rgba.size());
    if (orientation == 5) transposeInto<false, false>(image, turned);
    if (orientation == 6) transposeInto<true, false>(image, turned);
    if (orientation == 7) transposeInto<true, true>(image, turned);
    if (orientation == 8) transposeInto<false, true>(image, turned);
    image = std::move(turned);
}

// --- Decoding ---

/// The display's sides reversed by an EXIF orientation (see applyOrientation): where the
/// stored image's last column or row is seen first.
bool reversesDisplayX(int orientation) {
    return orientation == 2 || orientation == 3 || orientation == 6 || orientation == 7;
}
bool reversesDisplayY(int orientation) {
    return orientation == 3 || orientation == 4 || orientation == 7 || orientation == 8;
}

/// Whether TurboJPEG can decode at `scale`.
bool offered(PhotoScale scale) {
    int count = 0;
    const tjscalingfactor* factors = tjGetScalingFactors(&count);
    for (int i = 0; factors && i < count; ++i)
        if (std::int64_t{factors[i].num} * scale.denominator ==
            std::int64_t{scale.numerator} * factors[i].denom)
            return true;
    return false;
}

PhotoLoad decodeJpeg(tjhandle handle, std::span<const std::uint8_t> bytes, const Header& header,
                     std::string_view name, PhotoScale scale) {
    PhotoLoad load;
    const tjscalingfactor factor{scale.numerator, scale.denominator};
    const int width = TJSCALED(header.width, factor);
    const int height = TJSCALED(header.height, factor);
    RgbaImage image{width, height, {}};
    allocatePixelBuffer(image.rgba, static_cast<std::size_t>(width) * height * 4);
    // Accurate integer IDCT and smooth chroma upsampling: libjpeg's defaults, and djpeg's (see
    // bench/bench_photo.cpp for the speed of the fast variants). LIMITSCANS refuses progressive
    // files with absurd scan counts, which would otherwise take minutes to decode.
    const int flags = TJFLAG_ACCURATEDCT | TJFLAG_LIMITSCANS;
    // TJPF_RGBA rather than TJPF_RGBX: the same speed, and alpha is guaranteed to be 255. Given
    // the scaled size, TurboJPEG picks that very scale (the largest whose image fits in it).
    if (tjDecompress2(handle, bytes.data(), bytes.size(), image.rgba.data(), width, 0, height,
                      TJPF_RGBA, flags) != 0) {
        if (tjGetErrorCode(handle) != TJERR_WARNING) {
            load.error = std::string(name) + ": the JPEG cannot be decoded (" +
                         turboJpegReason(handle) + ")";
            return load;
        }
        // TurboJPEG reports a warning even when a fatal error followed it in the same call, and
        // then writes nothing: every decoded pixel has alpha 255 (TJPF_RGBA), the zeroed buffer 0.
        if (image.rgba[3] != 255) {
            load.error = std::string(name) + ": the JPEG cannot be decoded (" +
                         turboJpegReason(handle) + ")";
            return load;
        }
        // Damaged but decodable (e.g. cut short: the missing rows come out grey).
        load.warning = std::string(name) + ": the JPEG is damaged; parts of the photo may be " +
                       "missing or wrong (" + turboJpegReason(handle) + ")";
    }
    applyOrientation(image, header.orientation);

    const bool turned = header.orientation >= 5;
    PhotoPlacement& at = load.placement;
    at.photoWidth = turned ? header.height : header.width;
    at.photoHeight = turned ? header.width : header.height;
    at.pixelSize = double(scale.denominator) / scale.numerator;
    // Scaled, block b of the stored image becomes pixels [b * n, (b + 1) * n) of the reduced
    // one, so only the last pixel along a side may reach past the photo's edge.
    if (reversesDisplayX(header.orientation)) at.left = at.photoWidth - image.width * at.pixelSize;
    if (reversesDisplayY(header.orientation)) at.top = at.photoHeight - image.height * at.pixelSize;
    load.image = std::move(image);
    return load;
}

// Whether every chunk of a PNG fits in the file. stb_image reserves what an IDAT chunk claims
// before finding the data missing (2 GB for a 118-byte file), and gives up without a reason when
// the claim passes 2 GB; a chunk that claims more than the file holds is refused first.
bool pngChunksFit(std::span<const std::uint8_t> bytes) {
    std::size_t at = 8; // after the signature
    while (at + 12 <= bytes.size()) {
        const std::uint32_t length = (std::uint32_t{bytes[at]} << 24) |
                                     (std::uint32_t{bytes[at + 1]} << 16) |
                                     (std::uint32_t{bytes[at + 2]} << 8) | bytes[at + 3];
        if (length > bytes.size() - at - 12) return false;
        if (std::memcmp(bytes.data() + at + 4, "IEND", 4) == 0) return true;
        at += 12 + std::size_t{length};
    }
    return true; // cut short between chunks: stb_image reports what is missing
}

PhotoLoad decodePng(std::span<const std::uint8_t> bytes, const Header& header,
                    std::string_view name) {
    PhotoLoad load;
    if (!pngChunksFit(bytes)) {
        load.error = std::string(name) + ": the PNG is damaged (a chunk claims more data than the "
                                         "file holds)";
        return load;
    }
    int width = 0;
    int height = 0;
    int channels = 0;
    // stb_image's "flip on load" is a process-wide setting that other code may change; this
    // thread's own setting overrides it, so our rows always come top row first.
    stbi_set_flip_vertically_on_load_thread(0);
    // 4 channels asked for: grey, grey + alpha, RGB and palettes are expanded; 16-bit samples
    // are reduced to 8 bits. kMaxPhotoFileBytes keeps the size within an int.
    const std::unique_ptr<stbi_uc, void (*)(void*)> pixels(
        stbi_load_from_memory(bytes.data(), static_cast<int>(bytes.size()), &width, &height,
                              &channels, 4),
        stbi_image_free);
    if (!pixels) {
        const char* reason = stbi_failure_reason();
        load.error = std::string(name) + ": the PNG cannot be decoded (" +
                     (reason ? reason : "damaged data") + ")";
        return load;
    }
    if (width != header.width || height != header.height) {
        load.error = std::string(name) + ": the PNG is damaged (its size changed while decoding)";
        return load;
    }
    RgbaImage image{width, height, {}};
    allocatePixelBuffer(image.rgba, static_cast<std::size_t>(width) * height * 4);
    std::copy_n(pixels.get(), image.rgba.size(), image.rgba.data());
    load.image = std::move(image);
    return load;
}

// --- Files ---

/// Reads up to `maxBytes` of a regular file; files over kMaxPhotoFileBytes are refused unread.
Result<std::vector<std::uint8_t>> readFile(const std::filesystem::path& path,
                                           const std::string& name, std::size_t maxBytes) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (status.type() == fs::file_type::not_found) return {std::nullopt, name + ": no such file"};
    if (ec) return {std::nullopt, name + ": cannot read it (" + ec.message() + ")"};
    if (fs::is_directory(status))
        return {std::nullopt, name + ": this is a folder, not a photo file"};
    // Refuses FIFOs and devices, whose reading might never end.
    if (!fs::is_regular_file(status)) return {std::nullopt, name + ": this is not a regular file"};
    const std::uintmax_t size = fs::file_size(path, ec);
    if (ec) return {std::nullopt, name + ": cannot read it (" + ec.message() + ")"};
    if (size > kMaxPhotoFileBytes) {
        constexpr std::uintmax_t mb = 1024 * 1024;
        return {std::nullopt, name + ": the file is " + withThousands((size + mb - 1) / mb) +
                                  " MB; photos are limited to " +
                                  withThousands(kMaxPhotoFileBytes / mb) + " MB"};
    }

    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                               std::fclose);
    if (!file)
        return {std::nullopt,
                name + ": cannot open it (" + std::generic_category().message(errno) + ")"};
    // The size may change between the stat and the read: read at most what was seen and keep
    // what actually came.
    std::vector<std::uint8_t> bytes;
    allocatePixelBuffer(bytes, static_cast<std::size_t>(std::min<std::uintmax_t>(size, maxBytes)));
    const std::size_t got = std::fread(bytes.data(), 1, bytes.size(), file.get());
    if (got < bytes.size() && std::ferror(file.get()))
        return {std::nullopt,
                name + ": cannot read it (" + std::generic_category().message(errno) + ")"};
    bytes.resize(got);
    return {std::move(bytes), {}};
}

} // namespace

// Sizes `bytes` to `size` zeroed bytes. On Linux, a large buffer is first marked for
// transparent huge pages (where the system allows them only on request, as Debian's default
// does): the kernel then maps it in 2 MB pages instead of 4 KB ones. For a 24 MP photo that
// is 48 page faults instead of 23,000: 13 ms instead of 63 ms to make the 96 MB buffer on
// the (virtual) machine bench/bench_photo.cpp was first run on, where the 4 KB faults cost
// half as much as decoding the JPEG.
void allocatePixelBuffer(std::vector<std::uint8_t>& bytes, std::size_t size) {
    bytes.clear();
    bytes.reserve(size);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    constexpr std::size_t kHugePage = 2 * 1024 * 1024;
    if (size >= 2 * kHugePage) {
        static const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
        const auto start = reinterpret_cast<std::uintptr_t>(bytes.data());
        const std::uintptr_t aligned = (start + page - 1) / page * page;
        // Only advice: when it is refused (THP off, old kernel) the buffer is as usual.
        madvise(reinterpret_cast<void*>(aligned), size - (aligned - start), MADV_HUGEPAGE);
    }
#endif
    bytes.resize(size);
}

PhotoLoad decodePhoto(std::span<const std::uint8_t> bytes, std::string_view nameForMessages) {
    return decodePhoto(bytes, nameForMessages, PhotoScale{});
}

PhotoLoad decodePhoto(std::span<const std::uint8_t> bytes, std::string_view nameForMessages,
                      PhotoScale scale) {
    PhotoLoad load;
    const TurboJpegHandle handle(tjInitDecompress());
    if (!handle) {
        load.error = std::string(nameForMessages) + ": cannot start the JPEG decoder";
        return load;
    }
    const Result<Header> header = readHeader(handle.get(), bytes, nameForMessages);
    if (!header.value) {
        load.error = header.error;
        return load;
    }
    if (header.value->format == Format::Jpeg) {
        const bool usable =
            scale.numerator > 0 && scale.numerator <= scale.denominator && offered(scale);
        return decodeJpeg(handle.get(), bytes, *header.value, nameForMessages,
                          usable ? scale : PhotoScale{});
    }
    load = decodePng(bytes, *header.value, nameForMessages);
    if (load.image) load.placement = {load.image->width, load.image->height, 0, 0, 1};
    return load;
}

PhotoScale scaleToFill(std::span<const std::uint8_t> bytes, int viewWidth, int viewHeight) {
    const TurboJpegHandle handle(tjInitDecompress());
    if (!handle || !isJpeg(bytes)) return {};
    const Result<Header> header = readHeader(handle.get(), bytes, "");
    if (!header.value) return {};
    const bool turned = header.value->orientation >= 5;
    const int width = turned ? header.value->height : header.value->width;
    const int height = turned ? header.value->width : header.value->height;
    int count = 0;
    const tjscalingfactor* factors = tjGetScalingFactors(&count);
    PhotoScale best;
    for (int i = 0; factors && i < count; ++i) {
        const tjscalingfactor f = factors[i];
        if (f.num >= f.denom) continue; // enlarging, or the whole photo (the default)
        // Fitting scales by min(view / photo) over both sides, so covering either side is
        // enough. TJSCALED rounds up, as the decoded size does.
        const bool fills = TJSCALED(width, f) >= viewWidth || TJSCALED(height, f) >= viewHeight;
        const bool smaller =
            std::int64_t{f.num} * best.denominator < std::int64_t{best.numerator} * f.denom;
        if (fills && smaller) best = PhotoScale{f.num, f.denom};
    }
    return best;
}

std::optional<std::vector<std::uint8_t>> readPhotoFile(const std::filesystem::path& path,
                                                       std::string* error) {
    Result<std::vector<std::uint8_t>> bytes =
        readFile(path, path.string(), static_cast<std::size_t>(kMaxPhotoFileBytes));
    if (!bytes.value && error) *error = std::move(bytes.error);
    return std::move(bytes.value);
}

PhotoLoad loadPhoto(const std::filesystem::path& path) {
    const std::string name = path.string();
    const Result<std::vector<std::uint8_t>> bytes =
        readFile(path, name, static_cast<std::size_t>(kMaxPhotoFileBytes));
    if (!bytes.value) return PhotoLoad{std::nullopt, bytes.error, {}, {}};
    return decodePhoto(*bytes.value, name);
}

std::optional<std::pair<int, int>> photoDisplaySize(const std::filesystem::path& path,
                                                    std::string* error) {
    auto fail = [error](std::string message) -> std::optional<std::pair<int, int>> {
        if (error) *error = std::move(message);
        return std::nullopt;
    };
    const std::string name = path.string();
    Result<std::vector<std::uint8_t>> bytes = readFile(path, name, kHeaderPrefixBytes);
    if (!bytes.value) return fail(bytes.error);
    const TurboJpegHandle handle(tjInitDecompress());
    if (!handle) return fail(name + ": cannot start the JPEG decoder");

    Result<Header> header = readHeader(handle.get(), *bytes.value, name);
    // A JPEG whose headers run past the prefix (large ICC profiles, XMP): read it all.
    if (!header.value && bytes.value->size() == kHeaderPrefixBytes && isJpeg(*bytes.value)) {
        bytes = readFile(path, name, static_cast<std::size_t>(kMaxPhotoFileBytes));
        if (!bytes.value) return fail(bytes.error);
        header = readHeader(handle.get(), *bytes.value, name);
    }
    if (!header.value) return fail(header.error);
    const bool swapsSides = header.value->orientation >= 5;
    if (swapsSides) return std::pair{header.value->height, header.value->width};
    return std::pair{header.value->width, header.value->height};
}

} // namespace hp::render
