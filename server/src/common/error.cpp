#include "common/error.hpp"

namespace cairn {

int http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::bad_request:
      return 400;
    case ErrorCode::validation_failed:
      return 422;
    case ErrorCode::unauthenticated:
      return 401;
    case ErrorCode::forbidden:
      return 403;
    case ErrorCode::not_found:
      return 404;
    case ErrorCode::conflict:
      return 409;
    case ErrorCode::payload_too_large:
      return 413;
    case ErrorCode::rate_limited:
      return 429;
    case ErrorCode::unavailable:
      return 503;
    case ErrorCode::not_implemented:
      return 501;
    case ErrorCode::timeout:
      return 504;
    case ErrorCode::model_error:
    case ErrorCode::internal:
      return 500;
  }
  return 500;
}

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::bad_request:
      return "bad_request";
    case ErrorCode::validation_failed:
      return "validation_failed";
    case ErrorCode::unauthenticated:
      return "unauthenticated";
    case ErrorCode::forbidden:
      return "forbidden";
    case ErrorCode::not_found:
      return "not_found";
    case ErrorCode::conflict:
      return "conflict";
    case ErrorCode::payload_too_large:
      return "payload_too_large";
    case ErrorCode::rate_limited:
      return "rate_limited";
    case ErrorCode::unavailable:
      return "unavailable";
    case ErrorCode::not_implemented:
      return "not_implemented";
    case ErrorCode::timeout:
      return "timeout";
    case ErrorCode::model_error:
      return "model_error";
    case ErrorCode::internal:
      return "internal";
  }
  return "internal";
}

}  // namespace cairn
