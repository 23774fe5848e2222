// MLflow's model registry (/api/2.0/mlflow/registered-models/... and model-versions/...), as
// mlflow's REST client calls them. Models live in the call's project (the /p/<org>/<project>
// prefix or the API key's project), addressed by name.
#include "api/api.hpp"
#include "api/mlflow/mlflow_json.hpp"
#include "api/mlflow/mlflow_routes.hpp"
#include "common/text.hpp"
#include "service/registry/model_version_service.hpp"
#include "service/registry/registered_model_service.hpp"

namespace cairn::api {
namespace {

using namespace mlflow;

nlohmann::json version_json(const service::VersionView& view) {
  const auto& v = view.version;
  nlohmann::json aliases = nlohmann::json::array();
  for (const auto& a : v.aliases) aliases.push_back(a);
  nlohmann::json out = {{"name", view.model_name},
                        {"version", std::to_string(v.version)},
                        {"creation_timestamp", v.created_at},
                        {"last_updated_timestamp", v.updated_at},
                        {"user_id", v.created_by},
                        {"current_stage", service::mlflow_stage(v.stage)},
                        {"description", v.description},
                        {"source", v.source_uri},
                        {"run_id", v.run_id.value_or("")},
                        {"status", "READY"},
                        {"status_message", ""},
                        {"tags", key_values_json(v.tags)},
                        {"run_link", ""},
                        {"aliases", aliases}};
  if (v.logged_model_id) out["model_id"] = *v.logged_model_id;
  return out;
}

nlohmann::json model_json(const storage::RegisteredModelRecord& m, const std::vector<service::VersionView>& latest) {
  nlohmann::json aliases = nlohmann::json::array();
  for (const auto& [alias, version] : m.aliases)
    aliases.push_back({{"alias", alias}, {"version", std::to_string(version)}});
  nlohmann::json out = {{"name", m.name},
                        {"creation_timestamp", m.created_at},
                        {"last_updated_timestamp", m.updated_at},
                        {"description", m.description},
                        {"tags", key_values_json(m.tags)},
                        {"aliases", aliases}};
  if (!latest.empty()) {
    out["latest_versions"] = nlohmann::json::array();
    for (const auto& v : latest) out["latest_versions"].push_back(version_json(v));
  }
  return out;
}

Result<int64_t> version_field(const nlohmann::json& f) {
  CAIRN_TRY_ASSIGN(auto version, optional_int64(f, "version"));
  if (!version)
    return Error{ErrorCode::validation_failed, "Missing value for required parameter 'version'.", "version"};
  if (*version < 1) {
    return Error{ErrorCode::validation_failed, "Parameter 'version' must be a positive integer.", "version"};
  }
  return *version;
}

Result<std::vector<std::string>> stage_list(const nlohmann::json& f) {
  CAIRN_TRY_ASSIGN(auto stages, string_list(f, "stages"));
  std::vector<std::string> out;
  for (const auto& s : stages) {
    auto stage = service::parse_stage(s);
    if (!stage) {
      return Error{ErrorCode::validation_failed,
                   "Invalid Model Version stage: " + s + ". Value must be one of None, Staging, Production, Archived.",
                   "stages"};
    }
    out.push_back(*stage);
  }
  return out;
}

}  // namespace

void add_mlflow_registry_routes(Api& api, service::RegisteredModelService& registered_models,
                                service::ModelVersionService& model_versions) {
  const std::string models = "/api/2.0/mlflow/registered-models/";
  const std::string versions = "/api/2.0/mlflow/model-versions/";
  // A model with its newest version per stage, as MLflow answers it.
  auto model_response = [&model_versions](const service::Caller& caller, const service::TrackingScope& scope,
                                          const storage::RegisteredModelRecord& m) -> Result<http::Response> {
    CAIRN_TRY_ASSIGN(auto latest, model_versions.latest_versions_of(caller, scope, {m}));
    return json_result(200, {{"registered_model", model_json(m, latest[0])}});
  };

  std::vector<MlflowRoute> routes = {
      {"POST", models + "create",
       [&registered_models, model_response](http::Request& req, const service::Caller& caller,
                                            const nlohmann::json& f) -> Result<http::Response> {
         service::ModelCreate input;
         CAIRN_TRY_ASSIGN(input.name, required_string(f, "name", 256));
         CAIRN_TRY_ASSIGN(auto description, optional_string(f, "description", 5000));
         input.description = description.value_or("");
         CAIRN_TRY_ASSIGN(input.tags, key_values(f, "tags"));
         CAIRN_TRY_ASSIGN(auto created, registered_models.create_model(caller, tracking_scope(req), input));
         return model_response(caller, tracking_scope(req), created);
       }},
      {"GET", models + "get",
       [&registered_models, model_response](http::Request& req, const service::Caller& caller,
                                            const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto name, required_string(f, "name", 256));
         CAIRN_TRY_ASSIGN(auto model, registered_models.get_model(caller, tracking_scope(req), name));
         return model_response(caller, tracking_scope(req), model);
       }},
      {"POST", models + "rename",
       [&registered_models, model_response](http::Request& req, const service::Caller& caller,
                                            const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto name, required_string(f, "name", 256));
         service::ModelUpdate update;
         CAIRN_TRY_ASSIGN(auto new_name, required_string(f, "new_name", 256));
         update.name = new_name;
         CAIRN_TRY_ASSIGN(auto model, registered_models.update_model(caller, tracking_scope(req), name, update));
         return model_response(caller, tracking_scope(req), model);
       }},
      {"PATCH", models + "update",
       [&registered_models, model_response](http::Request& req, const service::Caller& caller,
                                            const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto name, required_string(f, "name", 256));
         service::ModelUpdate update;
         CAIRN_TRY_ASSIGN(update.description, optional_string(f, "description", 5000));
         CAIRN_TRY_ASSIGN(auto model, registered_models.update_model(caller, tracking_scope(req), name, update));
         return model_response(caller, tracking_scope(req), model);
       }},
      {"DELETE", models + "delete",
       [&registered_models](http::Request& req, const service::Caller& caller,
                            const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto name, required_string(f, "name", 256));
         CAIRN_TRY(registered_models.delete_model(caller, tracking_scope(req), name));
         return empty_ok();
       }},
      {"GET", models + "search",
       [&registered_models, &model_versions](http::Request& req, const service::Caller& caller,
                                             const nlohmann::json& f) -> Result<http::Response> {
         service::ModelSearchRequest search;
         CAIRN_TRY_ASSIGN(auto filter_text, optional_string(f, "filter", 10000));
         search.filter = filter_text.value_or("");
         CAIRN_TRY_ASSIGN(search.order_by, string_list(f, "order_by"));
         CAIRN_TRY_ASSIGN(search.max_results, optional_int64(f, "max_results"));
         CAIRN_TRY_ASSIGN(search.page_token, optional_string(f, "page_token", 1024));
         CAIRN_TRY_ASSIGN(auto list, registered_models.search_models(caller, tracking_scope(req), search));
         CAIRN_TRY_ASSIGN(auto latest, model_versions.latest_versions_of(caller, tracking_scope(req), list.models));
         nlohmann::json out = {{"registered_models", nlohmann::json::array()}};
         for (std::size_t i = 0; i < list.models.size(); ++i) {
           out["registered_models"].push_back(model_json(list.models[i], latest[i]));
         }
         if (list.next_cursor) out["next_page_token"] = *list.next_cursor;
         return json_result(200, out);
       }},
      {"POST", models + "get-latest-versions",
       [&model_versions](http::Request& req, const service::Caller& caller,
                         const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto name, required_string(f, "name", 256));
         CAIRN_TRY_ASSIGN(auto stages, stage_list(f));
         CAIRN_TRY_ASSIGN(auto latest, model_versions.latest_versions(caller, tracking_scope(req), name, stages));
         nlohmann::json list = nlohmann::json::array();
         for (const auto& v : latest) list.push_back(version_json(v));
         return json_result(200, {{"model_versions", list}});
       }},
      {"POST", models + "set-tag",
       [&registered_models](http::Request& req, const service::Caller& caller,
                            const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto name, required_string(f, "name", 256));
         CAIRN_TRY_ASSIGN(auto key, required_string(f, "key", 250));
         // A tag's value may be empty (required_string would refuse it), not absent.
         CAIRN_TRY_ASSIGN(auto value, optional_string(f, "value", 5000));
         if (!value)
           return Error{ErrorCode::validation_failed, "Missing value for required parameter 'value'.", "value"};
         if (key.empty())
           return Error{ErrorCode::validation_failed, "Missing value for required parameter 'key'.", "key"};
         CAIRN_TRY(registered_models.set_model_tag(caller, tracking_scope(req), name, key, *value));
         return empty_ok();
       }},
      {"DELETE", models + "delete-tag",
       [&registered_models](http::Request& req, const service::Caller& caller,
                            const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto name, required_string(f, "name", 256));
         CAIRN_TRY_ASSIGN(auto key, required_string(f, "key", 250));
         CAIRN_TRY(registered_models.delete_model_tag(caller, tracking_scope(req), name, key));
         return empty_ok();
       }},
      {"POST", models + "alias",
       [&model_versions](http::Request& req, const service::Caller& caller,
                         const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto name, required_string(f, "name", 256));
         CAIRN_TRY_ASSIGN(auto alias, required_string(f, "alias", 255));
         CAIRN_TRY_ASSIGN(auto version, version_field(f));
         CAIRN_TRY(model_versions.set_alias(caller, tracking_scope(req), name, alias, version));
         return empty_ok();
       }},
      {"DELETE", models + "alias",
       [&model_versions](http::Request& req, const service::Caller& caller,
                         const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto name, required_string(f, "name", 256));
         CAIRN_TRY_ASSIGN(auto alias, required_string(f, "alias", 255));
         // A name no alias can have is a malformed request, not an alias that is already gone.
         CAIRN_TRY(service::validate_alias(alias));
         CAIRN_TRY(model_versions.delete_alias(caller, tracking_scope(req), name, alias));
         return empty_ok();
       }},
      {"GET", models + "alias",
       [&registered_models, &model_versions](http::Request& req, const service::Caller& caller,
                                             const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto name, required_string(f, "name", 256));
         CAIRN_TRY_ASSIGN(auto alias, required_string(f, "alias", 255));
         CAIRN_TRY_ASSIGN(auto model, registered_models.get_model(caller, tracking_scope(req), name));
         // MLflow resolves `latest` to the newest version, and answers a missing alias of an existing
         // model with INVALID_PARAMETER_VALUE.
         if (ascii_lower(alias) == "latest") {
           if (!model.latest_version) {
             return Error{ErrorCode::validation_failed, "Registered model " + name + " has no versions.", "alias"};
           }
           CAIRN_TRY_ASSIGN(auto newest,
                            model_versions.get_version(caller, tracking_scope(req), model.id, *model.latest_version));
           return json_result(200, {{"model_version", version_json(newest)}});
         }
         auto view = model_versions.version_by_alias(caller, tracking_scope(req), model.id, alias);
         if (!view.ok() && view.error().code == ErrorCode::not_found) {
           return Error{ErrorCode::validation_failed, "Registered model alias " + alias + " not found.", "alias"};
         }
         if (!view.ok()) return std::move(view).error();
         return json_result(200, {{"model_version", version_json(*view)}});
       }},
      {"POST", versions + "create",
       [&model_versions](http::Request& req, const service::Caller& caller,
                         const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto name, required_string(f, "name", 256));
         service::VersionCreate input;
         CAIRN_TRY_ASSIGN(auto source, required_string(f, "source", 4096));
         input.mlflow_source = source;
         CAIRN_TRY_ASSIGN(input.run_id, optional_string(f, "run_id", 64));
         if (input.run_id && input.run_id->empty()) input.run_id.reset();
         CAIRN_TRY_ASSIGN(auto description, optional_string(f, "description", 5000));
         input.description = description.value_or("");
         CAIRN_TRY_ASSIGN(input.tags, key_values(f, "tags"));
         CAIRN_TRY_ASSIGN(auto created, model_versions.create_version(caller, tracking_scope(req), name, input));
         return json_result(200, {{"model_version", version_json(created.first)}});
       }},
      {"GET", versions + "get",
       [&model_versions](http::Request& req, const service::Caller& caller,
                         const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto name, required_string(f, "name", 256));
         CAIRN_TRY_ASSIGN(auto version, version_field(f));
         CAIRN_TRY_ASSIGN(auto view, model_versions.get_version(caller, tracking_scope(req), name, version));
         return json_result(200, {{"model_version", version_json(view)}});
       }},
      {"PATCH", versions + "update",
       [&model_versions](http::Request& req, const service::Caller& caller,
                         const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto name, required_string(f, "name", 256));
         CAIRN_TRY_ASSIGN(auto version, version_field(f));
         CAIRN_TRY_ASSIGN(auto description, optional_string(f, "description", 5000));
         CAIRN_TRY_ASSIGN(auto view, model_versions.update_version(caller, tracking_scope(req), name, version,
                                                                   description.value_or("")));
         return json_result(200, {{"model_version", version_json(view)}});
       }},
      {"POST", versions + "transition-stage",
       [&model_versions](http::Request& req, const service::Caller& caller,
                         const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto name, required_string(f, "name", 256));
         CAIRN_TRY_ASSIGN(auto version, version_field(f));
         CAIRN_TRY_ASSIGN(auto stage, required_string(f, "stage", 32));
         if (!service::parse_stage(stage)) {
           return Error{
               ErrorCode::validation_failed,
               "Invalid Model Version stage: " + stage + ". Value must be one of None, Staging, Production, Archived.",
               "stage"};
         }
         const bool archive = f.contains("archive_existing_versions") &&
                              (f["archive_existing_versions"] == true || f["archive_existing_versions"] == "true");
         CAIRN_TRY_ASSIGN(auto view, model_versions.transition_stage(caller, tracking_scope(req), name, version, stage,
                                                                     "", archive));
         return json_result(200, {{"model_version", version_json(view)}});
       }},
      {"DELETE", versions + "delete",
       [&model_versions](http::Request& req, const service::Caller& caller,
                         const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto name, required_string(f, "name", 256));
         CAIRN_TRY_ASSIGN(auto version, version_field(f));
         CAIRN_TRY(model_versions.delete_version(caller, tracking_scope(req), name, version));
         return empty_ok();
       }},
      {"GET", versions + "search",
       [&model_versions](http::Request& req, const service::Caller& caller,
                         const nlohmann::json& f) -> Result<http::Response> {
         service::VersionSearchRequest search;
         CAIRN_TRY_ASSIGN(auto filter_text, optional_string(f, "filter", 10000));
         search.filter = filter_text.value_or("");
         CAIRN_TRY_ASSIGN(search.max_results, optional_int64(f, "max_results"));
         CAIRN_TRY_ASSIGN(search.page_token, optional_string(f, "page_token", 1024));
         CAIRN_TRY_ASSIGN(auto page, model_versions.search_versions(caller, tracking_scope(req), search));
         nlohmann::json out = {{"model_versions", nlohmann::json::array()}};
         for (const auto& v : page.versions) out["model_versions"].push_back(version_json(v));
         if (page.next_token) out["next_page_token"] = *page.next_token;
         return json_result(200, out);
       }},
      {"GET", versions + "get-download-uri",
       [&model_versions](http::Request& req, const service::Caller& caller,
                         const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto name, required_string(f, "name", 256));
         CAIRN_TRY_ASSIGN(auto version, version_field(f));
         CAIRN_TRY_ASSIGN(auto view, model_versions.get_version(caller, tracking_scope(req), name, version));
         return json_result(200, {{"artifact_uri", service::ModelVersionService::download_uri(view.version)}});
       }},
      {"POST", versions + "set-tag",
       [&model_versions](http::Request& req, const service::Caller& caller,
                         const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto name, required_string(f, "name", 256));
         CAIRN_TRY_ASSIGN(auto version, version_field(f));
         CAIRN_TRY_ASSIGN(auto key, required_string(f, "key", 250));
         // A tag's value may be empty (required_string would refuse it), not absent.
         CAIRN_TRY_ASSIGN(auto value, optional_string(f, "value", 5000));
         if (!value)
           return Error{ErrorCode::validation_failed, "Missing value for required parameter 'value'.", "value"};
         if (key.empty())
           return Error{ErrorCode::validation_failed, "Missing value for required parameter 'key'.", "key"};
         CAIRN_TRY(model_versions.set_version_tag(caller, tracking_scope(req), name, version, key, *value));
         return empty_ok();
       }},
      {"DELETE", versions + "delete-tag",
       [&model_versions](http::Request& req, const service::Caller& caller,
                         const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto name, required_string(f, "name", 256));
         CAIRN_TRY_ASSIGN(auto version, version_field(f));
         CAIRN_TRY_ASSIGN(auto key, required_string(f, "key", 250));
         CAIRN_TRY(model_versions.delete_version_tag(caller, tracking_scope(req), name, version, key));
         return empty_ok();
       }},
  };
  add_mlflow_routes(api, std::move(routes));
}

}  // namespace cairn::api
