// Reading and writing plan files (plan-format.md §1).
//
// Reading goes in four steps, each of which can only add PlanErrors, never throw:
//   1. scanJsonText: one linear pass over the bytes, no recursion. It refuses nesting deeper than
//      kMaxJsonDepth before nlohmann sees the text, and finds the numbers that do not fit a double.
//   2. nlohmann parses the text. It refuses such numbers itself (out_of_range.406, with no path and
//      only the first one), so step 1 has replaced each by a marker string, and a walk over the
//      parsed document reports every marker with its JSON path.
//   3. PlanReader turns the document into a Plan: types and structure only.
//   4. validatePlan checks the ranges.
#include "plan_io.hpp"

#include "png_plan_chunk.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <fcntl.h>
#include <fstream>
#include <limits>
#include <new>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

namespace hp {

std::string PlanError::describe() const {
    return path.empty() ? message : path + ": " + message;
}

namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;
using namespace std::string_view_literals;

/// Past this many, further errors are dropped and one last error says so: a broken file of
/// millions of entries must not bury the first, useful, lines.
constexpr std::size_t kMaxReportedErrors = 1000;

/// Beyond this many bad points in one outline, the rest are summed up in one error.
constexpr std::size_t kMaxPointErrorsPerOutline = 10;

/// What step 1 puts in place of a number that does not fit a double: a JSON string whose value
/// (a NUL, then this tag, then the number's index) no plan has any reason to contain.
constexpr std::string_view kHugeNumberJsonPrefix = "\"\\u0000hairplan:number-too-large:";
constexpr std::string_view kHugeNumberValuePrefix = "\0hairplan:number-too-large:"sv;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// An enum value that names none of the enumerators: the reader stores it for a field whose text
/// is not one of the allowed words, and validatePlan words the message.
template <class Enum> constexpr Enum invalidEnum() {
    return static_cast<Enum>(-1);
}

std::string withThousands(std::size_t n) {
    const std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string systemMessage(int error) {
    return std::generic_category().message(error);
}

/// Messages may quote text from the file; keep them printable ASCII so that they are valid
/// UTF-8 and stay on one line.
std::string printable(std::string_view text) {
    std::string out;
    for (const char c : text)
        out += (c >= 0x20 && c < 0x7F) ? c : '?';
    return out;
}

// ---- Step 1: the linear pre-scan --------------------------------------------------------------

bool isJsonSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
bool isNumberChar(char c) {
    return isDigit(c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

/// "line L, column C" of a byte offset; both 1-based, columns counted in bytes.
std::string lineAndColumn(std::string_view text, std::size_t offset) {
    if (offset > text.size()) offset = text.size();
    std::size_t line = 1;
    std::size_t lineStart = 0;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            lineStart = i + 1;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(offset - lineStart + 1);
}

/// Whether `token` is exactly a JSON number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool isJsonNumber(std::string_view token) {
    std::size_t i = 0;
    const auto digits = [&] {
        const std::size_t start = i;
        while (i < token.size() && isDigit(token[i]))
            ++i;
        return i > start;
    };
    if (i < token.size() && token[i] == '-') ++i;
    if (i < token.size() && token[i] == '0') {
        ++i;
    } else if (i >= token.size() || !digits()) {
        return false;
    }
    if (i < token.size() && token[i] == '.') {
        ++i;
        if (!digits()) return false;
    }
    if (i < token.size() && (token[i] == 'e' || token[i] == 'E')) {
        ++i;
        if (i < token.size() && (token[i] == '+' || token[i] == '-')) ++i;
        if (!digits()) return false;
    }
    return i == token.size();
}

/// Whether a JSON number is too large in magnitude for a double. A number too small (1e-400)
/// rounds to zero, as nlohmann reads it, and is not refused.
bool isTooLargeForDouble(std::string_view token) {
    double value = 0.0;
    const auto result = std::from_chars(token.data(), token.data() + token.size(), value);
    if (result.ec != std::errc::result_out_of_range) return false;
    // Out of range either way: overflow when the decimal exponent E of 0.d1d2... x 10^E is
    // positive. Count the digits before the first significant one.
    std::size_t i = token[0] == '-' ? 1 : 0;
    long long exponent = 0;
    bool significant = false;
    while (i < token.size() && isDigit(token[i])) {
        if (token[i] != '0') significant = true;
        if (significant) ++exponent;
        ++i;
    }
    if (i < token.size() && token[i] == '.') {
        ++i;
        while (i < token.size() && isDigit(token[i]) && !significant) {
            if (token[i] != '0')
                significant = true;
            else
                --exponent;
            ++i;
        }
        while (i < token.size() && isDigit(token[i]))
            ++i;
    }
    if (i < token.size() && (token[i] == 'e' || token[i] == 'E')) {
        ++i;
        const bool negative = i < token.size() && token[i] == '-';
        if (i < token.size() && (token[i] == '+' || token[i] == '-')) ++i;
        long long written = 0;
        for (; i < token.size(); ++i)
            if (written < 1'000'000'000) written = written * 10 + (token[i] - '0');
        exponent += negative ? -written : written;
    }
    return exponent > 0;
}

struct NumberToken {
    std::size_t offset;
    std::size_t length;
};

struct TextScan {
    std::optional<std::size_t> tooDeepAt; ///< offset of the bracket one level too deep
    std::optional<std::size_t> nulAt;     ///< offset of a NUL byte outside strings
    std::vector<NumberToken> hugeNumbers; ///< numbers in value position that overflow a double
};

/// One pass, no recursion: tracks nesting outside strings (escapes skipped) and finds the
/// numbers too large for a double. Only numbers where a value may stand are recorded, so that
/// replacing them by a string never turns invalid JSON into valid JSON. Stops at the first NUL
/// byte outside strings, where nlohmann would silently end the text.
TextScan scanJsonText(std::string_view text) {
    TextScan scan;
    char open[kMaxJsonDepth]; // '[' or '{' of each open level
    int depth = 0;
    char previous = '\0'; // the last significant byte outside strings; '\0' at the start
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (isJsonSpace(c)) {
            ++i;
            continue;
        }
        if (c == '"') {
            ++i;
            while (i < text.size() && text[i] != '"')
                i += text[i] == '\\' ? 2 : 1;
            ++i;
            previous = '"';
            continue;
        }
        if (c == '-' || isDigit(c)) {
            std::size_t end = i;
            while (end < text.size() && isNumberChar(text[end]))
                ++end;
            const bool valuePosition = previous == '\0' || previous == '[' || previous == ':' ||
                                       (previous == ',' && depth > 0 && open[depth - 1] == '[');
            const bool delimited = end == text.size() || isJsonSpace(text[end]) ||
                                   text[end] == ',' || text[end] == ']' || text[end] == '}';
            const std::string_view token = text.substr(i, end - i);
            if (valuePosition && delimited && isJsonNumber(token) && isTooLargeForDouble(token))
                scan.hugeNumbers.push_back({i, end - i});
            previous = '0';
            i = end;
            continue;
        }
        if (c == '\0') {
            scan.nulAt = i;
            return scan;
        }
        if (c == '[' || c == '{') {
            if (depth == kMaxJsonDepth) {
                scan.tooDeepAt = i;
                return scan;
            }
            open[depth++] = c;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
        previous = c;
        ++i;
    }
    return scan;
}

/// The text with each huge number replaced by its marker string, and the way back from an
/// offset in it to an offset in the original (for the line and column of a syntax error).
/// Only the first kMaxReportedErrors numbers get a marker, as no more can be reported; the
/// others become 0, so that a file of millions of them costs no more than one of zeros.
class RewrittenText {
  public:
    RewrittenText(std::string_view original, const std::vector<NumberToken>& numbers)
        : originalSize_(original.size()) {
        std::size_t copied = 0;
        for (std::size_t k = 0; k < numbers.size(); ++k) {
            text_.append(original.substr(copied, numbers[k].offset - copied));
            Span span;
            span.start = text_.size();
            span.originalStart = numbers[k].offset;
            if (k < kMaxReportedErrors) {
                text_.append(kHugeNumberJsonPrefix);
                text_.append(std::to_string(k));
                text_ += '"';
            } else {
                text_ += '0';
            }
            span.end = text_.size();
            span.originalEnd = numbers[k].offset + numbers[k].length;
            spans_.push_back(span);
            copied = span.originalEnd;
        }
        text_.append(original.substr(copied));
    }

    const std::string& text() const { return text_; }

    std::size_t originalOffset(std::size_t offset) const {
        std::size_t rewrittenBase = 0;
        std::size_t originalBase = 0;
        for (const Span& span : spans_) {
            if (offset < span.start) break;
            if (offset < span.end) return span.originalStart;
            rewrittenBase = span.end;
            originalBase = span.originalEnd;
        }
        return std::min(originalBase + (offset - rewrittenBase), originalSize_);
    }

  private:
    struct Span {
        std::size_t start = 0; ///< in the rewritten text
        std::size_t end = 0;
        std::size_t originalStart = 0;
        std::size_t originalEnd = 0;
    };
    std::string text_;
    std::vector<Span> spans_;
    std::size_t originalSize_;
};

// ---- Step 2: nlohmann, and the numbers that do not fit a double ------------------------------

/// The errors of one read, at most kMaxReportedErrors of them.
class ErrorList {
  public:
    void add(std::string path, std::string message) {
        if (errors_.size() < kMaxReportedErrors)
            errors_.push_back({std::move(path), std::move(message)});
        else
            dropped_ = true;
    }
    void noteDropped() { dropped_ = true; }
    bool empty() const { return errors_.empty(); }
    bool full() const { return errors_.size() >= kMaxReportedErrors; }
    const std::vector<PlanError>& list() const { return errors_; }

    std::vector<PlanError> take() {
        if (dropped_)
            errors_.push_back({"", "too many errors; only the first " +
                                       withThousands(kMaxReportedErrors) + " are listed"});
        return std::move(errors_);
    }

  private:
    std::vector<PlanError> errors_;
    bool dropped_ = false;
};

/// nlohmann's what() is "[json.exception.parse_error.101] parse error at line 1, column 2:
/// syntax error while parsing value - invalid literal; last read: '<input>'; expected end of
/// input". Keeps "invalid literal; expected end of input": the input it quotes may be anything,
/// and the position is recomputed on the original text.
std::string shortReason(std::string_view what) {
    if (const auto dash = what.find(" - "); dash != std::string_view::npos) {
        what.remove_prefix(dash + 3);
    } else if (const auto bracket = what.find("] "); bracket != std::string_view::npos) {
        what.remove_prefix(bracket + 2);
    }
    const auto lastRead = what.find("; last read: ");
    std::string reason(what.substr(0, lastRead));
    if (lastRead != std::string_view::npos) {
        const auto expected = what.rfind("; expected ");
        if (expected != std::string_view::npos && expected > lastRead)
            reason += what.substr(expected);
    }
    return printable(reason);
}

/// A JSON path step: "zones" + "name" -> "zones.name"; "" + "zones" -> "zones".
std::string memberPath(const std::string& parent, const std::string& key) {
    std::string step;
    for (const char c : key)
        step += (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) ? '?' : c;
    return parent.empty() ? step : parent + "." + step;
}

std::string elementPath(const std::string& parent, std::size_t index) {
    return parent + "[" + std::to_string(index) + "]";
}

std::string numberForMessage(std::string_view token) {
    if (token.size() <= 24) return std::string(token);
    return std::string(token.substr(0, 20)) + "... (" + std::to_string(token.size()) +
           " characters)";
}

/// Finds the markers step 1 left in place of huge numbers and reports each at its JSON path, in
/// the order of the file. Only called when there are markers: nlohmann refuses a non-finite
/// number itself, so the document can hold no other.
void reportHugeNumbers(const Json& document, std::string_view text,
                       const std::vector<NumberToken>& numbers, ErrorList& errors) {
    const std::size_t marked = std::min(numbers.size(), kMaxReportedErrors);
    std::vector<std::optional<std::string>> pathOf(marked);
    struct Item {
        const Json* value;
        std::string path;
    };
    std::vector<Item> stack;
    stack.push_back({&document, ""});
    while (!stack.empty()) {
        Item item = std::move(stack.back());
        stack.pop_back();
        const Json& value = *item.value;
        if (value.is_object()) {
            for (auto it = value.begin(); it != value.end(); ++it)
                stack.push_back({&it.value(), memberPath(item.path, it.key())});
        } else if (value.is_array()) {
            for (std::size_t i = 0; i < value.size(); ++i)
                stack.push_back({&value[i], elementPath(item.path, i)});
        } else if (value.is_string()) {
            std::string_view s = value.get_ref<const std::string&>();
            if (s.substr(0, kHugeNumberValuePrefix.size()) != kHugeNumberValuePrefix) continue;
            s.remove_prefix(kHugeNumberValuePrefix.size());
            std::size_t index = 0;
            const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), index);
            if (ec == std::errc() && end == s.data() + s.size() && index < marked)
                pathOf[index] = std::move(item.path);
        }
    }
    if (numbers.size() > marked) errors.noteDropped();
    for (std::size_t k = 0; k < marked; ++k) {
        if (errors.full()) {
            errors.noteDropped();
            break;
        }
        const std::string number =
            numberForMessage(text.substr(numbers[k].offset, numbers[k].length));
        if (pathOf[k]) {
            errors.add(*pathOf[k], "the number " + number + " does not fit a double");
        } else {
            // Gone from the document: a duplicate key that a later one replaced.
            errors.add("", "the number " + number + " at " +
                               lineAndColumn(text, numbers[k].offset) + " does not fit a double");
        }
    }
}

/// Steps 1 and 2: the document, or nullopt with the errors added.
std::optional<Json> parseJsonText(std::string_view text, ErrorList& errors) {
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        errors.add("", "not valid JSON: the text is empty");
        return std::nullopt;
    }
    const TextScan scan = scanJsonText(text);
    if (scan.tooDeepAt) {
        errors.add("", "not valid JSON: nested deeper than " + std::to_string(kMaxJsonDepth) +
                           " levels at " + lineAndColumn(text, *scan.tooDeepAt));
        return std::nullopt;
    }
    if (scan.nulAt) {
        errors.add("",
                   "not valid JSON: unexpected NUL byte at " + lineAndColumn(text, *scan.nulAt));
        return std::nullopt;
    }
    std::optional<RewrittenText> rewritten;
    std::string_view input = text;
    if (!scan.hugeNumbers.empty()) {
        rewritten.emplace(text, scan.hugeNumbers);
        input = rewritten->text();
    }

    Json document;
    try {
        document = Json::parse(input.data(), input.data() + input.size());
    } catch (const Json::parse_error& e) {
        // e.byte counts the bytes read, the offending one included.
        std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
        if (rewritten) offset = rewritten->originalOffset(offset);
        errors.add("", "not valid JSON: " + shortReason(e.what()) + " at " +
                           lineAndColumn(text, offset));
        return std::nullopt;
    } catch (const Json::exception& e) {
        // out_of_range.406, a number too large that the scan did not see; kept as a safety net.
        errors.add("", "not valid JSON: " + shortReason(e.what()));
        return std::nullopt;
    }
    if (rewritten) {
        rewritten.reset();
        reportHugeNumbers(document, text, scan.hugeNumbers, errors);
        if (!errors.empty()) return std::nullopt;
    }
    return document;
}

// ---- Step 3: the document to a Plan ----------------------------------------------------------

constexpr const char* kPointMessage = "must be a point: two numbers [x, y]";

const Json* member(const Json& object, const char* key) {
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

std::optional<Point> asPoint(const Json& value) {
    if (!value.is_array() || value.size() != 2 || !value[0].is_number() || !value[1].is_number())
        return std::nullopt;
    return Point{value[0].get<double>(), value[1].get<double>()};
}

/// The value as an integer in [low, high] (low >= 0), accepting a decimal with an integral
/// value such as 1.0.
std::optional<std::int64_t> asInteger(const Json& value, std::int64_t low, std::int64_t high) {
    std::int64_t result = 0;
    if (value.is_number_unsigned()) {
        const auto u = value.get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(high)) return std::nullopt;
        result = static_cast<std::int64_t>(u);
    } else if (value.is_number_integer()) {
        result = value.get<std::int64_t>();
    } else if (value.is_number_float()) {
        const double d = value.get<double>();
        if (!(d >= static_cast<double>(low) && d <= static_cast<double>(high)) ||
            std::floor(d) != d)
            return std::nullopt;
        result = static_cast<std::int64_t>(d);
    } else {
        return std::nullopt;
    }
    if (result < low || result > high) return std::nullopt;
    return result;
}

/// Reads types and structure into a Plan; ranges are validatePlan's. A number field of the
/// wrong type is stored as NaN and a word outside its list as an invalid enum value, so that
/// validatePlan reports them with the one message each field has.
class PlanReader {
  public:
    explicit PlanReader(ErrorList& errors) : errors_(errors) {}

    /// False when the rest of the document is not worth reading: it is not a hairplan plan,
    /// or it is a newer version.
    bool read(const Json& root) {
        if (!root.is_object()) {
            fail("", "not a hairplan plan: the top level must be a JSON object");
            return false;
        }
        const Json* format = member(root, "format");
        if (format == nullptr || *format != "hairplan") {
            fail("format", R"(must be "hairplan"; this is not a hairplan plan)");
            return false;
        }
        if (!readVersion(member(root, "version"))) return false;
        if (const Json* value = member(root, "patient")) readPatient(*value);
        readString(root, "photo", "photo", plan_.photo);
        if (const Json* value = member(root, "image_size")) readImageSize(*value);
        if (const Json* value = member(root, "calibration")) readCalibration(*value);
        if (const Json* value = member(root, "landmarks")) readLandmarks(*value);
        if (const Json* value = member(root, "hairline")) readHairline(*value);
        if (const Json* value = member(root, "zones")) readZones(*value);
        if (const Json* value = member(root, "simulation")) readSimulation(*value);
        return true;
    }

    Plan& plan() { return plan_; }

  private:
    ErrorList& errors_;
    Plan plan_;

    void fail(const std::string& path, std::string message) {
        errors_.add(path, std::move(message));
    }

    bool readVersion(const Json* value) {
        if (value != nullptr && value->is_number()) {
            if (asInteger(*value, kPlanFormatVersion, kPlanFormatVersion)) return true;
            const double version = value->get<double>();
            if (version > kPlanFormatVersion && std::floor(version) == version) {
                const std::string named = value->is_number_float() && version < 1e15
                                              ? std::to_string(static_cast<std::int64_t>(version))
                                              : value->dump();
                fail("version", "this plan is version " + named + "; this hairplan reads version " +
                                    std::to_string(kPlanFormatVersion));
                return false;
            }
        }
        fail("version", "must be the integer " + std::to_string(kPlanFormatVersion));
        return true;
    }

    void readString(const Json& object, const char* key, const std::string& path,
                    std::string& out) {
        const Json* value = member(object, key);
        if (value == nullptr) return;
        if (value->is_string())
            out = value->get<std::string>();
        else
            fail(path, "must be a string");
    }

    /// Absent: the default stays. Not a number: NaN (see the class comment).
    static void readNumber(const Json& object, const char* key, double& out) {
        const Json* value = member(object, key);
        if (value == nullptr) return;
        out = value->is_number() ? value->get<double>() : kNaN;
    }

    Point readPoint(const Json* value, const std::string& path) {
        if (value != nullptr)
            if (const auto point = asPoint(*value)) return *point;
        fail(path, kPointMessage);
        return {kNaN, kNaN};
    }

    /// The "points" member. An outline over the limit is refused before any point is read.
    void readPoints(const Json& object, const std::string& path, std::vector<Point>& out) {
        const Json* value = member(object, "points");
        if (value == nullptr) return;
        if (!value->is_array()) {
            fail(path, "must be an array of points");
            return;
        }
        if (value->size() > kMaxOutlinePoints) {
            fail(path, "must have at most " + withThousands(kMaxOutlinePoints) +
                           " points (it has " + withThousands(value->size()) + ")");
            return;
        }
        out.reserve(value->size());
        std::size_t bad = 0;
        for (std::size_t i = 0; i < value->size(); ++i) {
            if (const auto point = asPoint((*value)[i])) {
                out.push_back(*point);
                continue;
            }
            out.push_back({kNaN, kNaN}); // keeps the indices of the points after it
            if (++bad <= kMaxPointErrorsPerOutline) fail(elementPath(path, i), kPointMessage);
        }
        if (bad > kMaxPointErrorsPerOutline)
            fail(path, "and " + withThousands(bad - kMaxPointErrorsPerOutline) +
                           " more entries must be points: two numbers [x, y]");
    }

    void readPatient(const Json& patient) {
        if (!patient.is_object()) {
            fail("patient", "must be an object");
            return;
        }
        readString(patient, "id", "patient.id", plan_.patient.id);
        if (const Json* sex = member(patient, "sex")) {
            if (*sex == "male")
                plan_.patient.sex = Sex::Male;
            else if (*sex == "female")
                plan_.patient.sex = Sex::Female;
            else if (*sex == "unspecified")
                plan_.patient.sex = Sex::Unspecified;
            else
                plan_.patient.sex = invalidEnum<Sex>();
        }
        readString(patient, "notes", "patient.notes", plan_.patient.notes);
    }

    void readImageSize(const Json& size) {
        // Anything but two integers in range becomes 0 x 0, which validatePlan refuses.
        plan_.imageSize = std::pair{0, 0};
        if (!size.is_array() || size.size() != 2) return;
        const auto width = asInteger(size[0], 1, std::numeric_limits<int>::max());
        const auto height = asInteger(size[1], 1, std::numeric_limits<int>::max());
        if (width && height)
            plan_.imageSize = std::pair{static_cast<int>(*width), static_cast<int>(*height)};
    }

    void readCalibration(const Json& calibration) {
        if (!calibration.is_object()) {
            fail("calibration", "must be an object");
            return;
        }
        const Json* p1 = member(calibration, "p1");
        const Json* p2 = member(calibration, "p2");
        const Json* mm = member(calibration, "mm");
        const Json* scale = member(calibration, "mm_per_px");
        const bool ruler = p1 != nullptr || p2 != nullptr || mm != nullptr;
        if (ruler && scale != nullptr) {
            fail("calibration", "must have either p1, p2 and mm, or mm_per_px, not both");
        } else if (scale != nullptr) {
            ScaleCalibration given;
            given.mmPerPx = scale->is_number() ? scale->get<double>() : kNaN;
            plan_.calibration = given;
        } else if (ruler) {
            RulerCalibration measured;
            measured.p1 = readPoint(p1, "calibration.p1");
            measured.p2 = readPoint(p2, "calibration.p2");
            measured.mm = mm != nullptr && mm->is_number() ? mm->get<double>() : kNaN;
            plan_.calibration = measured;
        } else {
            fail("calibration", "must have p1, p2 and mm, or mm_per_px");
        }
    }

    void readLandmarks(const Json& landmarks) {
        if (!landmarks.is_object()) {
            fail("landmarks", "must be an object");
            return;
        }
        if (const Json* glabella = member(landmarks, "glabella"))
            plan_.glabella = readPoint(glabella, "landmarks.glabella");
    }

    void readHairline(const Json& object) {
        if (!object.is_object()) {
            fail("hairline", "must be an object");
            return;
        }
        Hairline hairline;
        readPoints(object, "hairline.points", hairline.points);
        if (const Json* side = member(object, "scalp_side")) {
            if (*side == "up")
                hairline.scalpSide = ScalpSide::Up;
            else if (*side == "down")
                hairline.scalpSide = ScalpSide::Down;
            else
                hairline.scalpSide = invalidEnum<ScalpSide>();
        }
        readNumber(object, "transition_mm", hairline.transitionMm);
        if (const Json* irregularity = member(object, "irregularity")) {
            if (!irregularity->is_object()) {
                fail("hairline.irregularity", "must be an object");
            } else {
                if (const Json* seed = member(*irregularity, "seed")) {
                    if (const auto value = asInteger(*seed, 0, 4294967295))
                        hairline.irregularity.seed = static_cast<std::uint32_t>(*value);
                    else
                        fail("hairline.irregularity.seed", "must be an integer in [0, 4294967295]");
                }
                readNumber(*irregularity, "amplitude_mm", hairline.irregularity.amplitudeMm);
                readNumber(*irregularity, "wavelength_mm", hairline.irregularity.wavelengthMm);
            }
        }
        readNumber(object, "density_fu_cm2", hairline.densityFuCm2);
        readNumber(object, "hairs_per_graft", hairline.hairsPerGraft);
        plan_.hairline = std::move(hairline);
    }

    /// A "#rrggbb" string member; anything else is reported here (a colour has no range).
    void readColour(const Json& object, const char* key, const std::string& path, Rgb8& out) {
        const Json* value = member(object, key);
        if (value == nullptr) return;
        if (value->is_string())
            if (const auto colour = parseHexColour(value->get<std::string>())) {
                out = *colour;
                return;
            }
        fail(path, R"(must be a colour written "#rrggbb", such as "#3b2a20")");
    }

    void readSimulation(const Json& object) {
        if (!object.is_object()) {
            fail("simulation", "must be an object");
            return;
        }
        readColour(object, "hair_colour", "simulation.hair_colour", plan_.simulation.hairColour);
    }

    void readZones(const Json& zones) {
        if (!zones.is_array()) {
            fail("zones", "must be an array");
            return;
        }
        // Every zone has at least 3 points and a plan at most kMaxPlanPoints, so more zones than
        // this cannot be valid: refuse them before building millions of them.
        constexpr std::size_t kMaxZones = kMaxPlanPoints / 3;
        if (zones.size() > kMaxZones) {
            fail("zones", "must have at most " + withThousands(kMaxZones) + " zones (it has " +
                              withThousands(zones.size()) + ")");
            return;
        }
        plan_.zones.reserve(zones.size());
        for (std::size_t i = 0; i < zones.size(); ++i)
            plan_.zones.push_back(readZone(zones[i], i));
    }

    Zone readZone(const Json& object, std::size_t index) {
        const std::string path = elementPath("zones", index);
        std::string name = "Zone " + std::to_string(index + 1);
        if (!object.is_object()) {
            fail(path, "must be an object");
            return makeZone(ZoneKind::Graft, std::move(name), {}); // keeps the later indices
        }
        ZoneKind kind = invalidEnum<ZoneKind>();
        if (const Json* word = member(object, "kind")) {
            if (*word == "graft")
                kind = ZoneKind::Graft;
            else if (*word == "smp")
                kind = ZoneKind::Smp;
            else if (*word == "donor")
                kind = ZoneKind::Donor;
        }
        Zone zone = makeZone(kind, std::move(name), {});
        readString(object, "name", path + ".name", zone.name);
        readPoints(object, path + ".points", zone.points);
        // Only the fields of the zone's kind are read; the others keep makeZone's defaults.
        switch (kind) {
        case ZoneKind::Graft:
            readNumber(object, "density_fu_cm2", zone.densityFuCm2);
            readNumber(object, "hairs_per_graft", zone.hairsPerGraft);
            if (member(object, "hair_direction_deg") != nullptr) {
                double degrees = 0.0;
                readNumber(object, "hair_direction_deg", degrees);
                zone.hairDirectionDeg = degrees;
            }
            break;
        case ZoneKind::Smp:
            readNumber(object, "density_dots_cm2", zone.densityDotsCm2);
            readColour(object, "pigment", path + ".pigment", zone.pigment);
            break;
        case ZoneKind::Donor:
            readNumber(object, "density_fu_cm2", zone.densityFuCm2);
            readNumber(object, "extraction_fraction", zone.extractionFraction);
            break;
        }
        return zone;
    }
};

// ---- Step 4: validatePlan, without repeating what step 3 said --------------------------------

/// "zones[0].points[3]" -> "zones[0].points", "zones[0]", "zones".
std::vector<std::string> ancestorPaths(const std::string& path) {
    std::vector<std::string> ancestors;
    for (std::size_t i = path.size(); i-- > 1;)
        if (path[i] == '.' || path[i] == '[') ancestors.push_back(path.substr(0, i));
    return ancestors;
}

/// Adds validatePlan's errors, except those about a value that step 3 already reported, a part
/// of it, or a whole it is part of: a malformed point is stored as NaN and must not also be
/// called out of range, nor its outline too short.
void addValidationErrors(const Plan& plan, ErrorList& errors) {
    std::unordered_set<std::string> reported;
    std::unordered_set<std::string> containReported;
    for (const PlanError& error : errors.list()) {
        if (error.path.empty()) continue;
        reported.insert(error.path);
        for (std::string& ancestor : ancestorPaths(error.path))
            containReported.insert(std::move(ancestor));
    }
    const auto alreadyReported = [&](const std::string& path) {
        if (path.empty() || reported.empty()) return false;
        if (reported.count(path) != 0 || containReported.count(path) != 0) return true;
        for (const std::string& ancestor : ancestorPaths(path))
            if (reported.count(ancestor) != 0) return true;
        return false;
    };
    for (PlanError& error : validatePlan(plan))
        if (!alreadyReported(error.path))
            errors.add(std::move(error.path), std::move(error.message));
}

// ---- Writing ---------------------------------------------------------------------------------

OrderedJson pointJson(Point p) {
    return OrderedJson::array({p.x, p.y});
}

OrderedJson pointsJson(const std::vector<Point>& points) {
    OrderedJson array = OrderedJson::array();
    for (const Point& p : points)
        array.push_back(pointJson(p));
    return array;
}

OrderedJson calibrationJson(const Calibration& calibration) {
    OrderedJson object = OrderedJson::object();
    if (const auto* ruler = std::get_if<RulerCalibration>(&calibration)) {
        object["p1"] = pointJson(ruler->p1);
        object["p2"] = pointJson(ruler->p2);
        object["mm"] = ruler->mm;
    } else {
        object["mm_per_px"] = std::get<ScaleCalibration>(calibration).mmPerPx;
    }
    return object;
}

OrderedJson hairlineJson(const Hairline& hairline) {
    OrderedJson object = OrderedJson::object();
    object["points"] = pointsJson(hairline.points);
    object["scalp_side"] = toString(hairline.scalpSide);
    object["transition_mm"] = hairline.transitionMm;
    OrderedJson irregularity = OrderedJson::object();
    irregularity["seed"] = hairline.irregularity.seed;
    irregularity["amplitude_mm"] = hairline.irregularity.amplitudeMm;
    irregularity["wavelength_mm"] = hairline.irregularity.wavelengthMm;
    object["irregularity"] = std::move(irregularity);
    object["density_fu_cm2"] = hairline.densityFuCm2;
    object["hairs_per_graft"] = hairline.hairsPerGraft;
    return object;
}

OrderedJson zoneJson(const Zone& zone) {
    OrderedJson object = OrderedJson::object();
    object["name"] = zone.name;
    object["kind"] = toString(zone.kind);
    object["points"] = pointsJson(zone.points);
    switch (zone.kind) {
    case ZoneKind::Graft:
        object["density_fu_cm2"] = zone.densityFuCm2;
        object["hairs_per_graft"] = zone.hairsPerGraft;
        if (zone.hairDirectionDeg) object["hair_direction_deg"] = *zone.hairDirectionDeg;
        break;
    case ZoneKind::Smp:
        object["density_dots_cm2"] = zone.densityDotsCm2;
        if (zone.pigment != kDefaultPigment) object["pigment"] = toHex(zone.pigment);
        break;
    case ZoneKind::Donor:
        object["density_fu_cm2"] = zone.densityFuCm2;
        object["extraction_fraction"] = zone.extractionFraction;
        break;
    }
    return object;
}

/// "cannot write FILE (STEP): OS ERROR".
std::string writeFailure(const std::filesystem::path& file, const char* step, int error) {
    return "cannot write " + file.string() + " (" + step + "): " + systemMessage(error);
}

/// A temporary file being written: closed and removed when it goes out of scope, unless its
/// path was cleared (it was renamed, or it is not ours).
struct TemporaryFile {
    std::filesystem::path path;
    int fd = -1;

    TemporaryFile() = default;
    TemporaryFile(const TemporaryFile&) = delete;
    TemporaryFile& operator=(const TemporaryFile&) = delete;
    ~TemporaryFile() {
        if (fd >= 0) ::close(fd);
        if (!path.empty()) ::unlink(path.c_str());
    }
};

/// write(2) until done, across partial writes and signals.
bool writeAll(int fd, std::string_view text) {
    while (!text.empty()) {
        const ssize_t written = ::write(fd, text.data(), text.size());
        if (written < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        text.remove_prefix(static_cast<std::size_t>(written));
    }
    return true;
}

/// "the file is 64.1 MB": megabytes of 1,000,000 bytes, rounded up to a tenth so that a file
/// just over the limit does not read as "64 MB".
std::string megabytes(std::uintmax_t bytes) {
    const std::uintmax_t tenths = (bytes + 99'999) / 100'000;
    std::string text = std::to_string(tenths / 10);
    if (tenths % 10 != 0) text += "." + std::to_string(tenths % 10);
    return text + " MB";
}

PlanLoad fileError(std::string message) {
    PlanLoad load;
    load.errors.push_back({"", std::move(message)});
    return load;
}

} // namespace

PlanLoad parsePlanJson(std::string_view text) {
    try {
        ErrorList errors;
        std::optional<Json> document = parseJsonText(text, errors);
        PlanLoad load;
        if (!document) {
            load.errors = errors.take();
            return load;
        }
        PlanReader reader(errors);
        const bool complete = reader.read(*document);
        document.reset();
        if (complete) addValidationErrors(reader.plan(), errors);
        load.errors = errors.take();
        if (load.errors.empty()) load.plan = std::move(reader.plan());
        return load;
    } catch (const std::bad_alloc&) {
        return fileError("the plan is too large to read (out of memory)");
    } catch (const std::exception& e) {
        return fileError("cannot read the plan: " + printable(e.what()));
    } catch (...) {
        return fileError("cannot read the plan");
    }
}

PlanLoad loadPlanFile(const std::filesystem::path& file) {
    try {
        namespace fs = std::filesystem;
        std::error_code ec;
        const fs::file_status status = fs::status(file, ec);
        if (status.type() == fs::file_type::not_found) return fileError("the file does not exist");
        if (ec) return fileError("cannot read the file: " + ec.message());
        if (fs::is_directory(status)) return fileError("this is a folder, not a plan file");
        if (!fs::is_regular_file(status)) return fileError("this is not a regular file");
        // An image exported by hairplan carries its plan (png_plan_chunk.hpp). It may be far
        // larger than a plan file, so it is read chunk by chunk, before the size check.
        if (isPngFile(file)) {
            std::string error;
            const std::optional<std::string> text = planTextFromPngFile(file, &error);
            return text ? parsePlanJson(*text) : fileError(std::move(error));
        }
        const std::uintmax_t size = fs::file_size(file, ec);
        if (ec) return fileError("cannot read the file: " + ec.message());
        const auto tooLarge = [](std::uintmax_t bytes) {
            return fileError("the file is " + megabytes(bytes) + "; plans are at most " +
                             megabytes(kMaxPlanFileBytes));
        };
        if (size > kMaxPlanFileBytes) return tooLarge(size);

        std::FILE* stream = std::fopen(file.c_str(), "rb");
        if (stream == nullptr) return fileError("cannot open the file: " + systemMessage(errno));
        // Read up to one byte past the limit, in case the file grew since it was measured.
        std::string text;
        text.resize(static_cast<std::size_t>(size) + 1);
        std::size_t length = 0;
        while (length < text.size()) {
            const std::size_t count =
                std::fread(text.data() + length, 1, text.size() - length, stream);
            length += count;
            if (count == 0) break;
            if (length == text.size() && length <= kMaxPlanFileBytes)
                text.resize(std::min<std::size_t>(text.size() * 2, kMaxPlanFileBytes + 1));
        }
        const int readError = std::ferror(stream) ? errno : 0;
        std::fclose(stream);
        if (readError != 0) return fileError("cannot read the file: " + systemMessage(readError));
        if (length > kMaxPlanFileBytes) return tooLarge(length);
        text.resize(length);
        if (text.empty()) return fileError("the file is empty");
        return parsePlanJson(text);
    } catch (const std::bad_alloc&) {
        return fileError("the plan is too large to read (out of memory)");
    } catch (const std::exception& e) {
        return fileError("cannot read the file: " + printable(e.what()));
    } catch (...) {
        return fileError("cannot read the file");
    }
}

namespace {

// nlohmann's indented dump puts every number of a point on its own line, which makes a plan at
// the 1,000,000-point limit larger than the 64 MB a plan may be. Arrays of two numbers become
// "[x, y]" on one line. JSON strings cannot hold a raw newline, so the pattern
// "[\n <number>,\n <number>\n ]" only ever matches structure.
std::string withCompactPairs(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    const auto number = [&](std::size_t i) {
        const std::size_t start = i;
        while (i < text.size() &&
               (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '-' ||
                text[i] == '+' || text[i] == '.' || text[i] == 'e' || text[i] == 'E'))
            ++i;
        return i > start ? i : std::string::npos;
    };
    const auto skipSpace = [&](std::size_t i) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\n'))
            ++i;
        return i;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '[' && i + 1 < text.size() && text[i + 1] == '\n') {
            const std::size_t xBegin = skipSpace(i + 1), xEnd = number(xBegin);
            if (xEnd != std::string::npos && xEnd < text.size() && text[xEnd] == ',') {
                const std::size_t yBegin = skipSpace(xEnd + 1), yEnd = number(yBegin);
                if (yEnd != std::string::npos) {
                    const std::size_t close = skipSpace(yEnd);
                    if (close < text.size() && text[close] == ']') {
                        out += '[';
                        out.append(text, xBegin, xEnd - xBegin);
                        out += ", ";
                        out.append(text, yBegin, yEnd - yBegin);
                        out += ']';
                        i = close;
                        continue;
                    }
                }
            }
        }
        out += text[i];
    }
    return out;
}

} // namespace

std::string planToJson(const Plan& plan) {
    try {
        OrderedJson root = OrderedJson::object();
        root["format"] = "hairplan";
        root["version"] = kPlanFormatVersion;
        OrderedJson patient = OrderedJson::object();
        patient["id"] = plan.patient.id;
        patient["sex"] = toString(plan.patient.sex);
        patient["notes"] = plan.patient.notes;
        root["patient"] = std::move(patient);
        if (!plan.photo.empty()) root["photo"] = plan.photo;
        if (plan.imageSize)
            root["image_size"] =
                OrderedJson::array({plan.imageSize->first, plan.imageSize->second});
        if (plan.calibration) root["calibration"] = calibrationJson(*plan.calibration);
        if (plan.glabella) root["landmarks"]["glabella"] = pointJson(*plan.glabella);
        if (plan.hairline) root["hairline"] = hairlineJson(*plan.hairline);
        OrderedJson zones = OrderedJson::array();
        for (const Zone& zone : plan.zones)
            zones.push_back(zoneJson(zone));
        root["zones"] = std::move(zones);
        if (plan.simulation.hairColour != kDefaultHairColour)
            root["simulation"]["hair_colour"] = toHex(plan.simulation.hairColour);
        // Text that is not UTF-8 cannot be written as JSON; validatePlan refuses it, and here it
        // becomes U+FFFD rather than an exception.
        return withCompactPairs(root.dump(2, ' ', false, OrderedJson::error_handler_t::replace)) +
               '\n';
    } catch (...) {
        return {}; // only allocation can fail; savePlanFile reports it
    }
}

std::optional<std::string> writeFileAtomically(const std::filesystem::path& file,
                                               std::string_view text) {
    try {
        namespace fs = std::filesystem;
        const std::string name = file.filename().string();
        if (name.empty() || name == "." || name == "..")
            return "cannot write " + file.string() + ": not a file name";
        const fs::path folder = file.has_parent_path() ? file.parent_path() : fs::path(".");

        // A name no other writer uses: this process's id and a counter, created exclusively.
        // Until it is renamed, the guard closes and removes it on every way out, exceptions too.
        static std::atomic<unsigned> counter{0};
        TemporaryFile temporary;
        for (int attempt = 0; attempt < 100 && temporary.fd < 0; ++attempt) {
            temporary.path = folder / ("." + name + ".tmp-" + std::to_string(::getpid()) + "-" +
                                       std::to_string(counter++));
            temporary.fd =
                ::open(temporary.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
            if (temporary.fd < 0 && errno != EEXIST) break;
        }
        if (temporary.fd < 0) {
            const int error = errno;
            temporary.path.clear(); // not ours to remove
            return writeFailure(file, "creating a temporary file beside it", error);
        }

        // Replacing a file keeps its permissions (best effort).
        struct stat target {};
        if (::stat(file.c_str(), &target) == 0 && S_ISREG(target.st_mode))
            (void)::fchmod(temporary.fd, target.st_mode & 07777);

        if (!writeAll(temporary.fd, text)) return writeFailure(file, "writing", errno);
        if (::fsync(temporary.fd) != 0) return writeFailure(file, "flushing to disk", errno);
        const int closed = ::close(temporary.fd);
        temporary.fd = -1;
        if (closed != 0) return writeFailure(file, "closing", errno);
        if (::rename(temporary.path.c_str(), file.c_str()) != 0)
            return writeFailure(file, "replacing it with the new file", errno);
        temporary.path.clear(); // it is the target now

        // Make the rename itself durable. Best effort: the new file is in place already, and
        // some file systems refuse to fsync a folder.
        const int folderFd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (folderFd >= 0) {
            (void)::fsync(folderFd);
            ::close(folderFd);
        }
        return std::nullopt;
    } catch (const std::exception& e) {
        return "cannot write the file: " + printable(e.what());
    } catch (...) {
        return "cannot write the file";
    }
}

std::optional<std::string> savePlanFile(const Plan& plan, const std::filesystem::path& file) {
    const std::string text = planToJson(plan);
    if (text.empty()) return "cannot write the plan: out of memory";
    // The version being replaced is kept as FILE.bak, itself written atomically first, so that
    // a crash at any moment leaves FILE whole (old or new) and FILE.bak whole.
    std::error_code ec;
    if (std::filesystem::is_regular_file(file, ec) &&
        std::filesystem::file_size(file, ec) <= kMaxPlanFileBytes && !ec) {
        std::ifstream in(file, std::ios::binary);
        std::ostringstream previous;
        previous << in.rdbuf();
        if (in && previous.str() != text) {
            std::filesystem::path backup = file;
            backup += ".bak";
            // A backup that cannot be written does not stop the save itself.
            (void)writeFileAtomically(backup, previous.str());
        }
    }
    return writeFileAtomically(file, text);
}

} // namespace hp
