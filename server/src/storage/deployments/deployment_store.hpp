#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "storage/deployments/deployment_records.hpp"

/// Environments, deployments, revisions and deployment events, as free functions on a
/// Connection. Callers scope every lookup by project; `find_by_endpoint` and `list_active` are
/// the server-wide lookups of the inference paths and the supervisor.
namespace cairn::storage::deployments {

Result<std::vector<EnvironmentRecord>> list_environments(Connection& c, const std::string& project_id);
Result<std::optional<EnvironmentRecord>> find_environment(Connection& c, const std::string& project_id,
                                                          const std::string& name);
/// Conflict when the name is taken in the project.
Status insert_environment(Connection& c, const EnvironmentRecord& e);
Status update_environment(Connection& c, const std::string& id, const std::string& name,
                          const std::string& description);
Status remove_environment(Connection& c, const std::string& id);

Result<std::vector<DeploymentRecord>> list(Connection& c, const std::string& project_id,
                                           const std::optional<std::string>& environment_id);
/// By name or id within the project.
Result<std::optional<DeploymentRecord>> find(Connection& c, const std::string& project_id, const std::string& ref);
Result<std::optional<DeploymentRecord>> find_by_endpoint(Connection& c, const std::string& endpoint_name);
Result<std::optional<DeploymentRecord>> find_by_id(Connection& c, const std::string& id);
/// Every deployment this server should be running (desired running, local target), all orgs.
Result<std::vector<DeploymentRecord>> list_active(Connection& c);
/// Deployments that follow an alias or a stage of `model_id`.
Result<std::vector<DeploymentRecord>> list_following(Connection& c, const std::string& model_id);
/// Conflict when the name (in the project) or the endpoint name (server-wide) is taken.
Status insert(Connection& c, const DeploymentRecord& d);
Status update_source(Connection& c, const std::string& id, const std::string& model_id, const std::string& kind,
                     const std::string& value, int64_t now);
Status set_revision(Connection& c, const std::string& id, int64_t revision, int64_t now);
Status set_desired_state(Connection& c, const std::string& id, const std::string& desired, int64_t now);
Status set_traffic(Connection& c, const std::string& id, const std::string& traffic_json, int64_t now);
/// Records the observed state; a no-op (false) when it is unchanged.
Result<bool> set_state(Connection& c, const std::string& id, const std::string& state, const std::string& reason,
                       int64_t now);
Status remove(Connection& c, const std::string& id);

Status insert_revision(Connection& c, const RevisionRecord& r);
Result<std::vector<RevisionRecord>> list_revisions(Connection& c, const std::string& deployment_id);
Result<std::optional<RevisionRecord>> find_revision(Connection& c, const std::string& deployment_id, int64_t number);

Status append_event(Connection& c, const std::string& deployment_id, int64_t at, const std::string& actor,
                    const std::string& kind, const std::string& message);
/// Newest first.
Result<std::vector<DeploymentEventRecord>> list_events(Connection& c, const std::string& deployment_id, int limit);

}  // namespace cairn::storage::deployments
