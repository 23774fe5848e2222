#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "service/tracking/tracking_access.hpp"
#include "storage/registry/registry_records.hpp"

/// Who may see and change which registered models. A model lives in one project; the registry
/// APIs address it by name within the project their scope names (native: the path's project;
/// MLflow: the /p/<org>/<project> prefix or the key's project).
namespace cairn::service {

struct ModelContext {
  ProjectContext project;
  storage::RegisteredModelRecord model;
};

/// The scope's project, checked for `action` (403), 404 when not visible.
Result<ProjectContext> registry_project(storage::Connection& c, const Principal& p, const TrackingScope& scope,
                                        Action action);

/// A model of the scope's project by name (or id), checked for `action`. A model of another
/// project or organization answers 404 like a missing one.
Result<ModelContext> model_for(storage::Connection& c, const Principal& p, const TrackingScope& scope,
                               const std::string& model_ref, Action action);

/// A version of the model (404 otherwise), with tags, metrics and aliases.
Result<storage::ModelVersionRecord> version_of(storage::Connection& c, const ModelContext& model, int64_t version);

/// How the caller appears in the registry (created_by, stage history): the user's email, or
/// "api-key:<id>" for keys.
Result<std::string> actor_name(storage::Connection& c, const Principal& p);

/// Records a version's event in the audit log: target "model_version" `<model id>/<version>`, named
/// "<model> v<version>" (the name outlives a deleted version).
Status audit_version(storage::Connection& c, const Caller& caller, const ModelContext& model, int64_t version,
                     std::string action, nlohmann::json details = nlohmann::json::object());

/// 403 unless the caller may move a version into production: the organization's
/// production_promotion setting says admins (default) or developers; viewers never may.
Status authorize_production(const Principal& p, const ProjectContext& project);

/// Checks a registered model name: 1-256 characters, no '/', no control characters.
Status validate_model_name(const std::string& name, const std::string& field = "name");

/// Native stage names <-> MLflow's ("None", "Staging", "Production", "Archived", any case).
std::optional<std::string> parse_stage(std::string_view text);
std::string mlflow_stage(std::string_view stage);

}  // namespace cairn::service
