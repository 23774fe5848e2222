// MLflow's run and metric endpoints (/api/2.0/mlflow/runs/..., /metrics/...).
#include "api/api.hpp"
#include "api/mlflow/mlflow_json.hpp"
#include "api/mlflow/mlflow_routes.hpp"
#include "common/clock.hpp"

namespace cairn::api {
namespace {

using namespace mlflow;

// MLflow clients send both run_id and the older run_uuid; either names the run.
Result<std::string> run_id_of(const nlohmann::json& f) {
  CAIRN_TRY_ASSIGN(auto id, optional_string(f, "run_id", 64));
  if (!id || id->empty()) {
    CAIRN_TRY_ASSIGN(id, optional_string(f, "run_uuid", 64));
  }
  if (!id || id->empty())
    return Error{ErrorCode::validation_failed, "Missing value for required parameter 'run_id'.", "run_id"};
  return *id;
}

Result<storage::MetricRecord> metric_of(const nlohmann::json& m) {
  storage::MetricRecord point;
  CAIRN_TRY_ASSIGN(point.key, required_string(m, "key", 1000));
  CAIRN_TRY_ASSIGN(point.value, required_double(m, "value"));
  CAIRN_TRY_ASSIGN(auto timestamp, optional_int64(m, "timestamp"));
  CAIRN_TRY_ASSIGN(auto step, optional_int64(m, "step"));
  point.timestamp = timestamp.value_or(now_ms());
  point.step = step.value_or(0);
  CAIRN_TRY_ASSIGN(auto model_id, optional_string(m, "model_id", 64));
  CAIRN_TRY_ASSIGN(auto dataset_name, optional_string(m, "dataset_name", 500));
  CAIRN_TRY_ASSIGN(auto dataset_digest, optional_string(m, "dataset_digest", 64));
  point.model_id = model_id.value_or("");
  point.dataset_name = dataset_name.value_or("");
  point.dataset_digest = dataset_digest.value_or("");
  return point;
}

Result<std::vector<storage::MetricRecord>> metrics_of(const nlohmann::json& f) {
  std::vector<storage::MetricRecord> out;
  auto it = f.find("metrics");
  if (it == f.end() || it->is_null()) return out;
  if (!it->is_array()) return Error{ErrorCode::validation_failed, "metrics must be a list", "metrics"};
  out.reserve(it->size());
  for (const auto& m : *it) {
    if (!m.is_object()) return Error{ErrorCode::validation_failed, "each metric must be an object", "metrics"};
    CAIRN_TRY_ASSIGN(auto point, metric_of(m));
    out.push_back(std::move(point));
  }
  return out;
}

}  // namespace

void add_mlflow_run_routes(Api& api) {
  auto& runs = api.services().runs;
  const std::string base = "/api/2.0/mlflow/";

  // delete and restore differ only in the lifecycle they set.
  auto set_deleted = [&runs](bool deleted) {
    return [&runs, deleted](http::Request& req, const service::Caller& caller,
                            const nlohmann::json& f) -> Result<http::Response> {
      CAIRN_TRY_ASSIGN(auto id, run_id_of(f));
      CAIRN_TRY(runs.set_deleted(caller, id, deleted));
      return empty_ok();
    };
  };

  // log-parameter and set-tag are one-entry log-batch calls on params and tags respectively.
  auto log_one = [&runs](storage::KeyValues service::RunBatch::*entries) {
    return [&runs, entries](http::Request& req, const service::Caller& caller,
                            const nlohmann::json& f) -> Result<http::Response> {
      CAIRN_TRY_ASSIGN(auto id, run_id_of(f));
      CAIRN_TRY_ASSIGN(auto key, required_string(f, "key", 1000));
      CAIRN_TRY_ASSIGN(auto value, optional_string(f, "value", 100000));
      service::RunBatch batch;
      (batch.*entries).emplace_back(key, value.value_or(""));
      CAIRN_TRY(runs.log_batch(caller, id, batch));
      return empty_ok();
    };
  };

  std::vector<MlflowRoute> routes = {
      {"POST", base + "runs/create",
       [&runs](http::Request& req, const service::Caller& caller, const nlohmann::json& f) -> Result<http::Response> {
         service::RunCreate input;
         CAIRN_TRY_ASSIGN(auto experiment_id, optional_string(f, "experiment_id", 64));
         input.experiment_id = experiment_id.value_or("0");
         CAIRN_TRY_ASSIGN(auto user_id, optional_string(f, "user_id", 250));
         input.user_id = user_id.value_or("");
         CAIRN_TRY_ASSIGN(input.run_name, optional_string(f, "run_name", 250));
         CAIRN_TRY_ASSIGN(input.start_time, optional_int64(f, "start_time"));
         CAIRN_TRY_ASSIGN(input.tags, key_values(f, "tags"));
         CAIRN_TRY_ASSIGN(auto run, runs.create(caller, tracking_scope(req), input));
         return json_result(200, {{"run", run_json(run)}});
       }},
      {"POST", base + "runs/update",
       [&runs](http::Request& req, const service::Caller& caller, const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto id, run_id_of(f));
         service::RunUpdate update;
         CAIRN_TRY_ASSIGN(update.status, optional_string(f, "status", 32));
         CAIRN_TRY_ASSIGN(update.end_time, optional_int64(f, "end_time"));
         CAIRN_TRY_ASSIGN(update.run_name, optional_string(f, "run_name", 250));
         CAIRN_TRY_ASSIGN(auto run, runs.update(caller, id, update));
         return json_result(200, {{"run_info", run_json(run)["info"]}});
       }},
      {"POST", base + "runs/delete", set_deleted(true)},
      {"POST", base + "runs/restore", set_deleted(false)},
      {"GET", base + "runs/get",
       [&runs](http::Request& req, const service::Caller& caller, const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto id, run_id_of(f));
         CAIRN_TRY_ASSIGN(auto run, runs.get(caller, id));
         return json_result(200, {{"run", run_json(run)}});
       }},
      {"POST", base + "runs/log-metric",
       [&runs](http::Request& req, const service::Caller& caller, const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto id, run_id_of(f));
         service::RunBatch batch;
         CAIRN_TRY_ASSIGN(auto point, metric_of(f));
         batch.metrics.push_back(std::move(point));
         CAIRN_TRY(runs.log_batch(caller, id, batch));
         return empty_ok();
       }},
      {"POST", base + "runs/log-parameter", log_one(&service::RunBatch::params)},
      {"POST", base + "runs/set-tag", log_one(&service::RunBatch::tags)},
      {"POST", base + "runs/delete-tag",
       [&runs](http::Request& req, const service::Caller& caller, const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto id, run_id_of(f));
         CAIRN_TRY_ASSIGN(auto key, required_string(f, "key", 1000));
         CAIRN_TRY(runs.delete_tag(caller, id, key));
         return empty_ok();
       }},
      {"POST", base + "runs/log-batch",
       [&runs](http::Request& req, const service::Caller& caller, const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto id, run_id_of(f));
         service::RunBatch batch;
         CAIRN_TRY_ASSIGN(batch.metrics, metrics_of(f));
         CAIRN_TRY_ASSIGN(batch.params, key_values(f, "params"));
         CAIRN_TRY_ASSIGN(batch.tags, key_values(f, "tags"));
         CAIRN_TRY(runs.log_batch(caller, id, batch));
         return empty_ok();
       }},
      {"POST", base + "runs/log-inputs",
       [&runs](http::Request& req, const service::Caller& caller, const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto id, run_id_of(f));
         std::vector<storage::DatasetInput> inputs;
         if (auto it = f.find("datasets"); it != f.end() && it->is_array()) {
           for (const auto& item : *it) {
             if (!item.is_object() || !item.contains("dataset") || !item["dataset"].is_object()) {
               return Error{ErrorCode::validation_failed, "each dataset input needs a dataset", "datasets"};
             }
             const auto& d = item["dataset"];
             storage::DatasetInput input;
             CAIRN_TRY_ASSIGN(input.dataset.name, required_string(d, "name", 500));
             CAIRN_TRY_ASSIGN(input.dataset.digest, required_string(d, "digest", 36));
             CAIRN_TRY_ASSIGN(auto source_type, optional_string(d, "source_type", 36));
             CAIRN_TRY_ASSIGN(auto source, optional_string(d, "source", 65535));
             CAIRN_TRY_ASSIGN(auto schema, optional_string(d, "schema", 1048576));
             CAIRN_TRY_ASSIGN(auto profile, optional_string(d, "profile", 16384));
             input.dataset.source_type = source_type.value_or("");
             input.dataset.source = source.value_or("");
             input.dataset.schema = schema.value_or("");
             input.dataset.profile = profile.value_or("");
             CAIRN_TRY_ASSIGN(input.tags, key_values(item, "tags"));
             inputs.push_back(std::move(input));
           }
         }
         CAIRN_TRY(runs.log_inputs(caller, id, inputs));
         return empty_ok();
       }},
      {"POST", base + "runs/search",
       [&runs](http::Request& req, const service::Caller& caller, const nlohmann::json& f) -> Result<http::Response> {
         service::RunSearchRequest s;
         CAIRN_TRY_ASSIGN(s.experiment_ids, string_list(f, "experiment_ids"));
         CAIRN_TRY_ASSIGN(auto filter, optional_string(f, "filter", 100000));
         s.filter = filter.value_or("");
         CAIRN_TRY_ASSIGN(s.view, view_type(f, "run_view_type"));
         CAIRN_TRY_ASSIGN(auto max_results, optional_int64(f, "max_results"));
         if (max_results && (*max_results < 1 || *max_results > 50000)) {
           return Error{ErrorCode::validation_failed,
                        "Invalid value " + std::to_string(*max_results) + " for parameter 'max_results' supplied.",
                        "max_results"};
         }
         s.max_results = static_cast<int>(max_results.value_or(1000));
         CAIRN_TRY_ASSIGN(s.order_by, string_list(f, "order_by"));
         CAIRN_TRY_ASSIGN(auto token, optional_string(f, "page_token", 1000));
         CAIRN_TRY_ASSIGN(s.offset, offset_of(token));
         CAIRN_TRY_ASSIGN(auto page, runs.search(caller, tracking_scope(req), s));
         nlohmann::json list = nlohmann::json::array();
         for (const auto& run : page.runs) list.push_back(run_json(run));
         nlohmann::json out = {{"runs", list}};
         if (page.next_offset >= 0) out["next_page_token"] = page_token(page.next_offset);
         return json_result(200, out);
       }},
      {"GET", base + "metrics/get-history",
       [&runs](http::Request& req, const service::Caller& caller, const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto id, run_id_of(f));
         CAIRN_TRY_ASSIGN(auto key, required_string(f, "metric_key", 1000));
         CAIRN_TRY_ASSIGN(auto max_results, optional_int64(f, "max_results"));
         // Without max_results MLflow returns the whole history; we page it at 25,000 points per call.
         const int64_t limit = std::clamp<int64_t>(max_results.value_or(25000), 1, 25000);
         CAIRN_TRY_ASSIGN(auto token, optional_string(f, "page_token", 1000));
         CAIRN_TRY_ASSIGN(auto after, history_position_of(token));
         CAIRN_TRY_ASSIGN(auto page, runs.metric_history(caller, id, key, after, limit));
         nlohmann::json metrics = nlohmann::json::array();
         for (const auto& m : page.points) metrics.push_back(metric_json(m));
         nlohmann::json out = {{"metrics", metrics}};
         if (page.next) out["next_page_token"] = history_token(*page.next);
         return json_result(200, out);
       }},
      {"GET", base + "metrics/get-history-bulk-interval",
       [&runs](http::Request& req, const service::Caller& caller, const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto run_ids, string_list(f, "run_ids"));
         if (run_ids.empty() || run_ids.size() > 100) {
           return Error{ErrorCode::validation_failed, "run_ids must name between 1 and 100 runs", "run_ids"};
         }
         CAIRN_TRY_ASSIGN(auto key, required_string(f, "metric_key", 1000));
         CAIRN_TRY_ASSIGN(auto start_step, optional_int64(f, "start_step"));
         CAIRN_TRY_ASSIGN(auto end_step, optional_int64(f, "end_step"));
         CAIRN_TRY_ASSIGN(auto max_results, optional_int64(f, "max_results"));
         const auto max_points = static_cast<std::size_t>(std::clamp<int64_t>(max_results.value_or(320), 1, 10000));
         CAIRN_TRY_ASSIGN(auto points,
                          runs.metric_history_bulk(caller, run_ids, key, start_step, end_step, max_points));
         nlohmann::json metrics = nlohmann::json::array();
         for (const auto& [run_id, m] : points) {
           auto item = metric_json(m);
           item["run_id"] = run_id;
           metrics.push_back(std::move(item));
         }
         return json_result(200, {{"metrics", metrics}});
       }},
  };
  add_mlflow_routes(api, std::move(routes));
}

}  // namespace cairn::api
