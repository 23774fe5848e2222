#pragma once

#include <optional>
#include <string>

#include "service/alerting/routing.hpp"
#include "service/alerting/rule_spec.hpp"
#include "service/monitoring/monitor_service.hpp"
#include "storage/alerting/alert_store.hpp"

namespace cairn::service::alerting {

/// What a rule watches, found without a caller (the evaluation job and the rule preview): the
/// monitor and its deployment if any, or the experiment; and the labels every alert of the rule carries.
struct RuleTarget {
  std::optional<MonitorContext> monitor;
  std::optional<std::string> deployment_id;
  std::optional<std::string> experiment_id;
  /// alertname, severity, project, then monitor, deployment, environment or experiment, + the rule's own
  Labels labels;
};

/// nullopt when the monitor or experiment no longer exists in the rule's project.
Result<std::optional<RuleTarget>> find_target(storage::Connection& c, const std::string& project_id,
                                              const std::string& rule_name, const RuleSpec& spec);

/// What a rule cannot find, for its state and the API's 422: "monitor 'x' no longer exists".
std::string missing_target(const RuleSpec& spec);

/// A stable fingerprint of labels (sha256 of their canonical JSON, 16 hex characters).
std::string fingerprint(const Labels& labels);

}  // namespace cairn::service::alerting
