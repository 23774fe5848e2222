#include "modelserver/model_server_metrics.hpp"

#include <fmt/format.h>

#include "deploy/kubernetes/kubernetes_deployment.hpp"

namespace cairn::modelserver {

void ModelServerMetrics::finished(const std::string& protocol, int status, double seconds) {
  --in_flight_;
  std::lock_guard lock(mutex_);
  ++requests_[{protocol, status}];
  Latency& l = latency_[protocol];
  for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    if (seconds <= kLatencyBuckets[i]) {
      ++l.buckets[i];
      break;
    }
  }
  ++l.count;
  l.sum += seconds;
}

std::string ModelServerMetrics::render(const nlohmann::json& workers) const {
  std::string out;
  out += "# HELP cairn_model_server_requests_total Prediction requests answered, by protocol and HTTP status.\n";
  out += "# TYPE cairn_model_server_requests_total counter\n";
  std::lock_guard lock(mutex_);
  for (const auto& [key, count] : requests_)
    out += fmt::format("cairn_model_server_requests_total{{protocol=\"{}\",status=\"{}\"}} {}\n", key.first, key.second,
                       count);
  out += "# HELP cairn_model_server_request_duration_seconds Time from a prediction request to its answer.\n";
  out += "# TYPE cairn_model_server_request_duration_seconds histogram\n";
  for (const auto& [protocol, l] : latency_) {
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
      cumulative += l.buckets[i];
      out += fmt::format("cairn_model_server_request_duration_seconds_bucket{{protocol=\"{}\",le=\"{}\"}} {}\n",
                         protocol, kLatencyBuckets[i], cumulative);
    }
    out += fmt::format("cairn_model_server_request_duration_seconds_bucket{{protocol=\"{}\",le=\"+Inf\"}} {}\n",
                       protocol, l.count);
    out += fmt::format("cairn_model_server_request_duration_seconds_sum{{protocol=\"{}\"}} {}\n", protocol, l.sum);
    out += fmt::format("cairn_model_server_request_duration_seconds_count{{protocol=\"{}\"}} {}\n", protocol, l.count);
  }
  out += fmt::format("# HELP {0} Prediction requests received and not yet answered.\n# TYPE {0} gauge\n{0} {1}\n",
                     deploy::kInFlightMetricName, in_flight_.load());

  int ready = 0;
  int starting = 0;
  int64_t restarts = 0;
  if (workers.is_array()) {
    for (const auto& w : workers) {
      const std::string state = w.value("state", "");
      ready += state == "ready";
      starting += state == "starting";
      restarts += w.value("restarts", int64_t{0});
    }
  }
  out += "# HELP cairn_model_server_workers Model workers by state.\n# TYPE cairn_model_server_workers gauge\n";
  out += fmt::format("cairn_model_server_workers{{state=\"ready\"}} {}\n", ready);
  out += fmt::format("cairn_model_server_workers{{state=\"starting\"}} {}\n", starting);
  out += "# HELP cairn_model_server_worker_restarts_total Times a model worker was started again after it exited.\n";
  out += fmt::format(
      "# TYPE cairn_model_server_worker_restarts_total counter\ncairn_model_server_worker_restarts_total {}\n",
      restarts);
  return out;
}

}  // namespace cairn::modelserver
