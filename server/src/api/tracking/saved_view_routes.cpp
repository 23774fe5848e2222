// Saved views of an experiment's runs grid: /api/v1/orgs/{org}/projects/{project}/experiments/{id}/views
#include "api/tracking/saved_view_routes.hpp"

#include "api/json_input.hpp"

namespace cairn::api {
namespace {

constexpr std::size_t kMaxViewNameLength = 100;
/// The grid state is the web app's to shape; the server only keeps it bounded: an object of at most
/// 32 KiB as serialized.
constexpr std::size_t kMaxStateBytes = 32 * 1024;
const std::vector<std::string> kViewVisibilities = {"private", "project"};

nlohmann::json saved_view_json(const storage::saved_views::SavedViewRecord& v, const std::string& caller_id) {
  return {{"id", v.id},
          {"experiment_id", v.experiment_id},
          {"name", v.name},
          {"visibility", v.visibility},
          {"state", nlohmann::json::parse(v.state, nullptr, false)},
          {"created_by", v.created_by},
          {"is_own", v.created_by == caller_id},
          {"created_at", v.created_at},
          {"updated_at", v.updated_at}};
}

std::string saved_view_caller(const service::Caller& caller) {
  return caller.principal ? caller.principal->user_id : std::string();
}

/// The state as stored text: 422 unless an object within kMaxStateBytes.
Result<std::string> saved_view_state(const JsonBody& body) {
  const auto& state = body.json().at("state");
  if (!state.is_object()) return Error::validation("state", "state must be a JSON object");
  std::string text = state.dump();
  if (text.size() > kMaxStateBytes) {
    return Error::validation("state", "state must be at most " + std::to_string(kMaxStateBytes) + " bytes");
  }
  return text;
}

}  // namespace

void add_saved_view_routes(Api& api, service::SavedViewService& views) {
  const std::string base = "/api/v1/orgs/{org}/projects/{project}/experiments/{experiment_id}/views";

  api.add_in_project("GET", base,
                     [&views](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto list, views.list(caller, tracking_scope(req), req.param("experiment_id")));
                       nlohmann::json items = nlohmann::json::array();
                       for (const auto& v : list) items.push_back(saved_view_json(v, saved_view_caller(caller)));
                       return json_result(200, {{"items", items}});
                     });

  api.add_in_project(
      "POST", base, [&views](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
        CAIRN_TRY(body.allow_only({"name", "visibility", "state"}));
        CAIRN_TRY(body.reject_nulls());
        CAIRN_TRY_ASSIGN(auto name, body.required_string("name", 1, kMaxViewNameLength));
        CAIRN_TRY_ASSIGN(auto visibility, body.optional_enum("visibility", kViewVisibilities));
        if (!body.has("state")) return Error::validation("state", "state is required");
        CAIRN_TRY_ASSIGN(auto state, saved_view_state(body));
        CAIRN_TRY_ASSIGN(auto created, views.create(caller, tracking_scope(req), req.param("experiment_id"), name,
                                                    visibility.value_or("private"), state));
        return json_result(201, saved_view_json(created, saved_view_caller(caller)));
      });

  api.add_in_project("GET", base + "/{view_id}",
                     [&views](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto view, views.get(caller, tracking_scope(req), req.param("experiment_id"),
                                                             req.param("view_id")));
                       return json_result(200, saved_view_json(view, saved_view_caller(caller)));
                     });

  api.add_in_project("PATCH", base + "/{view_id}",
                     [&views](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
                       CAIRN_TRY(body.allow_only({"name", "visibility", "state"}));
                       CAIRN_TRY(body.reject_nulls());
                       service::SavedViewChanges changes;
                       CAIRN_TRY_ASSIGN(changes.name, body.optional_string("name", 1, kMaxViewNameLength));
                       CAIRN_TRY_ASSIGN(changes.visibility, body.optional_enum("visibility", kViewVisibilities));
                       if (body.has("state")) {
                         CAIRN_TRY_ASSIGN(changes.state, saved_view_state(body));
                       }
                       CAIRN_TRY_ASSIGN(auto view, views.update(caller, tracking_scope(req), req.param("experiment_id"),
                                                                req.param("view_id"), changes));
                       return json_result(200, saved_view_json(view, saved_view_caller(caller)));
                     });

  api.add_in_project(
      "DELETE", base + "/{view_id}",
      [&views](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY(views.remove(caller, tracking_scope(req), req.param("experiment_id"), req.param("view_id")));
        return http::Response::no_content();
      });
}

}  // namespace cairn::api
