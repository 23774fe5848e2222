#include "common/secret_box.hpp"

#include <gtest/gtest.h>

namespace cairn {
namespace {

TEST(SecretBox, round_trips_a_secret) {
  SecretBox box("server-secret-key");
  std::string sealed = box.seal("https://hooks.slack.com/services/T000/B000/XXXX");
  EXPECT_EQ(sealed.rfind("v1:", 0), 0u);
  EXPECT_EQ(sealed.find("hooks.slack.com"), std::string::npos);
  auto opened = box.open(sealed);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(*opened, "https://hooks.slack.com/services/T000/B000/XXXX");
}

TEST(SecretBox, round_trips_an_empty_value) {
  SecretBox box("k");
  auto opened = box.open(box.seal(""));
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, "");
}

TEST(SecretBox, each_seal_uses_a_fresh_nonce) {
  SecretBox box("server-secret-key");
  EXPECT_NE(box.seal("same"), box.seal("same"));
}

TEST(SecretBox, rejects_an_altered_value) {
  SecretBox box("server-secret-key");
  std::string sealed = box.seal("routing-key-0123456789");
  // Flip one character of the base64 ciphertext, away from the padding.
  std::size_t at = sealed.size() / 2;
  sealed[at] = sealed[at] == 'A' ? 'B' : 'A';
  auto opened = box.open(sealed);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::internal);
}

TEST(SecretBox, rejects_a_value_sealed_with_another_key) {
  SecretBox one("first-secret");
  SecretBox other("second-secret");
  auto opened = other.open(one.seal("hmac-secret"));
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::internal);
}

TEST(SecretBox, rejects_malformed_text_without_throwing) {
  SecretBox box("server-secret-key");
  for (std::string_view text : {"", "plain text", "v2:AAAA", "v1:", "v1:not base64!", "v1:AAAA"}) {
    auto opened = box.open(text);
    ASSERT_FALSE(opened.ok()) << text;
    EXPECT_EQ(opened.error().code, ErrorCode::validation_failed) << text;
  }
}

}  // namespace
}  // namespace cairn
