#include <gtest/gtest.h>

#include "fakes/capturing_mailer.hpp"
#include "notify/alert_channel.hpp"

namespace cairn::notify {
namespace {

// Loopback allowed, as the API suites configure it; numeric hosts keep these tests off DNS.
const OutboundGuard& config_guard() {
  static const OutboundGuard guard({"127.0.0.1"});
  return guard;
}

Error config_error(const std::string& kind, const nlohmann::json& config) {
  auto result = validate_channel_config(kind, config, config_guard());
  EXPECT_FALSE(result.ok()) << kind << " " << config.dump();
  if (result.ok()) return Error::internal("accepted");
  EXPECT_EQ(result.error().code, ErrorCode::validation_failed);
  return result.error();
}

TEST(ChannelConfig, knows_the_kinds_and_their_secrets) {
  for (const char* kind : {"email", "slack", "webhook", "pagerduty"}) EXPECT_TRUE(is_channel_kind(kind)) << kind;
  EXPECT_FALSE(is_channel_kind("sms"));
  EXPECT_EQ(secret_fields("slack"), std::vector<std::string>{"url"});
  EXPECT_EQ(secret_fields("webhook"), (std::vector<std::string>{"url", "hmac_secret"}));
  EXPECT_EQ(secret_maps("webhook"), std::vector<std::string>{"headers"});
  EXPECT_TRUE(secret_maps("slack").empty());
  EXPECT_EQ(secret_fields("pagerduty"), std::vector<std::string>{"routing_key"});
  EXPECT_TRUE(secret_fields("email").empty());
  EXPECT_EQ(config_error("sms", nlohmann::json::object()).field, "kind");
}

TEST(ChannelConfig, accepts_and_keeps_valid_configs) {
  auto webhook = validate_channel_config(
      "webhook",
      {{"url", "http://127.0.0.1:9000/hook"}, {"hmac_secret", "s3cret"}, {"headers", {{"Authorization", "Bearer t"}}}},
      config_guard());
  ASSERT_TRUE(webhook.ok()) << webhook.error().message;
  EXPECT_EQ((*webhook)["hmac_secret"], "s3cret");
  EXPECT_EQ((*webhook)["headers"]["Authorization"], "Bearer t");

  auto pagerduty =
      validate_channel_config("pagerduty", {{"routing_key", "R0UTINGKEY0123456789abcdefABCDEF"}}, config_guard());
  ASSERT_TRUE(pagerduty.ok()) << pagerduty.error().message;
  EXPECT_FALSE(pagerduty->contains("url"));

  auto email = validate_channel_config("email", {{"to", {" ops@example.com ", "on-call+cairn@sub.example.org"}}},
                                       config_guard());
  ASSERT_TRUE(email.ok()) << email.error().message;
  EXPECT_EQ((*email)["to"][0], "ops@example.com");
}

TEST(ChannelConfig, rejects_unknown_keys_and_wrong_types_naming_the_field) {
  EXPECT_EQ(config_error("slack", {{"url", "http://127.0.0.1/x"}, {"channel", "#ops"}}).field, "config.channel");
  EXPECT_EQ(config_error("slack", nlohmann::json::object()).field, "config.url");
  EXPECT_EQ(config_error("slack", {{"url", 42}}).field, "config.url");
  EXPECT_EQ(config_error("webhook", {{"url", "http://127.0.0.1/x"}, {"hmac_secret", 1}}).field, "config.hmac_secret");
  EXPECT_EQ(config_error("webhook", {{"url", "http://127.0.0.1/x"}, {"headers", "X-A: b"}}).field, "config.headers");
  EXPECT_EQ(config_error("pagerduty", {{"routing_key", "has space"}}).field, "config.routing_key");
  EXPECT_EQ(config_error("pagerduty", nlohmann::json::object()).field, "config.routing_key");
  EXPECT_EQ(config_error("email", {{"to", "ops@example.com"}}).field, "config.to");
  EXPECT_EQ(config_error("email", {{"to", nlohmann::json::array()}}).field, "config.to");
  EXPECT_EQ(config_error("email", nlohmann::json::array()).field, "config");
}

TEST(ChannelConfig, names_the_bad_email_address_by_index) {
  EXPECT_EQ(config_error("email", {{"to", {"ops@example.com", "not-an-address"}}}).field, "config.to[1]");
  EXPECT_EQ(config_error("email", {{"to", {"ops@example.com", 7}}}).field, "config.to[1]");
  for (const char* bad : {"@example.com", "ops@", "ops@@example.com", "o ps@example.com", "ops@exa mple.com",
                          "ops@-example.com", "Ops <ops@example.com>", "ops@example.com\r\nBcc: x@y.z",
                          ".ops@example.com", "o..ps@example.com", "ops@example..com"}) {
    EXPECT_FALSE(is_email_address(bad)) << bad;
  }
  for (const char* good : {"ops@example.com", "a.b+c@sub.example.co.uk", "ops@localhost", "x_y-z@e-x.io"}) {
    EXPECT_TRUE(is_email_address(good)) << good;
  }
}

TEST(ChannelConfig, refuses_forbidden_urls_through_the_guard) {
  Error slack = config_error("slack", {{"url", "http://10.0.0.5/services/T0/B0/secret"}});
  EXPECT_EQ(slack.field, "config.url");
  EXPECT_EQ(slack.message, "10.0.0.5 is a private address; allow it with the outbound_allow setting");
  EXPECT_EQ(slack.message.find("secret"), std::string::npos);
  EXPECT_EQ(config_error("webhook", {{"url", "ftp://127.0.0.1/x"}}).field, "config.url");
  EXPECT_EQ(config_error("pagerduty", {{"routing_key", "k"}, {"url", "http://169.254.169.254/"}}).field, "config.url");
}

TEST(ChannelConfig, refuses_headers_the_transport_or_cairn_owns) {
  for (const char* name : {"Host", "content-length", "Transfer-Encoding", "Connection", "Upgrade",
                           "Proxy-Authorization", "X-Cairn-Signature", "Idempotency-Key"}) {
    Error error = config_error("webhook", {{"url", "http://127.0.0.1/x"}, {"headers", {{name, "v"}}}});
    EXPECT_EQ(error.field, std::string("config.headers.") + name);
  }
  EXPECT_EQ(config_error("webhook", {{"url", "http://127.0.0.1/x"}, {"headers", {{"X-Bad Name", "v"}}}}).field,
            "config.headers.X-Bad Name");
  EXPECT_EQ(config_error("webhook", {{"url", "http://127.0.0.1/x"}, {"headers", {{"X-A", "v\r\nHost: evil"}}}}).field,
            "config.headers.X-A");
  EXPECT_EQ(config_error("webhook", {{"url", "http://127.0.0.1/x"}, {"headers", {{"X-A", 1}}}}).field,
            "config.headers.X-A");
}

TEST(EmailChannel, delivers_one_message_to_every_address_through_the_mailer) {
  fakes::CapturingMailer mailer;
  ChannelDeps deps;
  deps.mailer = &mailer;
  auto channel = make_channel("email", {{"to", {"ops@example.com", "oncall@example.com"}}}, deps);
  ASSERT_TRUE(channel.ok()) << channel.error().message;
  Notice notice;
  notice.status = "firing";
  notice.alerts.push_back(NoticeAlert{"a1", "firing", "warning", {{"alertname", "NoTraffic"}}, {}, 1, 0, 0, ""});
  Delivery delivery = (*channel)->deliver(notice);
  EXPECT_TRUE(delivery.delivered) << delivery.error;
  EXPECT_EQ(delivery.status_code, 250);
  ASSERT_EQ(mailer.sent.size(), 1u);
  EXPECT_EQ(mailer.sent[0].to, "ops@example.com, oncall@example.com");
  EXPECT_EQ(mailer.sent[0].subject, "[FIRING:1] NoTraffic");
  EXPECT_FALSE(mailer.sent[0].html.empty());
}

TEST(EmailChannel, without_a_mailer_fails_clearly_and_for_good) {
  auto channel = make_channel("email", {{"to", {"ops@example.com"}}}, ChannelDeps{});
  ASSERT_TRUE(channel.ok());
  Delivery delivery = (*channel)->deliver(Notice{});
  EXPECT_FALSE(delivery.delivered);
  EXPECT_FALSE(delivery.retryable);
  EXPECT_NE(delivery.error.find("smtp"), std::string::npos) << delivery.error;
}

}  // namespace
}  // namespace cairn::notify
