#include "api/api.hpp"
#include "api/json_input.hpp"
#include "api/views.hpp"
#include "common/clock.hpp"

namespace cairn::api {

void add_api_key_routes(Api& api) {
  auto& keys = api.services().keys;

  api.add("GET", "/api/v1/orgs/{org}/api-keys", AuthMode::required,
          [&keys](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto page, page_request(req, "-created_at"));
            CAIRN_TRY_ASSIGN(auto list, keys.list(caller, req.param("org"), page));
            return json_result(200, views::page(list, views::api_key));
          });

  api.add("POST", "/api/v1/orgs/{org}/api-keys", AuthMode::required,
          [&keys](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
            service::ApiKeyInput input;
            CAIRN_TRY_ASSIGN(input.name, body.required_string("name", 1, 100));
            CAIRN_TRY_ASSIGN(auto scopes, body.required_string_array("scopes", 1, 5, 16));
            for (const auto& s : scopes) {
              auto scope = service::parse_scope(s);
              if (!scope)
                return Error::validation("scopes", "scopes must be among: read, write, deploy, predict, admin");
              if (!input.scopes.insert(*scope).second) return Error::validation("scopes", "scopes must not repeat");
            }
            CAIRN_TRY_ASSIGN(input.project_ref, body.optional_string("project_id", 1, 64));
            CAIRN_TRY_ASSIGN(input.expires_at, body.optional_int("expires_at", 0, INT64_MAX));
            if (input.expires_at && *input.expires_at <= now_ms()) {
              return Error::validation("expires_at", "expires_at must be in the future (milliseconds since the epoch)");
            }
            CAIRN_TRY_ASSIGN(auto created, keys.create(caller, req.param("org"), input));
            return json_result(201, views::api_key_with_secret(created));
          });

  api.add("GET", "/api/v1/orgs/{org}/api-keys/{key_id}", AuthMode::required,
          [&keys](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto key, keys.get(caller, req.param("org"), req.param("key_id")));
            return json_result(200, views::api_key(key));
          });

  api.add("POST", "/api/v1/orgs/{org}/api-keys/{key_id}/rotate", AuthMode::required,
          [&keys](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
            CAIRN_TRY_ASSIGN(auto grace,
                             body.optional_int("grace_period_seconds", 0, service::ApiKeyService::kMaxGraceSeconds));
            CAIRN_TRY_ASSIGN(auto rotated,
                             keys.rotate(caller, req.param("org"), req.param("key_id"), grace.value_or(0)));
            return json_result(200, views::api_key_with_secret(rotated));
          });

  api.add("DELETE", "/api/v1/orgs/{org}/api-keys/{key_id}", AuthMode::required,
          [&keys](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY(keys.revoke(caller, req.param("org"), req.param("key_id")));
            return http::Response::no_content();
          });

  api.add("GET", "/api/v1/orgs/{org}/api-keys/{key_id}/usage", AuthMode::required,
          [&keys](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto usage, keys.usage(caller, req.param("org"), req.param("key_id")));
            return json_result(200, views::api_key_usage(usage));
          });
}

}  // namespace cairn::api
