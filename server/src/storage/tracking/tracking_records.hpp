#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "stats/metric_point.hpp"

/// Rows of the tracking tables. Timestamps are ms since the epoch.
namespace cairn::storage {

using KeyValues = std::vector<std::pair<std::string, std::string>>;

struct ExperimentRecord {
  std::string id;  ///< numeric string, as MLflow's
  std::string org_id;
  std::string project_id;
  std::string name;
  std::string artifact_location;
  std::string lifecycle_stage = "active";
  int64_t created_at = 0;
  int64_t updated_at = 0;
  KeyValues tags;
};

struct RunRecord {
  std::string id;
  std::string org_id;
  std::string project_id;
  std::string experiment_id;
  std::string name;
  std::string user_id;  ///< MLflow's free-text user name
  std::string status = "RUNNING";
  int64_t start_time = 0;
  std::optional<int64_t> end_time;
  std::string lifecycle_stage = "active";
  std::string artifact_uri;
  std::string created_by;
};

/// A stored metric value: a point of a run's series with its key and, in MLflow 3, the logged
/// model and dataset it measured.
struct MetricRecord : stats::MetricPoint {
  std::string key;
  std::string model_id;
  std::string dataset_name;
  std::string dataset_digest;
  std::string run_id;  ///< set when read back for a model
};

struct DatasetRecord {
  std::string name;
  std::string digest;
  std::string source_type;
  std::string source;
  std::string schema;
  std::string profile;
};

struct DatasetInput {
  DatasetRecord dataset;
  KeyValues tags;
};

struct LoggedModelRecord {
  std::string id;  ///< "m-" + 32 hex
  std::string org_id;
  std::string project_id;
  std::string experiment_id;
  std::string name;
  std::string artifact_uri;
  std::string model_type;
  std::optional<std::string> source_run_id;
  std::string status = "LOGGED_MODEL_PENDING";
  std::string status_message;
  std::string lifecycle_stage = "active";
  int64_t created_at = 0;
  int64_t updated_at = 0;
  KeyValues params;
  KeyValues tags;
  std::vector<MetricRecord> metrics;
};

struct ModelOutput {
  std::string model_id;
  int64_t step = 0;
};

/// A run with what MLflow's Run.data and Run.inputs carry.
struct RunView {
  RunRecord info;
  std::vector<MetricRecord> latest_metrics;
  KeyValues params;
  KeyValues tags;
  std::vector<DatasetInput> inputs;
  std::vector<ModelOutput> outputs;
};

}  // namespace cairn::storage
