#include "service/upload_part_tokens.hpp"

#include <jwt.h>

#include <cerrno>
#include <cstdlib>
#include <memory>

#include "common/crypto.hpp"

namespace cairn::service {
namespace {

constexpr const char* kAudience = "cairn-upload-part";

struct JwtFree {
  void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtFree>;

}  // namespace

// Its own derived key: an access token can never pass for a part token, nor the other way round.
UploadPartTokens::UploadPartTokens(const std::string& server_secret)
    : key_(crypto::hmac_sha256(server_secret, "cairn upload part signing key v1")) {}

std::string UploadPartTokens::issue(const UploadPartGrant& grant, int64_t now_ms) const {
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) throw std::bad_alloc();
  JwtPtr jwt(raw);
  jwt_add_grant(jwt.get(), "aud", kAudience);
  jwt_add_grant(jwt.get(), "key", grant.key.c_str());
  jwt_add_grant(jwt.get(), "upl", grant.upload_id.c_str());
  jwt_add_grant_int(jwt.get(), "prt", grant.part_number);
  jwt_add_grant_int(jwt.get(), "exp", static_cast<long>(now_ms / 1000 + kLifetimeSeconds));
  jwt_set_alg(jwt.get(), JWT_ALG_HS256, reinterpret_cast<const unsigned char*>(key_.data()),
              static_cast<int>(key_.size()));
  char* encoded = jwt_encode_str(jwt.get());
  if (!encoded) throw std::bad_alloc();
  std::string out(encoded);
  std::free(encoded);
  return out;
}

Result<UploadPartGrant> UploadPartTokens::verify(const std::string& token, int64_t now_ms) const {
  auto invalid = [] { return Error::unauthenticated("invalid or expired upload part token"); };
  if (token.empty() || token.size() > 8192) return invalid();
  jwt_t* raw = nullptr;
  if (jwt_decode(&raw, token.c_str(), reinterpret_cast<const unsigned char*>(key_.data()),
                 static_cast<int>(key_.size())) != 0) {
    return invalid();
  }
  JwtPtr jwt(raw);
  // Pin the algorithm: never accept "none" or anything the token itself asks for.
  if (jwt_get_alg(jwt.get()) != JWT_ALG_HS256) return invalid();
  const char* aud = jwt_get_grant(jwt.get(), "aud");
  const char* key = jwt_get_grant(jwt.get(), "key");
  const char* upload_id = jwt_get_grant(jwt.get(), "upl");
  if (!aud || !key || !upload_id || std::string_view(aud) != kAudience) return invalid();
  errno = 0;
  const long part = jwt_get_grant_int(jwt.get(), "prt");
  if (errno != 0) return invalid();
  const long exp = jwt_get_grant_int(jwt.get(), "exp");
  if (errno != 0 || exp * 1000LL <= now_ms) return invalid();
  return UploadPartGrant{key, upload_id, static_cast<int>(part)};
}

}  // namespace cairn::service
