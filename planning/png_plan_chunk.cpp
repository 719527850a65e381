#include "png_plan_chunk.hpp"

#include "plan_io.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>
#include <sys/stat.h>
#include <sys/types.h>
#include <system_error>

namespace hp {
namespace {

using Bytes = std::span<const std::uint8_t>;
using ChunkType = std::array<std::uint8_t, 4>;

constexpr std::array<std::uint8_t, 8> kSignature{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
constexpr ChunkType kIhdr{'I', 'H', 'D', 'R'};
constexpr ChunkType kItxt{'i', 'T', 'X', 't'};
constexpr ChunkType kIend{'I', 'E', 'N', 'D'};

/// The PNG specification's largest chunk length (2^31 - 1).
constexpr std::uint32_t kMaxChunkLength = 0x7FFF'FFFF;
constexpr std::uint32_t kIhdrLength = 13;
/// The plan chunk's bytes before the text: keyword, NUL, compression flag and method, and the
/// NULs ending the empty language tag and translated keyword.
constexpr std::size_t kPlanChunkHeaderBytes = kPngPlanKeyword.size() + 5;
/// The longest plan chunk read whole: the plan file's limit and the chunk's header.
constexpr std::uint64_t kMaxPlanChunkLength = kMaxPlanFileBytes + kPlanChunkHeaderBytes;

constexpr std::array<std::uint32_t, 256> makeCrcTable() {
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t n = 0; n < 256; ++n) {
        std::uint32_t c = n;
        for (int k = 0; k < 8; ++k)
            c = (c & 1) ? 0xEDB8'8320u ^ (c >> 1) : c >> 1;
        table[n] = c;
    }
    return table;
}
constexpr std::array<std::uint32_t, 256> kCrcTable = makeCrcTable();

std::uint32_t readBigEndian32(const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
           std::uint32_t{p[3]};
}

void appendBigEndian32(std::vector<std::uint8_t>& out, std::uint32_t value) {
    out.push_back(static_cast<std::uint8_t>(value >> 24));
    out.push_back(static_cast<std::uint8_t>(value >> 16));
    out.push_back(static_cast<std::uint8_t>(value >> 8));
    out.push_back(static_cast<std::uint8_t>(value));
}

/// Appends by resize and copy: vector::insert of a range draws a false -Wstringop-overflow from
/// GCC 12 at -O3.
void appendBytes(std::vector<std::uint8_t>& out, const void* bytes, std::size_t count) {
    if (count == 0) return;
    const std::size_t at = out.size();
    out.resize(at + count);
    std::memcpy(out.data() + at, bytes, count);
}

/// A chunk type is four ASCII letters (PNG §5.4).
bool isChunkType(const ChunkType& type) {
    return std::all_of(type.begin(), type.end(), [](std::uint8_t c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    });
}

std::string typeName(const ChunkType& type) {
    return std::string(type.begin(), type.end());
}

/// Whether chunk data begins with the plan keyword and its NUL.
bool startsWithPlanKeyword(Bytes data) {
    return data.size() > kPngPlanKeyword.size() &&
           std::memcmp(data.data(), kPngPlanKeyword.data(), kPngPlanKeyword.size()) == 0 &&
           data[kPngPlanKeyword.size()] == 0;
}

std::string megabytesText(std::uint64_t bytes) {
    return std::to_string((bytes + 999'999) / 1'000'000) + " MB";
}

/// What an iTXt chunk is to us.
struct ItxtChunk {
    enum class Kind { Other, Plan, Bad } kind = Kind::Other;
    std::string text;  ///< the plan, for Plan
    std::string error; ///< why it cannot be read, for Bad
};

/// Reads an iTXt chunk's data (PNG §11.3.4.5): keyword, NUL, compression flag, compression
/// method, language tag, NUL, translated keyword, NUL, text.
ItxtChunk examineItxt(Bytes data) {
    ItxtChunk chunk;
    if (!startsWithPlanKeyword(data)) return chunk;
    chunk.kind = ItxtChunk::Kind::Bad;
    const std::string malformed = "the hairplan plan chunk of this PNG is malformed";
    Bytes rest = data.subspan(kPngPlanKeyword.size() + 1);
    if (rest.size() < 2) {
        chunk.error = malformed;
        return chunk;
    }
    if (rest[0] == 1) {
        chunk.error = "the hairplan plan in this PNG is compressed, which hairplan does not read";
        return chunk;
    }
    if (rest[0] != 0) {
        chunk.error = malformed;
        return chunk;
    }
    rest = rest.subspan(2);
    for (int field = 0; field < 2; ++field) { // the language tag, then the translated keyword
        const auto nul = std::find(rest.begin(), rest.end(), std::uint8_t{0});
        if (nul == rest.end()) {
            chunk.error = malformed;
            return chunk;
        }
        rest = rest.subspan(static_cast<std::size_t>(nul - rest.begin()) + 1);
    }
    if (rest.size() > kMaxPlanFileBytes) {
        chunk.error = "the hairplan plan in this PNG is " + megabytesText(rest.size()) +
                      "; plans are at most " + megabytesText(kMaxPlanFileBytes);
        return chunk;
    }
    chunk.kind = ItxtChunk::Kind::Plan;
    chunk.text.assign(rest.begin(), rest.end());
    return chunk;
}

/// Where a PNG's bytes come from, read front to back.
class ByteSource {
  public:
    virtual ~ByteSource() = default;
    /// The next `n` bytes, or nullopt when fewer are left. The view lasts until the next call.
    virtual std::optional<Bytes> take(std::uint64_t n) = 0;
    /// Passes over the next `n` bytes; false when fewer are left.
    virtual bool skip(std::uint64_t n) = 0;
    /// Whether reading a chunk costs no more than skipping it (memory): then every chunk walked
    /// over has its CRC checked, not only the ones read for their content.
    virtual bool readsForFree() const = 0;
};

class MemorySource final : public ByteSource {
  public:
    explicit MemorySource(Bytes bytes) : bytes_(bytes) {}
    std::optional<Bytes> take(std::uint64_t n) override {
        if (n > bytes_.size() - at_) return std::nullopt;
        const Bytes view = bytes_.subspan(at_, static_cast<std::size_t>(n));
        at_ += static_cast<std::size_t>(n);
        return view;
    }
    bool skip(std::uint64_t n) override { return take(n).has_value(); }
    bool readsForFree() const override { return true; }

  private:
    Bytes bytes_;
    std::size_t at_ = 0;
};

class FileSource final : public ByteSource {
  public:
    FileSource(std::FILE* stream, std::uint64_t size) : stream_(stream), size_(size) {}
    std::optional<Bytes> take(std::uint64_t n) override {
        // Checked against the size first, so that a length field cannot make us allocate.
        if (n > size_ - at_) return std::nullopt;
        buffer_.resize(static_cast<std::size_t>(n));
        if (std::fread(buffer_.data(), 1, buffer_.size(), stream_) != buffer_.size())
            return std::nullopt;
        at_ += n;
        return Bytes(buffer_);
    }
    bool skip(std::uint64_t n) override {
        if (n > size_ - at_) return false;
        if (::fseeko(stream_, static_cast<off_t>(n), SEEK_CUR) != 0) return false;
        at_ += n;
        return true;
    }
    bool readsForFree() const override { return false; }

  private:
    std::FILE* stream_;
    std::uint64_t size_;
    std::uint64_t at_ = 0;
    std::vector<std::uint8_t> buffer_;
};

/// Walks the chunks from the signature to the plan chunk, checking each on the way.
std::optional<std::string> findPlanText(ByteSource& source, std::string* error) {
    const auto fail = [error](std::string message) -> std::optional<std::string> {
        if (error != nullptr) *error = std::move(message);
        return std::nullopt;
    };
    const auto damaged = [&fail](const std::string& what) {
        return fail("the PNG file is damaged: " + what);
    };
    const auto cutShort = [&fail] {
        return fail("the PNG file is cut short: it ends before its hairplan plan");
    };

    const std::optional<Bytes> signature = source.take(kSignature.size());
    if (!signature || !hasPngSignature(*signature)) return fail("not a PNG file");

    std::uint64_t offset = kSignature.size();
    for (bool first = true;; first = false) {
        const std::optional<Bytes> header = source.take(8);
        if (!header) return cutShort();
        const std::uint32_t length = readBigEndian32(header->data());
        ChunkType type;
        std::copy_n(header->begin() + 4, 4, type.begin());
        const std::string at = " at byte " + std::to_string(offset);

        if (!isChunkType(type)) return damaged("no chunk starts" + at);
        if (length > kMaxChunkLength)
            return damaged("the " + typeName(type) + " chunk" + at + " claims " +
                           std::to_string(length) + " bytes, more than a PNG chunk may hold");
        if (first && (type != kIhdr || length != kIhdrLength))
            return damaged("it does not begin with an IHDR header");

        const bool itxt = type == kItxt;
        if (itxt && length > kMaxPlanChunkLength) {
            // Too long to be a plan we read: its keyword alone says whether it is the plan.
            const std::optional<Bytes> start = source.take(kPngPlanKeyword.size() + 1);
            if (!start) return cutShort();
            if (startsWithPlanKeyword(*start))
                return fail("the hairplan plan in this PNG is " + megabytesText(length) +
                            "; plans are at most " + megabytesText(kMaxPlanFileBytes));
            if (!source.skip(std::uint64_t{length} + 4 - start->size())) return cutShort();
        } else if (first || itxt || source.readsForFree()) {
            const std::optional<Bytes> body = source.take(std::uint64_t{length} + 4);
            if (!body) return cutShort();
            const Bytes data = body->first(length);
            const std::uint32_t storedCrc = readBigEndian32(body->data() + length);
            if (pngCrc32(data, pngCrc32(type)) != storedCrc) {
                if (itxt && startsWithPlanKeyword(data))
                    return fail("the hairplan plan in this PNG is damaged: its chunk" + at +
                                " fails the CRC check");
                return damaged("its " + typeName(type) + " chunk" + at + " fails the CRC check");
            }
            if (itxt) {
                ItxtChunk chunk = examineItxt(data);
                if (chunk.kind == ItxtChunk::Kind::Plan) return std::move(chunk.text);
                if (chunk.kind == ItxtChunk::Kind::Bad) return fail(std::move(chunk.error));
            }
        } else if (!source.skip(std::uint64_t{length} + 4)) {
            return cutShort();
        }
        if (type == kIend) return fail(std::string(kNoPlanInPngMessage));
        offset += std::uint64_t{length} + 12;
    }
}

std::optional<std::string> outOfMemory(std::string* error) {
    if (error != nullptr) *error = "the PNG file is too large to read (out of memory)";
    return std::nullopt;
}

} // namespace

bool hasPngSignature(std::span<const std::uint8_t> bytes) {
    return bytes.size() >= kSignature.size() &&
           std::equal(kSignature.begin(), kSignature.end(), bytes.begin());
}

bool isPngFile(const std::filesystem::path& file) {
    std::FILE* stream = std::fopen(file.c_str(), "rb");
    if (stream == nullptr) return false;
    std::array<std::uint8_t, kSignature.size()> start{};
    const std::size_t count = std::fread(start.data(), 1, start.size(), stream);
    std::fclose(stream);
    return count == start.size() && hasPngSignature(start);
}

std::optional<std::string> planTextFromPng(std::span<const std::uint8_t> png, std::string* error) {
    try {
        MemorySource source(png);
        return findPlanText(source, error);
    } catch (const std::bad_alloc&) {
        return outOfMemory(error);
    }
}

std::optional<std::string> planTextFromPngFile(const std::filesystem::path& file,
                                               std::string* error) {
    try {
        std::FILE* stream = std::fopen(file.c_str(), "rb");
        if (stream == nullptr) {
            if (error != nullptr)
                *error = "cannot open the file: " + std::generic_category().message(errno);
            return std::nullopt;
        }
        struct stat status {};
        if (::fstat(::fileno(stream), &status) != 0 || !S_ISREG(status.st_mode)) {
            std::fclose(stream);
            if (error != nullptr) *error = "cannot read the file: not a regular file";
            return std::nullopt;
        }
        std::optional<std::string> text;
        try {
            FileSource source(stream, static_cast<std::uint64_t>(status.st_size));
            text = findPlanText(source, error);
        } catch (...) {
            std::fclose(stream);
            throw;
        }
        std::fclose(stream);
        return text;
    } catch (const std::bad_alloc&) {
        return outOfMemory(error);
    } catch (const std::exception&) {
        if (error != nullptr) *error = "cannot read the file";
        return std::nullopt;
    }
}

std::vector<std::uint8_t> withPlanChunk(std::span<const std::uint8_t> png,
                                        std::string_view planJson) {
    constexpr std::size_t kIhdrEnd = kSignature.size() + 12 + kIhdrLength;
    if (!hasPngSignature(png) || png.size() < kIhdrEnd ||
        readBigEndian32(png.data() + kSignature.size()) != kIhdrLength ||
        !std::equal(kIhdr.begin(), kIhdr.end(), png.begin() + kSignature.size() + 4))
        return {};
    if (planJson.size() > kMaxChunkLength - kPlanChunkHeaderBytes) return {};

    std::vector<std::uint8_t> out;
    out.reserve(png.size() + planJson.size() + kPlanChunkHeaderBytes + 12);
    appendBytes(out, png.data(), kIhdrEnd);
    appendPngChunk(out, "iTXt", planChunkData(planJson));

    // Copies the other chunks, leaving out old plan chunks. Where the chunk structure breaks
    // (a damaged or cut file), the rest is copied as it is.
    std::size_t at = kIhdrEnd;
    while (png.size() - at >= 12) {
        const std::uint32_t length = readBigEndian32(png.data() + at);
        if (length > png.size() - at - 12) break;
        const std::size_t end = at + 12 + length;
        const bool oldPlan = std::equal(kItxt.begin(), kItxt.end(), png.begin() + at + 4) &&
                             startsWithPlanKeyword(png.subspan(at + 8, length));
        if (!oldPlan) appendBytes(out, png.data() + at, end - at);
        at = end;
    }
    appendBytes(out, png.data() + at, png.size() - at);
    return out;
}

std::uint32_t pngCrc32(std::span<const std::uint8_t> bytes, std::uint32_t crc) {
    std::uint32_t c = crc ^ 0xFFFF'FFFFu;
    for (const std::uint8_t byte : bytes)
        c = kCrcTable[(c ^ byte) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFF'FFFFu;
}

void appendPngChunk(std::vector<std::uint8_t>& out, std::string_view type,
                    std::span<const std::uint8_t> data) {
    appendBigEndian32(out, static_cast<std::uint32_t>(data.size()));
    const std::size_t typeAt = out.size();
    appendBytes(out, type.data(), type.size());
    appendBytes(out, data.data(), data.size());
    appendBigEndian32(out, pngCrc32(std::span(out).subspan(typeAt)));
}

std::vector<std::uint8_t> planChunkData(std::string_view planJson) {
    std::vector<std::uint8_t> data;
    data.reserve(kPlanChunkHeaderBytes + planJson.size());
    appendBytes(data, kPngPlanKeyword.data(), kPngPlanKeyword.size());
    // NUL ending the keyword, compression flag 0 (uncompressed), compression method 0, and the
    // NULs ending the empty language tag and the empty translated keyword.
    data.resize(data.size() + 5, 0);
    appendBytes(data, planJson.data(), planJson.size());
    return data;
}

} // namespace hp
