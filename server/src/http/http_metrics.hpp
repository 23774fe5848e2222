#pragma once

#include <array>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace cairn::http {

/// Request counters and latency histograms by route template, method and status, rendered in
/// Prometheus text format. Routes are templates, so label cardinality stays bounded.
class HttpMetrics {
 public:
  static constexpr std::array<double, 13> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,    0.25,  0.5,    1.0,   2.5,  10.0};

  void observe(std::string_view route, std::string_view method, int status, double seconds);
  void connection_opened();
  void connection_closed();
  /// A streamed response (SSE, chunked from a producer) began or ended.
  void stream_opened();
  void stream_closed();
  /// The text for all HTTP series (with HELP and TYPE lines).
  std::string render() const;

 private:
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> buckets{};
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;
  std::map<std::tuple<std::string, std::string>, Histogram> durations_;
  int64_t open_connections_ = 0;
  int64_t open_streams_ = 0;
};

}  // namespace cairn::http
