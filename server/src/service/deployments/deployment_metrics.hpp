#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "serving/request_stats.hpp"

namespace cairn::service {

/// One running revision as /metrics shows it (a snapshot: rendering takes no lock).
struct RevisionMetrics {
  std::string deployment;
  std::string endpoint;
  int64_t revision = 0;
  serving::RequestStats::Totals totals;
  int64_t in_flight = 0;
  int ready_workers = 0;
  int other_workers = 0;
  int64_t restarts = 0;
  /// The deployment's shadow comparison, on the revision that serves while a shadow is set.
  struct Shadow {
    int64_t matches = 0;
    int64_t mismatches = 0;
    int64_t errors = 0;
  };
  std::optional<Shadow> shadow;
};

/// The cairn_deployment_* series in Prometheus's text format, labelled by deployment, endpoint and
/// revision: requests by status, latency, queue wait and batch size histograms, in-flight
/// requests, cache hits, shadow comparisons, workers by state and their restarts.
std::string render_deployment_metrics(const std::vector<RevisionMetrics>& revisions);

}  // namespace cairn::service
