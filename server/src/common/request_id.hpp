#pragma once

#include <string_view>

namespace cairn {

/// A request id as Cairn takes one from a client (X-Request-Id, a reported request's id):
/// 1-128 of letters, digits and . _ : -, so that it is safe in logs and headers.
inline bool is_valid_request_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

}  // namespace cairn
