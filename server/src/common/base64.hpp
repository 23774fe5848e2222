#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cairn {

/// Standard base64 with padding (libsodium's), for binary values kept in TEXT columns.
std::string base64_encode(std::string_view bytes);
/// nullopt when `text` is not valid base64.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace cairn
