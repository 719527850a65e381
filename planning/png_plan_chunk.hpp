// The plan carried inside an exported PNG, so that the image in the patient's file opens again as
// the plan it shows: an iTXt chunk with the keyword "hairplan" whose text is the plan's JSON
// (planToJson), uncompressed (compression flag 0), with an empty language tag and translated
// keyword. It sits right after IHDR, so a reader finds it without reading the pixels.
//
// Reading is for files from anywhere: any bytes give either the text or an error message, never
// a crash, a read past the end or a huge allocation. Every chunk walked is checked (length, type,
// CRC) up to the plan chunk; what follows it is not looked at.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hp {

/// The iTXt keyword that marks the plan chunk.
inline constexpr std::string_view kPngPlanKeyword = "hairplan";

/// The error of a well-formed PNG that carries no plan chunk (a photo, or an image saved by
/// another program).
inline constexpr std::string_view kNoPlanInPngMessage =
    "this PNG carries no hairplan plan (export it with hairplan export)";

/// Whether `bytes` begin with the 8-byte PNG signature.
bool hasPngSignature(std::span<const std::uint8_t> bytes);

/// Whether the file begins with the PNG signature; false when it cannot be read.
bool isPngFile(const std::filesystem::path& file);

/// The plan text of the first "hairplan" iTXt chunk of `png`. On failure returns nullopt and sets
/// `*error` (when not null) to a message for the user: not a PNG, a damaged PNG (bad length,
/// type or CRC, cut short before the plan chunk), a compressed or malformed plan chunk, a plan
/// larger than kMaxPlanFileBytes, or kNoPlanInPngMessage. The text is returned as stored; judging
/// it (UTF-8, JSON, plan) is parsePlanJson's job.
std::optional<std::string> planTextFromPng(std::span<const std::uint8_t> png, std::string* error);

/// planTextFromPng() on a file, reading only the chunks it needs: IHDR and the iTXt chunks are
/// read and checked; every other chunk (the pixels above all) is skipped unread, so a 60 MB
/// exported image costs a few kilobytes of reading. Files of any size are accepted.
std::optional<std::string> planTextFromPngFile(const std::filesystem::path& file,
                                               std::string* error);

/// `png` with the plan chunk for `planJson` inserted right after IHDR, and any plan chunk it had
/// before removed (so exporting twice does not stack plans). The other chunks are copied
/// unchanged. Returns an empty vector when `png` does not begin with a PNG signature and an IHDR
/// chunk, or when the text is too long for a PNG chunk.
std::vector<std::uint8_t> withPlanChunk(std::span<const std::uint8_t> png,
                                        std::string_view planJson);

// ---- Building blocks for PNG writers (render/image_files) ---------------------------------------

/// CRC-32 as PNG and zlib define it (polynomial 0xEDB88320), continuing from `crc` so that it can
/// be computed in pieces: pngCrc32(b, pngCrc32(a)) == pngCrc32(a + b). Start from 0.
std::uint32_t pngCrc32(std::span<const std::uint8_t> bytes, std::uint32_t crc = 0);

/// Appends one chunk: length (big-endian), the 4-letter `type`, `data`, CRC of type and data.
/// `data` must be shorter than 2^31 bytes.
void appendPngChunk(std::vector<std::uint8_t>& out, std::string_view type,
                    std::span<const std::uint8_t> data);

/// The data of the plan chunk (an iTXt chunk's payload) for `planJson`.
std::vector<std::uint8_t> planChunkData(std::string_view planJson);

} // namespace hp
