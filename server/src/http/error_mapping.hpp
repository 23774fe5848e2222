#pragma once

#include <string>

#include "common/error.hpp"
#include "http/response.hpp"

namespace cairn::http {

/// The one place that maps an error code to an HTTP status.
int http_status(ErrorCode code);

/// The native API's error body: {"error": {"code", "message", "request_id", "field"?}}, with
/// Retry-After on rate_limited.
Response error_response(const Error& error, const std::string& request_id);

}  // namespace cairn::http
