#include "export_command.hpp"

#include "cli.hpp"
#include "planning/plan_io.hpp"
#include "planning/simulation.hpp"
#include "planning/summary.hpp"
#include "render/image_files.hpp"
#include "render/legend.hpp"
#include "render/offscreen_context.hpp"
#include "render/photo.hpp"
#include "render/plan_image.hpp"
#include "version.hpp"

#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>
#include <optional>
#include <ostream>
#include <string_view>
#include <system_error>

namespace hp::cli {
namespace {

namespace fs = std::filesystem;

enum class ImageType { Png, Jpeg };

struct ExportOptions {
    std::vector<std::string> plans;
    std::optional<std::string> output;    ///< -o
    std::optional<std::string> outputDir; ///< --out-dir
    std::optional<ImageType> dirType;     ///< --format, for --out-dir
    int widthPx = 0;                      ///< --width; 0: the photo's
    bool legend = true;
    bool preview = false; ///< --preview: the simulated hairs and dots drawn too
};

/// One plan to export and where to.
struct Job {
    fs::path plan; ///< the plan's file: read from it, unless `inMemory` is given
    fs::path output;
    const Plan* inMemory = nullptr; ///< a plan the editor holds (maybe unsaved)
};

int usageError(std::ostream& err, const std::string& what) {
    err << "hairplan: export: " << what << " (see hairplan --help)\n";
    return kExitBadInput;
}

/// The strict decimal integer `text`, or nullopt ("12px", "", "1e3" are not numbers).
std::optional<int> parseInt(std::string_view text) {
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::optional<ImageType> typeByExtension(const fs::path& file) {
    std::string ext = file.extension().string();
    for (char& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext == ".png") return ImageType::Png;
    if (ext == ".jpg" || ext == ".jpeg") return ImageType::Jpeg;
    return std::nullopt;
}

/// Parses the arguments after "export"; on a usage error prints it and returns nullopt.
std::optional<ExportOptions> parseArguments(const std::vector<std::string>& args,
                                            std::ostream& err) {
    ExportOptions options;
    auto fail = [&err](const std::string& what) -> std::optional<ExportOptions> {
        usageError(err, what);
        return std::nullopt;
    };
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        const bool hasValue = i + 1 < args.size();
        if (a == "-o" || a == "--output") {
            if (!hasValue) return fail(a + " needs an output file");
            if (options.output) return fail("give one output file (" + a + ")");
            options.output = args[++i];
        } else if (a == "--out-dir") {
            if (!hasValue) return fail("--out-dir needs a folder");
            if (options.outputDir) return fail("give one --out-dir");
            options.outputDir = args[++i];
        } else if (a == "--width") {
            if (!hasValue) return fail("--width needs a number of pixels");
            const std::optional<int> width = parseInt(args[++i]);
            if (!width || *width < render::kMinPlanImageWidthPx ||
                *width > render::kMaxPlanImageWidthPx)
                return fail("--width must be a whole number of pixels from " +
                            std::to_string(render::kMinPlanImageWidthPx) + " to " +
                            std::to_string(render::kMaxPlanImageWidthPx) + ", not \u201c" +
                            args[i] + "\u201d");
            options.widthPx = *width;
        } else if (a == "--no-legend") {
            options.legend = false;
        } else if (a == "--preview") {
            options.preview = true;
        } else if (a == "--format") {
            if (!hasValue) return fail("--format needs png or jpg");
            const std::string& f = args[++i];
            if (f == "png")
                options.dirType = ImageType::Png;
            else if (f == "jpg" || f == "jpeg")
                options.dirType = ImageType::Jpeg;
            else
                return fail("--format must be png or jpg, not \u201c" + f + "\u201d");
        } else if (a.starts_with("-") && a != "-") {
            return fail("unknown option " + a);
        } else {
            options.plans.push_back(a);
        }
    }
    if (options.plans.empty()) return fail("give a plan file to export");
    if (options.output && options.outputDir) return fail("give either -o or --out-dir, not both");
    if (!options.output && !options.outputDir)
        return fail(options.plans.size() == 1 ? "give the output file with -o OUT"
                                              : "several plans need --out-dir DIR");
    if (options.output && options.plans.size() > 1)
        return fail("-o writes one image; export several plans with --out-dir DIR");
    if (options.dirType && !options.outputDir)
        return fail("--format goes with --out-dir; with -o the file's extension gives the type");
    return options;
}

/// Whether two paths name the same file: the same file on disk, or, for files that do not
/// exist yet, the same absolute path.
bool samePath(const fs::path& a, const fs::path& b) {
    std::error_code ec;
    if (fs::equivalent(a, b, ec)) return true;
    const fs::path absoluteA = fs::absolute(a, ec).lexically_normal();
    if (ec) return false;
    const fs::path absoluteB = fs::absolute(b, ec).lexically_normal();
    return !ec && absoluteA == absoluteB;
}

/// The export's date for the legend: SOURCE_DATE_EPOCH (the reproducible-builds convention)
/// when set to a number of seconds, else now; in UTC, YYYY-MM-DD.
std::string exportDate() {
    std::time_t seconds = std::time(nullptr);
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH")) {
        std::int64_t value = 0;
        const std::string_view text(epoch);
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec == std::errc{} && end == text.data() + text.size() && value >= 0)
            seconds = static_cast<std::time_t>(value);
    }
    std::tm utc{};
    if (gmtime_r(&seconds, &utc) == nullptr) return {};
    char text[32];
    const std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%d", &utc);
    return std::string(text, n);
}

/// The plan as the PNG carries it: its photo path rewritten so that it still leads to the
/// photo from the image's folder (relative when possible), as Save As does for a plan.
Plan planForImage(Plan plan, const fs::path& photo, const fs::path& output) {
    if (photo.empty()) return plan;
    std::error_code ec;
    const fs::path absolutePhoto = fs::absolute(photo, ec).lexically_normal();
    const fs::path folder = fs::absolute(output, ec).lexically_normal().parent_path();
    const fs::path relative = absolutePhoto.lexically_relative(folder);
    plan.photo = (!relative.empty() ? relative : absolutePhoto).generic_string();
    return plan;
}

/// Exports plans one after another, sharing one OpenGL context made on first need.
class Exporter {
  public:
    Exporter(const ExportOptions& options, std::ostream& out, std::ostream& err)
        : options_(options), out_(out), err_(err), date_(exportDate()) {}

    /// Exports one plan; returns its exit status.
    int run(const Job& job);
    /// Whether making the OpenGL context failed: no plan can be exported then.
    bool noOpenGl() const { return contextFailed_; }

  private:
    int badInput(const fs::path& file, const std::string& message) {
        err_ << "hairplan: " << file.string() << ": " << message << '\n';
        return kExitBadInput;
    }
    /// `message` already starts with the file's name (render/photo.hpp's errors do).
    int badInput(const std::string& message) {
        err_ << "hairplan: " << message << '\n';
        return kExitBadInput;
    }
    int internal(const fs::path& file, const std::string& message) {
        err_ << "hairplan: " << file.string() << ": " << message << '\n';
        return kExitInternal;
    }
    bool ensureContext(std::string& error);
    void warnWithoutMarks(const fs::path& file, const Plan& plan, const Simulation& simulation);

    const ExportOptions& options_;
    std::ostream& out_;
    std::ostream& err_;
    std::string date_;
    std::optional<render::OffscreenContext> context_;
    bool contextFailed_ = false;
};

bool Exporter::ensureContext(std::string& error) {
    if (context_) return true;
    context_ = render::OffscreenContext::create(&error);
    contextFailed_ = !context_;
    return context_.has_value();
}

/// --preview of a plan whose simulation has no marks is not an error (the image is still the
/// plan's), but the user asked for marks: say why there are none.
void Exporter::warnWithoutMarks(const fs::path& file, const Plan& plan,
                                const Simulation& simulation) {
    const auto warn = [&](const std::string& why) {
        err_ << "hairplan: " << file.string() << ": warning: " << why << '\n';
    };
    if (!(simulation.mmPerPx > 0.0)) {
        warn("the plan has no scale, so nothing is counted and --preview has no marks to draw");
        return;
    }
    for (const ZoneMarks& zone : simulation.zones)
        if (!zone.sites.empty() || !zone.dots.empty()) return;
    const Totals totals = summarize(plan).totals;
    const long long planned = totals.grafts.value_or(0) + totals.smpDots.value_or(0);
    if (planned > 0)
        warn("the plan counts " + std::to_string(planned) +
             " grafts and SMP dots, too many to simulate, so --preview draws none (the counts "
             "are not affected)");
}

int Exporter::run(const Job& job) {
    const fs::path& output = job.output;
    // The output first: a refusal costs nothing then, and nothing is read or drawn in vain.
    std::error_code ec;
    if (fs::is_directory(output, ec))
        return badInput(output, "this is a folder; give the image's file name, e.g. " +
                                    (output / "plan.png").string());
    const std::optional<ImageType> type = typeByExtension(output);
    if (!type)
        return badInput(output, "cannot tell the image type from the name: end it in .png, .jpg "
                                "or .jpeg");
    const fs::path folder = output.has_parent_path() ? output.parent_path() : fs::path(".");
    if (!fs::is_directory(folder, ec))
        return badInput(output, "the folder " + folder.string() + " does not exist");

    PlanLoad load;
    if (!job.inMemory) {
        load = loadPlanFile(job.plan);
        for (const PlanError& e : load.errors)
            badInput(job.plan, e.describe());
        if (!load.plan) return kExitBadInput;
    }
    const Plan& plan = job.inMemory ? *job.inMemory : *load.plan;
    if (!job.plan.empty() && samePath(output, job.plan))
        return badInput(output, "this is the plan file itself; exporting would overwrite it");

    fs::path photoPath;
    std::optional<render::RgbaImage> photo;
    std::optional<std::pair<int, int>> sourceSize = plan.imageSize;
    if (!plan.photo.empty()) {
        photoPath = fs::path(plan.photo);
        if (photoPath.is_relative()) photoPath = job.plan.parent_path() / photoPath;
        if (samePath(output, photoPath))
            return badInput(output, "this is the plan's photo; exporting would overwrite it");
        // The header alone first: an absurd size is refused before any pixel is decoded.
        std::string error;
        sourceSize = render::photoDisplaySize(photoPath, &error);
        if (!sourceSize) return badInput(error + " (the photo of " + job.plan.string() + ")");
    }
    if (!sourceSize)
        return badInput(job.plan, "the plan has no photo and no image_size, so the image has no "
                                  "size");
    const auto [width, height] = render::planImageSize(*sourceSize, options_.widthPx);
    if (static_cast<std::int64_t>(width) * height > render::kMaxPlanImagePixels)
        return badInput(job.plan, "the image would be " + std::to_string(width) + " x " +
                                      std::to_string(height) + " pixels; exports are limited to " +
                                      std::to_string(render::kMaxPlanImagePixels / 1'000'000) +
                                      " megapixels (choose a smaller --width)");
    if (options_.legend && width < render::kMinLegendWidthPx)
        return badInput(job.plan, "an image " + std::to_string(width) +
                                      " pixels wide is too narrow for the legend (at least " +
                                      std::to_string(render::kMinLegendWidthPx) +
                                      "); add --no-legend or choose a larger --width");
    if (!photoPath.empty()) {
        render::PhotoLoad loaded = render::loadPhoto(photoPath);
        if (!loaded.image)
            return badInput(loaded.error + " (the photo of " + job.plan.string() + ")");
        // A damaged photo decodes with grey where its data is missing: not for a patient's record.
        if (!loaded.warning.empty())
            return badInput(loaded.warning + " (the photo of " + job.plan.string() + ")");
        photo = std::move(loaded.image);
    }

    std::string error;
    if (!ensureContext(error))
        return internal(job.plan,
                        "cannot render without OpenGL: no EGL surfaceless context (" + error + ")");
    render::PlanImageOptions imageOptions;
    imageOptions.widthPx = options_.widthPx;
    imageOptions.legend = options_.legend;
    imageOptions.legendText = {job.plan.filename().string(), date_, kVersion, options_.preview};
    // The simulation is a function of the plan alone (planning/simulation.hpp): it changes no
    // count, and the PNG still carries the plan, not the marks.
    std::optional<Simulation> simulation;
    if (options_.preview) {
        simulation = simulate(plan);
        imageOptions.simulation = &*simulation;
        warnWithoutMarks(job.plan, plan, *simulation);
    }
    const render::PlanImage rendered =
        render::renderPlanImage(plan, photo ? &*photo : nullptr, imageOptions);
    if (!rendered.image)
        return rendered.badInput
                   ? badInput(job.plan, rendered.error)
                   : internal(job.plan, "cannot render the plan image: " + rendered.error);
    const render::RgbaImage& image = *rendered.image;
    photo.reset(); // its memory is better spent on the encoder

    std::vector<std::uint8_t> bytes;
    if (*type == ImageType::Png) {
        const std::string planJson = planToJson(planForImage(plan, photoPath, output));
        bytes = render::encodePng(image, planJson);
    } else {
        if (image.width > 65535 || image.height > 65535)
            return badInput(output, "a JPEG is at most 65,535 pixels a side; write a .png or "
                                    "choose a smaller --width");
        bytes = render::encodeJpeg(image, 92);
    }
    if (bytes.empty()) return internal(output, "cannot encode the image (out of memory?)");
    const std::string_view data(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    if (const std::optional<std::string> failure = writeFileAtomically(output, data))
        return badInput(*failure);
    out_ << "wrote " << output.string() << " (" << image.width << " x " << image.height
         << " pixels)\n";
    return kExitOk;
}

} // namespace

std::optional<std::string> exportPlan(const Plan& plan, const fs::path& planFile,
                                      const fs::path& output, bool preview) {
    ExportOptions options;
    options.preview = preview;
    options.plans = {planFile.string()};
    options.output = output.string();
    std::ostringstream out, err;
    Exporter exporter(options, out, err);
    const fs::path name = planFile.empty() ? fs::path("untitled plan") : planFile;
    if (exporter.run({name, output, &plan}) == kExitOk) return std::nullopt;
    std::string message = err.str();
    // One "hairplan: ..." line per problem on the command line; plain sentences in a window.
    for (std::size_t at = 0; (at = message.find("hairplan: ", at)) != std::string::npos;)
        message.erase(at, 10);
    while (!message.empty() && message.back() == '\n')
        message.pop_back();
    return message.empty() ? std::string("the image could not be exported") : message;
}

int exportCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const std::optional<ExportOptions> options = parseArguments(args, err);
    if (!options) return kExitBadInput;

    std::vector<Job> jobs;
    if (options->output) {
        jobs.push_back({options->plans.front(), *options->output});
    } else {
        const fs::path folder(*options->outputDir);
        std::error_code ec;
        if (!fs::is_directory(folder, ec)) {
            err << "hairplan: " << folder.string() << ": the output folder does not exist\n";
            return kExitBadInput;
        }
        const char* ext = options->dirType == ImageType::Jpeg ? ".jpg" : ".png";
        for (const std::string& plan : options->plans)
            jobs.push_back({plan, folder / (fs::path(plan).stem().string() + ext)});
    }

    Exporter exporter(*options, out, err);
    int status = kExitOk;
    std::map<fs::path, fs::path> written; // output -> the plan that went there
    for (const Job& job : jobs) {
        int result = kExitOk;
        std::error_code ec;
        const fs::path key = fs::absolute(job.output, ec).lexically_normal();
        if (const auto it = written.find(key); it != written.end()) {
            err << "hairplan: " << job.plan.string() << ": not exported: " << job.output.string()
                << " is the image of " << it->second.string()
                << " (plans with the same name go to different folders)\n";
            result = kExitBadInput;
        } else {
            result = exporter.run(job);
            if (result == kExitOk) written.emplace(key, job.plan);
        }
        if (exporter.noOpenGl()) return kExitInternal; // the rest would fail the same way
        if (result == kExitInternal || (result == kExitBadInput && status == kExitOk))
            status = result;
    }
    return status;
}

} // namespace hp::cli
