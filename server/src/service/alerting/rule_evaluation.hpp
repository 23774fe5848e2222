#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "service/alerting/alert_target.hpp"
#include "service/alerting/rule_spec.hpp"
#include "service/monitoring/monitor_service.hpp"

/// One evaluation of a rule: its series' value now, whether the condition holds, and what that
/// does to the rule's open alert (Prometheus' pending → firing → resolved, with for and
/// keep_firing_for).
namespace cairn::service::alerting {

/// The rule's alert that has not resolved yet.
struct OpenAlert {
  std::string state;  ///< "pending" | "firing"
  int64_t active_since = 0;
  int64_t last_true_at = 0;
};

enum class Next {
  none,      ///< nothing open and nothing to open, or an open alert stays as it is
  pending,   ///< opens a pending alert
  firing,    ///< opens a firing alert (for = 0) or a pending one starts firing
  resolved,  ///< a firing alert resolves
  dropped,   ///< a pending alert whose condition cleared is forgotten
};

Next next_state(const std::optional<OpenAlert>& open, bool active, int64_t now_ms, const RuleSpec& spec);

/// Whether the condition holds; nullopt when the series has no value to judge (no traffic for a
/// latency, no labels for accuracy). `earlier` is the value `offset_seconds` back, for changes.
std::optional<bool> condition_met(const Condition& c, std::optional<double> now, std::optional<double> earlier);

/// For a change: the difference the condition compares (in percent of `earlier` when relative).
std::optional<double> change_of(const Condition& c, std::optional<double> now, std::optional<double> earlier);

/// The series' value over [to - window, to) from the monitor's statistics, stored series or
/// labelled records, the deployment's worker exits, or the experiment's runs; nullopt when there is
/// nothing to compute it from.
Result<std::optional<double>> series_value(storage::Connection& c, const RuleTarget& t, const RuleSpec& spec,
                                           int64_t to);

/// A rule's series read at `to`, as the evaluation job and the rule preview both judge it.
struct Reading {
  std::optional<double> value;
  std::optional<double> earlier;   ///< `offset_seconds` back, for a change
  std::optional<double> compared;  ///< what the condition compared: the change, else the value
  std::optional<bool> met;         ///< nullopt: nothing to judge (see condition_met)
};
Result<Reading> read_rule(storage::Connection& c, const RuleTarget& t, const RuleSpec& spec, int64_t to);

}  // namespace cairn::service::alerting
