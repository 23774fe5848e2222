#pragma once

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "serving/table.hpp"

/// Appends request values to one typed column, applying MLflow's conversion rules on the way, so a
/// request is converted while it is read and never held as rows of JSON values.
namespace cairn::serving {

/// The list or the object of an element already known to be one, by value: range-for over
/// `e.get_array().value_unsafe()` would dangle (it refers into a destroyed temporary).
inline simdjson::dom::array array_of(simdjson::dom::element e) {
  return e.get_array().value_unsafe();
}
inline simdjson::dom::object object_of(simdjson::dom::element e) {
  return e.get_object().value_unsafe();
}

/// What kinds of JSON scalars a column holds: a first pass fills it when the type must be inferred
/// (no signature), as pandas would infer a column's dtype.
struct ValueKinds {
  bool any_int = false;
  bool any_float = false;
  bool any_string = false;
  bool any_bool = false;
  bool any_null = false;
  bool any_nested = false;  ///< a list or an object as a value
  void add(simdjson::dom::element value);
  /// int64 when all are integers, float64 when numbers, string, boolean; float64 when all are null.
  /// A mix (numbers and strings, ...) is an error naming `field`.
  Result<DataType> infer(const std::string& field) const;
};

/// Builds one Column row by row. Each row holds one value, or a nested list for a tensor column
/// (the first row fixes the per-row shape, every later row must match).
class ColumnBuilder {
 public:
  /// `field` names the column in errors ("inputs.x"); `expected` is the type as the user wrote it
  /// ("double", "float32"). `reserve_rows` is a capacity hint.
  ColumnBuilder(std::string name, DataType type, std::string field, std::string expected, int64_t reserve_rows = 0);

  /// Appends row `rows()` from a JSON value: a scalar, null (missing) or a nested list.
  Status append_json(simdjson::dom::element value);
  /// Appends row `rows()` from CSV text; an empty cell is missing.
  Status append_text(std::string_view text);
  void append_missing();

  int64_t rows() const { return rows_; }
  const std::string& field() const { return field_; }
  /// Sets the per-row shape before any row is appended (a tensor spec with fixed dims).
  void set_row_shape(std::vector<int64_t> shape) {
    shape_ = std::move(shape);
    shape_fixed_ = true;
  }
  Column finish() &&;

 private:
  Status append_scalar(simdjson::dom::element value);
  Status append_nested(simdjson::dom::element value, size_t depth);
  Status mismatch(std::string_view got) const;
  Status mismatch_text(std::string_view text) const;
  void mark_valid(bool valid);
  void push_zero();
  template <class T>
  void push(T v);
  void push_bytes(std::string_view bytes);

  Column column_;
  std::string field_;
  std::string expected_;
  int64_t rows_ = 0;
  std::vector<int64_t> shape_;
  bool shape_fixed_ = false;
};

}  // namespace cairn::serving
