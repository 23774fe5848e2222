#pragma once

#include <optional>
#include <string>
#include <string_view>
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
  /// The same, and says whether a failure may pass later (the name did not resolve, so the outbox
  /// retries) rather than never (a malformed URL, a forbidden address).
  Result<OutboundTarget> check(const std::string& url, const std::string& field, bool& transient) const;

 private:
  std::vector<std::string> allow_;
};

/// A URL split into what the guard judges (libcurl's URL parser).
struct OutboundUrl {
  std::string scheme;  ///< lowercase
  std::string host;    ///< lowercase, without the brackets of an IPv6 literal
  int port = 0;        ///< the scheme's default when the URL has none
};

/// 422 naming `field` unless `url` is an absolute http(s) URL with a host and no user info.
Result<OutboundUrl> parse_outbound_url(const std::string& url, const std::string& field);

/// Why a numeric address must not be reached ("loopback", "private", "link-local", ...), or
/// nullopt when it is a public address (or not an address at all). IPv4-mapped and NAT64 IPv6
/// addresses are judged by the IPv4 address they carry.
std::optional<std::string> forbidden_address_kind(std::string_view address);

/// Whether `cidr` ("10.0.0.0/8", "::1/128", or a bare address) contains the numeric `address`.
bool cidr_contains(std::string_view cidr, std::string_view address);

}  // namespace cairn::notify
