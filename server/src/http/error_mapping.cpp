#include "http/error_mapping.hpp"

#include <nlohmann/json.hpp>

namespace cairn::http {

std::string_view mlflow_error_code(ErrorCode code) {
  switch (code) {
    case ErrorCode::bad_request:
    case ErrorCode::validation_failed:
    case ErrorCode::payload_too_large:
      return "INVALID_PARAMETER_VALUE";
    case ErrorCode::unauthenticated:
      return "UNAUTHENTICATED";
    case ErrorCode::forbidden:
      return "PERMISSION_DENIED";
    case ErrorCode::not_found:
      return "RESOURCE_DOES_NOT_EXIST";
    case ErrorCode::conflict:
      return "RESOURCE_ALREADY_EXISTS";
    case ErrorCode::rate_limited:
      return "REQUEST_LIMIT_EXCEEDED";
    case ErrorCode::unavailable:
      return "TEMPORARILY_UNAVAILABLE";
    case ErrorCode::not_implemented:
      return "NOT_IMPLEMENTED";
    case ErrorCode::timeout:
      return "DEADLINE_EXCEEDED";
    case ErrorCode::model_error:
    case ErrorCode::internal:
      return "INTERNAL_ERROR";
  }
  return "INTERNAL_ERROR";
}

Response mlflow_error_response(const Error& error, const std::string& request_id) {
  int status = http_status(error.code);
  if (error.code == ErrorCode::conflict || error.code == ErrorCode::validation_failed) status = 400;
  Response response = Response::json(
      status,
      {{"error_code", mlflow_error_code(error.code)},
       {"message", error.code == ErrorCode::internal ? "internal error (request " + request_id + ")" : error.message}});
  if (error.code == ErrorCode::rate_limited || error.code == ErrorCode::unavailable) {
    response.set_header("Retry-After", std::to_string(error.retry_after_seconds > 0 ? error.retry_after_seconds : 1));
  }
  return response;
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
  if (error.code == ErrorCode::rate_limited || error.code == ErrorCode::unavailable) {
    response.set_header("Retry-After", std::to_string(error.retry_after_seconds > 0 ? error.retry_after_seconds : 1));
  }
  if (error.code == ErrorCode::unauthenticated) response.set_header("WWW-Authenticate", "Bearer");
  return response;
}

Response open_inference_error_response(const Error& error, const std::string& request_id) {
  Response response = error_response(error, request_id);
  const std::string message = error.code == ErrorCode::internal ? "internal error" : error.message;
  response.body = nlohmann::json{{"error", error.field.empty() ? message : error.field + ": " + message}}.dump();
  return response;
}

}  // namespace cairn::http
