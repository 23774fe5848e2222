#include "service/identity/access_tokens.hpp"

#include "common/crypto.hpp"
#include "jwt/hs256_jwt.hpp"

namespace cairn::service {
namespace {

constexpr const char* kIssuer = "cairn";
constexpr const char* kAudience = "cairn-api";

}  // namespace

// A derived key keeps the server secret's other uses (future signatures) independent of tokens.
AccessTokens::AccessTokens(const std::string& server_secret)
    : key_(crypto::hmac_sha256(server_secret, "cairn access token signing key v1")) {}

std::string AccessTokens::issue(const std::string& user_id, const std::string& session_id, int64_t now_ms) const {
  const long now = static_cast<long>(now_ms / 1000);
  return jwt::Hs256Jwt::sign(key_, {{"iss", kIssuer}, {"aud", kAudience}, {"sub", user_id}, {"sid", session_id}},
                             {{"iat", now}, {"exp", now + kLifetimeSeconds}});
}

Result<AccessClaims> AccessTokens::verify(const std::string& token, int64_t now_ms) const {
  auto invalid = [] { return Error::unauthenticated("invalid or expired access token"); };
  if (token.size() > 4096) return invalid();
  auto claims = jwt::Hs256Jwt::verify(key_, token);
  if (!claims) return invalid();
  auto iss = claims->text("iss");
  auto aud = claims->text("aud");
  auto sub = claims->text("sub");
  auto sid = claims->text("sid");
  if (!iss || !aud || !sub || !sid || *iss != kIssuer || *aud != kAudience) return invalid();
  auto exp = claims->integer("exp");
  if (!exp || *exp * 1000LL <= now_ms) return invalid();
  return AccessClaims{*sub, *sid, *exp * 1000LL};
}

}  // namespace cairn::service
