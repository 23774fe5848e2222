#include "service/registry/registry_access.hpp"

#include <nlohmann/json.hpp>

#include "common/text.hpp"
#include "service/tenancy/audit_trail.hpp"
#include "storage/identity/user_store.hpp"
#include "storage/registry/model_version_store.hpp"
#include "storage/registry/registered_model_store.hpp"

namespace cairn::service {

Result<ProjectContext> registry_project(storage::Connection& c, const Principal& p, const TrackingScope& scope,
                                        Action action) {
  return resolve_scope(c, p, scope, action);
}

Result<ModelContext> model_for(storage::Connection& c, const Principal& p, const TrackingScope& scope,
                               const std::string& model_ref, Action action) {
  auto missing = [&] { return Error::not_found("registered model '" + model_ref + "'"); };
  if (model_ref.empty() || model_ref.size() > 256) return missing();
  // Visibility first: a caller who may not see the project learns nothing about its models.
  CAIRN_TRY_ASSIGN(auto project, resolve_scope(c, p, scope, Action::registry_read));
  // A name no model may have (a control character, a '/') names none; and PostgreSQL could not even
  // compare a NUL, so it is answered here on both databases alike.
  if (!validate_model_name(model_ref, "name").ok()) return missing();
  const auto& project_id = project.project.project.id;
  CAIRN_TRY_ASSIGN(auto model, storage::registered_models::find_by_name(c, project_id, model_ref));
  if (!model) {
    CAIRN_TRY_ASSIGN(model, storage::registered_models::find(c, project_id, model_ref));
  }
  if (!model) return missing();
  CAIRN_TRY(authorize(p, action, project.project.role));
  return ModelContext{std::move(project), std::move(*model)};
}

Result<storage::ModelVersionRecord> version_of(storage::Connection& c, const ModelContext& model, int64_t version) {
  CAIRN_TRY_ASSIGN(auto found, storage::model_versions::find(c, model.model.id, version));
  if (!found) {
    return Error::not_found("version " + std::to_string(version) + " of registered model '" + model.model.name + "'");
  }
  return std::move(*found);
}

Result<std::string> actor_name(storage::Connection& c, const Principal& p) {
  if (p.is_key()) return "api-key:" + p.api_key_id;
  CAIRN_TRY_ASSIGN(auto user, storage::users::find_by_id(c, p.user_id));
  return user ? user->email : p.user_id;
}

Status audit_version(storage::Connection& c, const Caller& caller, const ModelContext& model, int64_t version,
                     std::string action, nlohmann::json details) {
  details["target_name"] = model.model.name + " v" + std::to_string(version);
  details["model"] = model.model.name;
  details["version"] = version;
  return record_audit(c, caller, model.model.org_id, std::move(action), "model_version",
                      model.model.id + "/" + std::to_string(version), std::move(details));
}

Status authorize_production(const Principal& p, const ProjectContext& project) {
  auto settings = nlohmann::json::parse(project.org.org.settings, nullptr, false);
  const bool developers = settings.is_object() && settings.value("production_promotion", "admins") == "developers";
  return authorize(p, developers ? Action::registry_write : Action::registry_promote_production, project.project.role);
}

Status validate_model_name(const std::string& name, const std::string& field) {
  if (name.empty()) return Error::validation(field, "a model name is required");
  if (name.size() > 256) return Error::validation(field, "a model name has at most 256 characters");
  for (unsigned char ch : name) {
    if (ch == '/') return Error::validation(field, "a model name cannot contain '/'");
    if (ch < 0x20 || ch == 0x7f) return Error::validation(field, "a model name cannot contain control characters");
  }
  return {};
}

std::optional<std::string> parse_stage(std::string_view text) {
  const std::string lower = ascii_lower(text);
  if (lower == "none" || lower == "development") return "development";
  if (lower == "staging" || lower == "production" || lower == "archived") return lower;
  return std::nullopt;
}

std::string mlflow_stage(std::string_view stage) {
  if (stage == "staging") return "Staging";
  if (stage == "production") return "Production";
  if (stage == "archived") return "Archived";
  return "None";
}

}  // namespace cairn::service
