#include "serving/column_builder.hpp"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include "serving/text_values.hpp"

namespace cairn::serving {

using simdjson::dom::element;
using simdjson::dom::element_type;

void ValueKinds::add(element value) {
  switch (value.type()) {
    case element_type::INT64:
    case element_type::UINT64:
      any_int = true;
      break;
    case element_type::DOUBLE:
      any_float = true;
      break;
    case element_type::STRING:
      any_string = true;
      break;
    case element_type::BOOL:
      any_bool = true;
      break;
    case element_type::NULL_VALUE:
      any_null = true;
      break;
    default:
      any_nested = true;
  }
}

Result<DataType> ValueKinds::infer(const std::string& field) const {
  int kinds = (any_int || any_float ? 1 : 0) + (any_string ? 1 : 0) + (any_bool ? 1 : 0) + (any_nested ? 1 : 0);
  if (kinds > 1) return Error::validation(field, "mixes values of different types (numbers, strings, booleans, lists)");
  if (any_string) return DataType::string;
  if (any_bool) return DataType::boolean;
  // pandas makes a column of integers with a missing value float64 (NaN), as here.
  if (any_int && !any_float && !any_null) return DataType::int64;
  return DataType::float64;
}

namespace {

std::string describe(element v) {
  switch (v.type()) {
    case element_type::STRING: {
      std::string_view s = v.get_string().value_unsafe();
      std::string out = "string \"";
      out.append(s.substr(0, 40));
      if (s.size() > 40) out += "...";
      return out + "\"";
    }
    case element_type::BOOL:
      return v.get_bool().value_unsafe() ? "boolean true" : "boolean false";
    case element_type::NULL_VALUE:
      return "null";
    case element_type::ARRAY:
      return "a list";
    case element_type::OBJECT:
      return "an object";
    case element_type::INT64:
      return "number " + std::to_string(v.get_int64().value_unsafe());
    case element_type::UINT64:
      return "number " + std::to_string(v.get_uint64().value_unsafe());
    case element_type::DOUBLE: {
      char buf[32];
      auto r = std::to_chars(buf, buf + sizeof buf, v.get_double().value_unsafe());
      return "number " + std::string(buf, r.ptr);
    }
  }
  return "a value";
}

bool parse_double(std::string_view s, double& out) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool parse_int(std::string_view s, int64_t& out) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

}  // namespace

ColumnBuilder::ColumnBuilder(std::string name, DataType type, std::string field, std::string expected,
                             int64_t reserve_rows)
    : field_(std::move(field)), expected_(std::move(expected)) {
  column_.name = std::move(name);
  column_.type = type;
  if (is_variable_width(type)) {
    column_.offsets.reserve(static_cast<size_t>(reserve_rows) + 1);
    column_.offsets.push_back(0);
  } else {
    column_.data.reserve(static_cast<size_t>(reserve_rows) * fixed_width(type));
  }
}

Status ColumnBuilder::mismatch(std::string_view got) const {
  return Error::validation(field_,
                           "expected " + expected_ + ", got " + std::string(got) + " at row " + std::to_string(rows_));
}

Status ColumnBuilder::mismatch_text(std::string_view text) const {
  std::string got = "\"" + std::string(text.substr(0, 40)) + (text.size() > 40 ? "...\"" : "\"");
  return mismatch(got);
}

void ColumnBuilder::mark_valid(bool valid) {
  if (column_.valid.empty()) {
    if (valid) return;  // every row so far is present: no validity needed yet
    column_.valid.assign(static_cast<size_t>(rows_), 1);
  }
  column_.valid.push_back(valid ? 1 : 0);
}

template <class T>
void ColumnBuilder::push(T v) {
  size_t at = column_.data.size();
  column_.data.resize(at + sizeof(T));
  std::memcpy(column_.data.data() + at, &v, sizeof(T));
}

void ColumnBuilder::push_bytes(std::string_view bytes) {
  column_.data.insert(column_.data.end(), bytes.begin(), bytes.end());
  column_.offsets.push_back(static_cast<uint32_t>(column_.data.size()));
}

void ColumnBuilder::push_zero() {
  switch (column_.type) {
    case DataType::float32:
      push(std::numeric_limits<float>::quiet_NaN());
      break;
    case DataType::float64:
      push(std::numeric_limits<double>::quiet_NaN());
      break;
    case DataType::string:
    case DataType::binary:
      push_bytes({});
      break;
    default:
      column_.data.resize(column_.data.size() + fixed_width(column_.type), 0);
  }
}

void ColumnBuilder::append_missing() {
  int64_t n = 1;
  for (int64_t d : shape_) n *= d;
  for (int64_t i = 0; i < n; ++i) push_zero();
  mark_valid(false);
  ++rows_;
}

Status ColumnBuilder::append_scalar(element v) {
  element_type t = v.type();
  switch (column_.type) {
    case DataType::float32:
    case DataType::float64: {
      double d;
      if (t == element_type::INT64)
        d = static_cast<double>(v.get_int64().value_unsafe());
      else if (t == element_type::UINT64)
        d = static_cast<double>(v.get_uint64().value_unsafe());
      else if (t == element_type::DOUBLE)
        d = v.get_double().value_unsafe();
      else if (t == element_type::NULL_VALUE)
        d = std::numeric_limits<double>::quiet_NaN();
      else if (t != element_type::STRING || !parse_double(v.get_string().value_unsafe(), d))
        return mismatch(describe(v));
      if (column_.type == DataType::float32)
        push(static_cast<float>(d));
      else
        push(d);
      return {};
    }
    case DataType::int32:
    case DataType::int64: {
      int64_t i = 0;
      if (t == element_type::INT64) {
        i = v.get_int64().value_unsafe();
      } else if (t == element_type::DOUBLE) {
        double d = v.get_double().value_unsafe();
        if (!(std::trunc(d) == d && std::fabs(d) < 9.2e18)) return mismatch(describe(v));
        i = static_cast<int64_t>(d);
      } else if (t != element_type::STRING || !parse_int(v.get_string().value_unsafe(), i)) {
        return mismatch(describe(v));
      }
      if (column_.type == DataType::int32) {
        if (i < std::numeric_limits<int32_t>::min() || i > std::numeric_limits<int32_t>::max())
          return mismatch(describe(v) + " (out of the 32-bit range)");
        push(static_cast<int32_t>(i));
      } else {
        push(i);
      }
      return {};
    }
    case DataType::boolean:
      if (t != element_type::BOOL) return mismatch(describe(v));
      push(static_cast<uint8_t>(v.get_bool().value_unsafe() ? 1 : 0));
      return {};
    case DataType::string:
      if (t != element_type::STRING) return mismatch(describe(v));
      push_bytes(v.get_string().value_unsafe());
      return {};
    case DataType::binary: {
      if (t != element_type::STRING) return mismatch(describe(v));
      auto bytes = decode_base64(v.get_string().value_unsafe());
      if (!bytes) return mismatch(describe(v) + " (not base64)");
      push_bytes(*bytes);
      return {};
    }
    case DataType::datetime: {
      if (t == element_type::INT64) {
        push(v.get_int64().value_unsafe());
        return {};
      }
      if (t != element_type::STRING) return mismatch(describe(v));
      auto ns = parse_iso_datetime(v.get_string().value_unsafe());
      if (!ns) return mismatch(describe(v));
      push(*ns);
      return {};
    }
  }
  return mismatch(describe(v));
}

Status ColumnBuilder::append_nested(element v, size_t depth) {
  if (depth == shape_.size()) {
    if (v.is_array() || v.is_object()) return mismatch(describe(v) + " inside a tensor deeper than its shape");
    return append_scalar(v);
  }
  auto array = v.get_array();
  if (array.error()) return mismatch(describe(v) + " where a list was expected");
  size_t n = 0;
  for (element item : array.value_unsafe()) {
    if (static_cast<int64_t>(n) >= shape_[depth]) break;
    CAIRN_TRY(append_nested(item, depth + 1));
    ++n;
  }
  size_t size = array.value_unsafe().size();
  if (static_cast<int64_t>(size) != shape_[depth])
    return mismatch("a list of " + std::to_string(size) + " items where " + std::to_string(shape_[depth]) +
                    " were expected (ragged tensor)");
  return {};
}

Status ColumnBuilder::append_json(element value) {
  if (value.is_null()) {
    // pandas cannot hold a missing integer (MLflow's astype fails): a null long is an error; other
    // types have a missing value (NaN, None, NaT).
    if (shape_.empty() && (column_.type == DataType::int32 || column_.type == DataType::int64))
      return mismatch(describe(value));
    append_missing();
    return {};
  }
  if (!shape_fixed_) {
    if (value.is_array()) {
      // The first present row fixes the per-row shape: walk its first items.
      element probe = value;
      while (probe.is_array()) {
        auto items = array_of(probe);
        shape_.push_back(static_cast<int64_t>(items.size()));
        if (items.size() == 0) break;
        probe = *items.begin();
      }
      // Rows missing before it were written as one element each: rewrite them at the row shape.
      if (rows_ > 0) {
        int64_t missing = rows_;
        column_.data.clear();
        if (is_variable_width(column_.type)) column_.offsets.assign(1, 0);
        int64_t per_row = 1;
        for (int64_t d : shape_) per_row *= d;
        for (int64_t i = 0; i < missing * per_row; ++i) push_zero();
      }
    }
    shape_fixed_ = true;
  }
  CAIRN_TRY(shape_.empty() ? append_scalar(value) : append_nested(value, 0));
  mark_valid(true);
  ++rows_;
  return {};
}

Status ColumnBuilder::append_text(std::string_view text) {
  if (text.empty()) {
    if (column_.type == DataType::int32 || column_.type == DataType::int64) return mismatch("an empty value");
    append_missing();
    return {};
  }
  switch (column_.type) {
    case DataType::float32:
    case DataType::float64: {
      double d;
      if (!parse_double(text, d)) return mismatch_text(text);
      if (column_.type == DataType::float32)
        push(static_cast<float>(d));
      else
        push(d);
      break;
    }
    case DataType::int32:
    case DataType::int64: {
      int64_t i;
      if (!parse_int(text, i)) return mismatch_text(text);
      if (column_.type == DataType::int32) {
        if (i < std::numeric_limits<int32_t>::min() || i > std::numeric_limits<int32_t>::max())
          return mismatch_text(text);
        push(static_cast<int32_t>(i));
      } else {
        push(i);
      }
      break;
    }
    case DataType::boolean:
      if (text == "True" || text == "true" || text == "TRUE")
        push(uint8_t{1});
      else if (text == "False" || text == "false" || text == "FALSE")
        push(uint8_t{0});
      else
        return mismatch_text(text);
      break;
    case DataType::string:
    case DataType::binary:
      push_bytes(text);
      break;
    case DataType::datetime: {
      auto ns = parse_iso_datetime(text);
      if (!ns) return mismatch_text(text);
      push(*ns);
      break;
    }
  }
  mark_valid(true);
  ++rows_;
  return {};
}

Column ColumnBuilder::finish() && {
  column_.shape = shape_;
  return std::move(column_);
}

}  // namespace cairn::serving
