#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "common/result.hpp"

namespace cairn::service::alerting {

/// How a rule's value becomes a yes/no: a threshold, a change against an earlier window, or the
/// absence of traffic (Prometheus' `absent`, Grafana's "no data" as a condition).
struct Condition {
  enum class Kind { threshold, change, absence };
  Kind kind = Kind::threshold;
  std::string op = ">";  ///< > >= < <= == !=
  double value = 0;
  bool relative = false;       ///< change: in percent of the earlier value
  int64_t offset_seconds = 0;  ///< change: how far back the earlier window ends
};

/// What a rule watches and when it fires. Parsed from the API's JSON and stored as it.
struct RuleSpec {
  std::string severity = "warning";  ///< critical | warning | info
  /// What the rule watches: a monitor (a deployment's is named after it) or, for training, an
  /// experiment (by name). Exactly one is set.
  std::string monitor;
  std::string experiment;
  /// On a monitor: latency_p50_ms | latency_p90_ms | latency_p95_ms | latency_p99_ms | error_rate |
  /// request_rate | requests | errors | worker_restarts | drift_share | dataset_drift | drifted_features |
  /// drift_score:<feature> | drifted:<feature> | missing_share:<feature> | accuracy | precision | recall | f1 |
  /// roc_auc | log_loss | mae | rmse | r2. On an experiment: metric:<key>.
  std::string series;
  /// metric:<key> across the runs that logged it in the window: each run's latest value, then the
  /// last one logged, or their min, max or mean.
  std::string aggregate = "last";
  int64_t window_seconds = 300;  ///< the range the value is computed over, ending now
  Condition condition;
  int64_t interval_seconds = 60;
  int64_t for_seconds = 0;          ///< pending this long before firing
  int64_t keep_firing_seconds = 0;  ///< firing this long after the condition clears
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;  ///< summary, description, runbook_url (templates)
  bool rollback = false;                           ///< roll the deployment back to its previous revision on firing
  int64_t rollback_cooldown_seconds = 3600;
};

/// Validates the API's JSON (422 naming the field). `base` fills what a PATCH leaves out.
Result<RuleSpec> parse_rule_spec(const nlohmann::json& body, const RuleSpec* base = nullptr);
nlohmann::json to_json(const RuleSpec& spec);

/// Whether `value` meets the threshold `op` `threshold`.
bool compare(double value, const std::string& op, double threshold);

/// The series whose value comes from the monitor's service statistics (latency, errors, traffic).
bool is_service_series(const std::string& series);
/// The series the drift evaluation stores (drift_share, drift_score:<feature>, ...).
bool is_stored_series(const std::string& series);
/// The series computed from labelled records (accuracy, mae, ...).
bool is_performance_series(const std::string& series);
/// worker_restarts: the deployment's worker exits in the window, from its event list.
bool is_restart_series(const std::string& series);
/// metric:<key>: a tracking metric of an experiment's runs.
bool is_tracking_series(const std::string& series);
/// The key of a metric:<key> series.
std::string tracking_metric_key(const std::string& series);

/// Renders an annotation template: `{{ $value }}`, `{{ $labels.<name> }}` (and Prometheus'
/// `{{ .Value }}`, `{{ .Labels.<name> }}`) are replaced; nothing else is evaluated.
std::string render_template(const std::string& text, double value, const std::map<std::string, std::string>& labels);
/// 422 naming `field` when a template uses anything but the placeholders above.
Status check_template(const std::string& text, const std::string& field);

/// The one-click templates of the rule editor: name, description and a rule body to start from.
nlohmann::json rule_templates();

}  // namespace cairn::service::alerting
