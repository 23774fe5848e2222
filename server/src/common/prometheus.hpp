#pragma once

#include <string>
#include <string_view>

namespace cairn {

/// A label value for Prometheus' text format: backslash, double quote and newline escaped as the
/// exposition format requires (feature and monitor names come from users).
inline std::string prometheus_label(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

}  // namespace cairn
