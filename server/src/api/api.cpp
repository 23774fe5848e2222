#include "api/api.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "common/crypto.hpp"
#include "common/log.hpp"
#include "http/error_mapping.hpp"

namespace cairn::api {

http::Response json_result(int status, const nlohmann::json& body) { return http::Response::json(status, body); }

void Api::add(std::string method, std::string path, AuthMode auth, Endpoint endpoint, ErrorStyle style) {
  router_.add(std::move(method), std::move(path),
              [this, auth, style, endpoint = std::move(endpoint)](http::Request& req) {
                return run_endpoint(req, auth, style, endpoint);
              });
}

void Api::add_in_project(std::string method, std::string path, Endpoint endpoint) {
  if (path.find("/orgs/{org}/projects/{project}") == std::string::npos) {
    throw std::logic_error("add_in_project: " + path + " names no {org} and {project}");
  }
  router_.add(std::move(method), std::move(path), [this, endpoint = std::move(endpoint)](http::Request& req) {
    // The same narrowing as a /p/<org>/<project> prefix (run_endpoint applies it to the principal).
    req.scope_org = req.param("org");
    req.scope_project = req.param("project");
    return run_endpoint(req, AuthMode::required, ErrorStyle::native, endpoint);
  });
}

service::TrackingScope tracking_scope(const http::Request& req) {
  service::TrackingScope scope;
  if (!req.scope_org.empty()) {
    scope.org_ref = req.scope_org;
    scope.project_ref = req.scope_project;
  }
  return scope;
}

bool Api::take_project_prefix(http::Request& req) {
  // /p/<org>/<project>/api/2.0/mlflow/...: the tracking URI names the project.
  std::string_view rest = std::string_view(req.path).substr(3);
  const auto org_end = rest.find('/');
  if (org_end == std::string_view::npos || org_end == 0) return false;
  const auto project_end = rest.find('/', org_end + 1);
  if (project_end == std::string_view::npos || project_end == org_end + 1) return false;
  auto org = http::percent_decode(rest.substr(0, org_end), false);
  auto project = http::percent_decode(rest.substr(org_end + 1, project_end - org_end - 1), false);
  std::string_view tail = rest.substr(project_end);
  if (!org || !project || !tail.starts_with("/api/2.0/mlflow")) return false;
  req.scope_org = std::move(*org);
  req.scope_project = std::move(*project);
  req.path = std::string(tail);
  return true;
}

http::Response Api::handle(http::Request& req) {
  if (req.path.starts_with("/p/") && !take_project_prefix(req)) {
    return http::mlflow_error_response(Error::not_found("route " + req.path), req.request_id);
  }
  auto match = router_.match(req.method == "HEAD" ? "GET" : req.method, req.path);
  switch (match.kind) {
    case http::Router::MatchKind::found: {
      req.route = match.route;
      req.path_params = std::move(match.params);
      return (*match.handler)(req);
    }
    case http::Router::MatchKind::method_not_allowed: {
      std::string allow;
      for (const auto& m : match.allowed_methods) allow += (allow.empty() ? "" : ", ") + m;
      auto response = http::error_response(
          Error{ErrorCode::bad_request, "method " + req.method + " is not allowed here; allowed: " + allow},
          req.request_id);
      response.status = 405;
      response.set_header("Allow", allow);
      return response;
    }
    case http::Router::MatchKind::bad_path:
      return http::error_response(Error::bad_request("the path has a malformed percent-escape"), req.request_id);
    case http::Router::MatchKind::not_found:
      break;
  }
  if (fallback_ && (req.method == "GET" || req.method == "HEAD") && !req.path.starts_with("/api/")) {
    req.route = "(static)";
    return fallback_(req);
  }
  if (req.path.starts_with("/api/2.0/")) {
    return http::mlflow_error_response(Error::not_found("no such endpoint: " + req.method + " " + req.path),
                                       req.request_id);
  }
  return http::error_response(Error::not_found("route " + req.path), req.request_id);
}

Result<std::optional<service::Principal>> Api::authenticate(const http::Request& req) {
  auto header = req.header("authorization");
  if (!header) return std::optional<service::Principal>{};
  std::string_view value = *header;
  std::string token;
  if (value.size() > 7 && (value.substr(0, 7) == "Bearer " || value.substr(0, 7) == "bearer ")) {
    token = std::string(value.substr(7));
  } else if (value.size() > 6 && (value.substr(0, 6) == "Basic " || value.substr(0, 6) == "basic ")) {
    // Basic credentials carry an API key as the password (any user name), as MLflow clients send.
    auto decoded = crypto::base64_decode(value.substr(6));
    if (!decoded) return Error::unauthenticated("malformed basic credentials");
    auto colon = decoded->find(':');
    token = colon == std::string::npos ? *decoded : decoded->substr(colon + 1);
    if (!service::ApiKeyService::looks_like_key(token)) {
      return Error::unauthenticated("basic credentials must carry an API key as the password");
    }
  } else {
    return Error::unauthenticated("unsupported authorization scheme; use Bearer");
  }
  while (!token.empty() && token.back() == ' ') token.pop_back();
  if (service::ApiKeyService::looks_like_key(token)) {
    CAIRN_TRY_ASSIGN(auto principal, services_.keys.authenticate(token, req.client_ip));
    return std::optional<service::Principal>(std::move(principal));
  }
  CAIRN_TRY_ASSIGN(auto principal, services_.accounts.authenticate_access_token(token));
  return std::optional<service::Principal>(std::move(principal));
}

http::Response Api::run_endpoint(http::Request& req, AuthMode auth, ErrorStyle style, const Endpoint& endpoint) {
  auto fail = [&](const Error& error) {
    return style == ErrorStyle::mlflow ? http::mlflow_error_response(error, req.request_id)
                                       : http::error_response(error, req.request_id);
  };
  service::Caller caller;
  caller.ip = req.client_ip;
  caller.request_id = req.request_id;
  caller.user_agent = std::string(req.header("user-agent").value_or(""));
  if (!req.param("org").empty()) req.log_org = req.param("org");

  std::vector<std::pair<std::string, std::string>> rate_headers;
  if (auth != AuthMode::none) {
    auto principal = authenticate(req);
    if (!principal.ok()) {
      if (auth == AuthMode::required) return fail(principal.error());
    } else {
      caller.principal = std::move(*principal);
    }
    if (auth == AuthMode::required && !caller.principal) {
      return fail(Error::unauthenticated());
    }
    if (caller.principal) {
      if (!req.scope_org.empty()) {
        caller.principal->scope_org_ref = req.scope_org;
        caller.principal->scope_project_ref = req.scope_project;
      }
      req.log_principal = caller.principal->log_id();
      if (caller.principal->is_key()) {
        if (req.log_org.empty()) req.log_org = caller.principal->key_org_id;
        auto decision = services_.keys.take_rate(caller.principal->api_key_id);
        // Header fields of the IETF RateLimit draft: the policy, then what is left of it.
        const int limit = services_.keys.rate_limit_per_minute();
        rate_headers.emplace_back("RateLimit-Policy", std::to_string(limit) + ";w=60");
        rate_headers.emplace_back("RateLimit", "limit=" + std::to_string(limit) +
                                                   ", remaining=" + std::to_string(decision.remaining) +
                                                   ", reset=" + std::to_string((decision.reset_ms + 999) / 1000));
        if (!decision.allowed) {
          auto response = fail(Error::rate_limited(static_cast<int>((decision.retry_after_ms + 999) / 1000),
                                                   "API key rate limit exceeded"));
          for (auto& [k, v] : rate_headers) response.set_header(k, v);
          return response;
        }
      }
    }
  }

  http::Response response;
  try {
    auto result = endpoint(req, caller);
    response = result.ok() ? std::move(result).value() : fail(result.error());
    if (!result.ok() && result.error().code == ErrorCode::internal) {
      log::error("request failed", {{"request_id", req.request_id}, {"route", req.route}, {"error", result.error().message}});
    }
  } catch (const std::exception& e) {
    log::error("endpoint threw", {{"request_id", req.request_id}, {"route", req.route}, {"error", e.what()}});
    response = fail(Error::internal(e.what()));
  }
  for (auto& [k, v] : rate_headers) response.set_header(k, v);
  response.set_header("Cache-Control", "no-store");
  response.set_header("X-Content-Type-Options", "nosniff");
  return response;
}

}  // namespace cairn::api
