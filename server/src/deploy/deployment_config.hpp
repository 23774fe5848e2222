#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace cairn::deploy {

/// How a deployment runs: what a revision freezes beside the model version. Every field has a
/// default, so a deployment can be created with none (docs/adr/0003-deployments-and-serving.md).
struct DeploymentConfig {
  std::string runtime = "auto";       ///< auto | python | xgboost
  std::string env_manager = "local";  ///< local (the configured interpreter) | virtualenv (built with uv)
  int workers_min = 1;
  int workers_max = 2;
  int target_in_flight = 8;  ///< autoscaling: in-flight requests per worker before another starts
  int scale_down_delay_seconds = 300;
  int max_batch_size = 32;  ///< 1: no batching
  std::vector<int> preferred_batch_sizes;
  int max_queue_delay_ms = 5;
  int max_queue_size = 1024;  ///< requests waiting; beyond it 503 + Retry-After
  int timeout_ms = 30000;
  int max_rows = 10000;  ///< rows per request
  bool cache_enabled = false;
  int cache_ttl_seconds = 300;
  int cache_max_entries = 10000;
  double sampling_rate = 1.0;  ///< share of requests whose inputs and outputs are recorded
  /// Requests per second the deployment accepts from all callers together (0: no limit), with
  /// bursts of `rate_limit_burst`; shared by the replicas when Redis is configured.
  double rate_limit_per_second = 0;
  int rate_limit_burst = 0;  ///< 0: one second's worth
  std::map<std::string, std::string> env;
  std::map<std::string, std::string> secrets;  ///< never answered back
  std::string cpu;                             ///< Kubernetes quantity, e.g. "500m"
  std::string memory;                          ///< e.g. "1Gi"
};

/// `base` with the fields of `patch` (a partial DeploymentConfig as JSON) applied and checked: a
/// validation error names the field ("config.batching.max_batch_size"). A secret given as "***"
/// keeps its stored value, so that an answer can be edited and sent back.
Result<DeploymentConfig> apply_config_patch(const DeploymentConfig& base, const nlohmann::json& patch);
/// The configuration as the API shows it; secrets as "***" unless `with_secrets` (storage).
nlohmann::json config_to_json(const DeploymentConfig& config, bool with_secrets);
/// A stored configuration (written by config_to_json with secrets).
DeploymentConfig config_from_stored(const std::string& json_text);

/// The deployment's rate limit as a GCRA cell (limits::LimitStore::take), or nullopt for none.
struct RateCell {
  int64_t interval_us = 0;
  int64_t burst = 0;
};
std::optional<RateCell> rate_cell(const DeploymentConfig& config);

}  // namespace cairn::deploy
