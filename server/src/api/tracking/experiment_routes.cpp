// The native tracking API's experiments: /api/v1/orgs/{org}/projects/{project}/experiments/...
#include "api/api.hpp"
#include "api/json_input.hpp"
#include "api/tracking/tracking_input.hpp"
#include "api/tracking/tracking_views.hpp"
#include "api/views.hpp"

namespace cairn::api {
namespace {

// MLflow's bounds: names up to 500 characters, tag keys 250, tag values (and so descriptions) 5000.
constexpr std::size_t kMaxNameLength = 500;
constexpr std::size_t kMaxTagKeyLength = 250;
constexpr std::size_t kMaxTagValueLength = 5000;

}  // namespace

void add_tracking_experiment_routes(Api& api) {
  auto& experiments = api.services().experiments;
  const std::string base = "/api/v1/orgs/{org}/projects/{project}/experiments";

  api.add_in_project("GET", base,
                     [&experiments](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto page, page_request(req, "-created_at"));
                       service::ExperimentListQuery query;
                       query.q = req.query("q").value_or("");
                       if (utf8_length(query.q) > 200)
                         return Error::bad_request("q must be at most 200 characters", "q");
                       auto view = tracking_input::view_type(req.query("view"), "view");
                       if (!view.ok()) return Error::bad_request(view.error().message, "view");
                       query.view = *view;
                       CAIRN_TRY_ASSIGN(auto list, experiments.list(caller, tracking_scope(req), query, page));
                       return json_result(200, views::page(list, views::experiment));
                     });

  api.add_in_project(
      "POST", base, [&experiments](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
        CAIRN_TRY_ASSIGN(auto name, body.required_string("name", 1, kMaxNameLength));
        CAIRN_TRY_ASSIGN(auto description, body.optional_string("description", 0, kMaxTagValueLength));
        CAIRN_TRY_ASSIGN(auto tags, tracking_input::string_map(body, "tags", kMaxTagKeyLength, kMaxTagValueLength));
        if (description) {
          std::erase_if(tags, [](const auto& kv) { return kv.first == service::kNoteTag; });
          if (!description->empty()) tags.emplace_back(service::kNoteTag, *description);
        }
        CAIRN_TRY_ASSIGN(auto created, experiments.create(caller, tracking_scope(req), name, std::nullopt, tags));
        return json_result(201, views::experiment(created));
      });

  api.add_in_project("GET", base + "/{experiment_id}",
                     [&experiments](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto experiment,
                                        experiments.get(caller, tracking_scope(req), req.param("experiment_id")));
                       return json_result(200, views::experiment(experiment));
                     });

  api.add_in_project(
      "GET", base + "/{experiment_id}/keys",
      [&experiments](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto keys, experiments.keys(caller, tracking_scope(req), req.param("experiment_id")));
        return json_result(200, {{"params", keys.params}, {"metrics", keys.metrics}, {"tags", keys.tags}});
      });

  api.add_in_project(
      "PATCH", base + "/{experiment_id}",
      [&experiments](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
        service::ExperimentChanges changes;
        CAIRN_TRY_ASSIGN(changes.name, body.optional_string("name", 1, kMaxNameLength));
        CAIRN_TRY_ASSIGN(changes.description, body.optional_string("description", 0, kMaxTagValueLength));
        auto experiment = experiments.update(caller, tracking_scope(req), req.param("experiment_id"), changes);
        if (!experiment.ok()) {
          // The service names MLflow's field for a taken name; this request's is "name".
          Error error = std::move(experiment).error();
          if (error.field == "new_name") error.field = "name";
          return error;
        }
        return json_result(200, views::experiment(*experiment));
      });

  api.add_in_project(
      "DELETE", base + "/{experiment_id}",
      [&experiments](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY(experiments.set_deleted(caller, tracking_scope(req), req.param("experiment_id"), true));
        return http::Response::no_content();
      });

  api.add_in_project("POST", base + "/{experiment_id}/restore",
                     [&experiments](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto experiment, experiments.set_deleted(caller, tracking_scope(req),
                                                                                 req.param("experiment_id"), false));
                       return json_result(200, views::experiment(experiment));
                     });

  api.add_in_project("PUT", base + "/{experiment_id}/tags/{key}",
                     [&experiments](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       const std::string& key = req.param("key");
                       if (utf8_length(key) > kMaxTagKeyLength) {
                         return Error::bad_request(
                             "a tag key must be at most " + std::to_string(kMaxTagKeyLength) + " characters", "key");
                       }
                       CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
                       CAIRN_TRY_ASSIGN(auto value, body.required_string("value", 0, kMaxTagValueLength));
                       CAIRN_TRY_ASSIGN(auto experiment, experiments.set_tag(caller, tracking_scope(req),
                                                                             req.param("experiment_id"), key, value));
                       return json_result(200, views::experiment(experiment));
                     });

  api.add_in_project(
      "DELETE", base + "/{experiment_id}/tags/{key}",
      [&experiments](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY(experiments.delete_tag(caller, tracking_scope(req), req.param("experiment_id"), req.param("key")));
        return http::Response::no_content();
      });
}

}  // namespace cairn::api
