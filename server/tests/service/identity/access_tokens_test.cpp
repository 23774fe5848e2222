#include "service/identity/access_tokens.hpp"

#include <gtest/gtest.h>

#include "common/crypto.hpp"

namespace cairn::service {
namespace {

class AccessTokensTest : public testing::Test {
 protected:
  void SetUp() override { crypto::init(); }
  AccessTokens tokens{std::string(40, 's')};
};

TEST_F(AccessTokensTest, issued_token_verifies_with_its_claims) {
  const int64_t now = 1'700'000'000'000;
  auto token = tokens.issue("user1", "session1", now);
  auto claims = tokens.verify(token, now + 1000);
  ASSERT_TRUE(claims.ok());
  EXPECT_EQ(claims->user_id, "user1");
  EXPECT_EQ(claims->session_id, "session1");
  EXPECT_EQ(claims->expires_at_ms, now + AccessTokens::kLifetimeSeconds * 1000);
}

TEST_F(AccessTokensTest, expired_token_is_rejected) {
  const int64_t now = 1'700'000'000'000;
  auto token = tokens.issue("user1", "session1", now);
  EXPECT_FALSE(tokens.verify(token, now + AccessTokens::kLifetimeSeconds * 1000 + 1).ok());
}

TEST_F(AccessTokensTest, token_signed_with_another_secret_is_rejected) {
  AccessTokens other(std::string(40, 'o'));
  auto token = other.issue("user1", "session1", 1'700'000'000'000);
  auto result = tokens.verify(token, 1'700'000'000'000);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::unauthenticated);
}

TEST_F(AccessTokensTest, unsigned_alg_none_token_is_rejected) {
  // {"alg":"none","typ":"JWT"} . {"sub":"user1","sid":"s","iss":"cairn","aud":"cairn-api","exp":9999999999} .
  const std::string header = crypto::base64url_encode(R"({"alg":"none","typ":"JWT"})");
  const std::string payload =
      crypto::base64url_encode(R"({"sub":"user1","sid":"s","iss":"cairn","aud":"cairn-api","exp":9999999999})");
  EXPECT_FALSE(tokens.verify(header + "." + payload + ".", 1'700'000'000'000).ok());
}

TEST_F(AccessTokensTest, tampered_payload_is_rejected) {
  auto token = tokens.issue("user1", "session1", 1'700'000'000'000);
  auto first_dot = token.find('.');
  auto second_dot = token.find('.', first_dot + 1);
  std::string forged_payload =
      crypto::base64url_encode(R"({"sub":"admin","sid":"session1","iss":"cairn","aud":"cairn-api","exp":9999999999})");
  std::string forged = token.substr(0, first_dot + 1) + forged_payload + token.substr(second_dot);
  EXPECT_FALSE(tokens.verify(forged, 1'700'000'000'000).ok());
}

TEST_F(AccessTokensTest, garbage_is_rejected_without_crashing) {
  for (const char* junk : {"", ".", "..", "a.b.c", "eyJ.eyJ.sig", "not a token at all"}) {
    EXPECT_FALSE(tokens.verify(junk, 1'700'000'000'000).ok()) << junk;
  }
}

}  // namespace
}  // namespace cairn::service
