#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"

namespace cairn::notify {

/// Where an outgoing request may go, once resolved: the address to connect to is pinned, so a DNS
/// answer that changes between the check and the request (rebinding) cannot redirect it.
struct OutboundTarget {
  std::string scheme;  ///< "http" | "https"
  std::string host;
  int port = 0;
  std::string address;  ///< the checked IP the request must use (libcurl CURLOPT_RESOLVE)
};

/// The SSRF guard for URLs users configure (alert channels): no private, loopback, link-local,
/// multicast or unspecified address, unless the allow-list setting names the host or a CIDR
/// range containing the address (the tests allow 127.0.0.1).
class OutboundGuard {
 public:
  /// Entries: host names ("hooks.internal"), addresses or CIDR ranges ("10.0.0.0/8", "::1/128").
  explicit OutboundGuard(std::vector<std::string> allow = {});
  /// 422 naming `field` when the URL is malformed, not http(s), or resolves only to forbidden addresses.
  Result<OutboundTarget> check(const std::string& url, const std::string& field) const;

 private:
  std::vector<std::string> allow_;
};

}  // namespace cairn::notify
