#pragma once

#include <cstdint>
#include <string>

#include "common/result.hpp"

namespace cairn::service {

struct AccessClaims {
  std::string user_id;
  std::string session_id;
  int64_t expires_at_ms = 0;
};

/// Short-lived JWT access tokens (HS256, libjwt), signed with a key derived from the server secret.
class AccessTokens {
 public:
  static constexpr int64_t kLifetimeSeconds = 15 * 60;

  explicit AccessTokens(const std::string& server_secret);
  std::string issue(const std::string& user_id, const std::string& session_id, int64_t now_ms) const;
  /// ErrorCode::unauthenticated for a bad signature, another algorithm, a malformed token or expiry.
  Result<AccessClaims> verify(const std::string& token, int64_t now_ms) const;

 private:
  std::string key_;
};

}  // namespace cairn::service
