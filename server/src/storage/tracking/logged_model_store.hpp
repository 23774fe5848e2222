#pragma once

#include <optional>
#include <string>
#include <vector>

#include "search/search_filter.hpp"
#include "storage/database.hpp"
#include "storage/tracking/tracking_records.hpp"

/// MLflow 3 logged models, their params and tags, and the run outputs that point at them.
namespace cairn::storage::logged_models {

Status insert(Connection& c, const LoggedModelRecord& model);
/// With params and tags.
Result<std::optional<LoggedModelRecord>> find(Connection& c, const std::string& id);
Status set_status(Connection& c, const std::string& id, const std::string& status, int64_t now);
Status set_deleted(Connection& c, const std::string& id, int64_t now);
Status log_params(Connection& c, const std::string& id, const KeyValues& params);
Status set_tags(Connection& c, const std::string& id, const KeyValues& tags);
Result<bool> delete_tag(Connection& c, const std::string& id, const std::string& key);

/// A dataset that metrics were logged on: by name, and by digest when given.
struct DatasetRef {
  std::string name;
  std::optional<std::string> digest;
};

/// One order-by entry: an attribute (name, model_id, model_type, status, source_run_id,
/// creation_timestamp, last_updated_timestamp) or a metric's latest value, on a dataset if given.
struct ModelOrder {
  bool metric = false;
  std::string key;
  bool ascending = true;
  std::optional<DatasetRef> dataset;
};

/// MLflow's search_logged_models, as its SQL store answers it.
struct ModelQuery {
  std::vector<std::string> experiment_ids;
  search::SearchFilter filter;  ///< parsed with SearchTarget::logged_models
  /// Metric clauses match only points on one of these datasets; with no metric clause, a model
  /// must have a metric on one of them.
  std::vector<DatasetRef> datasets;
  /// Then newest first, then by id (unless ordered by those already); models without the field last.
  std::vector<ModelOrder> order_by;
  int64_t offset = 0;
  int limit = 100;  ///< one more row is fetched to tell whether a next page exists
};
/// A metric clause holds when any point of that metric (any step, run or allowed dataset) holds.
Result<std::vector<LoggedModelRecord>> search(Connection& c, const ModelQuery& query);

/// Records the points that name a model (MetricRecord::model_id) for that model.
Status log_model_metrics(Connection& c, const std::string& run_id, const std::vector<MetricRecord>& points);

Status log_outputs(Connection& c, const std::string& run_id, const std::vector<ModelOutput>& outputs);
Result<std::vector<ModelOutput>> outputs_of(Connection& c, const std::string& run_id);

}  // namespace cairn::storage::logged_models
