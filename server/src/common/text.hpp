#pragma once

#include <cctype>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

namespace cairn {

/// The number a text spells in plain decimal notation: an optional sign, up to 30 digits with an
/// optional fraction of up to 30 digits (or only a fraction), an optional exponent of one or two
/// digits; nothing else, not even spaces ("8", "-0.5", "1e-3", ".5"; not "0x10", "inf", " 8").
/// The bounds keep every match a finite double, and PostgreSQL's regex twin in run_search.cpp
/// (kPlainNumberRegex) accepts exactly the same texts.
inline std::optional<double> plain_number(std::string_view text) {
  std::size_t i = 0;
  const auto digits = [&](std::size_t max) {
    std::size_t n = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i, ++n;
    return n <= max ? n : max + 1;
  };
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  const std::size_t whole = digits(30);
  if (whole > 30) return std::nullopt;
  std::size_t fraction = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    fraction = digits(30);
    if (fraction > 30) return std::nullopt;
  }
  if (whole == 0 && fraction == 0) return std::nullopt;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    const std::size_t exponent = digits(2);
    if (exponent == 0 || exponent > 2) return std::nullopt;
  }
  if (i != text.size()) return std::nullopt;
  return std::strtod(std::string(text).c_str(), nullptr);
}

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
