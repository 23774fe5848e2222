#include "service/tracking/upload_part_tokens.hpp"

#include "common/crypto.hpp"
#include "jwt/hs256_jwt.hpp"

namespace cairn::service {
namespace {

constexpr const char* kAudience = "cairn-upload-part";

}  // namespace

// Its own derived key: an access token can never pass for a part token, nor the other way round.
UploadPartTokens::UploadPartTokens(const std::string& server_secret)
    : key_(crypto::hmac_sha256(server_secret, "cairn upload part signing key v1")) {}

std::string UploadPartTokens::issue(const UploadPartGrant& grant, int64_t now_ms) const {
  return jwt::Hs256Jwt::sign(
      key_, {{"aud", kAudience}, {"key", grant.key}, {"upl", grant.upload_id}},
      {{"prt", grant.part_number}, {"exp", static_cast<long>(now_ms / 1000 + kLifetimeSeconds)}});
}

Result<UploadPartGrant> UploadPartTokens::verify(const std::string& token, int64_t now_ms) const {
  auto invalid = [] { return Error::unauthenticated("invalid or expired upload part token"); };
  if (token.empty() || token.size() > 8192) return invalid();
  auto claims = jwt::Hs256Jwt::verify(key_, token);
  if (!claims) return invalid();
  auto aud = claims->text("aud");
  auto key = claims->text("key");
  auto upload_id = claims->text("upl");
  auto part = claims->integer("prt");
  auto exp = claims->integer("exp");
  if (!aud || !key || !upload_id || !part || *aud != kAudience) return invalid();
  if (!exp || *exp * 1000LL <= now_ms) return invalid();
  return UploadPartGrant{*key, *upload_id, static_cast<int>(*part)};
}

}  // namespace cairn::service
