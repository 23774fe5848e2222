#include "modelserver/cairn_client.hpp"

#include <curl/curl.h>

#include <cstdio>
#include <memory>
#include <mutex>

namespace cairn::modelserver {
namespace {

constexpr long kConnectTimeoutSeconds = 10;
/// A JSON answer is small; a model download may take long, but never stalls this long.
constexpr long kJsonTimeoutSeconds = 30;
constexpr long kStallSeconds = 60;

size_t append_body(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

size_t write_file(char* data, size_t size, size_t count, void* user) {
  return std::fwrite(data, size, count, static_cast<std::FILE*>(user)) * size;
}

/// Cairn's error message from an error body (native or MLflow shape), else the body's start.
std::string message_of(const std::string& body) {
  auto parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_object()) {
    if (parsed.contains("error") && parsed["error"].is_object()) return parsed["error"].value("message", "");
    if (parsed.contains("message") && parsed["message"].is_string()) return parsed["message"].get<std::string>();
  }
  return body.substr(0, 200);
}

Error status_error(long status, const std::string& method, const std::string& path, const std::string& body) {
  const std::string detail = " (" + message_of(body) + ")";
  const std::string call = method + " " + path;
  if (status == 401) return Error::unauthenticated("Cairn refused the token for " + call + detail);
  if (status == 403) return Error::forbidden("the token may not " + call + detail);
  if (status == 404) return {ErrorCode::not_found, "Cairn has no " + path + detail};
  // Another 4xx is a request Cairn will refuse again (too many requests excepted: try later).
  if (status >= 400 && status < 500 && status != 408 && status != 429)
    return Error::bad_request("Cairn refused " + call + detail);
  return Error::unavailable("Cairn answered " + std::to_string(status) + " to " + call + detail);
}

struct Handle {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl{curl_easy_init(), &curl_easy_cleanup};
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers{nullptr, &curl_slist_free_all};
};

/// A request to `url` with the bearer token (a GET unless the caller sets a body).
Handle make_request(const std::string& url, const std::string& token) {
  static std::once_flag initialised;
  // curl_global_init is not thread-safe in every libcurl build: once, before any handle exists.
  std::call_once(initialised, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  Handle h;
  CURL* c = h.curl.get();
  const std::string authorization = "Authorization: Bearer " + token;
  h.headers.reset(curl_slist_append(nullptr, authorization.c_str()));
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, h.headers.get());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, kConnectTimeoutSeconds);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, kStallSeconds);
  // Redirects would carry the token elsewhere; Cairn's API answers without them.
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  return h;
}

}  // namespace

CairnClient::CairnClient(std::string base_url) : base_url_(std::move(base_url)) {}

namespace {

/// What Cairn answered a JSON call: the status and the body, or why there was no answer.
struct Answer {
  long status = 0;
  std::string body;
};

Result<Answer> exchange(Handle& h, const std::string& base_url) {
  Answer answer;
  curl_easy_setopt(h.curl.get(), CURLOPT_WRITEFUNCTION, append_body);
  curl_easy_setopt(h.curl.get(), CURLOPT_WRITEDATA, &answer.body);
  curl_easy_setopt(h.curl.get(), CURLOPT_TIMEOUT, kJsonTimeoutSeconds);
  CURLcode code = curl_easy_perform(h.curl.get());
  if (code != CURLE_OK)
    return Error::unavailable("Cairn at " + base_url + " cannot be reached: " + curl_easy_strerror(code));
  curl_easy_getinfo(h.curl.get(), CURLINFO_RESPONSE_CODE, &answer.status);
  return answer;
}

}  // namespace

Result<nlohmann::json> CairnClient::get_json(const std::string& path, const std::string& token) const {
  Handle h = make_request(base_url_ + path, token);
  CAIRN_TRY_ASSIGN(auto answer, exchange(h, base_url_));
  if (answer.status != 200) return status_error(answer.status, "GET", path, answer.body);
  auto parsed = nlohmann::json::parse(answer.body, nullptr, false);
  if (parsed.is_discarded()) return Error::unavailable("Cairn answered GET " + path + " with a body that is not JSON");
  return parsed;
}

Status CairnClient::post_json(const std::string& path, const std::string& token, const nlohmann::json& payload) const {
  Handle h = make_request(base_url_ + path, token);
  const std::string sent = payload.dump();
  h.headers.reset(curl_slist_append(h.headers.release(), "Content-Type: application/json"));
  curl_easy_setopt(h.curl.get(), CURLOPT_HTTPHEADER, h.headers.get());
  curl_easy_setopt(h.curl.get(), CURLOPT_POSTFIELDS, sent.data());
  curl_easy_setopt(h.curl.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(sent.size()));
  CAIRN_TRY_ASSIGN(auto answer, exchange(h, base_url_));
  if (answer.status < 200 || answer.status > 299) return status_error(answer.status, "POST", path, answer.body);
  return {};
}

Status CairnClient::download(const std::string& path, const std::string& token, const std::string& destination) const {
  std::unique_ptr<std::FILE, decltype(&std::fclose)> file(std::fopen(destination.c_str(), "wb"), &std::fclose);
  if (!file) return Error::internal("cannot write " + destination);
  Handle h = make_request(base_url_ + path, token);
  curl_easy_setopt(h.curl.get(), CURLOPT_WRITEFUNCTION, write_file);
  curl_easy_setopt(h.curl.get(), CURLOPT_WRITEDATA, file.get());
  CURLcode code = curl_easy_perform(h.curl.get());
  if (code != CURLE_OK)
    return Error::unavailable("Cairn at " + base_url_ + " cannot be reached: " + curl_easy_strerror(code));
  long status = 0;
  curl_easy_getinfo(h.curl.get(), CURLINFO_RESPONSE_CODE, &status);
  if (status != 200) {
    // The error body went to the file: read it back for the message.
    file.reset();
    std::string body;
    if (std::FILE* in = std::fopen(destination.c_str(), "rb")) {
      char buffer[1024];
      body.assign(buffer, std::fread(buffer, 1, sizeof buffer, in));
      std::fclose(in);
    }
    return status_error(status, "GET", path, body);
  }
  if (std::fflush(file.get()) != 0) return Error::internal("cannot write " + destination);
  return {};
}

}  // namespace cairn::modelserver
