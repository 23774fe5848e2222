#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "serving/model_signature.hpp"
#include "serving/table.hpp"

/// The request and answer bodies of `mlflow models serve` (POST /invocations), so MLflow's clients
/// call a Cairn deployment unchanged (DESIGN.md D9). Pure functions: the gateway does the I/O.
namespace cairn::serving {

/// A parsed invocation: the model input and the `params` to pass to predict.
struct ScoringInput {
  Table table;
  std::string params_json;  ///< the `params` object as compact JSON, or empty when none was sent
};

/// Parses a body by its Content-Type: application/json (dataframe_split, dataframe_records,
/// instances or inputs, plus optional params) or text/csv (a header row). Only the charset
/// parameter (utf-8) is accepted, as MLflow does; another content type is a bad request whose field
/// is "content_type" (MLflow answers 415). Values are converted and checked against `signature`
/// with MLflow's rules; `max_rows` (0: no limit) bounds the rows of one request.
Result<ScoringInput> parse_mlflow_invocation(std::string_view content_type, std::string_view body,
                                             const ModelSignature& signature, int64_t max_rows);
/// The application/json body alone. Unlike MLflow, which ignores top-level keys it does not know, an
/// unknown key is a bad request (a misspelt "params" would otherwise be dropped silently). The
/// unified LLM format (`messages`, `prompt`, ...) is not accepted.
Result<ScoringInput> parse_mlflow_json(std::string_view body, const ModelSignature& signature, int64_t max_rows);
/// The text/csv body alone.
Result<ScoringInput> parse_mlflow_csv(std::string_view body, const ModelSignature& signature, int64_t max_rows);

/// The answer body `mlflow models serve` gives for a prediction: `{"predictions": ...}` as
/// json.dumps writes it (", " and ": " separators, NaN, floats as Python's repr; an ndarray as
/// tolist(), a DataFrame as a list of records, a Series as records of one column named after it).
std::string render_mlflow_predictions(const Prediction& prediction);
/// The same value without the {"predictions": ...} envelope (what a Prediction renders as).
void append_mlflow_value(std::string& out, const Prediction& prediction);

}  // namespace cairn::serving
