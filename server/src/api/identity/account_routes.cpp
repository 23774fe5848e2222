#include "api/api.hpp"
#include "api/json_input.hpp"
#include "api/views.hpp"

namespace cairn::api {

void add_account_routes(Api& api) {
  auto& accounts = api.services().accounts;

  api.add("GET", "/api/v1/me", AuthMode::required,
          [&accounts](http::Request&, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto me, accounts.me(*caller.principal));
            return json_result(200, views::me(me));
          });

  api.add("PATCH", "/api/v1/me", AuthMode::required,
          [&accounts](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            if (caller.principal->is_key()) return Error::forbidden("API keys cannot change the account");
            CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
            CAIRN_TRY_ASSIGN(auto name, body.required_string("name", 1, 100));
            CAIRN_TRY_ASSIGN(auto user, accounts.update_name(*caller.principal, name));
            return json_result(200, views::user(user));
          });

  api.add("POST", "/api/v1/me/password", AuthMode::required,
          [&accounts](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            if (caller.principal->is_key()) return Error::forbidden("API keys cannot change passwords");
            CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
            CAIRN_TRY_ASSIGN(auto current, body.required_string("current_password", 1, 4096));
            CAIRN_TRY_ASSIGN(auto next, body.required_string("new_password", 0, 4096));
            CAIRN_TRY(validate_password(next, "new_password"));
            CAIRN_TRY(accounts.change_password(*caller.principal, current, next, caller));
            return http::Response::no_content();
          });

  api.add("GET", "/api/v1/me/sessions", AuthMode::required,
          [&accounts](http::Request&, const service::Caller& caller) -> Result<http::Response> {
            if (caller.principal->is_key()) return Error::forbidden("API keys have no sessions");
            CAIRN_TRY_ASSIGN(auto sessions, accounts.list_sessions(*caller.principal));
            nlohmann::json items = nlohmann::json::array();
            for (const auto& s : sessions) items.push_back(views::session(s, caller.principal->session_id));
            return json_result(200, {{"items", items}});
          });

  api.add("DELETE", "/api/v1/me/sessions/{session_id}", AuthMode::required,
          [&accounts](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            if (caller.principal->is_key()) return Error::forbidden("API keys have no sessions");
            const auto& id = req.param("session_id");
            if (id.size() > 64) return Error::not_found("session");
            CAIRN_TRY(accounts.revoke_session(*caller.principal, id, caller));
            return http::Response::no_content();
          });
}

}  // namespace cairn::api
