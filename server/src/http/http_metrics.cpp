#include "http/http_metrics.hpp"

#include <fmt/format.h>

namespace cairn::http {
namespace {

// Prometheus label values escape backslash, double quote and newline.
std::string label(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

void HttpMetrics::observe(std::string_view route, std::string_view method, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{std::string(route), std::string(method), status}];
  auto& h = durations_[{std::string(route), std::string(method)}];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += seconds;
}

void HttpMetrics::connection_opened() {
  std::lock_guard lock(mutex_);
  ++open_connections_;
}

void HttpMetrics::connection_closed() {
  std::lock_guard lock(mutex_);
  --open_connections_;
}

void HttpMetrics::stream_opened() {
  std::lock_guard lock(mutex_);
  ++open_streams_;
}

void HttpMetrics::stream_closed() {
  std::lock_guard lock(mutex_);
  --open_streams_;
}

std::string HttpMetrics::render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  out += "# HELP cairn_http_requests_total HTTP requests by route template, method and status.\n";
  out += "# TYPE cairn_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    const auto& [route, method, status] = key;
    out += fmt::format("cairn_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n", label(route),
                       method, status, count);
  }
  out += "# HELP cairn_http_request_duration_seconds Time from request read to response written.\n";
  out += "# TYPE cairn_http_request_duration_seconds histogram\n";
  for (const auto& [key, h] : durations_) {
    const auto& [route, method] = key;
    std::string labels = fmt::format("route=\"{}\",method=\"{}\"", label(route), method);
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      out += fmt::format("cairn_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n", labels, kBuckets[i],
                         h.buckets[i]);
    }
    out += fmt::format("cairn_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n", labels, h.count);
    out += fmt::format("cairn_http_request_duration_seconds_sum{{{}}} {}\n", labels, h.sum);
    out += fmt::format("cairn_http_request_duration_seconds_count{{{}}} {}\n", labels, h.count);
  }
  out += "# HELP cairn_http_open_connections Client connections currently open.\n";
  out += "# TYPE cairn_http_open_connections gauge\n";
  out += fmt::format("cairn_http_open_connections {}\n", open_connections_);
  out += "# HELP cairn_http_open_streams Responses being streamed from a producer (SSE, chunked).\n";
  out += "# TYPE cairn_http_open_streams gauge\n";
  out += fmt::format("cairn_http_open_streams {}\n", open_streams_);
  return out;
}

}  // namespace cairn::http
