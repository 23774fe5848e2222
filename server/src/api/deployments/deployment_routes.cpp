// Deployments and environments: /api/v1/orgs/{org}/projects/{project}/{environments,deployments}/...
#include "api/deployments/deployment_routes.hpp"

#include <charconv>
#include <climits>

#include "api/api.hpp"
#include "api/deployments/deployment_views.hpp"
#include "api/json_input.hpp"

namespace cairn::api {
namespace {

using nlohmann::json;

const std::string kProject = "/api/v1/orgs/{org}/projects/{project}";

std::string deployment_path(const http::Request& req, const std::string& name) {
  return "/api/v1/orgs/" + req.param("org") + "/projects/" + req.param("project") + "/deployments/" + name;
}

Result<int64_t> path_revision(const http::Request& req, const std::string& name) {
  const std::string& text = req.param(name);
  int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n < 1)
    return Error::bad_request("a revision is a positive integer", name);
  return n;
}

}  // namespace

void add_environment_routes(Api& api, service::EnvironmentService& environments) {
  const std::string base = kProject + "/environments";
  api.add_in_project("GET", base,
                     [&environments](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto list, environments.list(caller, tracking_scope(req)));
                       json items = json::array();
                       for (const auto& e : list) items.push_back(deployment_views::environment(e));
                       return json_result(200, {{"environments", items}});
                     });
  api.add_in_project(
      "POST", base, [&environments](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
        service::EnvironmentCreate input;
        CAIRN_TRY_ASSIGN(input.name, body.required_string("name", 1, 63));
        CAIRN_TRY_ASSIGN(auto tier, body.optional_enum("tier", {"development", "staging", "production"}));
        input.tier = tier.value_or("development");
        CAIRN_TRY_ASSIGN(auto description, body.optional_string("description", 0, 1000));
        input.description = description.value_or("");
        CAIRN_TRY_ASSIGN(auto created, environments.create(caller, tracking_scope(req), input));
        return json_result(201, deployment_views::environment(created));
      });
  api.add_in_project("PATCH", base + "/{environment}",
                     [&environments](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
                       service::EnvironmentUpdate input;
                       CAIRN_TRY_ASSIGN(input.name, body.optional_string("name", 1, 63));
                       CAIRN_TRY_ASSIGN(input.description, body.optional_string("description", 0, 1000));
                       CAIRN_TRY_ASSIGN(auto updated, environments.update(caller, tracking_scope(req),
                                                                          req.param("environment"), input));
                       return json_result(200, deployment_views::environment(updated));
                     });
  api.add_in_project("DELETE", base + "/{environment}",
                     [&environments](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY(environments.remove(caller, tracking_scope(req), req.param("environment")));
                       return http::Response::no_content();
                     });
}

void add_deployment_routes(Api& api, service::DeploymentService& deployments,
                           const deployment_views::LiveStatus& live) {
  const std::string base = kProject + "/deployments";
  const std::string one = base + "/{deployment}";
  auto render = [live](const http::Request& req, const storage::DeploymentRecord& d, int status) {
    return json_result(status, deployment_views::deployment(d, deployment_path(req, d.name), live));
  };

  api.add_in_project("GET", base,
                     [&deployments, live](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       auto environment = req.query("environment");
                       if (environment && (environment->empty() || environment->size() > 63))
                         return Error::bad_request("environment must be 1-63 characters", "environment");
                       CAIRN_TRY_ASSIGN(auto list, deployments.list(caller, tracking_scope(req), environment));
                       json items = json::array();
                       for (const auto& d : list)
                         items.push_back(deployment_views::deployment(d, deployment_path(req, d.name), live));
                       return json_result(200, {{"deployments", items}});
                     });
  api.add_in_project(
      "POST", base,
      [&deployments, render](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
        CAIRN_TRY_ASSIGN(auto created, deployments.create(caller, tracking_scope(req), body.json()));
        return render(req, created, 201);
      });
  api.add_in_project(
      "GET", one, [&deployments, render](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto d, deployments.get(caller, tracking_scope(req), req.param("deployment")));
        return render(req, d, 200);
      });
  api.add_in_project(
      "PATCH", one,
      [&deployments, render](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
        CAIRN_TRY_ASSIGN(auto d, deployments.update(caller, tracking_scope(req), req.param("deployment"), body.json()));
        return render(req, d, 200);
      });
  api.add_in_project("DELETE", one,
                     [&deployments](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY(deployments.remove(caller, tracking_scope(req), req.param("deployment")));
                       return http::Response::no_content();
                     });
  for (bool running : {false, true}) {
    api.add_in_project(
        "POST", one + (running ? "/start" : "/stop"),
        [&deployments, render, running](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
          CAIRN_TRY_ASSIGN(auto d,
                           deployments.set_running(caller, tracking_scope(req), req.param("deployment"), running));
          return render(req, d, 200);
        });
  }
  api.add_in_project(
      "POST", one + "/rollback",
      [&deployments, render](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
        CAIRN_TRY_ASSIGN(auto revision, body.optional_int("revision", 1, INT64_MAX));
        if (!revision) return Error::validation("revision", "is required: the revision to roll back to");
        CAIRN_TRY_ASSIGN(auto d, deployments.rollback(caller, tracking_scope(req), req.param("deployment"), *revision));
        return render(req, d, 200);
      });
  api.add_in_project(
      "PUT", one + "/traffic",
      [&deployments, render](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
        CAIRN_TRY_ASSIGN(auto d,
                         deployments.set_traffic(caller, tracking_scope(req), req.param("deployment"), body.json()));
        return render(req, d, 200);
      });
  api.add_in_project("GET", one + "/revisions",
                     [&deployments](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto list,
                                        deployments.revisions(caller, tracking_scope(req), req.param("deployment")));
                       json items = json::array();
                       for (const auto& r : list) items.push_back(deployment_views::revision(r));
                       return json_result(200, {{"revisions", items}});
                     });
  api.add_in_project("GET", one + "/revisions/{revision}",
                     [&deployments](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto number, path_revision(req, "revision"));
                       CAIRN_TRY_ASSIGN(
                           auto r, deployments.revision(caller, tracking_scope(req), req.param("deployment"), number));
                       return json_result(200, deployment_views::revision(r));
                     });
  api.add_in_project("GET", one + "/revisions/{revision}/diff/{other}",
                     [&deployments](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto from, path_revision(req, "revision"));
                       CAIRN_TRY_ASSIGN(auto to, path_revision(req, "other"));
                       CAIRN_TRY_ASSIGN(auto changes, deployments.diff(caller, tracking_scope(req),
                                                                       req.param("deployment"), from, to));
                       json items = json::array();
                       for (const auto& c : changes) items.push_back(deployment_views::change(c));
                       return json_result(200, {{"from", from}, {"to", to}, {"changes", items}});
                     });
  api.add_in_project("GET", one + "/events",
                     [&deployments](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto limit, query_int(req, "limit"));
                       if (limit && (*limit < 1 || *limit > 1000))
                         return Error::bad_request("limit must be between 1 and 1000", "limit");
                       CAIRN_TRY_ASSIGN(auto list,
                                        deployments.events(caller, tracking_scope(req), req.param("deployment"),
                                                           static_cast<int>(limit.value_or(100))));
                       json items = json::array();
                       for (const auto& e : list) items.push_back(deployment_views::event(e));
                       return json_result(200, {{"events", items}});
                     });
  // Whether the caller may call this deployment's inference API: `cairn serve-model` asks with the
  // token its own callers sent, so that a model server outside Cairn admits whom Cairn would.
  api.add_in_project("GET", one + "/access",
                     [&deployments](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(bool predict,
                                        deployments.may_predict(caller, tracking_scope(req), req.param("deployment")));
                       // The principal names the caller in request records (a model server reports them).
                       return json_result(200, {{"predict", predict}, {"principal", caller.principal->log_id()}});
                     });
}

}  // namespace cairn::api
