#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "serving/model_signature.hpp"
#include "serving/table.hpp"

/// The Open Inference Protocol v2 (KServe, Triton, MLServer) over REST, including Triton's binary
/// tensor extension that the stock tritonclient[http] uses by default, so those clients call a Cairn
/// deployment unchanged (DESIGN.md D9). Pure functions: the gateway does the I/O.
namespace cairn::serving {

/// One output the client asked for, and whether it wants it as raw bytes after the JSON.
struct V2RequestedOutput {
  std::string name;
  /// The output's own `parameters.binary_data`; unset: the request's binary_data_output decides.
  std::optional<bool> binary;
};

struct V2InferRequest {
  std::string id;  ///< echoed in the answer; empty when the client sent none
  /// Request `parameters` other than the protocol's own (content_type, binary_data_output, ...), as
  /// a JSON object: passed to the model as MLflow params. Empty when none remain.
  std::string params_json;
  Table table;
  std::vector<V2RequestedOutput> outputs;  ///< empty: every output
  bool binary_output = false;              ///< request parameter binary_data_output
};

/// Parses POST /v2/models/{name}/infer. `header_length` is the Inference-Header-Content-Length
/// header: when present, `body` is that many bytes of JSON followed by the binary tensor data of the
/// inputs that carry `parameters.binary_data_size`. Inputs map onto the signature as MLServer's
/// MLflow runtime does: named 1-D (or [N, 1]) inputs become DataFrame columns for a column signature;
/// tensor specs take inputs by name (or the only input for a single spec); values convert to the
/// spec's type. FP16 is refused (the table has no half floats). `max_rows` 0: no limit.
Result<V2InferRequest> parse_v2_infer_request(std::string_view body, std::optional<size_t> header_length,
                                              const ModelSignature& signature, int64_t max_rows);

struct V2ResponseContext {
  std::string model_name;
  std::string model_version;  ///< omitted from the answer when empty
  std::string id;             ///< the request's id, omitted when empty
  std::vector<V2RequestedOutput> outputs;
  bool binary_output = false;
  const ModelSignature* signature = nullptr;  ///< names an unnamed ndarray output after the signature's
};

struct V2Response {
  std::string body;
  /// Set when some outputs are binary: the JSON part's length, for the
  /// Inference-Header-Content-Length header (the content type is then application/octet-stream).
  std::optional<size_t> header_length;
};

/// Renders a prediction as an infer answer. An ndarray is one output ("output-1" as MLServer names
/// it, or the signature's output name), a DataFrame or Series one output per column (shape [N, 1]
/// for scalar columns, as the metadata declares them), a JSON prediction one BYTES element holding
/// the JSON text. Asking for an output the prediction does not have is a validation error.
Result<V2Response> render_v2_infer_response(const Prediction& prediction, const V2ResponseContext& context);

/// GET /v2/models/{name}[/versions/{v}]: inputs and outputs from the signature, as MLServer's MLflow
/// runtime declares them (columns [-1, 1] with their datatype and content_type; unnamed specs
/// "input-{i}" and "output-{i+1}", the latter matching the names answers use).
std::string render_v2_model_metadata(std::string_view name, const std::vector<std::string>& versions,
                                     std::string_view platform, const ModelSignature& signature);
/// GET /v2: the server's name, version and protocol extensions.
std::string render_v2_server_metadata(std::string_view name, std::string_view version);

/// The error body of the protocol, `{"error": "<field>: <message>"}`: what tritonclient and KServe
/// clients read (tritonclient raises InferenceServerException with that text).
std::string render_v2_error(const Error& error);

/// The v2 datatype name of a table type ("FP64", "BYTES", ...).
std::string_view v2_datatype(DataType type);

}  // namespace cairn::serving
