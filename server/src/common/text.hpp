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

/// "a b/c" -> "a%20b/c": RFC 3986 unreserved characters kept, '/' kept when `keep_slash` (an S3
/// key's path), everything else percent-encoded (a name as one URL path segment).
inline std::string uri_encode(std::string_view text, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~' || (c == '/' && keep_slash)) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

}  // namespace cairn
