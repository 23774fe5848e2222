// MLflow 3 logged models (/api/2.0/mlflow/logged-models/...) and run outputs.
#include "api/api.hpp"
#include "api/mlflow/mlflow_json.hpp"

namespace cairn::api {
namespace {

using namespace mlflow;

http::Response model_response(const storage::LoggedModelRecord& m) {
  return json_result(200, {{"model", logged_model_json(m)}});
}

}  // namespace

void add_mlflow_logged_model_routes(Api& api, service::LoggedModelService& models) {
  const std::string base = "/api/2.0/mlflow/logged-models";
  auto add = [&api](const char* method, std::string path, Endpoint endpoint) {
    add_mlflow_route(api, method, std::move(path), std::move(endpoint));
  };

  add("POST", base, [&models](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
    CAIRN_TRY_ASSIGN(auto f, request_fields(req));
    service::LoggedModelCreate input;
    CAIRN_TRY_ASSIGN(input.experiment_id, required_string(f, "experiment_id", 64));
    CAIRN_TRY_ASSIGN(input.name, optional_string(f, "name", 500));
    CAIRN_TRY_ASSIGN(input.model_type, optional_string(f, "model_type", 500));
    CAIRN_TRY_ASSIGN(input.source_run_id, optional_string(f, "source_run_id", 64));
    CAIRN_TRY_ASSIGN(input.params, key_values(f, "params"));
    CAIRN_TRY_ASSIGN(input.tags, key_values(f, "tags"));
    CAIRN_TRY_ASSIGN(auto model, models.create(caller, tracking_scope(req), input));
    return model_response(model);
  });

  add("GET", base + "/{model_id}",
      [&models](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        const bool allow_deleted = req.query("allow_deleted").value_or("") == "true";
        CAIRN_TRY_ASSIGN(auto model, models.get(caller, req.param("model_id"), allow_deleted));
        return model_response(model);
      });

  add("PATCH", base + "/{model_id}",
      [&models](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto f, request_fields(req));
        CAIRN_TRY_ASSIGN(auto status, required_string(f, "status", 64));
        CAIRN_TRY_ASSIGN(auto model, models.finalize(caller, req.param("model_id"), status));
        return model_response(model);
      });

  add("DELETE", base + "/{model_id}",
      [&models](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY(models.remove(caller, req.param("model_id")));
        return json_result(200, nlohmann::json::object());
      });

  add("POST", base + "/{model_id}/params",
      [&models](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto f, request_fields(req));
        CAIRN_TRY_ASSIGN(auto params, key_values(f, "params"));
        CAIRN_TRY(models.log_params(caller, req.param("model_id"), params));
        return json_result(200, nlohmann::json::object());
      });

  add("PATCH", base + "/{model_id}/tags",
      [&models](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto f, request_fields(req));
        CAIRN_TRY_ASSIGN(auto tags, key_values(f, "tags"));
        CAIRN_TRY(models.set_tags(caller, req.param("model_id"), tags));
        return json_result(200, nlohmann::json::object());
      });

  add("DELETE", base + "/{model_id}/tags/{tag_key}",
      [&models](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY(models.delete_tag(caller, req.param("model_id"), req.param("tag_key")));
        return json_result(200, nlohmann::json::object());
      });

  add("POST", base + "/search", [&models](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
    CAIRN_TRY_ASSIGN(auto f, request_fields(req));
    CAIRN_TRY_ASSIGN(auto experiment_ids, string_list(f, "experiment_ids"));
    CAIRN_TRY_ASSIGN(auto filter, optional_string(f, "filter", 10000));
    CAIRN_TRY_ASSIGN(auto max_results, optional_int64(f, "max_results"));
    const int limit = static_cast<int>(std::clamp<int64_t>(max_results.value_or(100), 1, 1000));
    CAIRN_TRY_ASSIGN(auto token, optional_string(f, "page_token", 1000));
    CAIRN_TRY_ASSIGN(auto offset, offset_of(token));
    bool newest_first = true;
    if (auto it = f.find("order_by"); it != f.end() && it->is_array() && !it->empty()) {
      const auto& first = (*it)[0];
      if (first.is_object() && first.value("field_name", "") == "creation_timestamp") {
        newest_first = !first.value("ascending", true);
      }
    }
    CAIRN_TRY_ASSIGN(auto page, models.search(caller, tracking_scope(req), experiment_ids, filter.value_or(""),
                                              newest_first, limit, offset));
    nlohmann::json list = nlohmann::json::array();
    for (const auto& m : page.models) list.push_back(logged_model_json(m));
    nlohmann::json out = {{"models", list}};
    if (page.next_offset >= 0) out["next_page_token"] = page_token(page.next_offset);
    return json_result(200, out);
  });

  add("POST", "/api/2.0/mlflow/runs/outputs",
      [&models](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto f, request_fields(req));
        CAIRN_TRY_ASSIGN(auto run_id, required_string(f, "run_id", 64));
        std::vector<storage::ModelOutput> outputs;
        if (auto it = f.find("models"); it != f.end() && it->is_array()) {
          for (const auto& m : *it) {
            if (!m.is_object())
              return Error{ErrorCode::validation_failed, "each model output must be an object", "models"};
            storage::ModelOutput o;
            CAIRN_TRY_ASSIGN(o.model_id, required_string(m, "model_id", 64));
            CAIRN_TRY_ASSIGN(auto step, optional_int64(m, "step"));
            o.step = step.value_or(0);
            outputs.push_back(std::move(o));
          }
        }
        CAIRN_TRY(models.log_outputs(caller, run_id, outputs));
        return json_result(200, nlohmann::json::object());
      });
}

}  // namespace cairn::api
