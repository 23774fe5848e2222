#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

namespace cairn::modelserver {

/// The model server's Prometheus series (GET /metrics): predictions by protocol and status, their
/// latency, the requests in flight (the HorizontalPodAutoscaler's Pods metric,
/// deploy::kInFlightMetricName) and the workers. One pod serves one deployment, so the series
/// carry no deployment labels: Prometheus adds the pod's own.
class ModelServerMetrics {
 public:
  static constexpr std::array<double, 12> kLatencyBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                             0.1,   0.25,   0.5,   1.0,  2.5,   10.0};

  void started() { ++in_flight_; }
  /// A prediction request ended (`protocol`: "mlflow" or "v2") with `status` after `seconds`.
  void finished(const std::string& protocol, int status, double seconds);

  /// The text exposition; `workers` is RevisionPool::workers() (null before the model is loaded).
  std::string render(const nlohmann::json& workers) const;

 private:
  struct Latency {
    std::array<uint64_t, kLatencyBuckets.size()> buckets{};  ///< per bucket, summed when rendered
    uint64_t count = 0;
    double sum = 0;
  };
  std::atomic<int64_t> in_flight_{0};
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;  ///< (protocol, status) -> count
  std::map<std::string, Latency> latency_;                    ///< by protocol
};

}  // namespace cairn::modelserver
