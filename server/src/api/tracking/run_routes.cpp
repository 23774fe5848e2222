// The native tracking API's runs and metrics: /api/v1/orgs/{org}/projects/{project}/runs/...,
// .../experiments/{experiment_id}/runs and .../metrics/history.
#include <set>

#include "api/api.hpp"
#include "api/json_input.hpp"
#include "api/tracking/tracking_input.hpp"
#include "api/tracking/tracking_views.hpp"
#include "common/clock.hpp"
#include "common/json_number.hpp"
#include "search/search_filter.hpp"

namespace cairn::api {
namespace {

constexpr std::size_t kMaxRunNameLength = 250;
constexpr std::size_t kMaxHistoryRuns = 100;
constexpr std::size_t kMinCompareRuns = 2;
constexpr std::size_t kMaxCompareRuns = 10;
constexpr int64_t kMaxPoints = 100000;
constexpr int64_t kMaxSearchResults = 1000;
// The bulk histories of an experiment's charts: a few hundred runs by a few metrics, and a bound
// on the points one answer may hold (runs x keys x max_points) so one call cannot ask for gigabytes.
constexpr std::size_t kMaxSeriesRuns = 1000;
constexpr std::size_t kMaxSeriesKeys = 50;
constexpr int64_t kMaxSeriesPoints = 10000;
constexpr int64_t kDefaultSeriesPoints = 500;
constexpr int64_t kMaxSeriesBudget = 5'000'000;

std::string at(std::string_view field, std::size_t i) {
  return std::string(field) + "[" + std::to_string(i) + "]";
}

// A JSON boolean under `field`, false when absent.
Result<bool> optional_flag(const JsonBody& body, std::string_view field) {
  if (!body.has(field)) return false;
  const auto& value = body.json().at(std::string(field));
  if (!value.is_boolean()) return Error::validation(std::string(field), std::string(field) + " must be a boolean");
  return value.get<bool>();
}

// One history as three columns: a third of the bytes of point objects for hundreds of runs.
nlohmann::json series_columns(const service::KeyedMetricSeries& s) {
  nlohmann::json steps = nlohmann::json::array();
  nlohmann::json timestamps = nlohmann::json::array();
  nlohmann::json values = nlohmann::json::array();
  for (const auto& p : s.points) {
    steps.push_back(p.step);
    timestamps.push_back(p.timestamp);
    values.push_back(number_json(p.value));
  }
  return {{"run_id", s.run_id},
          {"key", s.key},
          {"downsampled", s.downsampled},
          {"steps", std::move(steps)},
          {"timestamps", std::move(timestamps)},
          {"values", std::move(values)}};
}

// An array of objects under `field` (absent: empty), at most `max_items` long.
Result<const nlohmann::json*> object_array(const JsonBody& body, std::string_view field, std::size_t max_items) {
  static const nlohmann::json kEmpty = nlohmann::json::array();
  if (!body.has(field)) return &kEmpty;
  const std::string name(field);
  const auto& items = body.json().at(name);
  if (!items.is_array()) return Error::validation(name, name + " must be an array of objects");
  if (items.size() > max_items) {
    return Error::validation(name, name + " must have at most " + std::to_string(max_items) + " items");
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!items[i].is_object()) return Error::validation(at(field, i), at(field, i) + " must be an object");
  }
  return &items;
}

// A string member of an array item: `required` fails when absent; over `max` characters fails.
Result<std::optional<std::string>> item_string(const nlohmann::json& item, const std::string& path,
                                               std::string_view member, bool required, std::size_t max) {
  const std::string field = path + "." + std::string(member);
  auto it = item.find(member);
  if (it == item.end() || it->is_null()) {
    if (required) return Error::validation(field, field + " is required");
    return std::optional<std::string>{};
  }
  if (!it->is_string()) return Error::validation(field, field + " must be a string");
  auto value = it->get<std::string>();
  if (utf8_length(value) > max) {
    return Error::validation(field, field + " must be at most " + std::to_string(max) + " characters");
  }
  return std::optional<std::string>(std::move(value));
}

Result<std::optional<int64_t>> item_int(const nlohmann::json& item, const std::string& path, std::string_view member) {
  const std::string field = path + "." + std::string(member);
  auto it = item.find(member);
  if (it == item.end() || it->is_null()) return std::optional<int64_t>{};
  const auto whole = whole_number(*it);
  if (!whole) return Error::validation(field, field + " must be an integer");
  return whole;
}

// {metrics: [{key, value, step?, timestamp?}], params: [{key, value}], tags: [{key, value}]}. Limits and key
// rules are the service's (validate_batch); this reads shapes and types.
Result<service::RunBatch> batch_of(const JsonBody& body) {
  service::RunBatch batch;
  // The service enforces MLflow's exact limits; these bounds only stop absurd bodies early.
  CAIRN_TRY_ASSIGN(auto metrics, object_array(body, "metrics", service::TrackingLimits::kMaxBatchMetrics));
  const int64_t now = now_ms();
  for (std::size_t i = 0; i < metrics->size(); ++i) {
    const auto& item = (*metrics)[i];
    const std::string path = at("metrics", i);
    storage::MetricRecord point;
    CAIRN_TRY_ASSIGN(auto key, item_string(item, path, "key", true, service::TrackingLimits::kMaxKeyLength));
    point.key = *key;
    if (!item.contains("value") || item["value"].is_null()) {
      return Error::validation(path + ".value", path + ".value is required");
    }
    CAIRN_TRY_ASSIGN(point.value, tracking_input::metric_value(item["value"], path + ".value"));
    CAIRN_TRY_ASSIGN(auto step, item_int(item, path, "step"));
    CAIRN_TRY_ASSIGN(auto timestamp, item_int(item, path, "timestamp"));
    point.step = step.value_or(0);
    point.timestamp = timestamp.value_or(now);
    batch.metrics.push_back(std::move(point));
  }
  for (const auto* field : {"params", "tags"}) {
    const bool is_param = std::string_view(field) == "params";
    CAIRN_TRY_ASSIGN(auto items, object_array(body, field,
                                              is_param ? service::TrackingLimits::kMaxBatchParams
                                                       : service::TrackingLimits::kMaxBatchTags));
    const std::size_t max_value =
        is_param ? service::TrackingLimits::kMaxParamValueLength : service::TrackingLimits::kMaxTagValueLength;
    for (std::size_t i = 0; i < items->size(); ++i) {
      const std::string path = at(field, i);
      CAIRN_TRY_ASSIGN(auto key, item_string((*items)[i], path, "key", true, service::TrackingLimits::kMaxKeyLength));
      CAIRN_TRY_ASSIGN(auto value, item_string((*items)[i], path, "value", true, max_value));
      (is_param ? batch.params : batch.tags).emplace_back(*key, *value);
    }
  }
  return batch;
}

Result<std::vector<storage::DatasetInput>> inputs_of(const JsonBody& body) {
  if (!body.has("datasets")) return Error::validation("datasets", "datasets is required");
  CAIRN_TRY_ASSIGN(auto items, object_array(body, "datasets", 100));
  if (items->empty()) return Error::validation("datasets", "datasets must have at least 1 item");
  std::vector<storage::DatasetInput> out;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const auto& item = (*items)[i];
    const std::string path = at("datasets", i);
    storage::DatasetInput input;
    // MLflow's column sizes.
    CAIRN_TRY_ASSIGN(auto name, item_string(item, path, "name", true, 500));
    CAIRN_TRY_ASSIGN(auto digest, item_string(item, path, "digest", true, 36));
    if (name->empty()) return Error::validation(path + ".name", path + ".name must not be empty");
    if (digest->empty()) return Error::validation(path + ".digest", path + ".digest must not be empty");
    CAIRN_TRY_ASSIGN(auto source_type, item_string(item, path, "source_type", false, 36));
    CAIRN_TRY_ASSIGN(auto source, item_string(item, path, "source", false, 65535));
    CAIRN_TRY_ASSIGN(auto schema, item_string(item, path, "schema", false, 1048576));
    CAIRN_TRY_ASSIGN(auto profile, item_string(item, path, "profile", false, 16384));
    CAIRN_TRY_ASSIGN(auto context, item_string(item, path, "context", false, 250));
    input.dataset = storage::DatasetRecord{
        *name, *digest, source_type.value_or(""), source.value_or(""), schema.value_or(""), profile.value_or("")};
    if (context) input.tags.emplace_back("mlflow.data.context", *context);
    out.push_back(std::move(input));
  }
  return out;
}

Result<std::optional<std::size_t>> max_points_of(std::optional<int64_t> value, std::string_view field, bool query) {
  if (!value) return std::optional<std::size_t>{};
  if (*value < 2 || *value > kMaxPoints) {
    std::string message = std::string(field) + " must be between 2 and " + std::to_string(kMaxPoints);
    return query ? Error::bad_request(message, std::string(field)) : Error::validation(std::string(field), message);
  }
  return std::optional<std::size_t>(static_cast<std::size_t>(*value));
}

}  // namespace

void add_tracking_run_routes(Api& api) {
  auto& runs = api.services().runs;
  const std::string project = "/api/v1/orgs/{org}/projects/{project}";
  const std::string run = project + "/runs/{run_id}";

  api.add_in_project("POST", project + "/experiments/{experiment_id}/runs",
                     [&runs](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
                       service::RunCreate input;
                       input.experiment_id = req.param("experiment_id");
                       CAIRN_TRY_ASSIGN(input.run_name, body.optional_string("name", 1, kMaxRunNameLength));
                       CAIRN_TRY_ASSIGN(input.start_time, body.optional_int("start_time", 0, INT64_MAX));
                       CAIRN_TRY_ASSIGN(input.tags,
                                        tracking_input::string_map(body, "tags", service::TrackingLimits::kMaxKeyLength,
                                                                   service::TrackingLimits::kMaxTagValueLength));
                       CAIRN_TRY_ASSIGN(input.parent_run_id, body.optional_string("parent_run_id", 1, 64));
                       CAIRN_TRY_ASSIGN(input.run_id, body.optional_string("id", 32, 32));
                       if (input.run_id && !is_id(*input.run_id))
                         return Error::validation("id", "id must be 32 lowercase hex characters (an MLflow run id)");
                       // The run's user is the Cairn user who created it (runs logged with mlflow carry its user name).
                       if (caller.principal) input.user_id = caller.principal->user_id;
                       CAIRN_TRY_ASSIGN(auto created, runs.create(caller, tracking_scope(req), input));
                       return json_result(201, views::run(created));
                     });

  api.add_in_project("GET", run, [&runs](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
    CAIRN_TRY_ASSIGN(auto view, runs.get(caller, req.param("run_id")));
    return json_result(200, views::run(view));
  });

  api.add_in_project(
      "PATCH", run, [&runs](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
        service::RunUpdate changes;
        CAIRN_TRY_ASSIGN(changes.run_name, body.optional_string("name", 1, kMaxRunNameLength));
        CAIRN_TRY_ASSIGN(changes.status,
                         body.optional_enum("status", {"RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"}));
        CAIRN_TRY_ASSIGN(changes.end_time, body.optional_int("end_time", 0, INT64_MAX));
        CAIRN_TRY_ASSIGN(changes.notes, body.optional_string("notes", 0, service::TrackingLimits::kMaxTagValueLength));
        CAIRN_TRY_ASSIGN(auto view, runs.update(caller, req.param("run_id"), changes));
        return json_result(200, views::run(view));
      });

  api.add_in_project("DELETE", run,
                     [&runs](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY(runs.set_deleted(caller, req.param("run_id"), true));
                       return http::Response::no_content();
                     });

  api.add_in_project("POST", run + "/restore",
                     [&runs](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY(runs.set_deleted(caller, req.param("run_id"), false));
                       CAIRN_TRY_ASSIGN(auto view, runs.get(caller, req.param("run_id")));
                       return json_result(200, views::run(view));
                     });

  api.add_in_project("POST", run + "/log-batch",
                     [&runs](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
                       CAIRN_TRY_ASSIGN(auto batch, batch_of(body));
                       auto logged = runs.log_batch(caller, req.param("run_id"), batch);
                       if (!logged.ok()) {
                         // The service names a bad key "metric", "param" or "tag"; the request's fields are plural.
                         Error error = std::move(logged).error();
                         if (error.field == "metric" || error.field == "param" || error.field == "tag")
                           error.field += "s";
                         return error;
                       }
                       return http::Response::no_content();
                     });

  api.add_in_project("POST", run + "/inputs",
                     [&runs](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
                       CAIRN_TRY_ASSIGN(auto inputs, inputs_of(body));
                       CAIRN_TRY(runs.log_inputs(caller, req.param("run_id"), inputs));
                       return http::Response::no_content();
                     });

  api.add_in_project(
      "POST", project + "/runs/search",
      [&runs](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
        service::RunSearchRequest search;
        CAIRN_TRY_ASSIGN(search.experiment_ids, tracking_input::string_array(body, "experiment_ids", 1000, 64));
        CAIRN_TRY_ASSIGN(auto filter, body.optional_string("filter", 0, search::kMaxSearchFilterLength));
        search.filter = filter.value_or("");
        CAIRN_TRY_ASSIGN(search.order_by,
                         tracking_input::string_array(body, "order_by", 20, search::kMaxOrderByLength));
        CAIRN_TRY_ASSIGN(auto view_text, body.optional_string("view", 0, 16));
        CAIRN_TRY_ASSIGN(search.view, tracking_input::view_type(view_text, "view"));
        CAIRN_TRY_ASSIGN(auto max_results, body.optional_int("max_results", 1, kMaxSearchResults));
        search.max_results = static_cast<int>(max_results.value_or(100));
        CAIRN_TRY_ASSIGN(auto token, body.optional_string("page_token", 0, 1024));
        CAIRN_TRY_ASSIGN(search.offset, tracking_input::offset_of(token));
        search.strict_experiments = true;
        search.numeric_params = true;
        CAIRN_TRY_ASSIGN(search.count_total, optional_flag(body, "count_total"));
        CAIRN_TRY_ASSIGN(auto page, runs.search(caller, tracking_scope(req), search));
        nlohmann::json items = nlohmann::json::array();
        for (const auto& view : page.runs) items.push_back(views::run(view));
        nlohmann::json out = {
            {"items", std::move(items)},
            {"next_page_token", page.next_offset >= 0 ? nlohmann::json(tracking_input::page_token(page.next_offset))
                                                      : nlohmann::json(nullptr)}};
        if (page.total) out["total"] = *page.total;
        return json_result(200, out);
      });

  api.add_in_project("GET", run + "/metrics/{key}/history",
                     [&runs](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto requested, query_int(req, "max_points"));
                       CAIRN_TRY_ASSIGN(auto max_points, max_points_of(requested, "max_points", true));
                       const std::string& key = req.param("key");
                       // Longer keys cannot be logged, so asking for one is a mistake, not an empty history.
                       if (key.empty() || utf8_length(key) > 250)
                         return Error::bad_request("a metric key has 1 to 250 characters", "key");
                       CAIRN_TRY_ASSIGN(auto series,
                                        runs.metric_series(caller, {req.param("run_id")}, key, max_points));
                       return json_result(200, views::metric_series(series.front(), key));
                     });

  api.add_in_project("POST", project + "/metrics/history",
                     [&runs](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
                       CAIRN_TRY_ASSIGN(auto run_ids, body.required_string_array("run_ids", 1, kMaxHistoryRuns, 64));
                       CAIRN_TRY_ASSIGN(auto key,
                                        body.required_string("key", 1, service::TrackingLimits::kMaxKeyLength));
                       CAIRN_TRY_ASSIGN(auto requested, body.optional_int("max_points", INT64_MIN, INT64_MAX));
                       CAIRN_TRY_ASSIGN(auto max_points, max_points_of(requested, "max_points", false));
                       CAIRN_TRY_ASSIGN(auto series, runs.metric_series(caller, run_ids, key, max_points));
                       nlohmann::json items = nlohmann::json::array();
                       for (const auto& s : series) items.push_back(views::metric_series(s, key));
                       return json_result(200, {{"key", key}, {"items", std::move(items)}});
                     });

  api.add_in_project(
      "POST", project + "/runs/metrics/histories",
      [&runs](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
        service::MetricSeriesRequest request;
        CAIRN_TRY_ASSIGN(request.run_ids, body.required_string_array("run_ids", 1, kMaxSeriesRuns, 64));
        CAIRN_TRY_ASSIGN(request.keys,
                         body.required_string_array("keys", 1, kMaxSeriesKeys, service::TrackingLimits::kMaxKeyLength));
        for (std::size_t i = 0; i < request.keys.size(); ++i) {
          if (request.keys[i].empty()) return Error::validation(at("keys", i), at("keys", i) + " must not be empty");
        }
        CAIRN_TRY_ASSIGN(auto max_points, body.optional_int("max_points", 2, kMaxSeriesPoints));
        request.max_points = static_cast<std::size_t>(max_points.value_or(kDefaultSeriesPoints));
        CAIRN_TRY_ASSIGN(request.start_step, body.optional_int("start_step", INT64_MIN, INT64_MAX));
        CAIRN_TRY_ASSIGN(request.end_step, body.optional_int("end_step", INT64_MIN, INT64_MAX));
        if (request.start_step && request.end_step && *request.start_step > *request.end_step) {
          return Error::validation("end_step", "end_step must not be below start_step");
        }
        const auto budget = static_cast<int64_t>(request.run_ids.size() * request.keys.size() * request.max_points);
        if (budget > kMaxSeriesBudget) {
          return Error::validation("max_points", "run_ids x keys x max_points must be at most " +
                                                     std::to_string(kMaxSeriesBudget) + " (asked " +
                                                     std::to_string(budget) + ")");
        }
        CAIRN_TRY_ASSIGN(auto series, runs.metric_series_many(caller, tracking_scope(req), request));
        nlohmann::json items = nlohmann::json::array();
        for (const auto& s : series) items.push_back(series_columns(s));
        return json_result(200, {{"items", std::move(items)}});
      });

  api.add_in_project("POST", project + "/runs/compare",
                     [&runs](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
                       CAIRN_TRY_ASSIGN(auto run_ids,
                                        body.required_string_array("run_ids", kMinCompareRuns, kMaxCompareRuns, 64));
                       if (std::set<std::string>(run_ids.begin(), run_ids.end()).size() != run_ids.size()) {
                         return Error::validation("run_ids", "run_ids must not name a run twice");
                       }
                       CAIRN_TRY_ASSIGN(auto comparison, runs.compare(caller, run_ids));
                       return json_result(200, views::run_comparison(comparison));
                     });
}

}  // namespace cairn::api
