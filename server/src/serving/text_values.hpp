#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.hpp"

/// Text forms of values that requests carry inside JSON strings or CSV cells.
namespace cairn::serving {

/// Decodes standard base64 (MLflow sends binary columns base64-encoded, base64.decodebytes is
/// lenient about line breaks); whitespace is skipped, anything else invalid is an error.
Result<std::string> decode_base64(std::string_view text);
/// Encodes as Python's base64.encodebytes does (what MLflow answers for bytes): lines of 76
/// characters, each ending in "\n".
std::string encode_base64_lines(std::string_view bytes);
/// Parses an ISO 8601 date or date-time ("2024-01-02", "2024-01-02T03:04:05.5Z", "... +01:00") to
/// nanoseconds since the epoch, UTC, as pandas.to_datetime reads such strings.
Result<int64_t> parse_iso_datetime(std::string_view text);
/// Formats nanoseconds since the epoch as pandas.Timestamp.isoformat() does
/// ("2024-01-02T03:04:05", with ".123456" or ".123456789" when there is a fraction).
std::string format_iso_datetime(int64_t ns);

}  // namespace cairn::serving
