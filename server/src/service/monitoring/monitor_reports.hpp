#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "service/monitoring/monitor_service.hpp"

/// What a monitor's statistics say over a time range: service series, drift, data quality and
/// model performance. Read-only; ranges merge the bucket profiles, so any range costs the same.
namespace cairn::service::monitor_reports {

struct Range {
  int64_t from = 0;
  int64_t to = 0;
  int64_t resolution = 0;  ///< seconds: 60, 3600, 86400; 0 picks one for the range
  bool by_revision = false;
};

/// Checks a range (from < to, at most 800 days, at most 10,000 buckets) and picks its resolution.
Result<Range> checked(Range r);

/// Requests, errors, latency quantiles, batch sizes and cache hits per bucket, and totals.
Result<nlohmann::json> service_series(storage::Connection& c, const MonitorContext& m, const Range& r);
/// Per-feature drift of [from, to) against the reference, or against `baseline` when given.
Result<nlohmann::json> drift(storage::Connection& c, const MonitorContext& m, const Range& r,
                             const std::optional<Range>& baseline);
/// Missing values, values outside the reference's range, new categories, type and validation
/// errors: per feature over the range, and the missing share per bucket.
Result<nlohmann::json> quality(storage::Connection& c, const MonitorContext& m, const Range& r);
/// Classification or regression metrics of labelled records per bucket and over the range, with
/// the label coverage.
Result<nlohmann::json> performance(storage::Connection& c, const MonitorContext& m, const Range& r);

/// The merged profile of a range (all revisions). With `shape` (a reference), the merge starts from
/// its features and bins: buckets recorded before that reference (other bins) are left out of
/// those features and counted in `unmergeable_features`, instead of failing the comparison.
Result<BucketProfile> merged(storage::Connection& c, const std::string& monitor_id, const Range& r,
                             const stats::DatasetProfile* shape = nullptr);

}  // namespace cairn::service::monitor_reports
