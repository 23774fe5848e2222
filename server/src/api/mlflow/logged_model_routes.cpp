// MLflow 3 logged models (/api/2.0/mlflow/logged-models/...) and run outputs.
#include "api/api.hpp"
#include "api/mlflow/mlflow_json.hpp"
#include "api/mlflow/mlflow_routes.hpp"

namespace cairn::api {
namespace {

using namespace mlflow;

http::Response model_response(const storage::LoggedModelRecord& m) {
  return json_result(200, {{"model", logged_model_json(m)}});
}

// A {dataset_name, dataset_digest} object of a search request (`what` names it in errors).
Result<storage::logged_models::DatasetRef> dataset_ref(const nlohmann::json& d, const std::string& what) {
  storage::logged_models::DatasetRef ref;
  auto name = d.find("dataset_name");
  auto digest = d.find("dataset_digest");
  if (digest != d.end() && !digest->is_null()) {
    if (!digest->is_string() || digest->get_ref<const std::string&>().size() > 500)
      return Error::bad_request(what + ": dataset_digest must be a string", "datasets");
    ref.digest = digest->get<std::string>();
  }
  if (name == d.end() || name->is_null()) {
    if (ref.digest) return Error::bad_request(what + ": dataset_digest needs dataset_name", "datasets");
    return ref;
  }
  if (!name->is_string() || name->get_ref<const std::string&>().empty() ||
      name->get_ref<const std::string&>().size() > 500)
    return Error::bad_request(what + ": dataset_name must be a non-empty string", "datasets");
  ref.name = name->get<std::string>();
  return ref;
}

// `datasets`: the datasets whose metrics the filter's metric clauses look at.
Result<std::vector<storage::logged_models::DatasetRef>> dataset_filters(const nlohmann::json& f) {
  std::vector<storage::logged_models::DatasetRef> out;
  auto it = f.find("datasets");
  if (it == f.end() || it->is_null()) return out;
  if (!it->is_array() || it->size() > 100)
    return Error::bad_request("datasets must be a list of at most 100", "datasets");
  for (const auto& d : *it) {
    if (!d.is_object()) return Error::bad_request("each dataset must be an object", "datasets");
    CAIRN_TRY_ASSIGN(auto ref, dataset_ref(d, "datasets"));
    if (ref.name.empty())
      return Error::bad_request("`dataset_name` in the `datasets` clause must be specified", "datasets");
    out.push_back(std::move(ref));
  }
  return out;
}

// `order_by`: [{field_name, ascending, dataset_name, dataset_digest}], MLflow's attributes or metrics.<key>.
Result<std::vector<storage::logged_models::ModelOrder>> model_order(const nlohmann::json& f) {
  static const std::vector<std::pair<std::string, std::string>> kAttributes = {
      {"name", "name"},
      {"model_id", "model_id"},
      {"model_type", "model_type"},
      {"status", "status"},
      {"source_run_id", "source_run_id"},
      {"creation_timestamp", "creation_timestamp"},
      {"creation_time", "creation_timestamp"},
      {"last_updated_timestamp", "last_updated_timestamp"}};
  std::vector<storage::logged_models::ModelOrder> out;
  auto it = f.find("order_by");
  if (it == f.end() || it->is_null()) return out;
  if (!it->is_array() || it->size() > 20)
    return Error::bad_request("order_by must be a list of at most 20", "order_by");
  for (const auto& o : *it) {
    if (!o.is_object()) return Error::bad_request("`order_by` must be a list of dictionaries", "order_by");
    auto field = o.find("field_name");
    if (field == o.end() || !field->is_string() || field->get_ref<const std::string&>().empty() ||
        field->get_ref<const std::string&>().size() > 500)
      return Error::bad_request("`field_name` in the `order_by` clause must be specified", "order_by");
    const std::string& name = field->get_ref<const std::string&>();
    storage::logged_models::ModelOrder order;
    if (auto dot = name.find('.'); dot != std::string::npos) {
      if (name.substr(0, dot) != "metrics" || dot + 1 == name.size())
        return Error::bad_request("Invalid order by field name: " + name + ", only `metrics.<name>` is allowed",
                                  "order_by");
      order.metric = true;
      order.key = name.substr(dot + 1);
    } else {
      for (const auto& [alias, canonical] : kAttributes) {
        if (alias == name) order.key = canonical;
      }
      if (order.key.empty()) return Error::bad_request("Invalid order by field name: " + name, "order_by");
    }
    if (auto asc = o.find("ascending"); asc != o.end() && !asc->is_null()) {
      if (!asc->is_boolean())
        return Error::bad_request("`ascending` in the `order_by` clause must be a boolean", "order_by");
      order.ascending = asc->get<bool>();
    }
    CAIRN_TRY_ASSIGN(auto dataset, dataset_ref(o, "order_by"));
    if (!dataset.name.empty()) {
      if (!order.metric) return Error::bad_request("a dataset orders metrics only", "order_by");
      order.dataset = std::move(dataset);
    }
    out.push_back(std::move(order));
  }
  return out;
}

}  // namespace

void add_mlflow_logged_model_routes(Api& api, service::LoggedModelService& models) {
  const std::string base = "/api/2.0/mlflow/logged-models";

  std::vector<MlflowRoute> routes = {
      {"POST", base,
       [&models](http::Request& req, const service::Caller& caller, const nlohmann::json& f) -> Result<http::Response> {
         service::LoggedModelCreate input;
         CAIRN_TRY_ASSIGN(input.experiment_id, required_string(f, "experiment_id", 64));
         CAIRN_TRY_ASSIGN(input.name, optional_string(f, "name", 500));
         CAIRN_TRY_ASSIGN(input.model_type, optional_string(f, "model_type", 500));
         CAIRN_TRY_ASSIGN(input.source_run_id, optional_string(f, "source_run_id", 64));
         CAIRN_TRY_ASSIGN(input.params, key_values(f, "params"));
         CAIRN_TRY_ASSIGN(input.tags, key_values(f, "tags"));
         CAIRN_TRY_ASSIGN(auto model, models.create(caller, tracking_scope(req), input));
         return model_response(model);
       }},
      {"GET", base + "/{model_id}",
       [&models](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
         const bool allow_deleted = req.query("allow_deleted").value_or("") == "true";
         CAIRN_TRY_ASSIGN(auto model, models.get(caller, req.param("model_id"), allow_deleted));
         return model_response(model);
       }},
      {"PATCH", base + "/{model_id}",
       [&models](http::Request& req, const service::Caller& caller, const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto status, required_string(f, "status", 64));
         CAIRN_TRY_ASSIGN(auto model, models.finalize(caller, req.param("model_id"), status));
         return model_response(model);
       }},
      {"DELETE", base + "/{model_id}",
       [&models](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
         CAIRN_TRY(models.remove(caller, req.param("model_id")));
         return json_result(200, nlohmann::json::object());
       }},
      {"POST", base + "/{model_id}/params",
       [&models](http::Request& req, const service::Caller& caller, const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto params, key_values(f, "params"));
         CAIRN_TRY(models.log_params(caller, req.param("model_id"), params));
         return json_result(200, nlohmann::json::object());
       }},
      {"PATCH", base + "/{model_id}/tags",
       [&models](http::Request& req, const service::Caller& caller, const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto tags, key_values(f, "tags"));
         CAIRN_TRY(models.set_tags(caller, req.param("model_id"), tags));
         return json_result(200, nlohmann::json::object());
       }},
      {"DELETE", base + "/{model_id}/tags/{tag_key}",
       [&models](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
         CAIRN_TRY(models.delete_tag(caller, req.param("model_id"), req.param("tag_key")));
         return json_result(200, nlohmann::json::object());
       }},
      {"POST", base + "/search",
       [&models](http::Request& req, const service::Caller& caller, const nlohmann::json& f) -> Result<http::Response> {
         service::LoggedModelSearch search;
         CAIRN_TRY_ASSIGN(search.experiment_ids, string_list(f, "experiment_ids"));
         CAIRN_TRY_ASSIGN(auto filter, optional_string(f, "filter", 10000));
         search.filter = filter.value_or("");
         CAIRN_TRY_ASSIGN(auto max_results, optional_int64(f, "max_results"));
         search.max_results = static_cast<int>(std::clamp<int64_t>(max_results.value_or(100), 1, 1000));
         CAIRN_TRY_ASSIGN(auto token, optional_string(f, "page_token", 1000));
         CAIRN_TRY_ASSIGN(search.offset, offset_of(token));
         CAIRN_TRY_ASSIGN(search.datasets, dataset_filters(f));
         CAIRN_TRY_ASSIGN(search.order_by, model_order(f));
         CAIRN_TRY_ASSIGN(auto page, models.search(caller, tracking_scope(req), search));
         nlohmann::json list = nlohmann::json::array();
         for (const auto& m : page.models) list.push_back(logged_model_json(m));
         nlohmann::json out = {{"models", list}};
         if (page.next_offset >= 0) out["next_page_token"] = page_token(page.next_offset);
         return json_result(200, out);
       }},
      {"POST", "/api/2.0/mlflow/runs/outputs",
       [&models](http::Request& req, const service::Caller& caller, const nlohmann::json& f) -> Result<http::Response> {
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
       }},
  };
  add_mlflow_routes(api, std::move(routes));
}

}  // namespace cairn::api
