#pragma once

#include <string>

#include "common/result.hpp"
#include "storage/database.hpp"

/// The monitoring background jobs (run by jobs::Scheduler, once across replicas): rollups,
/// retention and the scheduled drift evaluation that stores series for alerting.
namespace cairn::service::monitor_jobs {

struct Retention {
  int64_t minute_days = 8;  ///< must exceed record_input::kMaxAgeDays: rollups recompute from minutes
  int64_t hour_days = 90;
  int64_t day_days = 730;
  int64_t series_days = 90;
  int64_t record_days = 35;  ///< raw records, kept for labels that arrive weeks later
};

/// Folds closed minutes into hours and closed hours into days, again where a finer row changed.
Status roll_up(storage::Database& db);
Status apply_retention(storage::Database& db, const Retention& retention);
/// For each monitor with a reference whose evaluation is due: drift of its window against the
/// reference, stored as series (drift_share, dataset_drift, drift_score:<feature>,
/// drifted:<feature>, missing_share:<feature>) with service figures (requests, error_rate,
/// latency_p99_ms) beside them.
Status evaluate(storage::Database& db);
/// Prometheus gauges of each monitor's latest evaluation (drift share, drifted features).
std::string metrics_text(storage::Database& db);

}  // namespace cairn::service::monitor_jobs
