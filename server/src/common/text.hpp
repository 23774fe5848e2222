#pragma once

#include <cctype>
#include <string>
#include <string_view>

namespace cairn {

/// ASCII lower case (bytes above 0x7f are left as they are): for case-insensitive names,
/// header fields, stage names and LIKE patterns.
inline std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (auto& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

}  // namespace cairn
