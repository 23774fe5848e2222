#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "serving/model_signature.hpp"
#include "serving/table.hpp"

/// MLflow's schema enforcement (mlflow.models.utils._enforce_schema) on columns the codecs have
/// built: shared by the MLflow scoring and the Open Inference codecs so both protocols accept and
/// refuse the same inputs with the same messages.
namespace cairn::serving {

/// What a codec should do with one input column it has found in a request.
struct ColumnPlan {
  bool keep = true;                 ///< false: not in the signature, dropped as MLflow does
  const InputSpec* spec = nullptr;  ///< the signature's spec, when there is one
  DataType type = DataType::float64;
  std::string field;     ///< "inputs.x", for errors
  std::string expected;  ///< the type as the signature writes it, for errors
};

/// Decides the type of input `name` (at `position` among the request's columns): the signature's,
/// or `inferred` when there is no signature. An input whose spec has a type the table cannot hold
/// is a validation error.
Result<ColumnPlan> plan_column(const ModelSignature& signature, std::string_view name, size_t position,
                               DataType inferred);

/// Orders the built columns as the signature does, adds absent optional columns (every row
/// missing), refuses absent required ones ("model is missing inputs ['x']"), checks tensor shapes
/// against tensor specs, the row count against `max_rows` (0: no limit) and that there is at least
/// one row. The table's kind is the signature's (column -> DataFrame, tensor -> tensors), else
/// `default_kind`.
Result<Table> finish_table(const ModelSignature& signature, TableKind default_kind, std::vector<Column> columns,
                           int64_t rows, int64_t max_rows);

/// "inputs.x", or "inputs" for an unnamed input.
std::string input_field(std::string_view name);

}  // namespace cairn::serving
