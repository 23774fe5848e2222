#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "stats/metric_point.hpp"
#include "storage/database.hpp"
#include "storage/tracking/tracking_records.hpp"

/// Per-bucket summaries of metric histories (table metric_buckets; stats/step_summary.hpp says what a summary
/// keeps): what lets a downsampled history cost the number of buckets instead of the number of points.
namespace cairn::storage::metric_buckets {

/// Folds newly logged points into their buckets' summaries (one upsert per key and bucket touched). Idempotent:
/// a retried batch leaves the summaries as they were.
Status record(Connection& c, const std::string& run_id, const std::vector<MetricRecord>& points);

/// The points to downsample a run's history of `key` (optionally a step range) to `max_points`, in step order:
/// on a long range the summaries' points (about four per 1,024 steps, read from one row per bucket, the buckets
/// cut by the range's ends summarised from their raw points), otherwise the raw history itself. The summaries
/// are used only when they hold more points than asked for, so that a short history is downsampled exactly as
/// before and the answer is complete whenever it can be.
Result<std::vector<stats::MetricPoint>> points_to_downsample(Connection& c, const std::string& run_id,
                                                             const std::string& key, std::optional<int64_t> min_step,
                                                             std::optional<int64_t> max_step, std::size_t max_points);

}  // namespace cairn::storage::metric_buckets
