#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.hpp"

typedef void CURL;

/// Signed HTTP requests to one bucket of an S3-compatible server, through libcurl's SigV4
/// (CURLOPT_AWS_SIGV4): what the S3 artifact store is built on. Thread-safe.
namespace cairn::artifacts {

/// Resolved settings (after the environment fallbacks of S3Options).
struct S3ClientConfig {
  std::string endpoint;  ///< scheme://host[:port], no trailing slash
  std::string region;
  std::string bucket;
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;
  bool path_style = true;
  long connect_timeout_seconds = 10;
  long stall_timeout_seconds = 60;
};

struct S3Request {
  std::string method = "GET";  ///< GET, HEAD, PUT, POST or DELETE
  std::string key;             ///< object key; "" for a request on the bucket itself
  /// Query parameters, unencoded; sent sorted and encoded (the canonical form SigV4 signs, which
  /// libcurl before 8.x does not compute itself). A parameter without value is {"uploads", ""}.
  std::vector<std::pair<std::string, std::string>> query;
  std::vector<std::string> headers;  ///< extra "Name: value" lines
  std::string_view body;             ///< bytes sent with PUT and POST
  /// Where a successful (2xx) response body goes; error bodies always go to S3Response::body.
  /// A body longer than `sink_limit` fails the request (a server that ignored our Range).
  std::string* sink = nullptr;
  std::size_t sink_limit = 0;
  /// Safe to send again after a network error or a 5xx (everything but creating an upload).
  bool idempotent = true;
};

struct S3Response {
  long status = 0;
  std::string body;  ///< the body, unless it went to the request's sink
  std::string etag;
  std::string content_range;
  int64_t content_length = -1;
};

class S3Client {
 public:
  explicit S3Client(S3ClientConfig config);
  ~S3Client();
  S3Client(const S3Client&) = delete;
  S3Client& operator=(const S3Client&) = delete;

  /// Sends the request (retrying idempotent ones on network errors and 5xx). Transport failures
  /// are ErrorCode::unavailable; any HTTP status comes back as a response, see error_for().
  Result<S3Response> perform(const S3Request& request);

  /// The error for a non-2xx response to `action` ("read", "upload", ...) on `key`. Never includes
  /// credentials, signatures or the server's echo of the signed request.
  Error error_for(const S3Response& response, std::string_view action, std::string_view key) const;

  const S3ClientConfig& config() const { return config_; }
  /// "s3://bucket at http://host:port (region r, path-style)".
  std::string describe() const;

 private:
  CURL* acquire_handle();
  void release_handle(CURL* handle);
  std::string url_for(const S3Request& request) const;
  Result<S3Response> perform_once(CURL* handle, const S3Request& request, const std::string& url);

  S3ClientConfig config_;
  std::string sigv4_;  // "aws:amz:<region>:s3"
  std::mutex mutex_;
  std::vector<CURL*> idle_;  // handles keep their connections open between requests
};

}  // namespace cairn::artifacts
