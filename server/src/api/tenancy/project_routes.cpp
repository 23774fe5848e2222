#include "api/api.hpp"
#include "api/json_input.hpp"
#include "api/views.hpp"

namespace cairn::api {

void add_project_routes(Api& api) {
  auto& projects = api.services().projects;
  const std::vector<std::string> visibilities = {"org", "private"};

  api.add("GET", "/api/v1/orgs/{org}/projects", AuthMode::required,
          [&projects](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto page, page_request(req, "name"));
            service::ProjectQuery query;
            query.q = req.query("q").value_or("");
            if (query.q.size() > 200) return Error::bad_request("q must be at most 200 characters", "q");
            if (auto v = req.query("visibility"); v && !v->empty()) {
              if (*v != "org" && *v != "private")
                return Error::bad_request("visibility must be org or private", "visibility");
              query.visibility = *v;
            }
            CAIRN_TRY_ASSIGN(auto list, projects.list(caller, req.param("org"), query, page));
            return json_result(200, views::page(list, views::project));
          });

  api.add("POST", "/api/v1/orgs/{org}/projects", AuthMode::required,
          [&projects, visibilities](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
            service::ProjectInput input;
            CAIRN_TRY_ASSIGN(input.name, body.required_string("name", 1, 100));
            CAIRN_TRY_ASSIGN(auto slug, body.optional_string("slug", 1, 50));
            if (slug) CAIRN_TRY(validate_slug(*slug));
            input.slug = slug.value_or(slugify(input.name));
            CAIRN_TRY_ASSIGN(auto description, body.optional_string("description", 0, 2000));
            input.description = description.value_or("");
            CAIRN_TRY_ASSIGN(auto visibility, body.optional_enum("visibility", visibilities));
            input.visibility = visibility.value_or("org");
            CAIRN_TRY_ASSIGN(auto project, projects.create(caller, req.param("org"), input));
            return json_result(201, views::project(project));
          });

  api.add("GET", "/api/v1/orgs/{org}/projects/{project}", AuthMode::required,
          [&projects](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto access, projects.get(caller, req.param("org"), req.param("project")));
            return json_result(200, views::project(access.project));
          });

  api.add("PATCH", "/api/v1/orgs/{org}/projects/{project}", AuthMode::required,
          [&projects, visibilities](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
            service::ProjectUpdate update;
            CAIRN_TRY_ASSIGN(update.name, body.optional_string("name", 1, 100));
            CAIRN_TRY_ASSIGN(update.description, body.optional_string("description", 0, 2000));
            CAIRN_TRY_ASSIGN(update.visibility, body.optional_enum("visibility", visibilities));
            CAIRN_TRY_ASSIGN(auto project, projects.update(caller, req.param("org"), req.param("project"), update));
            return json_result(200, views::project(project));
          });

  api.add("DELETE", "/api/v1/orgs/{org}/projects/{project}", AuthMode::required,
          [&projects](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY(projects.remove(caller, req.param("org"), req.param("project")));
            return http::Response::no_content();
          });

  api.add("GET", "/api/v1/orgs/{org}/projects/{project}/stats", AuthMode::required,
          [&projects](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto stats, projects.stats(caller, req.param("org"), req.param("project")));
            return json_result(200, views::project_stats(stats));
          });

  api.add("GET", "/api/v1/orgs/{org}/projects/{project}/members", AuthMode::required,
          [&projects](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto members, projects.list_members(caller, req.param("org"), req.param("project")));
            nlohmann::json items = nlohmann::json::array();
            for (const auto& m : members) items.push_back(views::project_member(m));
            return json_result(200, {{"items", items}});
          });

  api.add("PUT", "/api/v1/orgs/{org}/projects/{project}/members/{user_id}", AuthMode::required,
          [&projects](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
            CAIRN_TRY_ASSIGN(auto role, body.optional_enum("role", {"admin", "developer", "viewer"}));
            if (!role) return Error::validation("role", "role is required");
            CAIRN_TRY_ASSIGN(auto member, projects.set_member(caller, req.param("org"), req.param("project"),
                                                              req.param("user_id"), *service::parse_role(*role)));
            return json_result(200, views::project_member(member));
          });

  api.add("DELETE", "/api/v1/orgs/{org}/projects/{project}/members/{user_id}", AuthMode::required,
          [&projects](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY(projects.remove_member(caller, req.param("org"), req.param("project"), req.param("user_id")));
            return http::Response::no_content();
          });
}

}  // namespace cairn::api
