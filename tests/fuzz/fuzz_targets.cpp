#include "fuzz_targets.hpp"

#include "planning/plan.hpp"
#include "planning/plan_io.hpp"
#include "planning/png_plan_chunk.hpp"
#include "planning/summary.hpp"
#include "planning/summary_json.hpp"
#include "render/photo.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace hp::fuzz {
namespace {

using Bytes = std::span<const std::uint8_t>;

/// Reports a broken promise and stops at once, so that libFuzzer saves the input (and the
/// regression test fails on the file that did it). `detail` is cut short: it may be a whole plan.
[[noreturn]] void broken(std::string_view what, std::string_view detail = {}) {
    constexpr std::size_t kMaxDetail = 4000;
    std::fprintf(stderr, "hairplan fuzz: %.*s\n", static_cast<int>(what.size()), what.data());
    if (!detail.empty()) {
        const std::size_t shown = std::min(detail.size(), kMaxDetail);
        std::fprintf(stderr, "%.*s%s\n", static_cast<int>(shown), detail.data(),
                     shown < detail.size() ? " [...]" : "");
    }
    std::fflush(stderr);
    __builtin_trap();
}

std::uint32_t readBigEndian32(const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
           std::uint32_t{p[3]};
}

std::string describeAll(const std::vector<PlanError>& errors) {
    std::string text;
    for (const PlanError& error : errors)
        text += error.describe() + "\n";
    return text;
}

Outcome checkPlanText(std::string_view text) {
    const PlanLoad load = parsePlanJson(text);
    if (!load.plan) {
        if (load.errors.empty()) broken("parsePlanJson gave neither a plan nor an error");
        for (const PlanError& error : load.errors)
            if (error.message.empty()) broken("parsePlanJson gave an error without a message");
        return Outcome::Refused;
    }
    if (!load.errors.empty())
        broken("parsePlanJson gave a plan and errors", describeAll(load.errors));
    const Plan& plan = *load.plan;

    if (const std::vector<PlanError> errors = validatePlan(plan); !errors.empty())
        broken("validatePlan refuses a plan that parsePlanJson accepted", describeAll(errors));

    const std::string json = planToJson(plan);
    if (json.empty() || json.back() != '\n')
        broken("planToJson's text does not end in a newline", json);
    const PlanLoad again = parsePlanJson(json);
    if (!again.plan)
        broken("parsePlanJson refuses what planToJson wrote",
               describeAll(again.errors) + "in:\n" + json);
    if (!(*again.plan == plan))
        broken("planToJson then parsePlanJson changed the plan; what was written:", json);
    if (const std::string rewritten = planToJson(*again.plan); rewritten != json)
        broken("planToJson wrote the same plan two ways", json + "then:\n" + rewritten);
    return Outcome::Accepted;
}

// --- Counts ---

/// `value` plus `term`, where both are set; nullopt as soon as either is not.
std::optional<long long> plus(std::optional<long long> value, std::optional<long long> term) {
    if (!value || !term) return std::nullopt;
    return *value + *term;
}

void checkFigures(const Plan& plan, const Summary& summary) {
    if (summary.calibrated != plan.calibration.has_value())
        broken("summarize says calibrated for a plan that is not, or the reverse");
    const bool band = summary.zones.size() == plan.zones.size() + 1;
    if (!band && summary.zones.size() != plan.zones.size())
        broken("summarize gave " + std::to_string(summary.zones.size()) + " rows for " +
               std::to_string(plan.zones.size()) + " zones");
    if (band &&
        (summary.zones[0].kind != FigureKind::Hairline || !plan.hairline || !plan.calibration))
        broken("summarize gave a band row where there can be no band");

    // Counts are null throughout an uncalibrated plan, and start from 0 in a calibrated one.
    const std::optional<long long> zero = summary.calibrated ? std::optional(0LL) : std::nullopt;
    Totals sums;
    sums.grafts = sums.hairs = sums.smpDots = sums.donorCapacity = zero;
    for (const ZoneFigures& row : summary.zones) {
        if (!std::isfinite(row.drawnAreaPx) || !std::isfinite(row.countedAreaPx) ||
            row.countedAreaPx < 0 || row.countedAreaPx > row.drawnAreaPx * (1 + 1e-9) + 1e-6)
            broken("summarize gave a counted area outside [0, drawn area] for " + row.name,
                   std::to_string(row.countedAreaPx) + " of " + std::to_string(row.drawnAreaPx));
        switch (row.kind) {
        case FigureKind::Hairline:
        case FigureKind::Graft:
            sums.grafts = plus(sums.grafts, row.grafts);
            sums.hairs = plus(sums.hairs, row.hairs);
            break;
        case FigureKind::Smp:
            sums.smpDots = plus(sums.smpDots, row.dots);
            break;
        case FigureKind::Donor:
            sums.donorCapacity = plus(sums.donorCapacity, row.capacity);
            break;
        }
    }
    const Totals& totals = summary.totals;
    if (totals.grafts != sums.grafts || totals.hairs != sums.hairs ||
        totals.smpDots != sums.smpDots || totals.donorCapacity != sums.donorCapacity)
        broken("summarize's totals are not the sums of its rows", summaryToJson(summary).dump(1));
}

Outcome checkSummaryText(std::string_view text) {
    const PlanLoad load = parsePlanJson(text);
    if (!load.plan) return Outcome::Refused;
    const Summary summary = summarize(*load.plan);
    checkFigures(*load.plan, summary);
    // What `hairplan summary --json` prints; dump() throws on what JSON cannot hold.
    if (summaryToJson(summary).dump().empty()) broken("summaryToJson gave nothing");
    return Outcome::Accepted;
}

// --- Photos ---

/// `bytes` in a file of this process's own, for photoDisplaySize(), which reads files only;
/// removed again at the end of the scope.
class ScratchFile {
  public:
    explicit ScratchFile(Bytes bytes)
        : path_(std::filesystem::temp_directory_path() /
                ("hairplan-fuzz-photo-" + std::to_string(::getpid()))) {
        std::ofstream out(path_, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(bytes.data()),
                  static_cast<std::streamsize>(bytes.size()));
        out.close();
        if (!out) broken("cannot write the scratch file", path_.string());
    }
    ScratchFile(const ScratchFile&) = delete;
    ScratchFile& operator=(const ScratchFile&) = delete;
    ~ScratchFile() {
        std::error_code ignored;
        std::filesystem::remove(path_, ignored);
    }

    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

bool isJpeg(Bytes bytes) {
    return bytes.size() >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF;
}

void checkImage(const render::RgbaImage& image, bool jpeg) {
    if (image.width <= 0 || image.height <= 0 || image.width > render::kMaxPhotoSide ||
        image.height > render::kMaxPhotoSide ||
        std::int64_t{image.width} * image.height > render::kMaxPhotoPixels)
        broken("decodePhoto gave an image outside the limits",
               std::to_string(image.width) + " x " + std::to_string(image.height));
    if (image.rgba.size() != static_cast<std::size_t>(image.width) * image.height * 4)
        broken("decodePhoto gave a pixel buffer of the wrong size");
    if (jpeg)
        for (std::size_t alpha = 3; alpha < image.rgba.size(); alpha += 4)
            if (image.rgba[alpha] != 255) broken("a JPEG decoded with alpha other than 255");
}

Outcome checkPhotoBytes(Bytes bytes) {
    const ScratchFile scratch(bytes);
    const std::filesystem::path& file = scratch.path();
    const std::string name = file.string();

    const render::PhotoLoad load = render::decodePhoto(bytes, name);
    if (load.image) {
        if (!load.error.empty()) broken("decodePhoto gave an image and an error", load.error);
        if (!load.warning.empty() && !load.warning.starts_with(name))
            broken("decodePhoto's warning does not name the file", load.warning);
        checkImage(*load.image, isJpeg(bytes));
    } else {
        if (!load.error.starts_with(name + ": "))
            broken("decodePhoto refused without an error naming the file", load.error);
        if (!load.warning.empty()) broken("decodePhoto gave a warning without an image");
    }

    // photoDisplaySize() reads the same headers: it refuses exactly what decodePhoto refuses
    // before decoding, with the same words, and otherwise gives the decoded image's size.
    std::string sizeError;
    const std::optional<std::pair<int, int>> size = render::photoDisplaySize(file, &sizeError);
    if (!size) {
        if (load.image) broken("photoDisplaySize refuses a photo that decodes", sizeError);
        if (sizeError != load.error)
            broken("photoDisplaySize and decodePhoto refuse in different words",
                   sizeError + "\n" + load.error);
    } else if (load.image && *size != std::pair{load.image->width, load.image->height}) {
        broken("photoDisplaySize and decodePhoto disagree on the size",
               std::to_string(size->first) + " x " + std::to_string(size->second) + " and " +
                   std::to_string(load.image->width) + " x " + std::to_string(load.image->height));
    }
    return load.image ? Outcome::Accepted : Outcome::Refused;
}

// --- Plan chunks in PNGs ---

/// `png` with the CRC of every whole chunk after the signature computed afresh; the walk stops
/// where a length runs past the end. nullopt when nothing would change.
std::optional<std::vector<std::uint8_t>> withCrcsRepaired(Bytes png) {
    if (!hasPngSignature(png)) return std::nullopt;
    std::vector<std::uint8_t> out(png.begin(), png.end());
    bool changed = false;
    for (std::size_t at = 8; out.size() - at >= 12;) {
        const std::uint32_t length = readBigEndian32(out.data() + at);
        if (length > out.size() - at - 12) break;
        const std::uint32_t crc = pngCrc32(std::span(out).subspan(at + 4, std::size_t{length} + 4));
        std::uint8_t* stored = out.data() + at + 8 + length;
        if (readBigEndian32(stored) != crc) {
            changed = true;
            for (int i = 0; i < 4; ++i)
                stored[i] = static_cast<std::uint8_t>(crc >> (24 - 8 * i));
        }
        at += 12 + std::size_t{length};
    }
    if (!changed) return std::nullopt;
    return out;
}

Outcome checkChunkBytes(Bytes png) {
    std::string error;
    const std::optional<std::string> text = planTextFromPng(png, &error);
    if (!text) {
        if (error.empty()) broken("planTextFromPng gave neither a plan text nor an error");
        return Outcome::Refused;
    }
    if (text->size() > kMaxPlanFileBytes) broken("planTextFromPng gave a text over the limit");
    checkPlanText(*text);

    // The PNG was read up to its plan chunk, so its IHDR is sound: a plan put in its place reads
    // back as written.
    for (const std::string_view replacement : {std::string_view(*text), std::string_view("{}")}) {
        const std::vector<std::uint8_t> exported = withPlanChunk(png, replacement);
        if (exported.empty()) broken("withPlanChunk refuses a PNG that planTextFromPng read");
        std::string exportedError;
        const std::optional<std::string> back = planTextFromPng(exported, &exportedError);
        if (!back) broken("planTextFromPng refuses what withPlanChunk wrote", exportedError);
        if (*back != replacement)
            broken("planTextFromPng reads another text than withPlanChunk wrote", *back);
    }
    return Outcome::Accepted;
}

} // namespace

Outcome checkPlan(const std::uint8_t* data, std::size_t size) {
    return checkPlanText(std::string_view(reinterpret_cast<const char*>(data), size));
}

Outcome checkSummary(const std::uint8_t* data, std::size_t size) {
    return checkSummaryText(std::string_view(reinterpret_cast<const char*>(data), size));
}

Outcome checkPhoto(const std::uint8_t* data, std::size_t size) {
    return checkPhotoBytes(Bytes(data, size));
}

Outcome checkPngPlanChunk(const std::uint8_t* data, std::size_t size) {
    const Bytes png(data, size);
    const Outcome outcome = checkChunkBytes(png);
    if (const std::optional<std::vector<std::uint8_t>> repaired = withCrcsRepaired(png))
        checkChunkBytes(*repaired);
    return outcome;
}

int plan(const std::uint8_t* data, std::size_t size) {
    checkPlan(data, size);
    return 0;
}

int photo(const std::uint8_t* data, std::size_t size) {
    checkPhoto(data, size);
    return 0;
}

int chunk(const std::uint8_t* data, std::size_t size) {
    checkPngPlanChunk(data, size);
    return 0;
}

int summary(const std::uint8_t* data, std::size_t size) {
    checkSummary(data, size);
    return 0;
}

} // namespace hp::fuzz
