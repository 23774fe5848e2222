#pragma once

#include <string>

#include "common/error.hpp"
#include "http/response.hpp"

namespace cairn::http {

/// MLflow's error name for a code ("RESOURCE_DOES_NOT_EXIST", ...).
std::string_view mlflow_error_code(ErrorCode code);

/// MLflow's error body and status: {"error_code": "...", "message": "..."}; RESOURCE_ALREADY_EXISTS
/// answers 400 as in MLflow.
Response mlflow_error_response(const Error& error, const std::string& request_id);

/// The native API's error body: {"error": {"code", "message", "request_id", "field"?}}, with
/// Retry-After on rate_limited.
Response error_response(const Error& error, const std::string& request_id);

/// The Open Inference Protocol's error: the native status and headers with KServe's body
/// {"error": "<field>: <message>"} (what tritonclient raises with); the request id stays in
/// X-Request-Id and an internal error's detail stays in the log.
Response open_inference_error_response(const Error& error, const std::string& request_id);

}  // namespace cairn::http
