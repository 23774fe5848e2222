#pragma once

#include <optional>
#include <string>
#include <vector>

#include "stats/downsample.hpp"
#include "storage/database.hpp"
#include "storage/tracking/tracking_records.hpp"

/// Metric histories and the latest value of each metric per run.
namespace cairn::storage::metrics {

/// Inserts points (a point already stored is skipped, so a retried batch is harmless) and keeps
/// latest_metrics and the per-bucket summaries (metric_buckets.hpp) current, with multi-row inserts.
Status log(Connection& c, const std::string& run_id, const std::vector<MetricRecord>& points);

/// A point's place in a history's order (step, timestamp, value, NaN flag — the table's key, so
/// unique): where the next page starts.
struct HistoryPosition {
  int64_t step = 0;
  int64_t timestamp = 0;
  double stored_value = 0;  ///< as stored: 0 for NaN, whose flag is set
  bool is_nan = false;
};
HistoryPosition position_of(const MetricRecord& point);

/// One page of a run's history for a key, ordered by step, timestamp and value, starting after
/// `after` (keyset: every page costs the same, however deep). One more point than `limit` is
/// fetched to tell whether more follow.
Result<std::vector<MetricRecord>> history(Connection& c, const std::string& run_id, const std::string& key,
                                          const std::optional<HistoryPosition>& after, int64_t limit);

/// A run's whole history of one key (optionally a step range) as (step, timestamp, value), in
/// step order: what downsampling and charts need.
Result<std::vector<stats::MetricPoint>> series(Connection& c, const std::string& run_id, const std::string& key,
                                               std::optional<int64_t> min_step, std::optional<int64_t> max_step);

/// One run's history of one key, as `series` reads it.
struct KeyedSeries {
  std::string run_id;
  std::string key;
  std::vector<stats::MetricPoint> points;  ///< by step, then timestamp
};

/// The histories of several keys of several runs (optionally a step range), in the order of
/// `run_ids` then `keys`, on one connection with one prepared statement. Pairs with no points are
/// absent. With `downsample_to`, a long history comes as the points to downsample it from
/// (metric_buckets::points_to_downsample) instead of whole.
Result<std::vector<KeyedSeries>> series_of_runs(Connection& c, const std::vector<std::string>& run_ids,
                                                const std::vector<std::string>& keys, std::optional<int64_t> min_step,
                                                std::optional<int64_t> max_step,
                                                std::optional<std::size_t> downsample_to = std::nullopt);

/// The smallest and largest value a run logged for one metric key.
struct MetricRange {
  std::string run_id;
  std::string key;
  double min = 0;  ///< NaN when every point of the key is NaN
  double max = 0;
  int64_t points = 0;  ///< NaN points included
};

/// Min and max of every metric of these runs over their whole histories, in one query (ordered by
/// run id, then key). NaN points take no part in min and max; +-infinity does.
Result<std::vector<MetricRange>> ranges_for_runs(Connection& c, const std::vector<std::string>& run_ids);

/// Reads (key, value, is_nan, timestamp, step) starting at column `first`.
MetricRecord point_from(const Row& row, std::size_t first);

}  // namespace cairn::storage::metrics
