#include "service/access_tokens.hpp"

#include <jwt.h>

#include <cerrno>
#include <cstdlib>
#include <memory>

#include "common/crypto.hpp"

namespace cairn::service {
namespace {

constexpr const char* kIssuer = "cairn";
constexpr const char* kAudience = "cairn-api";

struct JwtFree {
  void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtFree>;

}  // namespace

// A derived key keeps the server secret's other uses (future signatures) independent of tokens.
AccessTokens::AccessTokens(const std::string& server_secret)
    : key_(crypto::hmac_sha256(server_secret, "cairn access token signing key v1")) {}

std::string AccessTokens::issue(const std::string& user_id, const std::string& session_id, int64_t now_ms) const {
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) throw std::bad_alloc();
  JwtPtr jwt(raw);
  const long now = static_cast<long>(now_ms / 1000);
  jwt_add_grant(jwt.get(), "iss", kIssuer);
  jwt_add_grant(jwt.get(), "aud", kAudience);
  jwt_add_grant(jwt.get(), "sub", user_id.c_str());
  jwt_add_grant(jwt.get(), "sid", session_id.c_str());
  jwt_add_grant_int(jwt.get(), "iat", now);
  jwt_add_grant_int(jwt.get(), "exp", now + kLifetimeSeconds);
  jwt_set_alg(jwt.get(), JWT_ALG_HS256, reinterpret_cast<const unsigned char*>(key_.data()),
              static_cast<int>(key_.size()));
  char* encoded = jwt_encode_str(jwt.get());
  if (!encoded) throw std::bad_alloc();
  std::string out(encoded);
  std::free(encoded);
  return out;
}

Result<AccessClaims> AccessTokens::verify(const std::string& token, int64_t now_ms) const {
  auto invalid = [] { return Error::unauthenticated("invalid or expired access token"); };
  if (token.size() > 4096) return invalid();
  jwt_t* raw = nullptr;
  if (jwt_decode(&raw, token.c_str(), reinterpret_cast<const unsigned char*>(key_.data()),
                 static_cast<int>(key_.size())) != 0) {
    return invalid();
  }
  JwtPtr jwt(raw);
  // Pin the algorithm: never accept "none" or anything the token itself asks for.
  if (jwt_get_alg(jwt.get()) != JWT_ALG_HS256) return invalid();
  const char* iss = jwt_get_grant(jwt.get(), "iss");
  const char* aud = jwt_get_grant(jwt.get(), "aud");
  const char* sub = jwt_get_grant(jwt.get(), "sub");
  const char* sid = jwt_get_grant(jwt.get(), "sid");
  if (!iss || !aud || !sub || !sid || std::string_view(iss) != kIssuer || std::string_view(aud) != kAudience) {
    return invalid();
  }
  errno = 0;
  long exp = jwt_get_grant_int(jwt.get(), "exp");
  if (errno != 0 || exp * 1000LL <= now_ms) return invalid();
  return AccessClaims{sub, sid, exp * 1000LL};
}

}  // namespace cairn::service
