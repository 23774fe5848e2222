#include "service/monitoring/monitor_jobs.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/clock.hpp"
#include "common/prometheus.hpp"
#include "service/monitoring/monitor_reports.hpp"
#include "service/monitoring/monitor_service.hpp"

namespace cairn::service::monitor_jobs {
namespace {

namespace store = storage::monitoring;
using nlohmann::json;

constexpr int64_t kDayMs = 86'400'000;

/// Recomputes each stale `coarse` bucket of `monitor_id` from its `fine` rows, per revision.
Status roll_level(storage::Connection& c, const std::string& monitor_id, int64_t fine, int64_t coarse, int64_t before) {
  CAIRN_TRY_ASSIGN(auto starts, store::stale_rollups(c, monitor_id, fine, coarse, before));
  for (int64_t start : starts) {
    std::map<int64_t, BucketProfile> by_revision;
    CAIRN_TRY(store::for_each_bucket(c, monitor_id, fine, start, start + coarse * 1000,
                                     [&](const store::BucketRow& row) -> Status {
                                       auto bucket = bucket_from_row(row);
                                       if (!bucket.ok()) return {};
                                       by_revision[row.revision].merge(*bucket);
                                       return {};
                                     }));
    CAIRN_TRY(storage::run_in_transaction(c, true, [&](storage::Connection& t) -> Status {
      for (const auto& [revision, bucket] : by_revision)
        CAIRN_TRY(store::put_bucket(t, row_from_bucket(bucket, monitor_id, coarse, start, revision, "rollup")));
      return {};
    }));
  }
  return {};
}

}  // namespace

Status roll_up(storage::Database& db) {
  CAIRN_TRY_ASSIGN(auto conn, db.acquire());
  CAIRN_TRY_ASSIGN(auto monitors, store::list_all(*conn));
  const int64_t now = now_ms();
  // Closed with a margin past the ingest's own grace, so the last minute's final flush is in.
  const int64_t hours_before = bucket_start(now - 2 * 60'000, 3600);
  const int64_t days_before = bucket_start(now - 10 * 60'000, 86400);
  for (const auto& m : monitors) {
    CAIRN_TRY(roll_level(*conn, m.id, 60, 3600, hours_before));
    CAIRN_TRY(roll_level(*conn, m.id, 3600, 86400, days_before));
  }
  return {};
}

Status apply_retention(storage::Database& db, const Retention& retention) {
  CAIRN_TRY_ASSIGN(auto conn, db.acquire());
  const int64_t now = now_ms();
  CAIRN_TRY_ASSIGN(auto monitors, store::list_all(*conn));
  for (const auto& m : monitors) {
    CAIRN_TRY(storage::as_status(store::delete_buckets_before(*conn, m.id, 60, now - retention.minute_days * kDayMs)));
    CAIRN_TRY(storage::as_status(store::delete_buckets_before(*conn, m.id, 3600, now - retention.hour_days * kDayMs)));
    CAIRN_TRY(storage::as_status(store::delete_buckets_before(*conn, m.id, 86400, now - retention.day_days * kDayMs)));
    CAIRN_TRY(storage::as_status(store::delete_series_before(*conn, m.id, now - retention.series_days * kDayMs)));
    CAIRN_TRY(storage::as_status(store::delete_records_before(*conn, m.id, now - retention.record_days * kDayMs)));
  }
  return {};
}

Status evaluate(storage::Database& db) {
  CAIRN_TRY_ASSIGN(auto conn, db.acquire());
  CAIRN_TRY_ASSIGN(auto monitors, store::list_all(*conn));
  const int64_t now = now_ms();
  for (auto& record : monitors) {
    if (!record.reference) continue;
    auto config_json = json::parse(record.config, nullptr, false);
    auto config = parse_monitor_config(config_json.is_discarded() ? json() : config_json);
    auto reference = parse_reference(record.reference);
    if (!config.ok() || !reference.ok() || !*reference) continue;
    const int64_t at = bucket_start(now, config->evaluation_minutes * 60);
    CAIRN_TRY_ASSIGN(auto done, store::series(*conn, record.id, "drift_share", at, at + 1));
    if (!done.empty()) continue;
    MonitorContext m{ProjectContext{}, record, *config, *reference};
    // The window ends now (the freshest data); the point is stored at the evaluation's slot.
    monitor_reports::Range window{now - config->window_minutes * 60'000, now, 60, false};
    window.resolution = window.to - window.from <= 6 * 3'600'000 ? 60 : 3600;
    auto drift = monitor_reports::drift(*conn, m, window, std::nullopt);
    if (!drift.ok()) {
      spdlog::warn("monitor {}: drift evaluation failed: {}", record.id, drift.error().message);
      continue;
    }
    // A window without traffic yet is judged again at the next run: marking the slot done would
    // leave traffic arriving later in it unjudged until the next slot.
    if ((*drift)["rows"].get<int64_t>() == 0) continue;
    std::vector<store::SeriesPoint> points;
    points.push_back(
        {"drift_share", at, (*drift)["drift_share"].is_number() ? (*drift)["drift_share"].get<double>() : 0.0});
    points.push_back({"dataset_drift", at, (*drift)["dataset_drifted"].get<bool>() ? 1.0 : 0.0});
    points.push_back({"drifted_features", at, static_cast<double>((*drift)["drifted_features"].get<int64_t>())});
    for (const auto& f : (*drift)["features"]) {
      const std::string name = f["feature"];
      if (f["score"].is_number()) points.push_back({"drift_score:" + name, at, f["score"].get<double>()});
      points.push_back({"drifted:" + name, at, f["drifted"].get<bool>() ? 1.0 : 0.0});
    }
    auto quality = monitor_reports::quality(*conn, m, window);
    if (quality.ok())
      for (const auto& f : (*quality)["features"]) {
        const std::string name = f["feature"].get<std::string>();
        if (f["missing_share"].is_number())
          points.push_back({"missing_share:" + name, at, f["missing_share"].get<double>()});
        // Shares of the values present: outside the reference's range, or categories it never had.
        const double present = f.value("count", 0.0);
        if (present <= 0) continue;
        if (f.contains("out_of_range"))
          points.push_back({"out_of_range_share:" + name, at, f["out_of_range"].get<double>() / present});
        if (f.contains("new_categories")) {
          double fresh = 0;
          for (const auto& [value, count] : f["new_categories"].items()) fresh += count.get<double>();
          points.push_back({"new_category_share:" + name, at, fresh / present});
        }
      }
    auto service = monitor_reports::service_series(*conn, m, window);
    if (service.ok()) {
      const auto& total = (*service)["total"];
      points.push_back({"requests", at, static_cast<double>(total["requests"].get<int64_t>())});
      if (total["error_rate"].is_number()) points.push_back({"error_rate", at, total["error_rate"].get<double>()});
      if (total["latency_ms"].is_object() && total["latency_ms"]["p99"].is_number())
        points.push_back({"latency_p99_ms", at, total["latency_ms"]["p99"].get<double>()});
    }
    // The drift_share point (first) marks the slot's evaluation as done.
    CAIRN_TRY(storage::run_in_transaction(
        *conn, true, [&](storage::Connection& c) { return store::put_series(c, record.id, points); }));
  }
  return {};
}

std::string metrics_text(storage::Database& db) {
  auto conn = db.acquire();
  if (!conn.ok()) return {};
  // Each monitor's latest evaluation: drift, and data quality per feature.
  auto rows = (*conn)->query(
      // Per monitor (materialised first, so that no planner starts from the series): its latest
      // evaluation's time from the primary key, then that evaluation's rows through
      // monitor_series_by_time, never the series' history (bench/metrics_query.py: 8.8 s -> 2 ms).
      "WITH latest AS MATERIALIZED (SELECT m.id, m.name, m.deployment_id, (SELECT MAX(t.at) FROM monitor_series t"
      " WHERE t.monitor_id = m.id AND t.name = 'drift_share') AS at FROM monitors m)"
      " SELECT l.name, COALESCE(l.deployment_id, ''), s.name, s.value FROM latest l"
      " JOIN monitor_series s ON s.monitor_id = l.id AND s.at = l.at"
      " WHERE (s.name IN ('drift_share', 'drifted_features') OR s.name LIKE 'missing_share:%'"
      " OR s.name LIKE 'out_of_range_share:%' OR s.name LIKE 'new_category_share:%')"
      " ORDER BY s.name");
  if (!rows.ok()) return {};
  std::string out =
      "# HELP cairn_monitor_drift_share Share of features drifted in the monitor's latest evaluation.\n"
      "# TYPE cairn_monitor_drift_share gauge\n"
      "# HELP cairn_monitor_drifted_features Features drifted in the monitor's latest evaluation.\n"
      "# TYPE cairn_monitor_drifted_features gauge\n"
      "# HELP cairn_monitor_missing_share Share of a feature's values missing in the latest evaluation's window.\n"
      "# TYPE cairn_monitor_missing_share gauge\n"
      "# HELP cairn_monitor_out_of_range_share Share of a numeric feature's values outside the reference's range.\n"
      "# TYPE cairn_monitor_out_of_range_share gauge\n"
      "# HELP cairn_monitor_new_category_share Share of a categorical feature's values the reference never had.\n"
      "# TYPE cairn_monitor_new_category_share gauge\n";
  for (std::size_t i = 0; i < rows->size(); ++i) {
    auto r = (*rows)[i];
    const std::string series = r.text(2);
    const std::string labels =
        fmt::format("monitor=\"{}\",deployment_id=\"{}\"", prometheus_label(r.text(0)), prometheus_label(r.text(1)));
    const auto colon = series.find(':');
    if (colon == std::string::npos)
      out += fmt::format("cairn_monitor_{}{{{}}} {}\n", series, labels, r.real(3));
    else
      out += fmt::format("cairn_monitor_{}{{{},feature=\"{}\"}} {}\n", series.substr(0, colon), labels,
                         prometheus_label(series.substr(colon + 1)), r.real(3));
  }
  return out;
}

}  // namespace cairn::service::monitor_jobs
