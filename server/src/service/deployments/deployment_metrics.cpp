#include "service/deployments/deployment_metrics.hpp"

#include <array>
#include <cstdio>

namespace cairn::service {
namespace {

using serving::RequestStats;

/// One family: its HELP and TYPE lines, then every revision's samples.
struct Family {
  std::string text;
  Family(const char* name, const char* type, const char* help) {
    text = std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
  }
};

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

void sample(Family& family, const std::string& name, const std::string& labels, const std::string& value) {
  family.text += name + "{" + labels + "} " + value + "\n";
}

/// A histogram from non-cumulative bins whose upper bounds `upper(i)` are in the series' unit;
/// `stride` bins merge into one bucket, so the series stay few.
template <std::size_t N, class Upper>
void histogram(Family& family, const std::string& name, const std::string& labels, const std::array<int64_t, N>& bins,
               int stride, Upper upper, double sum, int64_t count) {
  int64_t cumulative = 0;
  for (int i = 0; i < static_cast<int>(N); i += stride) {
    for (int k = i; k < i + stride && k < static_cast<int>(N); ++k) cumulative += bins[static_cast<std::size_t>(k)];
    const int last = std::min(i + stride - 1, static_cast<int>(N) - 1);
    if (last == static_cast<int>(N) - 1) break;  // the last bin is open-ended: +Inf below
    sample(family, name + "_bucket", labels + ",le=\"" + number(upper(last)) + "\"", std::to_string(cumulative));
  }
  sample(family, name + "_bucket", labels + ",le=\"+Inf\"", std::to_string(count));
  sample(family, name + "_sum", labels, number(sum));
  sample(family, name + "_count", labels, std::to_string(count));
}

}  // namespace

std::string render_deployment_metrics(const std::vector<RevisionMetrics>& revisions) {
  if (revisions.empty()) return "";
  Family requests("cairn_deployment_requests_total", "counter", "Inference requests by outcome.");
  Family latency("cairn_deployment_request_duration_seconds", "histogram", "Inference latency at the gateway.");
  Family queue_wait("cairn_deployment_queue_wait_seconds", "histogram",
                    "Time a request waited in the batching queue before a worker took its batch.");
  Family batch_size("cairn_deployment_batch_size", "histogram", "Rows per batch sent to a model worker.");
  Family in_flight("cairn_deployment_in_flight_requests", "gauge", "Requests accepted and not yet answered.");
  Family cache("cairn_deployment_cache_hits_total", "counter", "Answers served from the response cache.");
  Family shadow("cairn_deployment_shadow_requests_total", "counter",
                "Requests copied to a shadow revision, by how its answer compared with the served one.");
  Family workers("cairn_deployment_workers", "gauge", "Model workers by state.");
  Family restarts("cairn_deployment_worker_restarts_total", "counter", "Worker restarts.");
  const auto seconds = [](int i) { return RequestStats::bin_upper_ms(i) / 1000.0; };
  const auto rows = [](int i) { return static_cast<double>(RequestStats::batch_bin_upper(i)); };
  for (const auto& r : revisions) {
    const std::string labels = "deployment=\"" + r.deployment + "\",endpoint=\"" + r.endpoint + "\",revision=\"" +
                               std::to_string(r.revision) + "\"";
    const auto& t = r.totals;
    sample(requests, "cairn_deployment_requests_total", labels + ",status=\"ok\"",
           std::to_string(t.requests - t.errors));
    sample(requests, "cairn_deployment_requests_total", labels + ",status=\"error\"", std::to_string(t.errors));
    histogram(latency, "cairn_deployment_request_duration_seconds", labels, t.latency_bins, 8, seconds,
              t.latency_sum_ms / 1000.0, t.requests);
    histogram(queue_wait, "cairn_deployment_queue_wait_seconds", labels, t.queue_wait_bins, 8, seconds,
              t.queue_wait_sum_ms / 1000.0, t.queue_waits);
    histogram(batch_size, "cairn_deployment_batch_size", labels, t.batch_bins, 1, rows,
              static_cast<double>(t.batch_rows), t.batches);
    sample(in_flight, "cairn_deployment_in_flight_requests", labels, std::to_string(r.in_flight));
    sample(cache, "cairn_deployment_cache_hits_total", labels, std::to_string(t.cache_hits));
    if (r.shadow) {
      sample(shadow, "cairn_deployment_shadow_requests_total", labels + ",result=\"match\"",
             std::to_string(r.shadow->matches));
      sample(shadow, "cairn_deployment_shadow_requests_total", labels + ",result=\"mismatch\"",
             std::to_string(r.shadow->mismatches));
      sample(shadow, "cairn_deployment_shadow_requests_total", labels + ",result=\"error\"",
             std::to_string(r.shadow->errors));
    }
    sample(workers, "cairn_deployment_workers", labels + ",state=\"ready\"", std::to_string(r.ready_workers));
    sample(workers, "cairn_deployment_workers", labels + ",state=\"not_ready\"", std::to_string(r.other_workers));
    sample(restarts, "cairn_deployment_worker_restarts_total", labels, std::to_string(r.restarts));
  }
  std::string out;
  for (const Family* f :
       {&requests, &latency, &queue_wait, &batch_size, &in_flight, &cache, &shadow, &workers, &restarts})
    out += f->text;
  return out;
}

}  // namespace cairn::service
