#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

/// The columnar data that flows from a protocol codec through the batcher to a runtime and back.
/// One layout for all of them, so a request is parsed once into it and a batch is made by
/// appending columns, not by walking rows (docs/adr/0003-deployments-and-serving.md).
namespace cairn::serving {

enum class DataType : uint8_t {
  boolean = 1,  ///< one byte, 0 or 1
  int32 = 2,
  int64 = 3,
  float32 = 4,
  float64 = 5,
  string = 6,    ///< UTF-8, variable width (offsets)
  binary = 7,    ///< bytes, variable width (offsets)
  datetime = 8,  ///< int64 nanoseconds since the Unix epoch, UTC
};

std::string_view to_string(DataType type);
/// Bytes per element; 0 for the variable-width types.
size_t fixed_width(DataType type);
inline bool is_variable_width(DataType type) {
  return type == DataType::string || type == DataType::binary;
}

/// One named column (a feature, a named tensor, an output). Row `r` holds `elements_per_row()`
/// elements: one for a scalar column, the product of `shape` for a tensor column.
struct Column {
  std::string name;  ///< empty for an unnamed tensor (a plain ndarray input or output)
  DataType type = DataType::float64;
  std::vector<int64_t> shape;     ///< per-row trailing dimensions; empty: one scalar per row
  std::vector<uint8_t> data;      ///< fixed width: little-endian elements; variable: the bytes
  std::vector<uint32_t> offsets;  ///< variable width only: elements + 1 offsets into `data`
  std::vector<uint8_t> valid;     ///< empty: every row present; else one byte per row, 0 = missing

  int64_t elements_per_row() const;
  int64_t element_count() const;  ///< over all rows
  bool is_missing(int64_t row) const { return !valid.empty() && valid[static_cast<size_t>(row)] == 0; }
  std::string_view string_at(int64_t element) const {
    auto i = static_cast<size_t>(element);
    return {reinterpret_cast<const char*>(data.data()) + offsets[i], offsets[i + 1] - offsets[i]};
  }
  template <class T>
  const T* values() const {
    return reinterpret_cast<const T*>(data.data());
  }
  /// Element `i` of a fixed-width column, read without assuming the buffer is aligned for T.
  template <class T>
  T value_at(int64_t i) const {
    T v;
    std::memcpy(&v, data.data() + static_cast<size_t>(i) * sizeof(T), sizeof(T));
    return v;
  }
};

/// How the model receives the columns: as a DataFrame (MLflow column signature, dataframe_split /
/// dataframe_records, CSV), or as tensors (an ndarray when there is one unnamed column, else a
/// dict of name -> ndarray: `instances` / `inputs`, Open Inference v2).
enum class TableKind : uint8_t { dataframe = 0, tensors = 1 };

struct Table {
  TableKind kind = TableKind::dataframe;
  int64_t rows = 0;
  std::vector<Column> columns;

  const Column* find(std::string_view name) const;
  /// Approximate bytes held (for queue and cache bounds).
  size_t byte_size() const;
};

/// Rows [begin, end) of `table`.
Table slice(const Table& table, int64_t begin, int64_t end);
/// The rows of `parts` one after another. Every part must have the same kind and the same columns
/// (name, type, shape) in the same order; otherwise a validation error (such requests are never
/// batched together: the batcher keys batches by layout).
Result<Table> concat(const std::vector<const Table*>& parts);
/// A key that equal layouts (kind, column names, types, shapes) share: what may be batched together.
std::string layout_key(const Table& table);

/// What a model returned, in the form `mlflow models serve` would render it.
struct Prediction {
  enum class Kind : uint8_t {
    ndarray = 0,    ///< numpy array: one unnamed column, rows x shape -> nested lists
    dataframe = 1,  ///< pandas DataFrame -> a list of records
    series = 2,     ///< pandas Series -> a list
    json = 3,       ///< anything else, already JSON (a list, a dict, a scalar)
    tensors = 4,    ///< a dict of numpy arrays, one row each per input row -> {name: nested lists}
  };
  Kind kind = Kind::ndarray;
  Table table;             ///< for ndarray, dataframe, series
  std::string json;        ///< for json
  int64_t json_rows = -1;  ///< for json: the array's length when it is a list, else -1
  /// Rows, when the prediction has one entry per input row (it can be split among the requests
  /// of a batch); -1 when it cannot (a dict, a scalar).
  int64_t rows() const;
};

/// Rows [begin, end) of a row-aligned prediction.
Prediction slice(const Prediction& prediction, int64_t begin, int64_t end);

}  // namespace cairn::serving
