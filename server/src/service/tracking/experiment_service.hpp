#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "service/service_context.hpp"
#include "service/tenancy/org_service.hpp"
#include "service/tracking/tracking_access.hpp"
#include "storage/pagination.hpp"
#include "storage/tracking/experiment_store.hpp"
#include "storage/tracking/run_store.hpp"

namespace cairn::service {

struct ExperimentPage {
  std::vector<storage::ExperimentRecord> experiments;
  int64_t next_offset = -1;  ///< -1: no further page
};

struct ExperimentSearch {
  storage::experiments::ViewType view = storage::experiments::ViewType::active_only;
  std::string filter;                 ///< MLflow's experiment filter: name and tags conditions
  std::vector<std::string> order_by;  ///< "name", "creation_time DESC", ...
  int max_results = 1000;
  int64_t offset = 0;
};

/// The tag that holds an experiment's description and a run's notes: what MLflow's UI edits, so
/// both UIs show the same text.
inline constexpr const char* kNoteTag = "mlflow.note.content";

/// The native API's experiment list: a name search and a lifecycle view.
struct ExperimentListQuery {
  std::string q;  ///< case-insensitive substring of the name
  storage::experiments::ViewType view = storage::experiments::ViewType::active_only;
};

/// What a native PATCH changes; unset fields stay.
struct ExperimentChanges {
  std::optional<std::string> name;
  std::optional<std::string> description;  ///< empty removes it
};

/// Experiments of a project (MLflow's and the native API's).
class ExperimentService {
 public:
  explicit ExperimentService(ServiceContext& ctx) : ctx_(ctx) {}

  Result<storage::ExperimentRecord> create(const Caller& caller, const TrackingScope& scope, const std::string& name,
                                           const std::optional<std::string>& artifact_location,
                                           const storage::KeyValues& tags);
  Result<storage::ExperimentRecord> get(const Caller& caller, const TrackingScope& scope, const std::string& id);
  /// Every param, metric and tag key the experiment's runs have.
  Result<storage::runs::ExperimentKeys> keys(const Caller& caller, const TrackingScope& scope, const std::string& id);
  Result<storage::ExperimentRecord> get_by_name(const Caller& caller, const TrackingScope& scope,
                                                const std::string& name);
  Result<ExperimentPage> search(const Caller& caller, const TrackingScope& scope, const ExperimentSearch& search);
  Result<Page<storage::ExperimentRecord>> list(const Caller& caller, const TrackingScope& scope,
                                               const ExperimentListQuery& query, const storage::PageRequest& page);
  /// Renames and describes; returns the experiment.
  Result<storage::ExperimentRecord> update(const Caller& caller, const TrackingScope& scope, const std::string& id,
                                           const ExperimentChanges& changes);
  /// Soft delete (with the experiment's runs, as in MLflow) or restore; returns the experiment.
  Result<storage::ExperimentRecord> set_deleted(const Caller& caller, const TrackingScope& scope, const std::string& id,
                                                bool deleted);
  Result<storage::ExperimentRecord> set_tag(const Caller& caller, const TrackingScope& scope, const std::string& id,
                                            const std::string& key, const std::string& value);
  /// 404 naming the tag when the experiment has none of that key.
  Status delete_tag(const Caller& caller, const TrackingScope& scope, const std::string& id, const std::string& key);

 private:
  /// Applies `apply` to the experiment (checked for tracking_write) in one transaction; returns it after.
  Result<storage::ExperimentRecord> change(
      const Caller& caller, const TrackingScope& scope, const std::string& id,
      const std::function<Status(storage::Connection&, const storage::ExperimentRecord&)>& apply);

  ServiceContext& ctx_;
};

}  // namespace cairn::service
