#include "service/alerting/rule_evaluation.hpp"

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

Result<std::optional<double>> series_value(storage::Connection& c, const MonitorContext& m, const std::string& series,
                                           int64_t window_seconds, int64_t to) {
  monitor_reports::Range range;
  range.from = to - window_seconds * 1000;
  range.to = to;
  if (is_service_series(series)) {
    CAIRN_TRY_ASSIGN(auto checked, monitor_reports::checked(range));
    CAIRN_TRY_ASSIGN(auto merged, monitor_reports::merged(c, m.monitor.id, checked));
    return service_value(merged.service, series, window_seconds);
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

Result<Reading> read_rule(storage::Connection& c, const MonitorContext& m, const RuleSpec& spec, int64_t to) {
  Reading r;
  CAIRN_TRY_ASSIGN(r.value, series_value(c, m, spec.series, spec.window_seconds, to));
  const bool change = spec.condition.kind == Condition::Kind::change;
  if (change) {
    CAIRN_TRY_ASSIGN(r.earlier,
                     series_value(c, m, spec.series, spec.window_seconds, to - spec.condition.offset_seconds * 1000));
  }
  r.compared = change ? change_of(spec.condition, r.value, r.earlier) : r.value;
  r.met = condition_met(spec.condition, r.value, r.earlier);
  return r;
}

}  // namespace cairn::service::alerting
