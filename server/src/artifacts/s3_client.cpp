#include "artifacts/s3_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "artifacts/s3_xml.hpp"
#include "common/crypto.hpp"
#include "common/text.hpp"

namespace cairn::artifacts {
namespace {

constexpr int kMaxAttempts = 3;
// Bodies Cairn keeps in memory: error documents and listings (1,000 keys of up to 1 KiB each).
constexpr std::size_t kMaxResponseBody = 8 * 1024 * 1024;
constexpr std::size_t kMaxIdleHandles = 16;

struct Transfer {
  const S3Request* request;
  S3Response* response;
  std::size_t upload_offset = 0;
  bool to_sink = false;
  bool overflow = false;
};

bool starts_with_nocase(std::string_view line, std::string_view name) {
  if (line.size() < name.size()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) return false;
  }
  return true;
}

std::string header_value(std::string_view line, std::size_t name_length) {
  std::string_view value = line.substr(name_length);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
    value.remove_suffix(1);
  return std::string(value);
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  S3Response& response = *transfer->response;
  if (line.rfind("HTTP/", 0) == 0) {
    // A new header block (after "100 Continue"): only the last one describes the response.
    response.etag.clear();
    response.content_range.clear();
    response.content_length = -1;
    // Where the body goes depends on the status: only a success goes to the caller's sink.
    std::size_t space = line.find(' ');
    long status = space == std::string_view::npos ? 0 : std::atol(std::string(line.substr(space + 1, 3)).c_str());
    transfer->to_sink = transfer->request->sink != nullptr && status >= 200 && status < 300;
  } else if (starts_with_nocase(line, "etag:")) {
    response.etag = header_value(line, 5);
  } else if (starts_with_nocase(line, "content-range:")) {
    response.content_range = header_value(line, 14);
  } else if (starts_with_nocase(line, "content-length:")) {
    response.content_length = std::atoll(header_value(line, 15).c_str());
  }
  return size * count;
}

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::size_t n = size * count;
  std::string& out = transfer->to_sink ? *transfer->request->sink : transfer->response->body;
  std::size_t limit = transfer->to_sink ? transfer->request->sink_limit : kMaxResponseBody;
  if (out.size() + n > limit) {
    transfer->overflow = true;
    return 0;  // aborts the transfer: memory stays bounded whatever the server sends
  }
  out.append(data, n);
  return n;
}

size_t on_upload(char* buffer, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::string_view body = transfer->request->body;
  std::size_t n = std::min(size * count, body.size() - transfer->upload_offset);
  std::memcpy(buffer, body.data() + transfer->upload_offset, n);
  transfer->upload_offset += n;
  return n;
}

bool is_transient(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
      return true;
    default:
      return false;
  }
}

bool is_transient_status(long status) {
  return status == 500 || status == 502 || status == 503 || status == 504;
}

}  // namespace

S3Client::S3Client(S3ClientConfig config) : config_(std::move(config)), sigv4_("aws:amz:" + config_.region + ":s3") {}

S3Client::~S3Client() {
  for (CURL* handle : idle_) curl_easy_cleanup(handle);
}

CURL* S3Client::acquire_handle() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      CURL* handle = idle_.back();
      idle_.pop_back();
      return handle;
    }
  }
  return curl_easy_init();
}

void S3Client::release_handle(CURL* handle) {
  {
    std::lock_guard lock(mutex_);
    if (idle_.size() < kMaxIdleHandles) {
      idle_.push_back(handle);
      return;
    }
  }
  curl_easy_cleanup(handle);
}

std::string S3Client::url_for(const S3Request& request) const {
  // Built by appending: g++ 12 warns falsely (-Wrestrict) about chains of std::string operator+.
  std::string url;
  if (config_.path_style) {
    url.append(config_.endpoint).append("/").append(uri_encode(config_.bucket, false));
    if (!request.key.empty()) url.append("/").append(uri_encode(request.key, true));
  } else {
    auto scheme_end = config_.endpoint.find("://") + 3;
    url.append(config_.endpoint, 0, scheme_end).append(config_.bucket).append(".");
    url.append(config_.endpoint, scheme_end).append("/").append(uri_encode(request.key, true));
  }
  if (!request.query.empty()) {
    std::vector<std::pair<std::string, std::string>> query;
    for (const auto& [name, value] : request.query)
      query.emplace_back(uri_encode(name, false), uri_encode(value, false));
    std::sort(query.begin(), query.end());
    char separator = '?';
    for (const auto& [name, value] : query) {
      url.push_back(separator);
      url += name + "=" + value;
      separator = '&';
    }
  }
  return url;
}

Result<S3Response> S3Client::perform(const S3Request& request) {
  std::string url = url_for(request);
  CURL* handle = acquire_handle();
  if (!handle) return Error::unavailable("cannot initialise libcurl");
  Result<S3Response> result = Error::internal("no attempt made");
  for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
    if (attempt > 1) std::this_thread::sleep_for(std::chrono::milliseconds(200 * (attempt - 1) * (attempt - 1)));
    if (request.sink) request.sink->clear();
    result = perform_once(handle, request, url);
    if (!request.idempotent || attempt == kMaxAttempts) break;
    if (result.ok() && !is_transient_status(result->status)) break;
    if (!result.ok() && result.error().code != ErrorCode::unavailable) break;
  }
  release_handle(handle);
  return result;
}

Result<S3Response> S3Client::perform_once(CURL* handle, const S3Request& request, const std::string& url) {
  S3Response response;
  Transfer transfer{&request, &response};
  curl_easy_reset(handle);  // keeps the connection cache: only the options go
  char error_buffer[CURL_ERROR_SIZE] = {0};

  curl_slist* headers = nullptr;
  // The payload hash is signed (SigV4 for S3 covers x-amz-* headers), so the server rejects a
  // body altered in transit; libsodium computes it at several hundred MB/s.
  std::string content_sha = "x-amz-content-sha256: " + crypto::sha256_hex(request.body);
  headers = curl_slist_append(headers, content_sha.c_str());
  std::string token_header;
  if (!config_.session_token.empty()) {
    token_header = "x-amz-security-token: " + config_.session_token;
    headers = curl_slist_append(headers, token_header.c_str());
  }
  // No "Expect:" override to skip the 100-continue round trip: libcurl 7.88 signs the emptied
  // header without sending it, and every upload then fails with SignatureDoesNotMatch.
  for (const auto& header : request.headers) headers = curl_slist_append(headers, header.c_str());

  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, config_.connect_timeout_seconds);
  curl_easy_setopt(handle, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(handle, CURLOPT_LOW_SPEED_TIME, config_.stall_timeout_seconds);
  curl_easy_setopt(handle, CURLOPT_AWS_SIGV4, sigv4_.c_str());
  curl_easy_setopt(handle, CURLOPT_USERNAME, config_.access_key_id.c_str());
  curl_easy_setopt(handle, CURLOPT_PASSWORD, config_.secret_access_key.c_str());
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &transfer);
  if (request.method == "HEAD") {
    curl_easy_setopt(handle, CURLOPT_NOBODY, 1L);
  } else if (request.method == "PUT") {
    curl_easy_setopt(handle, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(handle, CURLOPT_READFUNCTION, on_upload);
    curl_easy_setopt(handle, CURLOPT_READDATA, &transfer);
    curl_easy_setopt(handle, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  } else if (request.method == "POST") {
    curl_easy_setopt(handle, CURLOPT_POST, 1L);
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  } else if (request.method != "GET") {
    curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }

  CURLcode code = curl_easy_perform(handle);
  curl_slist_free_all(headers);
  if (transfer.overflow) {
    return Error::unavailable("the S3 server sent a larger response than asked for (" + request.method + " " +
                              request.key + ")");
  }
  if (code != CURLE_OK) {
    std::string detail = error_buffer[0] ? error_buffer : curl_easy_strerror(code);
    if (!detail.empty() && detail.back() == '\n') detail.pop_back();
    Error error = Error::unavailable("S3 endpoint " + config_.endpoint + " unreachable: " + detail);
    // A local mistake (bad option, unsupported protocol) will not get better by retrying.
    if (!is_transient(code) && code != CURLE_WRITE_ERROR && code != CURLE_READ_ERROR) error.code = ErrorCode::internal;
    return error;
  }
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

Error S3Client::error_for(const S3Response& response, std::string_view action, std::string_view key) const {
  // Only the error Code is kept from the body: SignatureDoesNotMatch documents echo the string
  // to sign and the access key id, which do not belong in logs or API answers.
  std::string code = xml::text(response.body, "Code").value_or("");
  std::string where = "s3://" + config_.bucket + "/" + std::string(key);
  std::string status = "HTTP " + std::to_string(response.status) + (code.empty() ? "" : " " + code);
  switch (response.status) {
    case 404:
      if (code == "NoSuchBucket") return Error::unavailable("S3 bucket '" + config_.bucket + "' does not exist");
      return Error::not_found("artifact '" + std::string(key) + "'");
    case 401:
    case 403:
      return Error::unavailable("S3 refused to " + std::string(action) + " " + where + " (" + status +
                                "): check the access key, the secret key, the region and the bucket policy");
    case 301:
    case 307:
      return Error::unavailable("S3 bucket '" + config_.bucket + "' answered " + status +
                                ": it is probably in another region than " + config_.region + " (set AWS_REGION)");
    case 409:
      return Error::conflict("cannot " + std::string(action) + " " + where + " (" + status + ")");
    case 412:
      return Error::conflict("artifact '" + std::string(key) + "' changed while it was being read");
    default:
      break;
  }
  if (code == "KeyTooLongError") {
    return Error::bad_request("artifact path is too long for the S3 store", "path");
  }
  if (response.status >= 500) {
    return Error::unavailable("S3 could not " + std::string(action) + " " + where + " (" + status + ")");
  }
  return Error::internal("S3 could not " + std::string(action) + " " + where + " (" + status + ")");
}

std::string S3Client::describe() const {
  return "s3://" + config_.bucket + " at " + config_.endpoint + " (region " + config_.region + ", " +
         (config_.path_style ? "path-style" : "virtual-hosted") + " URLs)";
}

}  // namespace cairn::artifacts
