#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/service_context.hpp"
#include "service/tracking/tracking_access.hpp"
#include "storage/tracking/logged_model_store.hpp"
#include "storage/tracking/tracking_records.hpp"

namespace cairn::service {

struct LoggedModelCreate {
  std::string experiment_id;
  std::optional<std::string> name;
  std::optional<std::string> model_type;
  std::optional<std::string> source_run_id;
  storage::KeyValues params;
  storage::KeyValues tags;
};

struct LoggedModelSearch {
  std::vector<std::string> experiment_ids;
  std::string filter;
  std::vector<storage::logged_models::DatasetRef> datasets;
  std::vector<storage::logged_models::ModelOrder> order_by;
  int max_results = 100;
  int64_t offset = 0;
};

struct LoggedModelPage {
  std::vector<storage::LoggedModelRecord> models;
  int64_t next_offset = -1;
};

/// MLflow 3 logged models: what `mlflow.<flavor>.log_model` creates, and `models:/<id>` resolves.
class LoggedModelService {
 public:
  explicit LoggedModelService(ServiceContext& ctx) : ctx_(ctx) {}

  Result<storage::LoggedModelRecord> create(const Caller& caller, const TrackingScope& scope,
                                            const LoggedModelCreate& input);
  Result<storage::LoggedModelRecord> get(const Caller& caller, const std::string& model_id, bool allow_deleted);
  /// status: LOGGED_MODEL_READY or LOGGED_MODEL_UPLOAD_FAILED (the finalize call).
  Result<storage::LoggedModelRecord> finalize(const Caller& caller, const std::string& model_id,
                                              const std::string& status);
  Status remove(const Caller& caller, const std::string& model_id);
  Status log_params(const Caller& caller, const std::string& model_id, const storage::KeyValues& params);
  Status set_tags(const Caller& caller, const std::string& model_id, const storage::KeyValues& tags);
  Status delete_tag(const Caller& caller, const std::string& model_id, const std::string& key);
  /// MLflow's search_logged_models: `filter` in its logged-model grammar (metrics compared with
  /// numbers, params, tags and attributes with text or lists), `datasets` narrowing the metrics,
  /// `order_by` attributes or metrics. Experiments the caller cannot see are skipped.
  Result<LoggedModelPage> search(const Caller& caller, const TrackingScope& scope, const LoggedModelSearch& search);
  /// Records that a run produced these models (MLflow's run outputs).
  Status log_outputs(const Caller& caller, const std::string& run_id, const std::vector<storage::ModelOutput>& outputs);

 private:
  Result<storage::LoggedModelRecord> model_for(storage::Connection& c, const Principal& p, const std::string& model_id,
                                               Action action, bool allow_deleted);

  ServiceContext& ctx_;
};

}  // namespace cairn::service
