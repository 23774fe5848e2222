#include "service/alerting/rule_evaluation.hpp"

#include <algorithm>
#include <cmath>

#include "service/monitoring/monitor_reports.hpp"
#include "storage/monitoring/monitor_store.hpp"

namespace cairn::service::alerting {

Next next_state(const std::optional<OpenAlert>& open, bool active, int64_t now, const RuleSpec& spec) {
  if (!open) {
    if (!active) return Next::none;
    return spec.for_seconds == 0 ? Next::firing : Next::pending;
  }
  if (open->state == "pending") {
    if (!active) return Next::dropped;
    return now - open->active_since >= spec.for_seconds * 1000 ? Next::firing : Next::none;
  }
  if (active) return Next::none;
  return now - open->last_true_at >= spec.keep_firing_seconds * 1000 ? Next::resolved : Next::none;
}

std::optional<double> change_of(const Condition& c, std::optional<double> now, std::optional<double> earlier) {
  if (!now || !earlier) return std::nullopt;
  if (!c.relative) return *now - *earlier;
  if (*earlier == 0) return std::nullopt;  // a change from nothing has no percentage
  return (*now - *earlier) / std::fabs(*earlier) * 100.0;
}

std::optional<bool> condition_met(const Condition& c, std::optional<double> now, std::optional<double> earlier) {
  switch (c.kind) {
    case Condition::Kind::absence:
      return !now || *now == 0;  // no statistics at all is no traffic too
    case Condition::Kind::threshold:
      if (!now) return std::nullopt;
      return compare(*now, c.op, c.value);
    case Condition::Kind::change: {
      auto change = change_of(c, now, earlier);
      if (!change) return std::nullopt;
      return compare(*change, c.op, c.value);
    }
  }
  return std::nullopt;
}

namespace {

std::optional<double> service_value(const ServiceProfile& s, const std::string& series, int64_t window_seconds) {
  auto quantile = [&](double q) -> std::optional<double> {
    if (s.latency_ms.count() == 0) return std::nullopt;
    return s.latency_ms.quantile(q);
  };
  if (series == "latency_p50_ms") return quantile(0.5);
  if (series == "latency_p90_ms") return quantile(0.9);
  if (series == "latency_p95_ms") return quantile(0.95);
  if (series == "latency_p99_ms") return quantile(0.99);
  if (series == "requests") return static_cast<double>(s.requests);
  if (series == "errors") return static_cast<double>(s.errors);
  if (series == "request_rate") return static_cast<double>(s.requests) / static_cast<double>(window_seconds);
  if (series == "error_rate") {
    if (s.requests == 0) return std::nullopt;
    return static_cast<double>(s.errors) / static_cast<double>(s.requests);
  }
  return std::nullopt;
}

}  // namespace

/// The runs' metric in the window: each run's latest value (latest_metrics, kept on insert), then
/// the last logged, or their min, max or mean. NaN points are left out: a comparison with NaN
/// would never hold.
Result<std::optional<double>> tracking_value(storage::Connection& c, const std::string& experiment_id,
                                             const RuleSpec& spec, int64_t from, int64_t to) {
  CAIRN_TRY_ASSIGN(auto rows,
                   c.query("SELECT lm.value, lm.timestamp FROM latest_metrics lm JOIN runs r ON r.id = lm.run_id"
                           " WHERE r.experiment_id = ? AND r.lifecycle_stage = 'active' AND lm.key = ?"
                           " AND lm.is_nan = 0 AND lm.timestamp >= ? AND lm.timestamp < ?",
                           {experiment_id, tracking_metric_key(spec.series), from, to}));
  if (rows.empty()) return std::optional<double>();
  double sum = 0;
  double low = rows[0].real(0);
  double high = low;
  double last = low;
  int64_t last_at = rows[0].int64(1);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const double v = rows[i].real(0);
    sum += v;
    low = std::min(low, v);
    high = std::max(high, v);
    if (rows[i].int64(1) >= last_at) {
      last_at = rows[i].int64(1);
      last = v;
    }
  }
  if (spec.aggregate == "min") return std::optional<double>(low);
  if (spec.aggregate == "max") return std::optional<double>(high);
  if (spec.aggregate == "mean") return std::optional<double>(sum / static_cast<double>(rows.size()));
  return std::optional<double>(last);
}

Result<std::optional<double>> series_value(storage::Connection& c, const RuleTarget& t, const RuleSpec& spec,
                                           int64_t to) {
  const auto& series = spec.series;
  monitor_reports::Range range;
  range.from = to - spec.window_seconds * 1000;
  range.to = to;
  if (t.experiment_id) return tracking_value(c, *t.experiment_id, spec, range.from, to);
  if (!t.monitor) return std::optional<double>();
  const MonitorContext& m = *t.monitor;
  if (is_restart_series(series)) {
    // The supervisor writes one event per worker exit; a monitor of no deployment has no workers.
    if (!t.deployment_id) return std::optional<double>();
    CAIRN_TRY_ASSIGN(auto rows, c.query("SELECT COUNT(*) FROM deployment_events WHERE deployment_id = ?"
                                        " AND kind = 'worker_exited' AND at >= ? AND at < ?",
                                        {*t.deployment_id, range.from, to}));
    return std::optional<double>(static_cast<double>(rows[0].int64(0)));
  }
  if (is_service_series(series)) {
    CAIRN_TRY_ASSIGN(auto checked, monitor_reports::checked(range));
    CAIRN_TRY_ASSIGN(auto merged, monitor_reports::merged(c, m.monitor.id, checked));
    return service_value(merged.service, series, spec.window_seconds);
  }
  if (is_stored_series(series)) {
    // The drift evaluation stores a point per evaluation: the latest one inside the window counts.
    CAIRN_TRY_ASSIGN(auto points, storage::monitoring::series(c, m.monitor.id, series, range.from, to + 1));
    if (points.empty()) return std::optional<double>();
    return std::optional<double>(points.back().value);
  }
  CAIRN_TRY_ASSIGN(auto checked, monitor_reports::checked(range));
  CAIRN_TRY_ASSIGN(auto report, monitor_reports::performance(c, m, checked));
  const auto& total = report["total"];
  auto it = total.find(series);
  if (it == total.end() || !it->is_number()) return std::optional<double>();
  return std::optional<double>(it->get<double>());
}

Result<Reading> read_rule(storage::Connection& c, const RuleTarget& t, const RuleSpec& spec, int64_t to) {
  Reading r;
  CAIRN_TRY_ASSIGN(r.value, series_value(c, t, spec, to));
  const bool change = spec.condition.kind == Condition::Kind::change;
  if (change) {
    CAIRN_TRY_ASSIGN(r.earlier, series_value(c, t, spec, to - spec.condition.offset_seconds * 1000));
  }
  r.compared = change ? change_of(spec.condition, r.value, r.earlier) : r.value;
  r.met = condition_met(spec.condition, r.value, r.earlier);
  return r;
}

}  // namespace cairn::service::alerting
