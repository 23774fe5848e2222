#pragma once

#include <string>
#include <string_view>

namespace cairn {

/// What went wrong, independent of transport. http/error_mapping.cpp is the one place that turns a
/// code into an HTTP status; the MLflow routes map the same codes to MLflow's error names.
enum class ErrorCode {
  bad_request,        ///< malformed input that cannot be parsed at all
  validation_failed,  ///< well-formed input with a field that breaks a rule
  unauthenticated,
  forbidden,
  not_found,
  conflict,
  payload_too_large,
  rate_limited,
  unavailable,
  not_implemented,  ///< a feature this configuration does not offer (the client may fall back)
  timeout,          ///< the work did not finish before its deadline (a prediction past its timeout)
  model_error,      ///< the user's model raised: its message is the user's to see, unlike internal
  internal,
};

std::string_view to_string(ErrorCode code);
/// The one place that maps an error code to an HTTP status (the gateway's request records say it
/// too, so it lives here rather than in http/).
int http_status(ErrorCode code);

struct Error {
  Error() = default;
  Error(ErrorCode c, std::string m, std::string f = {}) : code(c), message(std::move(m)), field(std::move(f)) {}

  ErrorCode code = ErrorCode::internal;
  std::string message;
  std::string field;            ///< the input field at fault, when there is one
  int retry_after_seconds = 0;  ///< for rate_limited

  static Error bad_request(std::string message, std::string field = {}) {
    return {ErrorCode::bad_request, std::move(message), std::move(field)};
  }
  static Error validation(std::string field, std::string message) {
    return {ErrorCode::validation_failed, std::move(message), std::move(field)};
  }
  static Error unauthenticated(std::string message = "authentication required") {
    return {ErrorCode::unauthenticated, std::move(message)};
  }
  static Error forbidden(std::string message) { return {ErrorCode::forbidden, std::move(message)}; }
  static Error not_found(std::string_view what) { return {ErrorCode::not_found, std::string(what) + " not found"}; }
  static Error conflict(std::string message) { return {ErrorCode::conflict, std::move(message)}; }
  static Error rate_limited(int retry_after_seconds, std::string message = "too many requests") {
    Error e{ErrorCode::rate_limited, std::move(message)};
    e.retry_after_seconds = retry_after_seconds;
    return e;
  }
  static Error unavailable(std::string message) { return {ErrorCode::unavailable, std::move(message)}; }
  static Error internal(std::string message) { return {ErrorCode::internal, std::move(message)}; }
  static Error timeout(std::string message) { return {ErrorCode::timeout, std::move(message)}; }
  static Error model(std::string message) { return {ErrorCode::model_error, std::move(message)}; }
};

}  // namespace cairn
