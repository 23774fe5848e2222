#include "notify/http_post.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>

#include <chrono>
#include <memory>

namespace cairn::notify {
namespace {

constexpr std::size_t kKeptResponseBytes = 1024;
constexpr int kMaxConnectTimeoutMs = 5'000;

struct ResponseCapture {
  std::string kept;
  bool overflow = false;
};

// Keeps the first KiB and then stops the transfer: the status is already known, and a receiver
// must not make Cairn read (or wait for) an endless body.
size_t capture_response(char* data, size_t size, size_t count, void* user) {
  auto* capture = static_cast<ResponseCapture*>(user);
  std::size_t n = size * count;
  std::size_t room = kKeptResponseBytes - capture->kept.size();
  capture->kept.append(data, std::min(n, room));
  if (n > room) {
    capture->overflow = true;
    return 0;
  }
  return n;
}

bool is_address_literal(const std::string& host) {
  unsigned char buffer[16];
  return inet_pton(AF_INET, host.c_str(), buffer) == 1 || inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

struct CurlEasyDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct CurlListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

bool is_retryable_status(int status) {
  return status == 429 || (status >= 500 && status <= 599);
}

Delivery post_json(const JsonPost& post) {
  auto started = std::chrono::steady_clock::now();
  Delivery delivery;
  auto finish = [&]() -> Delivery {
    delivery.duration_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    return delivery;
  };
  const std::string& host = post.target.host;

  std::unique_ptr<CURL, CurlEasyDeleter> curl(curl_easy_init());
  if (!curl) {
    delivery.error = "cannot initialise libcurl";
    delivery.retryable = true;
    return finish();
  }
  std::unique_ptr<curl_slist, CurlListDeleter> headers;
  auto append_header = [&](const std::string& line) {
    headers.reset(curl_slist_append(headers.release(), line.c_str()));
  };
  append_header("Content-Type: application/json");
  append_header("User-Agent: Cairn");
  append_header("Expect:");  // no 100-continue round trip
  for (const auto& [name, value] : post.headers) append_header(name + ": " + value);

  // Pin the connection to the address the guard checked (a DNS answer that changed since cannot
  // redirect it); an address literal in the URL needs no pin.
  std::unique_ptr<curl_slist, CurlListDeleter> resolve;
  if (!post.target.address.empty() && !is_address_literal(host)) {
    std::string address =
        post.target.address.find(':') != std::string::npos ? "[" + post.target.address + "]" : post.target.address;
    std::string entry = host + ":" + std::to_string(post.target.port) + ":" + address;
    resolve.reset(curl_slist_append(nullptr, entry.c_str()));
  }

  ResponseCapture capture;
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, post.url.c_str());
  if (resolve) curl_easy_setopt(h, CURLOPT_RESOLVE, resolve.get());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_PROXY, "");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, post.body.data());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post.body.size()));
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, capture_response);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &capture);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(post.timeout_ms));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::min(post.timeout_ms, kMaxConnectTimeoutMs)));
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);

  CURLcode rc = curl_easy_perform(h);
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  delivery.response = std::move(capture.kept);
  if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && capture.overflow)) {
    delivery.status_code = static_cast<int>(status);
    delivery.error = "cannot deliver to " + host + ": " + curl_easy_strerror(rc);
    delivery.retryable = true;
    return finish();
  }
  delivery.status_code = static_cast<int>(status);
  if (status >= 200 && status <= 299) {
    delivery.delivered = true;
    return finish();
  }
  delivery.retryable = is_retryable_status(delivery.status_code);
  delivery.error = host + " answered HTTP " + std::to_string(status);
  if (status >= 300 && status <= 399) delivery.error += " (redirects are not followed)";
  return finish();
}

}  // namespace cairn::notify
