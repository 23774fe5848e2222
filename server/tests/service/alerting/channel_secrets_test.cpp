#include "service/alerting/channel_secrets.hpp"

#include <gtest/gtest.h>

namespace cairn::service::alerting::channel_secrets {
namespace {

using nlohmann::json;

const json kWebhook = {{"url", "https://user:pw@hooks.example.com:8443/alerts?token=T0KEN"},
                       {"hmac_secret", "s3cret"},
                       {"headers", {{"Authorization", "Bearer abc"}}}};

TEST(ChannelSecrets, a_webhooks_url_secret_and_header_values_are_sealed_masked_and_opened) {
  SecretBox box("a server secret of some length");
  const json stored = sealed("webhook", kWebhook, box);
  EXPECT_EQ(stored.dump().find("T0KEN"), std::string::npos);
  EXPECT_EQ(stored.dump().find("Bearer"), std::string::npos);
  EXPECT_EQ(masked("webhook", stored),
            (json{{"url", kMasked}, {"hmac_secret", kMasked}, {"headers", {{"Authorization", kMasked}}}}));
  auto opened_back = opened("webhook", "hook", stored, box);
  ASSERT_TRUE(opened_back.ok()) << opened_back.error().message;
  EXPECT_EQ(*opened_back, kWebhook);
  EXPECT_EQ(destination("webhook", *opened_back), "hooks.example.com:8443") << "no userinfo, path or query";

  SecretBox other("another server secret entirely");
  auto wrong_key = opened("webhook", "hook", stored, other);
  ASSERT_FALSE(wrong_key.ok());
  EXPECT_NE(wrong_key.error().message.find("secret key"), std::string::npos);
}

TEST(ChannelSecrets, masks_sent_back_keep_the_current_values_and_plain_legacy_values_open_as_they_are) {
  json incoming = {{"url", kMasked}, {"headers", {{"Authorization", kMasked}, {"X-New", "1"}}}};
  json kept = keep_unchanged("webhook", incoming, kWebhook);
  EXPECT_EQ(kept["url"], kWebhook["url"]);
  EXPECT_EQ(kept["hmac_secret"], "s3cret") << "left out: kept";
  EXPECT_EQ(kept["headers"], (json{{"Authorization", "Bearer abc"}, {"X-New", "1"}}));

  // A webhook stored before its URL was sealed still delivers.
  SecretBox box("a server secret of some length");
  auto legacy = opened("webhook", "hook", json{{"url", "https://hooks.example.com/x"}}, box);
  ASSERT_TRUE(legacy.ok());
  EXPECT_EQ((*legacy)["url"], "https://hooks.example.com/x");
  EXPECT_EQ(destination("email", json{{"to", {"a@x.io", "b@x.io"}}}), "a@x.io, b@x.io");
}

}  // namespace
}  // namespace cairn::service::alerting::channel_secrets
