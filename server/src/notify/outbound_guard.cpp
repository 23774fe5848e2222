#include "notify/outbound_guard.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <memory>

#include "common/text.hpp"

namespace cairn::notify {
namespace {

constexpr std::size_t kMaxOutboundUrlLength = 2048;

// A numeric address: IPv4 in the first four bytes, or IPv6 in all sixteen.
struct IpAddress {
  std::array<std::uint8_t, 16> bytes{};
  bool v4 = false;
};

std::optional<IpAddress> parse_ip(std::string_view text) {
  std::string s(text);
  IpAddress ip;
  if (inet_pton(AF_INET, s.c_str(), ip.bytes.data()) == 1) {
    ip.v4 = true;
    return ip;
  }
  if (inet_pton(AF_INET6, s.c_str(), ip.bytes.data()) == 1) return ip;
  return std::nullopt;
}

bool has_prefix(const IpAddress& ip, std::initializer_list<std::uint8_t> prefix) {
  return std::equal(prefix.begin(), prefix.end(), ip.bytes.begin());
}

IpAddress embedded_v4(const IpAddress& ip) {
  IpAddress v4;
  v4.v4 = true;
  std::copy(ip.bytes.begin() + 12, ip.bytes.end(), v4.bytes.begin());
  return v4;
}

// An IPv4-mapped address (::ffff:a.b.c.d) reaches the IPv4 host: judge and match it as one.
IpAddress unmapped(const IpAddress& ip) {
  if (!ip.v4 && has_prefix(ip, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff})) return embedded_v4(ip);
  return ip;
}

std::optional<std::string> v4_kind(const IpAddress& ip) {
  std::uint8_t a = ip.bytes[0], b = ip.bytes[1];
  if (a == 0) return "unspecified";
  if (a == 10) return "private";
  if (a == 100 && (b & 0xC0) == 64) return "shared (carrier-grade NAT)";
  if (a == 127) return "loopback";
  if (a == 169 && b == 254) return "link-local";
  if (a == 172 && (b & 0xF0) == 16) return "private";
  if (a == 192 && b == 168) return "private";
  if (a >= 224 && a <= 239) return "multicast";
  if (a == 255 && b == 255 && ip.bytes[2] == 255 && ip.bytes[3] == 255) return "broadcast";
  if (a >= 240) return "reserved";
  return std::nullopt;
}

std::optional<std::string> ip_kind(const IpAddress& given) {
  IpAddress ip = unmapped(given);
  if (ip.v4) return v4_kind(ip);
  const auto& b = ip.bytes;
  bool first_twelve_zero = has_prefix(ip, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  if (first_twelve_zero) {
    bool all_zero = std::all_of(b.begin(), b.end(), [](std::uint8_t x) { return x == 0; });
    if (all_zero) return "unspecified";
    if (b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] == 1) return "loopback";
    // ::a.b.c.d, the deprecated IPv4-compatible form: some stacks still route it to the IPv4 host.
    return v4_kind(embedded_v4(ip));
  }
  // 64:ff9b::/96, the NAT64 prefix: a translator on the path reaches the embedded IPv4 host.
  if (has_prefix(ip, {0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0})) return v4_kind(embedded_v4(ip));
  if ((b[0] & 0xFE) == 0xFC) return "private";
  if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) return "link-local";
  if (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0) return "site-local";
  if (b[0] == 0xFF) return "multicast";
  return std::nullopt;
}

bool prefix_matches(const IpAddress& network, const IpAddress& ip, int bits) {
  for (int i = 0; bits > 0; ++i, bits -= 8) {
    std::uint8_t mask = bits >= 8 ? 0xFF : static_cast<std::uint8_t>(0xFF << (8 - bits));
    if ((network.bytes[i] & mask) != (ip.bytes[i] & mask)) return false;
  }
  return true;
}

std::string article_for(std::string_view kind) {
  return std::string_view("aeiou").find(kind.front()) == std::string_view::npos ? "a" : "an";
}

std::string normalised_host(std::string host) {
  host = ascii_lower(host);
  if (!host.empty() && host.back() == '.') host.pop_back();
  return host;
}

struct CurlUrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};

// A URL part, or empty when the URL has none.
std::string url_part(CURLU* url, CURLUPart part, unsigned flags = 0) {
  char* value = nullptr;
  if (curl_url_get(url, part, &value, flags) != CURLUE_OK || value == nullptr) return {};
  std::string out(value);
  curl_free(value);
  return out;
}

// Every address `host` resolves to, deduplicated in resolver order; empty when it does not resolve.
std::vector<std::string> resolve_host(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  if (parse_ip(host)) hints.ai_flags = AI_NUMERICHOST;
  addrinfo* found = nullptr;
  std::vector<std::string> addresses;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0) return addresses;
  for (addrinfo* ai = found; ai != nullptr; ai = ai->ai_next) {
    char text[INET6_ADDRSTRLEN] = {};
    if (ai->ai_family == AF_INET) {
      inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(ai->ai_addr)->sin_addr, text, sizeof text);
    } else if (ai->ai_family == AF_INET6) {
      inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(ai->ai_addr)->sin6_addr, text, sizeof text);
    } else {
      continue;
    }
    if (std::find(addresses.begin(), addresses.end(), text) == addresses.end()) addresses.emplace_back(text);
  }
  freeaddrinfo(found);
  return addresses;
}

}  // namespace

Result<OutboundUrl> parse_outbound_url(const std::string& url, const std::string& field) {
  if (url.empty()) return Error::validation(field, "URL is required");
  if (url.size() > kMaxOutboundUrlLength) return Error::validation(field, "URL is too long");
  std::unique_ptr<CURLU, CurlUrlDeleter> handle(curl_url());
  if (!handle) return Error::internal("cannot initialise libcurl's URL parser");
  if (curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    return Error::validation(field, "not a valid absolute URL (expected http:// or https://)");
  }
  OutboundUrl out;
  out.scheme = ascii_lower(url_part(handle.get(), CURLUPART_SCHEME));
  if (out.scheme != "http" && out.scheme != "https") {
    return Error::validation(field, "only http and https URLs are allowed");
  }
  if (!url_part(handle.get(), CURLUPART_USER).empty() || !url_part(handle.get(), CURLUPART_PASSWORD).empty()) {
    return Error::validation(field, "URL must not carry user info (user:password@); use headers instead");
  }
  std::string host = url_part(handle.get(), CURLUPART_HOST);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  out.host = normalised_host(host);
  if (out.host.empty()) return Error::validation(field, "URL has no host");
  out.port = std::atoi(url_part(handle.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT).c_str());
  if (out.port <= 0 || out.port > 65535) return Error::validation(field, "URL has an invalid port");
  return out;
}

std::optional<std::string> forbidden_address_kind(std::string_view address) {
  auto ip = parse_ip(address);
  if (!ip) return std::nullopt;
  return ip_kind(*ip);
}

bool cidr_contains(std::string_view cidr, std::string_view address) {
  auto slash = cidr.find('/');
  auto network = parse_ip(cidr.substr(0, slash));
  auto ip = parse_ip(address);
  if (!network || !ip) return false;
  IpAddress net = unmapped(*network);
  IpAddress addr = unmapped(*ip);
  if (net.v4 != addr.v4) return false;
  int max_bits = net.v4 ? 32 : 128;
  int bits = max_bits;
  if (slash != std::string_view::npos) {
    std::string_view length = cidr.substr(slash + 1);
    if (length.empty() || length.size() > 3 ||
        !std::all_of(length.begin(), length.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return false;
    }
    bits = std::atoi(std::string(length).c_str());
    // A mapped network (::ffff:10.0.0.0/104) counts its bits over 128: judge it over 32.
    if (!network->v4 && net.v4) bits -= 96;
    if (bits < 0 || bits > max_bits) return false;
  }
  return prefix_matches(net, addr, bits);
}

OutboundGuard::OutboundGuard(std::vector<std::string> allow) : allow_(std::move(allow)) {
  for (auto& entry : allow_) {
    auto first = entry.find_first_not_of(" \t");
    auto last = entry.find_last_not_of(" \t");
    entry = first == std::string::npos ? std::string() : normalised_host(entry.substr(first, last - first + 1));
  }
}

Result<OutboundTarget> OutboundGuard::check(const std::string& url, const std::string& field) const {
  bool transient = false;
  return check(url, field, transient);
}

Result<OutboundTarget> OutboundGuard::check(const std::string& url, const std::string& field, bool& transient) const {
  transient = false;
  CAIRN_TRY_ASSIGN(OutboundUrl parsed, parse_outbound_url(url, field));
  OutboundTarget target{parsed.scheme, parsed.host, parsed.port, {}};

  std::vector<std::string> addresses = resolve_host(parsed.host);
  if (addresses.empty()) {
    transient = true;
    return Error::validation(field, "cannot resolve host " + parsed.host);
  }
  bool host_allowed = std::find(allow_.begin(), allow_.end(), parsed.host) != allow_.end();
  std::string refusal;
  for (const auto& address : addresses) {
    auto kind = forbidden_address_kind(address);
    bool allowed = host_allowed || !kind || std::any_of(allow_.begin(), allow_.end(), [&](const std::string& entry) {
                     return cidr_contains(entry, address);
                   });
    if (allowed) {
      target.address = address;
      return target;
    }
    if (refusal.empty()) {
      std::string what = article_for(*kind) + " " + *kind + " address";
      refusal = parse_ip(parsed.host) ? address + " is " + what : parsed.host + " resolves to " + address + ", " + what;
    }
  }
  return Error::validation(field, refusal + "; allow it with the outbound_allow setting");
}

}  // namespace cairn::notify
