// MLflow's experiment endpoints (/api/2.0/mlflow/experiments/...), as mlflow's REST client calls them.
#include "api/api.hpp"
#include "api/mlflow/mlflow_json.hpp"
#include "api/mlflow/mlflow_routes.hpp"

namespace cairn::api {
namespace {

using namespace mlflow;

}  // namespace

void add_mlflow_experiment_routes(Api& api) {
  auto& experiments = api.services().experiments;
  const std::string base = "/api/2.0/mlflow/experiments/";

  auto search = [&experiments](http::Request& req, const service::Caller& caller,
                               const nlohmann::json& f) -> Result<http::Response> {
    service::ExperimentSearch s;
    CAIRN_TRY_ASSIGN(auto max_results, optional_int64(f, "max_results"));
    if (max_results && (*max_results < 1 || *max_results > 50000)) {
      return Error{ErrorCode::validation_failed,
                   "Invalid value " + std::to_string(*max_results) + " for parameter 'max_results' supplied.",
                   "max_results"};
    }
    s.max_results = static_cast<int>(max_results.value_or(1000));
    CAIRN_TRY_ASSIGN(auto filter, optional_string(f, "filter", 10000));
    s.filter = filter.value_or("");
    CAIRN_TRY_ASSIGN(s.order_by, string_list(f, "order_by"));
    CAIRN_TRY_ASSIGN(s.view, view_type(f, "view_type"));
    CAIRN_TRY_ASSIGN(auto token, optional_string(f, "page_token", 1000));
    CAIRN_TRY_ASSIGN(s.offset, offset_of(token));
    CAIRN_TRY_ASSIGN(auto page, experiments.search(caller, tracking_scope(req), s));
    nlohmann::json list = nlohmann::json::array();
    for (const auto& e : page.experiments) list.push_back(experiment_json(e));
    nlohmann::json out = {{"experiments", list}};
    if (page.next_offset >= 0) out["next_page_token"] = page_token(page.next_offset);
    return json_result(200, out);
  };

  // delete and restore differ only in the lifecycle they set.
  auto set_deleted = [&experiments](bool deleted) {
    return [&experiments, deleted](http::Request& req, const service::Caller& caller,
                                   const nlohmann::json& f) -> Result<http::Response> {
      CAIRN_TRY_ASSIGN(auto id, required_string(f, "experiment_id", 64));
      CAIRN_TRY(experiments.set_deleted(caller, tracking_scope(req), id, deleted));
      return empty_ok();
    };
  };

  std::vector<MlflowRoute> routes = {
      {"POST", base + "create",
       [&experiments](http::Request& req, const service::Caller& caller,
                      const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto name, required_string(f, "name", 500));
         CAIRN_TRY_ASSIGN(auto location, optional_string(f, "artifact_location", 2000));
         CAIRN_TRY_ASSIGN(auto tags, key_values(f, "tags"));
         CAIRN_TRY_ASSIGN(auto created, experiments.create(caller, tracking_scope(req), name, location, tags));
         return json_result(200, {{"experiment_id", created.id}});
       }},
      {"GET", base + "get",
       [&experiments](http::Request& req, const service::Caller& caller,
                      const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto id, required_string(f, "experiment_id", 64));
         CAIRN_TRY_ASSIGN(auto experiment, experiments.get(caller, tracking_scope(req), id));
         return json_result(200, {{"experiment", experiment_json(experiment)}});
       }},
      {"GET", base + "get-by-name",
       [&experiments](http::Request& req, const service::Caller& caller,
                      const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto name, required_string(f, "experiment_name", 500));
         CAIRN_TRY_ASSIGN(auto experiment, experiments.get_by_name(caller, tracking_scope(req), name));
         return json_result(200, {{"experiment", experiment_json(experiment)}});
       }},
      {"POST", base + "search", search},
      {"GET", base + "search", search},
      {"POST", base + "update",
       [&experiments](http::Request& req, const service::Caller& caller,
                      const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto id, required_string(f, "experiment_id", 64));
         CAIRN_TRY_ASSIGN(auto name, optional_string(f, "new_name", 500));
         if (name) {
           if (name->empty()) return Error{ErrorCode::validation_failed, "Invalid experiment name: ''", "new_name"};
           CAIRN_TRY(
               experiments.update(caller, tracking_scope(req), id, service::ExperimentChanges{*name, std::nullopt}));
         }
         return empty_ok();
       }},
      {"POST", base + "delete", set_deleted(true)},
      {"POST", base + "restore", set_deleted(false)},
      {"POST", base + "set-experiment-tag",
       [&experiments](http::Request& req, const service::Caller& caller,
                      const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto id, required_string(f, "experiment_id", 64));
         CAIRN_TRY_ASSIGN(auto key, required_string(f, "key", 250));
         CAIRN_TRY_ASSIGN(auto value, optional_string(f, "value", 5000));
         CAIRN_TRY(experiments.set_tag(caller, tracking_scope(req), id, key, value.value_or("")));
         return empty_ok();
       }},
      {"POST", base + "delete-experiment-tag",
       [&experiments](http::Request& req, const service::Caller& caller,
                      const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto id, required_string(f, "experiment_id", 64));
         CAIRN_TRY_ASSIGN(auto key, required_string(f, "key", 250));
         CAIRN_TRY(experiments.delete_tag(caller, tracking_scope(req), id, key));
         return empty_ok();
       }},
  };
  add_mlflow_routes(api, std::move(routes));
}

}  // namespace cairn::api
