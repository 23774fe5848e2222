#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "service/monitoring/logged_dataset.hpp"
#include "service/monitoring/monitor_config.hpp"
#include "service/monitoring/monitor_ingest.hpp"
#include "service/principal.hpp"
#include "service/service_context.hpp"
#include "service/tracking/tracking_access.hpp"
#include "storage/monitoring/monitor_store.hpp"

namespace cairn::service {

/// A monitor found and checked for an action, with its parsed configuration and reference.
struct MonitorContext {
  ProjectContext project;
  storage::monitoring::MonitorRecord monitor;
  MonitorConfig config;
  std::shared_ptr<const stats::DatasetProfile> reference;
};

/// Where a reference profile comes from.
struct ReferenceInput {
  std::string body;  ///< records as JSON {records: [...]}, CSV or a Parquet file
  record_input::Format format = record_input::Format::json;
  std::optional<std::pair<int64_t, int64_t>> window;  ///< instead: production records in [from, to)
  std::optional<DatasetChoice> dataset;               ///< instead: a training dataset a run logged
};

/// Monitors: one per deployment (made with its first prediction) or for a model served
/// elsewhere (records sent by API). Their configuration, reference data, records and labels.
class MonitorService {
 public:
  /// `artifacts` reads the training datasets runs logged (a reference from a dataset needs it).
  MonitorService(ServiceContext& ctx, MonitorIngest& ingest, ArtifactService* artifacts = nullptr)
      : ctx_(ctx), ingest_(ingest), artifacts_(artifacts) {}

  Result<std::vector<storage::monitoring::MonitorRecord>> list(const Caller& caller, const TrackingScope& scope);
  /// Body: {name, deployment?, config?}.
  Result<storage::monitoring::MonitorRecord> create(const Caller& caller, const TrackingScope& scope,
                                                    const nlohmann::json& body);
  Result<MonitorContext> get(const Caller& caller, const TrackingScope& scope, const std::string& ref,
                             Action action = Action::monitor_read);
  /// The monitor of a deployment (made now if its first prediction has not come yet).
  Result<MonitorContext> for_deployment(const Caller& caller, const TrackingScope& scope,
                                        const std::string& deployment_ref);
  /// Body: {config}.
  Result<MonitorContext> update(const Caller& caller, const TrackingScope& scope, const std::string& ref,
                                const nlohmann::json& body);
  Status remove(const Caller& caller, const TrackingScope& scope, const std::string& ref);
  /// Computes and stores the reference profile; returns its summary.
  Result<nlohmann::json> set_reference(const Caller& caller, const TrackingScope& scope, const std::string& ref,
                                       const ReferenceInput& input);
  /// Stores new records (an id seen before is skipped) and adds them to the statistics.
  Result<nlohmann::json> ingest(const Caller& caller, const TrackingScope& scope, const std::string& ref,
                                std::string_view body, bool csv);
  Result<nlohmann::json> label(const Caller& caller, const TrackingScope& scope, const std::string& ref,
                               std::string_view body, bool csv);

 private:
  ServiceContext& ctx_;
  MonitorIngest& ingest_;
  ArtifactService* artifacts_;
};

/// The monitor found in `c` for the scope's project, checked for `action`; 404 across projects.
Result<MonitorContext> monitor_for(storage::Connection& c, const Principal& p, const TrackingScope& scope,
                                   const std::string& ref, Action action);

}  // namespace cairn::service
