#include "api/api.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "common/crypto.hpp"
#include "common/log.hpp"
#include "http/compression.hpp"
#include "http/error_mapping.hpp"

namespace cairn::api {

http::Response json_result(int status, const nlohmann::json& body) {
  return http::Response::json(status, body);
}

void Api::add(std::string method, std::string path, AuthMode auth, Endpoint endpoint, ErrorStyle style, Lane lane) {
  // A synchronous endpoint is an asynchronous one that replies before it returns.
  add_route(std::move(method), std::move(path), auth, replying(std::move(endpoint)), style, lane, false);
}

void Api::add_async(std::string method, std::string path, AuthMode auth, AsyncEndpoint endpoint, ErrorStyle style) {
  // Authentication reads the database, so it takes a worker; without it nothing here blocks and
  // the endpoint starts on the I/O thread.
  const Lane lane = auth == AuthMode::none ? Lane::io_thread : Lane::worker;
  add_route(std::move(method), std::move(path), auth, std::move(endpoint), style, lane, false);
}

void Api::add_async_in_project(std::string method, std::string path, AsyncEndpoint endpoint) {
  add_route(std::move(method), std::move(path), AuthMode::required, std::move(endpoint), ErrorStyle::native,
            Lane::worker, true);
}

void Api::add_route(std::string method, std::string path, AuthMode auth, AsyncEndpoint endpoint, ErrorStyle style,
                    Lane lane, bool narrow_to_project) {
  router_.add(
      std::move(method), std::move(path),
      [this, auth, style, lane, narrow_to_project, endpoint = std::move(endpoint)](http::Request& req,
                                                                                   const http::Responder& responder) {
        if (narrow_to_project) {
          // The same narrowing as a /p/<org>/<project> prefix (admit applies it to the principal).
          req.scope_org = req.param("org");
          req.scope_project = req.param("project");
        }
        dispatch(lane, style, req, responder, [this, &req, responder, auth, style, &endpoint] {
          std::vector<std::pair<std::string, std::string>> headers;
          auto caller = admit(req, auth, headers);
          if (!caller.ok()) return responder.send(finish(req, style, std::move(caller).error(), headers));
          Reply reply = [this, &req, responder, style, headers = std::move(headers)](Result<http::Response> result) {
            responder.send(finish(req, style, std::move(result), headers));
          };
          try {
            endpoint(req, *caller, reply);
          } catch (const std::exception& e) {
            log::error("endpoint threw", {{"request_id", req.request_id}, {"route", req.route}, {"error", e.what()}});
            reply(Error::internal(e.what()));  // ignored when the endpoint had replied already
          }
        });
      });
}

void Api::add_in_project(std::string method, std::string path, Endpoint endpoint, Lane lane) {
  if (path.find("/orgs/{org}/projects/{project}") == std::string::npos) {
    throw std::logic_error("add_in_project: " + path + " names no {org} and {project}");
  }
  add_route(std::move(method), std::move(path), AuthMode::required, replying(std::move(endpoint)), ErrorStyle::native,
            lane, true);
}

AsyncEndpoint Api::replying(Endpoint endpoint) {
  return [this, endpoint = std::move(endpoint)](http::Request& req, const service::Caller& caller, const Reply& reply) {
    auto result = endpoint(req, caller);
    // Whatever may have changed (a key, a membership, a deployment) is seen by the access caches
    // before the client learns it is done. Predictions and streams are asynchronous endpoints:
    // they change nothing and never get here.
    if (req.method != "GET" && req.method != "HEAD") services_.access_epoch.bump();
    reply(std::move(result));
  };
}

namespace {

// The one error shape, in the route's style (MLflow's clients parse their own).
http::Response styled_error(ErrorStyle style, const Error& error, const std::string& request_id) {
  if (style == ErrorStyle::mlflow) return http::mlflow_error_response(error, request_id);
  if (style == ErrorStyle::open_inference) return http::open_inference_error_response(error, request_id);
  return http::error_response(error, request_id);
}

}  // namespace

void Api::dispatch(Lane lane, ErrorStyle style, http::Request& req, const http::Responder& responder,
                   std::function<void()> task) {
  WorkPool* pool = lane == Lane::transfer ? transfer_pool_ : lane == Lane::worker ? worker_pool_ : nullptr;
  if (!pool) return task();
  if (pool->try_submit(std::move(task))) return;
  // Every worker is busy and the queue is full: refuse now, cheaply, rather than queue without bound.
  auto response = styled_error(style, Error::unavailable("the server is busy; retry shortly"), req.request_id);
  response.set_header("Retry-After", "1");
  responder.send(std::move(response));
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

bool Api::is_project_app_page(const http::Request& req) {
  if (req.method != "GET" && req.method != "HEAD") return false;
  // Only browsers: an MLflow client or a script asking the same path keeps its JSON 404.
  auto accept = req.header("accept");
  if (!accept || accept->find("text/html") == std::string_view::npos) return false;
  std::string_view rest = std::string_view(req.path).substr(3);
  if (rest.ends_with('/')) rest.remove_suffix(1);
  const auto slash = rest.find('/');
  return slash != std::string_view::npos && slash > 0 && slash + 1 < rest.size() &&
         rest.find('/', slash + 1) == std::string_view::npos;
}

void Api::handle(http::Request& req, http::Responder responder) {
  if (req.path.starts_with("/p/") && !take_project_prefix(req)) {
    if (fallback_ && is_project_app_page(req)) {
      // The app's index page; the app reads the org, project and MLflow's hash route from its URL.
      req.path = "/";
      return serve_static(req, responder);
    }
    return responder.send(http::mlflow_error_response(Error::not_found("route " + req.path), req.request_id));
  }
  auto match = router_.match(req.method == "HEAD" ? "GET" : req.method, req.path);
  switch (match.kind) {
    case http::Router::MatchKind::found: {
      req.route = match.route;
      req.path_params = std::move(match.params);
      return (*match.handler)(req, std::move(responder));
    }
    case http::Router::MatchKind::method_not_allowed: {
      std::string allow;
      for (const auto& m : match.allowed_methods) allow += (allow.empty() ? "" : ", ") + m;
      auto response = http::error_response(
          Error{ErrorCode::bad_request, "method " + req.method + " is not allowed here; allowed: " + allow},
          req.request_id);
      response.status = 405;
      response.set_header("Allow", allow);
      return responder.send(std::move(response));
    }
    case http::Router::MatchKind::bad_path:
      return responder.send(
          http::error_response(Error::bad_request("the path has a malformed percent-escape"), req.request_id));
    case http::Router::MatchKind::not_found:
      break;
  }
  if (fallback_ && (req.method == "GET" || req.method == "HEAD") && !req.path.starts_with("/api/")) {
    return serve_static(req, responder);
  }
  if (req.path.starts_with("/api/2.0/")) {
    return responder.send(http::mlflow_error_response(
        Error::not_found("no such endpoint: " + req.method + " " + req.path), req.request_id));
  }
  responder.send(http::error_response(Error::not_found("route " + req.path), req.request_id));
}

void Api::serve_static(http::Request& req, const http::Responder& responder) {
  req.route = "(static)";
  // Files are read from disk: a worker's job, like any other blocking call.
  dispatch(Lane::worker, ErrorStyle::native, req, responder, [this, &req, responder] {
    auto response = fallback_(req);
    http::compress_response(req, response);
    responder.send(std::move(response));
  });
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

Result<service::Caller> Api::admit(http::Request& req, AuthMode auth,
                                   std::vector<std::pair<std::string, std::string>>& headers) {
  service::Caller caller;
  caller.ip = req.client_ip;
  caller.request_id = req.request_id;
  caller.user_agent = std::string(req.header("user-agent").value_or(""));
  if (!req.param("org").empty()) req.log_org = req.param("org");
  if (auth == AuthMode::none) return caller;

  auto principal = authenticate(req);
  if (!principal.ok()) {
    if (auth == AuthMode::required) return principal.error();
  } else {
    caller.principal = std::move(*principal);
  }
  if (auth == AuthMode::required && !caller.principal) return Error::unauthenticated();
  if (!caller.principal) return caller;
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
    headers.emplace_back("RateLimit-Policy", std::to_string(limit) + ";w=60");
    headers.emplace_back("RateLimit", "limit=" + std::to_string(limit) +
                                          ", remaining=" + std::to_string(decision.remaining) +
                                          ", reset=" + std::to_string((decision.reset_ms + 999) / 1000));
    if (!decision.allowed) {
      return Error::rate_limited(static_cast<int>((decision.retry_after_ms + 999) / 1000),
                                 "API key rate limit exceeded");
    }
  }
  return caller;
}

http::Response Api::finish(const http::Request& req, ErrorStyle style, Result<http::Response> result,
                           const std::vector<std::pair<std::string, std::string>>& headers) {
  http::Response response;
  if (result.ok()) {
    response = std::move(result).value();
  } else {
    if (result.error().code == ErrorCode::internal) {
      log::error("request failed",
                 {{"request_id", req.request_id}, {"route", req.route}, {"error", result.error().message}});
    }
    response = styled_error(style, result.error(), req.request_id);
  }
  for (auto& [k, v] : headers) response.set_header(k, v);
  response.set_header("Cache-Control", "no-store");
  response.set_header("X-Content-Type-Options", "nosniff");
  // Compressing costs CPU: it happens here, on the worker, not on an I/O thread.
  http::compress_response(req, response);
  return response;
}

}  // namespace cairn::api
