#include "http/error_mapping.hpp"

#include <nlohmann/json.hpp>

namespace cairn::http {

int http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::bad_request: return 400;
    case ErrorCode::validation_failed: return 422;
    case ErrorCode::unauthenticated: return 401;
    case ErrorCode::forbidden: return 403;
    case ErrorCode::not_found: return 404;
    case ErrorCode::conflict: return 409;
    case ErrorCode::payload_too_large: return 413;
    case ErrorCode::rate_limited: return 429;
    case ErrorCode::unavailable: return 503;
    case ErrorCode::internal: return 500;
  }
  return 500;
}

Response error_response(const Error& error, const std::string& request_id) {
  nlohmann::json inner = {
      {"code", to_string(error.code)},
      // Internal details stay in the server log; the client gets the request id to quote.
      {"message", error.code == ErrorCode::internal ? std::string("internal error") : error.message},
      {"request_id", request_id},
  };
  if (!error.field.empty()) inner["field"] = error.field;
  Response response = Response::json(http_status(error.code), {{"error", inner}});
  if (error.code == ErrorCode::rate_limited) {
    response.set_header("Retry-After", std::to_string(error.retry_after_seconds > 0 ? error.retry_after_seconds : 1));
  }
  if (error.code == ErrorCode::unauthenticated) response.set_header("WWW-Authenticate", "Bearer");
  return response;
}

}  // namespace cairn::http
