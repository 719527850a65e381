// hairplan_bench_photo: what opening a patient photo costs. The budget (issue text): "from
// opening a 24 MP JPEG to its first frame within 1.3x the time djpeg takes to decode the same
// file". scripts/bench-photo runs this program's modes under hyperfine next to djpeg.
//
// The editor opens a JPEG in two steps (render/photo_loading.hpp): the first frame comes from
// a decode at the reduced scale the canvas needs (1/4 for a 6000 x 4000 photo in a 1600 x 1000
// canvas); from the next frame a worker thread decodes the photo whole and makes its mipmaps,
// and the full resolution is sent to the GPU 8 ms a frame and replaces the first image.
//
//   hairplan_bench_photo [Google Benchmark flags]   the benchmarks below
//   hairplan_bench_photo --make-jpeg FILE           writes the 6000 x 4000 test JPEG
//   hairplan_bench_photo --decode FILE              loadPhoto alone, like `djpeg FILE`
//   hairplan_bench_photo --first-frame FILE         a context, then the editor's way to the
//                                                   first frame: the reduced decode, its
//                                                   texture and one canvas frame, finished
//   hairplan_bench_photo --full-resolution FILE     the same, then canvas frames as the editor
//                                                   draws them until one shows the full photo
//   hairplan_bench_photo --whole-first-frame FILE   the way before: loadPhoto, PhotoTexture
//                                                   of the whole photo, one frame
//   hairplan_bench_photo --context-only             the same without the photo (the context
//                                                   exists already when the editor opens one);
//                                                   prints the GL renderer
#include "render/framebuffer.hpp"
#include "render/offscreen_context.hpp"
#include "render/photo.hpp"
#include "render/photo_loading.hpp"
#include "render/photo_texture.hpp"
#include "render/photo_tiles.hpp"

#include <algorithm>
#include <array>
#include <benchmark/benchmark.h>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <glad/gl.h>
#include <libexif/exif-data.h>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <turbojpeg.h>
#include <unistd.h>
#include <vector>

namespace {

using hp::render::RgbaImage;
using Bytes = std::vector<std::uint8_t>;

constexpr int kWidth = 6000;
constexpr int kHeight = 4000;
constexpr int kQuality = 92;
// The editor's canvas on a clinic screen; the photo is fitted into it for the first frame.
constexpr int kCanvasWidth = 1600;
constexpr int kCanvasHeight = 1000;

// --- The test photo: smooth gradients (light falling across skin), mid-frequency texture
// (hair, pores) and per-pixel sensor noise, so that it compresses like a camera JPEG rather
// than like a flat image. Deterministic: the same file on every machine. ---

std::uint64_t mix(std::uint64_t z) { // SplitMix64's finaliser
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/// A value in [-1, 1) for lattice point (x, y) and channel c.
double lattice(int x, int y, int c) {
    const std::uint64_t h = mix((std::uint64_t(std::uint32_t(x)) << 32 | std::uint32_t(y)) * 3 +
                                std::uint64_t(c) + 0x9E3779B97F4A7C15ull);
    return double(h >> 11) / double(1ull << 52) - 1.0;
}

/// Bilinear value noise with cells of `cell` pixels: texture at the scale of hair and skin.
double texture(int x, int y, int c, int cell) {
    const int cx = x / cell, cy = y / cell;
    const double fx = double(x % cell) / cell, fy = double(y % cell) / cell;
    const double top = lattice(cx, cy, c) * (1 - fx) + lattice(cx + 1, cy, c) * fx;
    const double bottom = lattice(cx, cy + 1, c) * (1 - fx) + lattice(cx + 1, cy + 1, c) * fx;
    return top * (1 - fy) + bottom * fy;
}

std::vector<std::uint8_t> makeRgbPixels() {
    constexpr double twoPi = 6.283185307179586;
    std::vector<double> alongX(kWidth), alongY(kHeight), diagonal(kWidth + kHeight);
    for (int x = 0; x < kWidth; ++x)
        alongX[std::size_t(x)] = std::sin(x * twoPi / 5000 + 0.3);
    for (int y = 0; y < kHeight; ++y)
        alongY[std::size_t(y)] = std::cos(y * twoPi / 3700);
    for (int d = 0; d < kWidth + kHeight; ++d)
        diagonal[std::size_t(d)] = std::sin(d * twoPi / 2900);
    std::vector<std::uint8_t> rgb(std::size_t(kWidth) * kHeight * 3);
    for (int y = 0; y < kHeight; ++y) {
        for (int x = 0; x < kWidth; ++x) {
            const double base[3] = {
                150 + 55 * alongX[std::size_t(x)] + 30.0 * y / kHeight,
                110 + 40 * alongY[std::size_t(y)] + 25 * diagonal[std::size_t(x + y)],
                95 + 35 * diagonal[std::size_t(x + kHeight - 1 - y)] - 20.0 * x / kWidth};
            const std::uint64_t grain = mix(std::uint64_t(y) * kWidth + std::uint64_t(x));
            for (int c = 0; c < 3; ++c) {
                const double sensor = double((grain >> (c * 8)) & 0xFF) / 255.0 * 20 - 10;
                const double value =
                    base[c] + 16 * texture(x, y, c, 12) + 14 * texture(x, y, c + 3, 3) + sensor;
                rgb[(std::size_t(y) * kWidth + std::size_t(x)) * 3 + std::size_t(c)] =
                    std::uint8_t(std::clamp(value, 0.0, 255.0));
            }
        }
    }
    return rgb;
}

Bytes compress(const std::vector<std::uint8_t>& rgb) {
    tjhandle handle = tjInitCompress();
    unsigned char* jpeg = nullptr;
    unsigned long size = 0;
    const int status = tjCompress2(handle, rgb.data(), kWidth, 0, kHeight, TJPF_RGB, &jpeg, &size,
                                   TJSAMP_420, kQuality, 0);
    if (status != 0) {
        std::fprintf(stderr, "tjCompress2: %s\n", tjGetErrorStr2(handle));
        std::exit(1);
    }
    Bytes bytes(jpeg, jpeg + size);
    tjFree(jpeg);
    tjDestroy(handle);
    return bytes;
}

bool writeFile(const std::filesystem::path& path, const Bytes& bytes) {
    // Written beside and renamed, so that a reader never sees half a file.
    const std::filesystem::path partial = path.string() + ".part" + std::to_string(getpid());
    {
        std::ofstream out(partial, std::ios::binary);
        out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
        if (!out) return false;
    }
    std::error_code ec;
    std::filesystem::rename(partial, path, ec);
    return !ec;
}

Bytes readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), {});
}

/// `jpeg` with an EXIF APP1 segment (built with libexif) saying `orientation`.
Bytes withOrientation(const Bytes& jpeg, int orientation) {
    ExifData* exif = exif_data_new();
    ExifEntry* entry = exif_entry_new();
    exif_content_add_entry(exif->ifd[EXIF_IFD_0], entry);
    exif_entry_initialize(entry, EXIF_TAG_ORIENTATION);
    exif_set_short(entry->data, exif_data_get_byte_order(exif), ExifShort(orientation));
    exif_entry_unref(entry);
    unsigned char* block = nullptr;
    unsigned int size = 0;
    exif_data_save_data(exif, &block, &size);
    exif_data_unref(exif);
    Bytes out(jpeg.begin(), jpeg.begin() + 2);
    out.insert(out.end(), {0xFF, 0xE1, std::uint8_t((size + 2) >> 8), std::uint8_t(size + 2)});
    out.insert(out.end(), block, block + size);
    out.insert(out.end(), jpeg.begin() + 2, jpeg.end());
    std::free(block);
    return out;
}

/// The benchmark's photo, made on first use and kept in /tmp across runs.
const std::filesystem::path& testJpeg() {
    static const std::filesystem::path path = [] {
        const std::filesystem::path file =
            std::filesystem::temp_directory_path() / "hairplan-bench-6000x4000-q92-v1.jpg";
        if (!std::filesystem::exists(file)) {
            std::fprintf(stderr, "making %s\n", file.c_str());
            if (!writeFile(file, compress(makeRgbPixels()))) {
                std::fprintf(stderr, "cannot write %s\n", file.c_str());
                std::exit(1);
            }
        }
        return file;
    }();
    return path;
}

const Bytes& testJpegBytes() {
    static const Bytes bytes = readFile(testJpeg());
    return bytes;
}

const RgbaImage& decodedTestPhoto() {
    static const RgbaImage image = *hp::render::loadPhoto(testJpeg()).image;
    return image;
}

void setPixelCounters(benchmark::State& state, const RgbaImage& image) {
    state.counters["MP/s"] = benchmark::Counter(double(image.width) * image.height / 1e6,
                                                benchmark::Counter::kIsIterationInvariantRate);
}

// --- Decoding ---

void BM_LoadPhoto24MP(benchmark::State& state) {
    testJpeg(); // made before the clock starts
    for (auto _ : state) {
        hp::render::PhotoLoad load = hp::render::loadPhoto(testJpeg());
        if (!load.image) {
            state.SkipWithError(load.error.c_str());
            return;
        }
        benchmark::DoNotOptimize(load.image->rgba.data());
    }
    state.counters["file_MB"] = double(std::filesystem::file_size(testJpeg())) / 1e6;
    setPixelCounters(state, *hp::render::loadPhoto(testJpeg()).image);
}
BENCHMARK(BM_LoadPhoto24MP)->Unit(benchmark::kMillisecond)->UseRealTime();

// A portrait phone photo: the same pixels stored sideways, turned by EXIF orientation 6.
void BM_LoadPhoto24MPOrientation6(benchmark::State& state) {
    const Bytes bytes = withOrientation(testJpegBytes(), 6);
    for (auto _ : state) {
        hp::render::PhotoLoad load = hp::render::decodePhoto(bytes, "portrait.jpg");
        if (!load.image || load.image->width != kHeight) {
            state.SkipWithError("orientation 6 was not applied");
            return;
        }
        benchmark::DoNotOptimize(load.image->rgba.data());
    }
}
BENCHMARK(BM_LoadPhoto24MPOrientation6)->Unit(benchmark::kMillisecond)->UseRealTime();

/// TurboJPEG alone into a buffer allocated once: the floor for loadPhoto, and what the fast
/// (less exact) decoding options would gain. The PSNR against the accurate decode says what
/// they would cost in quality.
void turboJpegOnly(benchmark::State& state, int flags) {
    const Bytes& jpeg = testJpegBytes();
    tjhandle handle = tjInitDecompress();
    std::vector<std::uint8_t> pixels(std::size_t(kWidth) * kHeight * 4);
    for (auto _ : state) {
        if (tjDecompress2(handle, jpeg.data(), jpeg.size(), pixels.data(), kWidth, 0, kHeight,
                          TJPF_RGBA, flags) != 0) {
            state.SkipWithError(tjGetErrorStr2(handle));
            break;
        }
        benchmark::ClobberMemory();
    }
    std::vector<std::uint8_t> accurate(pixels.size());
    tjDecompress2(handle, jpeg.data(), jpeg.size(), accurate.data(), kWidth, 0, kHeight, TJPF_RGBA,
                  TJFLAG_ACCURATEDCT);
    tjDestroy(handle);
    double squares = 0;
    int largest = 0;
    for (std::size_t i = 0; i < pixels.size(); ++i) {
        const int d = int(pixels[i]) - int(accurate[i]);
        squares += double(d) * d;
        largest = std::max(largest, std::abs(d));
    }
    const double mse = squares / double(pixels.size() / 4 * 3);
    state.counters["PSNR_vs_accurate_dB"] = mse > 0 ? 10 * std::log10(255.0 * 255.0 / mse) : 999;
    state.counters["max_diff"] = largest;
    state.counters["MP/s"] = benchmark::Counter(double(kWidth) * kHeight / 1e6,
                                                benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK_CAPTURE(turboJpegOnly, accurate, TJFLAG_ACCURATEDCT)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(turboJpegOnly, fast_dct, TJFLAG_FASTDCT)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(turboJpegOnly, fast_dct_fast_upsample, TJFLAG_FASTDCT | TJFLAG_FASTUPSAMPLE)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

/// TurboJPEG's DCT-domain scaling (tjGetScalingFactors): a 1/4-scale decode is 1500 x 1000,
/// as many pixels as the fitted canvas shows: the editor's first frame comes from it. Most of a
/// decode is reading the entropy-coded data, which a reduced decode does in full, so it is
/// not 16 times faster (the BM_ReducedDecode figures show by how much it is).
void BM_TurboJpegQuarterScale(benchmark::State& state) {
    const Bytes& jpeg = testJpegBytes();
    tjhandle handle = tjInitDecompress();
    const int width = TJSCALED(kWidth, (tjscalingfactor{1, 4}));
    const int height = TJSCALED(kHeight, (tjscalingfactor{1, 4}));
    std::vector<std::uint8_t> pixels(std::size_t(width) * height * 4);
    for (auto _ : state) {
        if (tjDecompress2(handle, jpeg.data(), jpeg.size(), pixels.data(), width, 0, height,
                          TJPF_RGBA, TJFLAG_ACCURATEDCT) != 0) {
            state.SkipWithError(tjGetErrorStr2(handle));
            break;
        }
        benchmark::ClobberMemory();
    }
    tjDestroy(handle);
}
BENCHMARK(BM_TurboJpegQuarterScale)->Unit(benchmark::kMillisecond)->UseRealTime();

/// decodePhoto at a reduced scale, as the editor's first frame needs it: TurboJPEG's scaled
/// decode, the EXIF orientation, the placement over the full photo.
void BM_ReducedDecode24MP(benchmark::State& state) {
    const Bytes& jpeg = testJpegBytes();
    const hp::render::PhotoScale scale{1, int(state.range(0))};
    for (auto _ : state) {
        hp::render::PhotoLoad load = hp::render::decodePhoto(jpeg, "photo.jpg", scale);
        if (!load.image) {
            state.SkipWithError(load.error.c_str());
            return;
        }
        benchmark::DoNotOptimize(load.image->rgba.data());
        state.counters["width"] = load.image->width;
    }
}
BENCHMARK(BM_ReducedDecode24MP)
    ->Arg(2)
    ->Arg(4)
    ->Arg(8)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

/// The worker's second job once the photo is decoded: cutting it into the editor's 1024-pixel
/// tiles and making every tile's mipmaps on the CPU.
void BM_PhotoTilesMipmaps24MP(benchmark::State& state) {
    const hp::render::RgbaImage& image = decodedTestPhoto();
    for (auto _ : state) {
        const hp::render::PhotoTiles tiles(image, int(state.range(0)));
        benchmark::DoNotOptimize(tiles.level(0, 1).rgba);
        state.counters["tiles"] = tiles.tileCount();
    }
}
BENCHMARK(BM_PhotoTilesMipmaps24MP)
    ->Arg(1024)
    ->Arg(4096)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// --- The GPU side, under an EGL surfaceless context (llvmpipe on a machine without a GPU) ---

hp::render::OffscreenContext& context() {
    static std::optional<hp::render::OffscreenContext> made = [] {
        unsetenv("DISPLAY");
        std::string error;
        auto c = hp::render::OffscreenContext::create(&error);
        if (!c) std::fprintf(stderr, "OffscreenContext: %s\n", error.c_str());
        return c;
    }();
    if (!made) std::exit(1);
    return *made;
}

/// Fits the photo into the canvas, centred, as the editor's "F" does.
std::array<float, 9> fitted(int width, int height) {
    const double scale = std::min(double(kCanvasWidth) / width, double(kCanvasHeight) / height);
    const double ox = (kCanvasWidth - scale * width) / 2;
    const double oy = (kCanvasHeight - scale * height) / 2;
    const auto sx = float(2 * scale / kCanvasWidth), sy = float(-2 * scale / kCanvasHeight);
    const auto tx = float(2 * ox / kCanvasWidth - 1), ty = float(1 - 2 * oy / kCanvasHeight);
    return {sx, 0, 0, 0, sy, 0, tx, ty, 1}; // column-major
}

/// Waits for the GPU: glFinish, then a one-pixel read-back that cannot complete earlier.
void finish() {
    glFinish();
    std::uint8_t pixel[4];
    glReadPixels(0, 0, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, pixel);
    benchmark::DoNotOptimize(pixel);
}

hp::render::Framebuffer& canvas() {
    static std::optional<hp::render::Framebuffer> target =
        hp::render::Framebuffer::create(kCanvasWidth, kCanvasHeight);
    if (!target) std::exit(1);
    return *target;
}

void BM_PhotoTextureCreate24MP(benchmark::State& state) {
    context();
    const RgbaImage& image = decodedTestPhoto();
    for (auto _ : state) {
        std::string error;
        std::optional<hp::render::PhotoTexture> texture =
            hp::render::PhotoTexture::create(image, &error);
        if (!texture) {
            state.SkipWithError(error.c_str());
            return;
        }
        finish();
        state.counters["tiles"] = texture->tileCount();
    }
    setPixelCounters(state, image);
}
BENCHMARK(BM_PhotoTextureCreate24MP)->Unit(benchmark::kMillisecond)->UseRealTime();

/// One canvas frame of an already open photo: what panning and zooming cost.
void BM_DrawFittedFrame(benchmark::State& state) {
    context();
    const hp::render::PhotoTexture texture = *hp::render::PhotoTexture::create(decodedTestPhoto());
    canvas().bind();
    for (auto _ : state) {
        glClear(GL_COLOR_BUFFER_BIT);
        texture.draw(fitted(texture.width(), texture.height()));
        finish();
    }
}
BENCHMARK(BM_DrawFittedFrame)->Unit(benchmark::kMillisecond)->UseRealTime();

// --- Opening: the budget's measure ---

/// The editor's tiles for the full-resolution texture (app/photo_loads.hpp, PhotoLoads::kTileSize).
constexpr int kEditorTileSize = 1024;
/// What a canvas frame may spend sending the full resolution to the GPU (app/canvas_renderer.cpp).
constexpr auto kUploadPerFrame = std::chrono::milliseconds(8);

/// A photo on the way to the screen as the editor has it: the texture drawn, the worker still
/// decoding the full resolution, or the full texture on its way to the GPU.
struct OpenPhoto {
    std::unique_ptr<hp::render::PhotoLoading> loading;
    std::optional<hp::render::PhotoTexture> shown;
    std::optional<hp::render::PhotoTexture> uploading;
};

void drawFrame(const OpenPhoto& photo) {
    canvas().bind();
    glClear(GL_COLOR_BUFFER_BIT);
    if (photo.shown) photo.shown->draw(fitted(photo.shown->width(), photo.shown->height()));
    finish();
}

/// The budget's measure: from the file's name to the first frame showing it, the editor's way.
/// Returns the photo, its full resolution still to be decoded (nullopt and `error` set on
/// failure), so that freeing it is not counted.
std::optional<OpenPhoto> openToFirstFrame(const std::filesystem::path& file, std::string& error) {
    OpenPhoto photo;
    photo.loading =
        hp::render::PhotoLoading::start(file, kCanvasWidth, kCanvasHeight, kEditorTileSize, &error);
    if (!photo.loading) return std::nullopt;
    photo.shown = hp::render::PhotoTexture::create(photo.loading->firstImage(), &error,
                                                   hp::render::PhotoTexture::kDefaultMaxTileSize,
                                                   photo.loading->firstPlacement());
    if (!photo.shown) return std::nullopt;
    if (photo.loading->firstIsFull()) photo.loading.reset();
    drawFrame(photo);
    return photo;
}

/// One canvas frame after the first, as CanvasRenderer draws it: take the worker's result when
/// it is there, send the GPU up to 8 ms of it, swap when it is all there, draw. Returns true
/// once the frame drawn shows the full resolution.
bool nextFrame(OpenPhoto& photo, std::string& error) {
    if (photo.loading) {
        photo.loading->startFull();
        if (std::optional<hp::render::PhotoLoading::Full> full = photo.loading->takeFull()) {
            photo.loading.reset();
            if (!full->photo) {
                error = full->error;
                return false;
            }
            photo.uploading = hp::render::PhotoTexture::startUpload(full->photo, &error);
            if (!photo.uploading) return false;
        }
    }
    if (photo.uploading) {
        switch (photo.uploading->continueUpload(kUploadPerFrame, &error)) {
        case hp::render::PhotoTexture::Upload::InProgress:
            break;
        case hp::render::PhotoTexture::Upload::Complete:
            photo.shown = std::move(photo.uploading);
            photo.uploading.reset();
            break;
        case hp::render::PhotoTexture::Upload::Failed:
            return false;
        }
    }
    drawFrame(photo);
    return !photo.loading && !photo.uploading;
}

struct FullResolution {
    int frames = 0;            ///< after the first, until one showed the full photo
    int decodingFrames = 0;    ///< of those, while the worker decoded (the rest: uploading)
    double longestFrameMs = 0; ///< of those
};

/// Frames after the first until one shows the full resolution; nullopt and `error` on failure.
std::optional<FullResolution> framesToFullResolution(OpenPhoto& photo, std::string& error) {
    FullResolution result;
    for (bool full = !photo.loading; !full;) {
        const auto start = std::chrono::steady_clock::now();
        const bool decoding = photo.loading != nullptr;
        full = nextFrame(photo, error);
        if (!error.empty()) return std::nullopt;
        const std::chrono::duration<double, std::milli> took =
            std::chrono::steady_clock::now() - start;
        result.longestFrameMs = std::max(result.longestFrameMs, took.count());
        ++result.frames;
        result.decodingFrames += decoding && photo.loading;
    }
    return result;
}

/// The way before: the whole photo decoded, then uploaded with its mipmaps, then drawn.
std::optional<hp::render::PhotoTexture> openWholeToFirstFrame(const std::filesystem::path& file,
                                                              std::string& error) {
    std::optional<hp::render::PhotoTexture> texture;
    {
        hp::render::PhotoLoad load = hp::render::loadPhoto(file);
        if (!load.image) {
            error = load.error;
            return std::nullopt;
        }
        texture = hp::render::PhotoTexture::create(*load.image, &error);
        if (!texture) return std::nullopt;
    } // the decoded pixels are freed once uploaded
    canvas().bind();
    glClear(GL_COLOR_BUFFER_BIT);
    texture->draw(fitted(texture->width(), texture->height()));
    finish();
    return texture;
}

void BM_OpenToFirstFrame24MP(benchmark::State& state) {
    context();
    canvas();
    testJpeg();
    for (auto _ : state) {
        std::string error;
        std::optional<OpenPhoto> photo = openToFirstFrame(testJpeg(), error);
        if (!photo) {
            state.SkipWithError(error.c_str());
            return;
        }
        state.PauseTiming();
        photo.reset();
        finish();
        state.ResumeTiming();
    }
}
BENCHMARK(BM_OpenToFirstFrame24MP)->Unit(benchmark::kMillisecond)->UseRealTime();

/// From the file's name to the first canvas frame showing the full resolution, drawing frames
/// as the editor does meanwhile (no vsync: as fast as they come).
void BM_OpenToFullResolution24MP(benchmark::State& state) {
    context();
    canvas();
    testJpeg();
    FullResolution last;
    for (auto _ : state) {
        std::string error;
        std::optional<OpenPhoto> photo = openToFirstFrame(testJpeg(), error);
        std::optional<FullResolution> frames;
        if (photo) frames = framesToFullResolution(*photo, error);
        if (!frames) {
            state.SkipWithError(error.c_str());
            return;
        }
        last = *frames;
        state.PauseTiming();
        photo.reset();
        finish();
        state.ResumeTiming();
    }
    state.counters["frames_after_first"] = last.frames;
    state.counters["frames_decoding"] = last.decodingFrames;
    state.counters["longest_frame_ms"] = last.longestFrameMs;
}
BENCHMARK(BM_OpenToFullResolution24MP)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_OpenWholeToFirstFrame24MP(benchmark::State& state) {
    context();
    canvas();
    testJpeg();
    for (auto _ : state) {
        std::string error;
        std::optional<hp::render::PhotoTexture> texture = openWholeToFirstFrame(testJpeg(), error);
        if (!texture) {
            state.SkipWithError(error.c_str());
            return;
        }
        state.PauseTiming();
        texture.reset();
        finish();
        state.ResumeTiming();
    }
}
BENCHMARK(BM_OpenWholeToFirstFrame24MP)->Unit(benchmark::kMillisecond)->UseRealTime();

int usage() {
    std::fprintf(stderr, "usage: hairplan_bench_photo [--make-jpeg FILE | --decode FILE | "
                         "--first-frame FILE | --full-resolution FILE | --whole-first-frame FILE "
                         "| --context-only | benchmark flags]\n");
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    const std::string_view mode = argc > 1 ? argv[1] : "";
    if (mode == "--make-jpeg") {
        if (argc != 3) return usage();
        if (!writeFile(argv[2], compress(makeRgbPixels()))) return 1;
        return 0;
    }
    // The timed modes end with _Exit as soon as the work is done: tearing the photo and the
    // context down is not part of opening a photo (djpeg has nothing to tear down).
    if (mode == "--decode") {
        if (argc != 3) return usage();
        const hp::render::PhotoLoad load = hp::render::loadPhoto(argv[2]);
        if (!load.image) std::fprintf(stderr, "%s\n", load.error.c_str());
        std::_Exit(load.image ? 0 : 1);
    }
    if (mode == "--first-frame" || mode == "--full-resolution") {
        if (argc != 3) return usage();
        context();
        std::string error;
        std::optional<OpenPhoto> photo = openToFirstFrame(argv[2], error);
        if (photo && mode == "--full-resolution" && !framesToFullResolution(*photo, error))
            photo.reset();
        if (!photo) {
            std::fprintf(stderr, "%s\n", error.c_str());
            return 1;
        }
        std::_Exit(0);
    }
    if (mode == "--whole-first-frame") {
        if (argc != 3) return usage();
        context();
        std::string error;
        if (!openWholeToFirstFrame(argv[2], error)) {
            std::fprintf(stderr, "%s\n", error.c_str());
            return 1;
        }
        std::_Exit(0);
    }
    if (mode == "--context-only") { // prints the renderer, for scripts/bench-photo's report
        context();
        canvas().bind();
        glClear(GL_COLOR_BUFFER_BIT);
        finish();
        std::printf("%s (%s)\n", context().renderer().c_str(), context().version().c_str());
        std::fflush(stdout);
        std::_Exit(0);
    }
    if (mode.starts_with("--") && !mode.starts_with("--benchmark")) return usage();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
