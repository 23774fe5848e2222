#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "service/registry/registry_access.hpp"
#include "storage/deployments/deployment_records.hpp"

/// Who may see and change which deployments, and how a deployment's source resolves to a version.
/// Deployments read the registry (a source names a registered model and a version, alias or stage).
namespace cairn::service {

struct DeploymentContext {
  ProjectContext project;
  storage::DeploymentRecord deployment;
};

/// A deployment of the scope's project by name or id, checked for `action`; another project's or
/// organization's answers 404 like a missing one.
Result<DeploymentContext> deployment_for(storage::Connection& c, const Principal& p, const TrackingScope& scope,
                                         const std::string& ref, Action action);

/// 403 unless the caller may change deployments of an environment of `tier`: production follows
/// the organization's production_promotion setting, the others need deployment_write.
Status authorize_environment(const Principal& p, const ProjectContext& project, const std::string& tier);

/// What a deployment serves: a registered model and how to pick its version.
struct ModelSourceRef {
  std::string model;  ///< name or id
  std::string kind;   ///< version | alias | stage
  std::string value;  ///< "3", "champion", "production"
};

/// Reads `{model, version | alias | stage}` (exactly one of the three) from JSON; `field` prefixes errors.
Result<ModelSourceRef> parse_source(const nlohmann::json& source, const std::string& field = "source");

/// The version a source names now: a version must exist, an alias must be set, a stage must hold
/// a version (its newest). 404 / 409 with a message a person can act on.
Result<int64_t> resolve_version(storage::Connection& c, const std::string& model_id, const std::string& model_name,
                                const std::string& kind, const std::string& value);

}  // namespace cairn::service
