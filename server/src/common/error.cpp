#include "common/error.hpp"

namespace cairn {

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
