#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace cairn::modelserver {

/// The model server's calls to the Cairn server, over HTTP (libcurl) with a bearer token. Each call
/// blocks; the server makes them off its I/O threads. Errors by what the caller can do about them:
/// unavailable (Cairn unreachable, timed out or answering 5xx: try again later); unauthenticated
/// (401), forbidden (403), not_found (404): retrying will not help. Messages carry Cairn's own
/// error message; never the token.
class CairnClient {
 public:
  explicit CairnClient(std::string base_url);

  /// GET `path` (already percent-encoded, starting with '/') as the holder of `token`.
  Result<nlohmann::json> get_json(const std::string& path, const std::string& token) const;
  /// POST `payload` as JSON to `path`; ok on any 2xx.
  Status post_json(const std::string& path, const std::string& token, const nlohmann::json& payload) const;
  /// GET `path` into the file `destination` (replaced).
  Status download(const std::string& path, const std::string& token, const std::string& destination) const;

 private:
  std::string base_url_;
};

}  // namespace cairn::modelserver
