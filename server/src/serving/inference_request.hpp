#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "serving/mlflow_scoring.hpp"
#include "serving/open_inference.hpp"

/// The request handling both inference servers share — Cairn's gateway (api/deployments) and the
/// one-deployment model server (modelserver/): a request body in, a table to predict on and what
/// the answer needs out. Pure functions; the callers do the I/O.
namespace cairn::serving {

/// The answer to an MLflow scoring request (POST .../invocations) that parse_mlflow_invocation
/// refused: `mlflow models serve` answers every input problem with 400 and its clients expect that,
/// so a column of the wrong type is a bad request here too (the field still names the column).
Error mlflow_input_error(Error refused);

/// An Open Inference infer request, ready to predict on, and how to render its answer.
struct V2Call {
  Table table;
  std::string params_json;
  V2ResponseContext context;  ///< `signature` is left for the caller (it must outlive the answer)
};

/// Parses POST /v2/models/{name}[/versions/{v}]/infer for model `model_name` serving
/// `model_version`. `header_length` is the Inference-Header-Content-Length header as sent (a bad
/// request naming it when it is not a byte count).
Result<V2Call> parse_v2_call(std::string_view body, std::optional<std::string_view> header_length,
                             const ModelSignature& signature, int64_t max_rows, std::string model_name,
                             std::string model_version);

/// The content type of an infer answer: JSON, or octet-stream when binary outputs follow the JSON.
std::string_view v2_content_type(const V2Response& answer);

}  // namespace cairn::serving
