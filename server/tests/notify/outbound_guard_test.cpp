#include "notify/outbound_guard.hpp"

#include <gtest/gtest.h>

namespace cairn::notify {
namespace {

TEST(OutboundGuardAddress, classifies_forbidden_ipv4_ranges) {
  EXPECT_EQ(forbidden_address_kind("0.1.2.3"), "unspecified");
  EXPECT_EQ(forbidden_address_kind("10.20.30.40"), "private");
  EXPECT_EQ(forbidden_address_kind("100.64.0.1"), "shared (carrier-grade NAT)");
  EXPECT_EQ(forbidden_address_kind("100.127.255.255"), "shared (carrier-grade NAT)");
  EXPECT_EQ(forbidden_address_kind("127.0.0.1"), "loopback");
  EXPECT_EQ(forbidden_address_kind("127.255.0.9"), "loopback");
  EXPECT_EQ(forbidden_address_kind("169.254.169.254"), "link-local");
  EXPECT_EQ(forbidden_address_kind("172.16.0.1"), "private");
  EXPECT_EQ(forbidden_address_kind("172.31.255.255"), "private");
  EXPECT_EQ(forbidden_address_kind("192.168.1.1"), "private");
  EXPECT_EQ(forbidden_address_kind("224.0.0.1"), "multicast");
  EXPECT_EQ(forbidden_address_kind("239.255.255.255"), "multicast");
  EXPECT_EQ(forbidden_address_kind("240.0.0.1"), "reserved");
  EXPECT_EQ(forbidden_address_kind("255.255.255.255"), "broadcast");
}

TEST(OutboundGuardAddress, lets_public_ipv4_addresses_through_including_range_edges) {
  for (const char* address : {"8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.0", "172.15.255.255", "172.32.0.0",
                              "192.167.255.255", "169.253.0.1", "223.255.255.255", "11.0.0.1"}) {
    EXPECT_EQ(forbidden_address_kind(address), std::nullopt) << address;
  }
}

TEST(OutboundGuardAddress, classifies_forbidden_ipv6_ranges) {
  EXPECT_EQ(forbidden_address_kind("::"), "unspecified");
  EXPECT_EQ(forbidden_address_kind("::1"), "loopback");
  EXPECT_EQ(forbidden_address_kind("fc00::1"), "private");
  EXPECT_EQ(forbidden_address_kind("fdab:cdef::1"), "private");
  EXPECT_EQ(forbidden_address_kind("fe80::1"), "link-local");
  EXPECT_EQ(forbidden_address_kind("febf::1"), "link-local");
  EXPECT_EQ(forbidden_address_kind("ff02::1"), "multicast");
  EXPECT_EQ(forbidden_address_kind("2001:4860:4860::8888"), std::nullopt);
  EXPECT_EQ(forbidden_address_kind("2606:4700::1111"), std::nullopt);
}

TEST(OutboundGuardAddress, judges_ipv4_mapped_and_embedded_addresses_as_ipv4) {
  EXPECT_EQ(forbidden_address_kind("::ffff:127.0.0.1"), "loopback");
  EXPECT_EQ(forbidden_address_kind("::ffff:7f00:1"), "loopback");
  EXPECT_EQ(forbidden_address_kind("::ffff:10.1.2.3"), "private");
  EXPECT_EQ(forbidden_address_kind("::ffff:169.254.169.254"), "link-local");
  EXPECT_EQ(forbidden_address_kind("::ffff:8.8.8.8"), std::nullopt);
  EXPECT_EQ(forbidden_address_kind("64:ff9b::192.168.0.1"), "private");
  EXPECT_EQ(forbidden_address_kind("::127.0.0.1"), "loopback");
}

TEST(OutboundGuardAddress, names_are_not_addresses) {
  EXPECT_EQ(forbidden_address_kind("localhost"), std::nullopt);
  EXPECT_EQ(forbidden_address_kind(""), std::nullopt);
}

TEST(OutboundGuardCidr, matches_ipv4_ranges) {
  EXPECT_TRUE(cidr_contains("10.0.0.0/8", "10.255.1.2"));
  EXPECT_FALSE(cidr_contains("10.0.0.0/8", "11.0.0.1"));
  EXPECT_TRUE(cidr_contains("172.16.0.0/12", "172.31.0.1"));
  EXPECT_FALSE(cidr_contains("172.16.0.0/12", "172.32.0.1"));
  EXPECT_TRUE(cidr_contains("192.168.1.0/25", "192.168.1.127"));
  EXPECT_FALSE(cidr_contains("192.168.1.0/25", "192.168.1.128"));
  EXPECT_TRUE(cidr_contains("127.0.0.1", "127.0.0.1"));
  EXPECT_FALSE(cidr_contains("127.0.0.1", "127.0.0.2"));
  EXPECT_TRUE(cidr_contains("0.0.0.0/0", "8.8.8.8"));
  EXPECT_TRUE(cidr_contains("10.0.0.0/8", "::ffff:10.0.0.1"));
}

TEST(OutboundGuardCidr, matches_ipv6_ranges_and_keeps_families_apart) {
  EXPECT_TRUE(cidr_contains("::1/128", "::1"));
  EXPECT_FALSE(cidr_contains("::1/128", "::2"));
  EXPECT_TRUE(cidr_contains("fd00::/8", "fd12:3456::1"));
  EXPECT_FALSE(cidr_contains("fd00::/8", "fe80::1"));
  EXPECT_FALSE(cidr_contains("::/0", "127.0.0.1"));
  EXPECT_FALSE(cidr_contains("127.0.0.0/8", "::1"));
}

TEST(OutboundGuardCidr, rejects_malformed_entries) {
  EXPECT_FALSE(cidr_contains("10.0.0.0/33", "10.0.0.1"));
  EXPECT_FALSE(cidr_contains("10.0.0.0/", "10.0.0.1"));
  EXPECT_FALSE(cidr_contains("10.0.0.0/-1", "10.0.0.1"));
  EXPECT_FALSE(cidr_contains("10.0.0.0/8x", "10.0.0.1"));
  EXPECT_FALSE(cidr_contains("hooks.internal", "10.0.0.1"));
  EXPECT_FALSE(cidr_contains("10.0.0.0/8", "not-an-address"));
}

TEST(OutboundGuardUrl, parses_scheme_host_and_default_port) {
  auto url = parse_outbound_url("https://Hooks.Example.COM/services/x?y=1", "config.url");
  ASSERT_TRUE(url.ok()) << url.error().message;
  EXPECT_EQ(url->scheme, "https");
  EXPECT_EQ(url->host, "hooks.example.com");
  EXPECT_EQ(url->port, 443);
  auto v6 = parse_outbound_url("http://[::1]:8080/x", "config.url");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 8080);
}

TEST(OutboundGuardUrl, rejects_what_is_not_a_plain_http_url) {
  for (const char* bad : {"", "hooks.example.com/x", "ftp://example.com/", "file:///etc/passwd", "gopher://x/",
                          "http://user:pw@example.com/", "http://user@example.com/", "http://a b/"}) {
    auto url = parse_outbound_url(bad, "config.url");
    ASSERT_FALSE(url.ok()) << bad;
    EXPECT_EQ(url.error().code, ErrorCode::validation_failed) << bad;
    EXPECT_EQ(url.error().field, "config.url") << bad;
  }
}

TEST(OutboundGuard, refuses_loopback_with_a_message_naming_the_setting) {
  OutboundGuard guard;
  auto target = guard.check("http://127.0.0.1:9000/hook", "config.url");
  ASSERT_FALSE(target.ok());
  EXPECT_EQ(target.error().code, ErrorCode::validation_failed);
  EXPECT_EQ(target.error().field, "config.url");
  EXPECT_EQ(target.error().message, "127.0.0.1 is a loopback address; allow it with the outbound_allow setting");
}

TEST(OutboundGuard, refuses_every_forbidden_literal) {
  OutboundGuard guard;
  for (const char* url : {"http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/",
                          "http://[fe80::1]/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://2130706433/",
                          "http://0x7f.1/", "http://[fd00::1]:8443/"}) {
    auto target = guard.check(url, "config.url");
    EXPECT_FALSE(target.ok()) << url;
  }
}

TEST(OutboundGuard, refuses_localhost_by_what_it_resolves_to) {
  OutboundGuard guard;
  auto target = guard.check("http://localhost:8080/hook", "config.url");
  ASSERT_FALSE(target.ok());
  EXPECT_NE(target.error().message.find("localhost resolves to"), std::string::npos) << target.error().message;
  EXPECT_NE(target.error().message.find("loopback"), std::string::npos);
}

TEST(OutboundGuard, allows_public_literals_and_pins_them) {
  OutboundGuard guard;
  auto target = guard.check("https://8.8.8.8/hook", "config.url");
  ASSERT_TRUE(target.ok()) << target.error().message;
  EXPECT_EQ(target->scheme, "https");
  EXPECT_EQ(target->host, "8.8.8.8");
  EXPECT_EQ(target->port, 443);
  EXPECT_EQ(target->address, "8.8.8.8");
}

TEST(OutboundGuard, allow_list_admits_an_address_or_a_range) {
  OutboundGuard exact({"127.0.0.1"});
  auto allowed = exact.check("http://127.0.0.1:9000/hook", "config.url");
  ASSERT_TRUE(allowed.ok()) << allowed.error().message;
  EXPECT_EQ(allowed->address, "127.0.0.1");
  EXPECT_EQ(allowed->port, 9000);
  EXPECT_FALSE(exact.check("http://127.0.0.2/", "config.url").ok());
  EXPECT_FALSE(exact.check("http://10.0.0.1/", "config.url").ok());

  OutboundGuard range({"10.0.0.0/8", "::1/128"});
  EXPECT_TRUE(range.check("http://10.1.2.3/", "config.url").ok());
  EXPECT_TRUE(range.check("http://[::1]:8080/", "config.url").ok());
  EXPECT_FALSE(range.check("http://192.168.0.1/", "config.url").ok());
}

TEST(OutboundGuard, allow_list_admits_a_host_name) {
  OutboundGuard guard({"LocalHost"});
  auto target = guard.check("http://localhost:8080/hook", "config.url");
  ASSERT_TRUE(target.ok()) << target.error().message;
  EXPECT_EQ(target->host, "localhost");
  EXPECT_TRUE(target->address == "127.0.0.1" || target->address == "::1") << target->address;
}

TEST(OutboundGuard, an_unresolvable_host_is_a_transient_failure) {
  OutboundGuard guard;
  bool transient = false;
  auto target = guard.check("https://no-such-host.invalid/hook", "config.url", transient);
  ASSERT_FALSE(target.ok());
  EXPECT_TRUE(transient);
  EXPECT_EQ(target.error().field, "config.url");
  bool malformed_transient = true;
  EXPECT_FALSE(guard.check("ftp://x/", "config.url", malformed_transient).ok());
  EXPECT_FALSE(malformed_transient);
}

}  // namespace
}  // namespace cairn::notify
