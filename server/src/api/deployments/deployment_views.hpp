#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "service/deployments/deployment_service.hpp"
#include "storage/deployments/deployment_records.hpp"

/// How deployments look on the wire (api/openapi.yaml's Deployment, Revision, Environment).
namespace cairn::api::deployment_views {

/// The live part of a deployment's status (its workers) that only the supervisor knows.
using LiveStatus = std::function<nlohmann::json(const std::string& deployment_id)>;

nlohmann::json environment(const storage::EnvironmentRecord& e);
/// `base_path` is the deployment's own path (/api/v1/orgs/{org}/projects/{project}/deployments/{name}).
nlohmann::json deployment(const storage::DeploymentRecord& d, const std::string& base_path, const LiveStatus& live);
nlohmann::json revision(const storage::RevisionRecord& r);
nlohmann::json event(const storage::DeploymentEventRecord& e);
nlohmann::json change(const service::RevisionChange& c);

}  // namespace cairn::api::deployment_views
