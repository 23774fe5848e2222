#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "serving/table.hpp"

/// An MLflow model signature (the MLmodel file's `signature`), parsed once when a deployment loads
/// so that every request is checked against plain structs, not JSON.
namespace cairn::serving {

/// One input or output of a signature: an MLflow column (ColSpec) or a tensor (TensorSpec).
struct InputSpec {
  std::string name;  ///< empty for an unnamed spec
  /// The MLflow type as written ("double", "long", ...) or the tensor's numpy dtype ("float32"):
  /// what error messages and model metadata show.
  std::string mlflow_type;
  DataType type = DataType::float64;
  /// False for MLflow types the columnar table cannot hold (array, object, map, any) and numpy
  /// dtypes without a lossless DataType: requests for such specs are refused clearly.
  bool supported = true;
  bool required = true;
  bool tensor = false;
  std::vector<int64_t> shape;  ///< tensors only; -1 for a variable dimension
};

/// One inference parameter (`params` of the signature); values are checked by the model's pyfunc.
struct ParamSpec {
  std::string name;
  std::string type;  ///< MLflow type name
  nlohmann::json default_value;
  std::optional<std::vector<int64_t>> shape;
};

struct Schema {
  std::vector<InputSpec> specs;
  bool is_tensor() const { return !specs.empty() && specs.front().tensor; }
  /// Whether every spec is named (MLflow's has_input_names).
  bool has_names() const;
  const InputSpec* find(std::string_view name) const;
};

struct ModelSignature {
  std::optional<Schema> inputs;  ///< absent: the model has no signature, nothing is validated
  std::optional<Schema> outputs;
  std::vector<ParamSpec> params;
};

/// Parses the `signature` object of an MLmodel file (its `inputs`, `outputs` and `params` are JSON
/// strings, as MLflow writes them). A null or missing signature gives an empty ModelSignature.
Result<ModelSignature> parse_model_signature(const nlohmann::json& signature);

/// The DataType MLflow's column type maps to ("double" -> float64), or nullopt when the table
/// cannot hold it.
std::optional<DataType> data_type_of_mlflow_type(std::string_view mlflow_type);
/// The DataType a numpy dtype of a tensor spec maps to. Narrow integers widen (int8/int16/uint8/
/// uint16 -> int32, uint32 -> int64) and float16 -> float32, since the table has no narrower types;
/// the worker casts back to the spec's dtype.
std::optional<DataType> data_type_of_numpy_dtype(std::string_view dtype);

}  // namespace cairn::serving
