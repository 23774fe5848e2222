#include "serving/inference_request.hpp"

#include <charconv>

namespace cairn::serving {

Error mlflow_input_error(Error refused) {
  if (refused.code == ErrorCode::validation_failed) refused.code = ErrorCode::bad_request;
  return refused;
}

Result<V2Call> parse_v2_call(std::string_view body, std::optional<std::string_view> header_length,
                             const ModelSignature& signature, int64_t max_rows, std::string model_name,
                             std::string model_version) {
  std::optional<size_t> length;
  if (header_length) {
    size_t n = 0;
    auto [end, ec] = std::from_chars(header_length->data(), header_length->data() + header_length->size(), n);
    if (ec != std::errc() || end != header_length->data() + header_length->size())
      return Error::bad_request("Inference-Header-Content-Length must be a byte count",
                                "inference-header-content-length");
    length = n;
  }
  CAIRN_TRY_ASSIGN(auto parsed, parse_v2_infer_request(body, length, signature, max_rows));
  V2Call call;
  call.table = std::move(parsed.table);
  call.params_json = std::move(parsed.params_json);
  call.context.model_name = std::move(model_name);
  call.context.model_version = std::move(model_version);
  call.context.id = std::move(parsed.id);
  call.context.outputs = std::move(parsed.outputs);
  call.context.binary_output = parsed.binary_output;
  return call;
}

std::string_view v2_content_type(const V2Response& answer) {
  return answer.header_length ? "application/octet-stream" : "application/json";
}

}  // namespace cairn::serving
