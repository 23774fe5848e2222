#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/service_context.hpp"
#include "service/tracking_access.hpp"
#include "storage/experiment_store.hpp"

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

/// Experiments of a project (MLflow's and the native API's).
class ExperimentService {
 public:
  explicit ExperimentService(ServiceContext& ctx) : ctx_(ctx) {}

  Result<storage::ExperimentRecord> create(const Caller& caller, const TrackingScope& scope, const std::string& name,
                                           const std::optional<std::string>& artifact_location,
                                           const storage::KeyValues& tags);
  Result<storage::ExperimentRecord> get(const Caller& caller, const TrackingScope& scope, const std::string& id);
  Result<storage::ExperimentRecord> get_by_name(const Caller& caller, const TrackingScope& scope, const std::string& name);
  Result<ExperimentPage> search(const Caller& caller, const TrackingScope& scope, const ExperimentSearch& search);
  Status rename(const Caller& caller, const TrackingScope& scope, const std::string& id, const std::string& new_name);
  Status set_deleted(const Caller& caller, const TrackingScope& scope, const std::string& id, bool deleted);
  Status set_tag(const Caller& caller, const TrackingScope& scope, const std::string& id, const std::string& key,
                 const std::string& value);
  Status delete_tag(const Caller& caller, const TrackingScope& scope, const std::string& id, const std::string& key);

 private:
  ServiceContext& ctx_;
};

}  // namespace cairn::service
