#include "api/api.hpp"
#include "api/json_input.hpp"
#include "api/views.hpp"
#include "common/text.hpp"

namespace cairn::api {
namespace {

constexpr std::string_view kRefreshCookie = "cairn_refresh";

// The web UI keeps its refresh token in an HttpOnly, SameSite=Strict cookie scoped to the auth
// routes: scripts cannot read it and other sites cannot make the browser send it.
http::Response with_refresh_cookie(http::Response response, const std::string& token, bool secure) {
  std::string cookie = std::string(kRefreshCookie) + "=" + token +
                       "; Path=/api/v1/auth; HttpOnly; SameSite=Strict; Max-Age=" +
                       std::to_string(service::AccountService::kSessionLifetimeMs / 1000);
  if (secure) cookie += "; Secure";
  response.set_header("Set-Cookie", cookie);
  return response;
}

http::Response clearing_refresh_cookie(http::Response response, bool secure) {
  std::string cookie = std::string(kRefreshCookie) + "=; Path=/api/v1/auth; HttpOnly; SameSite=Strict; Max-Age=0";
  if (secure) cookie += "; Secure";
  response.set_header("Set-Cookie", cookie);
  return response;
}

std::optional<std::string> cookie_value(const http::Request& req, std::string_view name) {
  auto header = req.header("cookie");
  if (!header) return std::nullopt;
  std::string_view rest = *header;
  while (!rest.empty()) {
    auto semi = rest.find(';');
    std::string_view pair = rest.substr(0, semi);
    while (pair.starts_with(' ')) pair.remove_prefix(1);
    if (pair.starts_with(name) && pair.size() > name.size() && pair[name.size()] == '=') {
      return std::string(pair.substr(name.size() + 1));
    }
    if (semi == std::string_view::npos) break;
    rest.remove_prefix(semi + 1);
  }
  return std::nullopt;
}

// Where a refresh token came from: a client that keeps it itself sends it in the body; the web
// UI's is in the HttpOnly cookie.
struct RefreshToken {
  std::string value;
  bool from_cookie = false;
};

// The refresh token from the body, else from the cookie.
Result<std::optional<RefreshToken>> refresh_token_of(const http::Request& req) {
  CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
  CAIRN_TRY_ASSIGN(auto token, body.optional_string("refresh_token", 1, 256));
  if (token) return std::optional<RefreshToken>(RefreshToken{*token, false});
  auto cookie = cookie_value(req, kRefreshCookie);
  if (!cookie) return std::optional<RefreshToken>{};
  return std::optional<RefreshToken>(RefreshToken{*cookie, true});
}

}  // namespace

void add_auth_routes(Api& api) {
  auto& accounts = api.services().accounts;
  const bool secure = api.secure_cookies();

  api.add("POST", "/api/v1/auth/signup", AuthMode::none,
          [&accounts, secure](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
            service::SignupInput input;
            CAIRN_TRY_ASSIGN(auto email, body.required_string("email", 3, 254));
            CAIRN_TRY_ASSIGN(input.email, validate_email(email));
            CAIRN_TRY_ASSIGN(input.password, body.required_string("password", 0, 4096));
            CAIRN_TRY(validate_password(input.password, "password"));
            CAIRN_TRY_ASSIGN(input.name, body.required_string("name", 1, 100));
            CAIRN_TRY_ASSIGN(input.invitation_token, body.optional_string("invitation_token", 1, 256));
            CAIRN_TRY_ASSIGN(auto pair, accounts.signup(input, caller));
            return with_refresh_cookie(json_result(201, views::token_pair(pair)), pair.refresh_token, secure);
          });

  api.add("POST", "/api/v1/auth/login", AuthMode::none,
          [&accounts, secure](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
            CAIRN_TRY_ASSIGN(auto email, body.required_string("email", 1, 254));
            CAIRN_TRY_ASSIGN(auto password, body.required_string("password", 1, 4096));
            const std::string normalized = ascii_lower(email);
            CAIRN_TRY_ASSIGN(auto pair, accounts.login(normalized, password, caller));
            return with_refresh_cookie(json_result(200, views::token_pair(pair)), pair.refresh_token, secure);
          });

  api.add("POST", "/api/v1/auth/refresh", AuthMode::none,
          [&accounts, secure](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto token, refresh_token_of(req));
            if (!token) return Error::unauthenticated("a refresh token is required (body or cookie)");
            CAIRN_TRY_ASSIGN(auto pair, accounts.refresh(token->value, caller));
            auto body = views::token_pair(pair);
            // A token that came in the cookie goes back only in the cookie: a script injected into the
            // page may call refresh (the cookie rides along) but must never read a long-lived token.
            if (token->from_cookie) body.erase("refresh_token");
            return with_refresh_cookie(json_result(200, body), pair.refresh_token, secure);
          });

  api.add("POST", "/api/v1/auth/logout", AuthMode::optional,
          [&accounts, secure](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto token, refresh_token_of(req));
            CAIRN_TRY(accounts.logout(token ? std::optional<std::string>(token->value) : std::nullopt, caller));
            return clearing_refresh_cookie(http::Response::no_content(), secure);
          });

  api.add("POST", "/api/v1/auth/verify-email/request", AuthMode::required,
          [&accounts](http::Request&, const service::Caller& caller) -> Result<http::Response> {
            if (caller.principal->is_key()) return Error::forbidden("API keys cannot verify email addresses");
            CAIRN_TRY(accounts.request_email_verification(*caller.principal));
            return json_result(202, {{"status", "sent"}});
          });

  api.add("POST", "/api/v1/auth/verify-email", AuthMode::none,
          [&accounts](http::Request& req, const service::Caller&) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
            CAIRN_TRY_ASSIGN(auto token, body.required_string("token", 1, 256));
            CAIRN_TRY_ASSIGN(auto user, accounts.verify_email(token));
            return json_result(200, views::user(user));
          });

  api.add("POST", "/api/v1/auth/password-reset/request", AuthMode::none,
          [&accounts](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
            CAIRN_TRY_ASSIGN(auto raw, body.required_string("email", 1, 254));
            CAIRN_TRY_ASSIGN(auto email, validate_email(raw));
            CAIRN_TRY(accounts.request_password_reset(email, caller));
            return json_result(202, {{"status", "sent if the account exists"}});
          });

  api.add("POST", "/api/v1/auth/password-reset", AuthMode::none,
          [&accounts](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
            CAIRN_TRY_ASSIGN(auto token, body.required_string("token", 1, 256));
            CAIRN_TRY_ASSIGN(auto password, body.required_string("new_password", 0, 4096));
            CAIRN_TRY(validate_password(password, "new_password"));
            CAIRN_TRY(accounts.reset_password(token, password, caller));
            return http::Response::no_content();
          });
}

}  // namespace cairn::api
