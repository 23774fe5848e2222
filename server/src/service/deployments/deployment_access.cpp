#include "service/deployments/deployment_access.hpp"

#include "common/json_number.hpp"
#include "storage/deployments/deployment_store.hpp"
#include "storage/registry/model_version_store.hpp"

namespace cairn::service {

Result<DeploymentContext> deployment_for(storage::Connection& c, const Principal& p, const TrackingScope& scope,
                                         const std::string& ref, Action action) {
  auto missing = [&] { return Error::not_found("deployment '" + ref + "'"); };
  if (ref.empty() || ref.size() > 256) return missing();
  // Visibility first: a caller who may not see the project learns nothing about its deployments.
  // A key that may only predict still sees the deployment it calls.
  CAIRN_TRY_ASSIGN(auto project,
                   resolve_scope(c, p, scope, action == Action::predict ? Action::predict : Action::deployment_read));
  CAIRN_TRY_ASSIGN(auto found, storage::deployments::find(c, project.project.project.id, ref));
  if (!found) return missing();
  if (action == Action::deployment_write)
    CAIRN_TRY(authorize_environment(p, project, found->environment_tier));
  else
    CAIRN_TRY(authorize(p, action, project.project.role));
  return DeploymentContext{std::move(project), std::move(*found)};
}

Status authorize_environment(const Principal& p, const ProjectContext& project, const std::string& tier) {
  CAIRN_TRY(authorize(p, Action::deployment_write, project.project.role));
  if (tier != "production") return {};
  auto settings = nlohmann::json::parse(project.org.org.settings, nullptr, false);
  const bool developers = settings.is_object() && settings.value("production_promotion", "admins") == "developers";
  if (developers) return {};
  auto allowed = authorize(p, Action::deployment_promote_production, project.project.role);
  if (!allowed.ok())
    return Error::forbidden(
        "deploying to a production environment requires the admin role (the organization's production_promotion "
        "setting)");
  return {};
}

Result<ModelSourceRef> parse_source(const nlohmann::json& source, const std::string& field) {
  if (!source.is_object()) return Error::validation(field, "must be an object {model, version | alias | stage}");
  ModelSourceRef ref;
  auto model = source.find("model");
  if (model == source.end() || !model->is_string() || model->get<std::string>().empty())
    return Error::validation(field + ".model", "the registered model's name is required");
  ref.model = model->get<std::string>();
  CAIRN_TRY(validate_model_name(ref.model, field + ".model"));
  int given = 0;
  for (const auto& [key, value] : source.items()) {
    if (key == "model") continue;
    if (key == "version") {
      const auto version = whole_number_in(value, 1, INT64_MAX);
      if (!version) return Error::validation(field + ".version", "must be a positive integer");
      ref.kind = "version";
      ref.value = std::to_string(*version);
    } else if (key == "alias") {
      if (!value.is_string() || value.get<std::string>().empty() || value.get<std::string>().size() > 256)
        return Error::validation(field + ".alias", "must be an alias name");
      ref.kind = "alias";
      ref.value = value.get<std::string>();
      if (!ref.value.empty() && ref.value.front() == '@') ref.value.erase(0, 1);
    } else if (key == "stage") {
      auto stage = value.is_string() ? parse_stage(value.get<std::string>()) : std::nullopt;
      if (!stage || *stage == "archived")
        return Error::validation(field + ".stage", "must be one of development, staging, production");
      ref.kind = "stage";
      ref.value = *stage;
    } else {
      return Error::validation(field + "." + key, "unknown field");
    }
    ++given;
  }
  if (given != 1) return Error::validation(field, "give exactly one of version, alias, stage");
  return ref;
}

Result<int64_t> resolve_version(storage::Connection& c, const std::string& model_id, const std::string& model_name,
                                const std::string& kind, const std::string& value) {
  if (kind == "version") {
    const int64_t version = std::stoll(value);
    CAIRN_TRY_ASSIGN(auto found, storage::model_versions::find(c, model_id, version));
    if (!found) return Error::not_found("version " + value + " of registered model '" + model_name + "'");
    return version;
  }
  if (kind == "alias") {
    CAIRN_TRY_ASSIGN(auto version, storage::model_versions::alias_version(c, model_id, value));
    if (!version) return Error::not_found("alias '@" + value + "' of registered model '" + model_name + "'");
    return *version;
  }
  CAIRN_TRY_ASSIGN(auto rows, c.query("SELECT MAX(version) FROM model_versions WHERE model_id = ? AND stage = ?",
                                      {model_id, value}));
  if (rows.empty() || rows[0].is_null(0))
    return Error::conflict("registered model '" + model_name + "' has no version in stage " + value);
  return rows[0].int64(0);
}

}  // namespace cairn::service
