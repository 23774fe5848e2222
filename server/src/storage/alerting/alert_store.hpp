#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

/// Alert rules, the alerts they raise and each alert's timeline (migration 0009).
namespace cairn::storage::alerting {

struct RuleRecord {
  std::string id;
  std::string org_id;
  std::string project_id;
  std::string name;
  std::string spec;  ///< JSON RuleSpec
  bool enabled = true;
  std::string created_by;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  int64_t next_eval_at = 0;
  int64_t last_eval_at = 0;
  double last_eval_ms = 0;
  std::optional<double> last_value;
  std::string health = "unknown";  ///< unknown | ok | no_data | error
  std::string last_error;
  int64_t last_action_at = 0;
};

Status insert_rule(Connection& c, const RuleRecord& r);
/// Name, spec, enabled, updated_at and next_eval_at.
Status update_rule(Connection& c, const RuleRecord& r);
Status delete_rule(Connection& c, const std::string& id);
/// By id or name within the project.
Result<std::optional<RuleRecord>> find_rule(Connection& c, const std::string& project_id, const std::string& ref);
Result<std::optional<RuleRecord>> rule_by_id(Connection& c, const std::string& id);
Result<std::vector<RuleRecord>> list_rules(Connection& c, const std::string& project_id);
/// Enabled rules of every project whose evaluation is due, oldest first.
Result<std::vector<RuleRecord>> due_rules(Connection& c, int64_t now, int limit);
/// After an evaluation: when it ran, how long it took, the value and the rule's health.
Status record_evaluation(Connection& c, const RuleRecord& r);
Status set_last_action(Connection& c, const std::string& rule_id, int64_t at);

struct AlertRecord {
  std::string id;
  std::string org_id;
  std::string project_id;
  std::string rule_id;
  std::string rule_name;  ///< read with the alert (joined)
  std::string fingerprint;
  std::string state;  ///< pending | firing | resolved
  std::string severity;
  std::string labels;       ///< JSON object
  std::string annotations;  ///< JSON object
  std::optional<double> value;
  int64_t active_since = 0;
  int64_t fired_at = 0;
  int64_t resolved_at = 0;
  int64_t last_true_at = 0;
  std::string acknowledged_by;
  int64_t acknowledged_at = 0;
  std::string ack_note;
  int64_t updated_at = 0;
};

Status insert_alert(Connection& c, const AlertRecord& a);
/// What the rule's evaluation changes (state, value, annotations, times), only if nobody changed the
/// alert since it was read (its updated_at is still `read_at`): an acknowledgement or a manual
/// resolve made meanwhile is never overwritten. False when it was.
Result<bool> update_alert(Connection& c, const AlertRecord& a, int64_t read_at);
/// Acknowledges an open, unacknowledged alert; false when it is not (any more).
Result<bool> acknowledge_alert(Connection& c, const std::string& id, const std::string& by, const std::string& note,
                               int64_t at);
/// Resolves an open alert now; false when it is not open (any more).
Result<bool> resolve_alert(Connection& c, const std::string& id, int64_t at);
Status delete_alert(Connection& c, const std::string& id);
/// The rule's pending or firing alert.
Result<std::optional<AlertRecord>> open_alert(Connection& c, const std::string& rule_id);
Result<std::optional<AlertRecord>> find_alert(Connection& c, const std::string& project_id, const std::string& id);

struct AlertFilter {
  std::vector<std::string> states;  ///< empty: any
  std::optional<std::string> severity;
  std::optional<std::string> rule_id;
  std::optional<std::string> label_name;  ///< with label_value: alerts whose labels hold it
  std::optional<std::string> label_value;
  int64_t from = 0;  ///< active_since in [from, to)
  int64_t to = INT64_MAX;
  int limit = 200;
};
/// Newest first.
Result<std::vector<AlertRecord>> list_alerts(Connection& c, const std::string& project_id, const AlertFilter& f);
/// Pending or firing alerts and those resolved since `resolved_since`, across projects (the dispatcher).
Result<std::vector<AlertRecord>> active_alerts(Connection& c, int64_t resolved_since);

struct AlertEvent {
  std::string id;
  std::string alert_id;
  int64_t at = 0;
  std::string kind;
  std::string actor;
  std::string detail = "{}";  ///< JSON object
};
Status add_event(Connection& c, const AlertEvent& e);
Result<std::vector<AlertEvent>> events_of(Connection& c, const std::string& alert_id);
/// Whether the alert has an event of `kind` whose detail equals `detail` (escalation levels done).
Result<bool> has_event(Connection& c, const std::string& alert_id, const std::string& kind, const std::string& detail);

}  // namespace cairn::storage::alerting
