#pragma once

#include <cstdint>
#include <string>

#include "common/result.hpp"

namespace cairn::service {

/// What a part token lets its bearer do: send one part of one multipart upload of one store key.
struct UploadPartGrant {
  std::string key;        ///< the store key the upload publishes
  std::string upload_id;  ///< the store's id of the upload
  int part_number = 0;
};

/// Signed, expiring grants for the parts of a client-driven multipart upload. MLflow's client sends
/// parts to the URLs the server handed out, with the headers it handed out and nothing else (no API
/// key), so each part request carries one of these (a JWT, HS256 by libjwt, with a key derived from
/// the server secret) and needs no store credentials.
class UploadPartTokens {
 public:
  static constexpr int64_t kLifetimeSeconds = 6 * 3600;

  explicit UploadPartTokens(const std::string& server_secret);
  std::string issue(const UploadPartGrant& grant, int64_t now_ms) const;
  /// ErrorCode::unauthenticated for a bad signature, another algorithm, a malformed token or expiry.
  Result<UploadPartGrant> verify(const std::string& token, int64_t now_ms) const;

 private:
  std::string key_;
};

}  // namespace cairn::service
