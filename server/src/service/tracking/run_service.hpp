#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/service_context.hpp"
#include "service/tracking/run_compare.hpp"
#include "service/tracking/tracking_access.hpp"
#include "storage/tracking/experiment_store.hpp"
#include "storage/tracking/metric_store.hpp"
#include "storage/tracking/run_groups.hpp"
#include "storage/tracking/tracking_records.hpp"

namespace cairn::service {

/// MLflow's limits on one log-batch call and on keys and values.
struct TrackingLimits {
  static constexpr std::size_t kMaxBatchMetrics = 1000;
  static constexpr std::size_t kMaxBatchParams = 100;
  static constexpr std::size_t kMaxBatchTags = 100;
  static constexpr std::size_t kMaxBatchEntities = 1000;
  static constexpr std::size_t kMaxKeyLength = 250;
  static constexpr std::size_t kMaxParamValueLength = 6000;
  static constexpr std::size_t kMaxTagValueLength = 8000;
  static constexpr int kMaxSearchResults = 50000;
};

struct RunCreate {
  std::string experiment_id = "0";
  std::string user_id;
  std::optional<std::string> run_name;
  std::optional<int64_t> start_time;
  storage::KeyValues tags;
  /// A run of the same project, recorded as the tag mlflow.parentRunId (422 when it is not one).
  std::optional<std::string> parent_run_id;
  /// The id to give the run instead of a new one: what an import from MLflow keeps, so that
  /// `runs:/<id>/...` URIs still resolve (409 when a run already has it).
  std::optional<std::string> run_id;
};

/// What an update changes; unset fields stay.
struct RunUpdate {
  std::optional<std::string> status;  ///< RUNNING, SCHEDULED, FINISHED, FAILED or KILLED
  std::optional<int64_t> end_time;
  std::optional<std::string> run_name;  ///< empty leaves the name (MLflow's client sends "")
  std::optional<std::string> notes;     ///< kept in the run tag mlflow.note.content; empty removes it
};

struct RunBatch {
  std::vector<storage::MetricRecord> metrics;
  storage::KeyValues params;
  storage::KeyValues tags;
};

struct RunSearchRequest {
  std::vector<std::string> experiment_ids;
  std::string filter;
  storage::experiments::ViewType view = storage::experiments::ViewType::active_only;
  std::vector<std::string> order_by;
  int max_results = 1000;
  int64_t offset = 0;
  /// The native API's reading of experiment_ids: none searches every experiment of the scope's project,
  /// and one the caller cannot see answers 404. MLflow's skips it, and searches nothing given none.
  bool strict_experiments = false;
  /// Params that spell numbers sort by their number (the native API); MLflow's API sorts them as text.
  bool numeric_params = false;
  /// Also count every matching run (one more query; the native UI shows the count).
  bool count_total = false;
};

struct RunPage {
  std::vector<storage::RunView> runs;
  int64_t next_offset = -1;
  std::optional<int64_t> total;  ///< set when count_total was asked
};

/// Many runs' histories of several metrics, for an experiment's charts.
struct MetricSeriesRequest {
  std::vector<std::string> run_ids;
  std::vector<std::string> keys;
  std::optional<int64_t> start_step;  ///< the visible window of a zoomed chart
  std::optional<int64_t> end_step;
  std::size_t max_points = 500;  ///< per history, LTTB
};

/// One run's history of one of several metrics.
struct KeyedMetricSeries {
  std::string run_id;
  std::string key;
  std::vector<stats::MetricPoint> points;
  bool downsampled = false;
};

struct MetricHistoryPage {
  std::vector<storage::MetricRecord> points;
  std::optional<storage::metrics::HistoryPosition> next;  ///< where the next page starts, if any
};

/// One run's history of one metric.
struct MetricSeries {
  std::string run_id;
  std::vector<storage::MetricRecord> points;  ///< by step, then timestamp
  bool downsampled = false;                   ///< some points were left out
};

/// Runs: lifecycle, params, tags, metrics, inputs, search and metric histories.
/// Runs of the native search (its experiments, filter and view) grouped over the whole search.
struct RunGroupRequest {
  std::vector<std::string> experiment_ids;  ///< none: every experiment of the project
  std::string filter;
  storage::experiments::ViewType view = storage::experiments::ViewType::active_only;
  storage::runs::GroupBy by;
  std::vector<std::string> metric_keys;
};

class RunService {
 public:
  explicit RunService(ServiceContext& ctx) : ctx_(ctx) {}

  Result<storage::RunView> create(const Caller& caller, const TrackingScope& scope, const RunCreate& input);
  Result<storage::RunView> get(const Caller& caller, const std::string& run_id);
  /// The run's record alone (no params, tags or metrics), after checking `action` on its project.
  Result<storage::RunRecord> find(const Caller& caller, const std::string& run_id, Action action);
  Result<storage::RunView> update(const Caller& caller, const std::string& run_id, const RunUpdate& update);
  Status set_deleted(const Caller& caller, const std::string& run_id, bool deleted);
  /// Everything in one transaction; a retried batch (same points) changes nothing.
  Status log_batch(const Caller& caller, const std::string& run_id, const RunBatch& batch);
  Status delete_tag(const Caller& caller, const std::string& run_id, const std::string& key);
  Status log_inputs(const Caller& caller, const std::string& run_id, const std::vector<storage::DatasetInput>& inputs);
  Result<RunPage> search(const Caller& caller, const TrackingScope& scope, const RunSearchRequest& request);
  /// At most kMaxRunGroups groups (run_groups.cpp); `truncated` says when more exist.
  Result<storage::runs::RunGroups> group(const Caller& caller, const TrackingScope& scope,
                                         const RunGroupRequest& request);
  Result<MetricHistoryPage> metric_history(const Caller& caller, const std::string& run_id, const std::string& key,
                                           const std::optional<storage::metrics::HistoryPosition>& after,
                                           int64_t max_results);
  /// Histories of one metric for several runs, each downsampled to at most `max_points`.
  Result<std::vector<std::pair<std::string, storage::MetricRecord>>> metric_history_bulk(
      const Caller& caller, const std::vector<std::string>& run_ids, const std::string& key,
      std::optional<int64_t> start_step, std::optional<int64_t> end_step, std::size_t max_points);

  /// The history of `key` for each run (in the order given), whole or downsampled with LTTB to at
  /// most `max_points`, read in one query.
  Result<std::vector<MetricSeries>> metric_series(const Caller& caller, const std::vector<std::string>& run_ids,
                                                  const std::string& key, std::optional<std::size_t> max_points);
  /// Histories of several metrics for many runs of the scope's project (a run of another project
  /// answers 404), each downsampled on its own; only the pairs with points,
  /// by run (in the order given) then key (in the order given).
  Result<std::vector<KeyedMetricSeries>> metric_series_many(const Caller& caller, const TrackingScope& scope,
                                                            const MetricSeriesRequest& request);
  /// Params and metrics (last, min, max) of these runs side by side.
  Result<RunComparison> compare(const Caller& caller, const std::vector<std::string>& run_ids);

 private:
  ServiceContext& ctx_;
};

/// Checks keys and values against MLflow's rules; errors name the offending key.
Status validate_batch(const RunBatch& batch);

}  // namespace cairn::service
