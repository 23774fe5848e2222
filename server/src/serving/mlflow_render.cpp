#include <cstring>

#include "serving/mlflow_scoring.hpp"
#include "serving/python_json.hpp"
#include "serving/text_values.hpp"

namespace cairn::serving {

namespace {

/// One element as json.dumps writes the Python value numpy/pandas give for it. `in_frame`: a
/// DataFrame cell (datetimes are pandas Timestamps, written isoformat) rather than ndarray.tolist()
/// (datetime64[ns] becomes an int of nanoseconds).
void append_element(std::string& out, const Column& c, int64_t i, bool in_frame) {
  switch (c.type) {
    case DataType::boolean:
      out += c.data[static_cast<size_t>(i)] ? "true" : "false";
      return;
    case DataType::int32:
      python_json::append_int(out, c.value_at<int32_t>(i));
      return;
    case DataType::int64:
      python_json::append_int(out, c.value_at<int64_t>(i));
      return;
    case DataType::float32:
      python_json::append_float32(out, c.value_at<float>(i));
      return;
    case DataType::float64:
      python_json::append_float(out, c.value_at<double>(i));
      return;
    case DataType::string:
      python_json::append_string(out, c.string_at(i));
      return;
    case DataType::binary:
      python_json::append_string(out, encode_base64_lines(c.string_at(i)));
      return;
    case DataType::datetime:
      if (in_frame)
        python_json::append_string(out, format_iso_datetime(c.value_at<int64_t>(i)));
      else
        python_json::append_int(out, c.value_at<int64_t>(i));
      return;
  }
}

/// Elements [begin, ...) of the nested list of dims[depth:]; advances `at`.
void append_nested(std::string& out, const Column& c, int64_t& at, size_t depth, bool in_frame) {
  if (depth == c.shape.size()) {
    append_element(out, c, at++, in_frame);
    return;
  }
  out += '[';
  for (int64_t k = 0; k < c.shape[depth]; ++k) {
    if (k) out += ", ";
    append_nested(out, c, at, depth + 1, in_frame);
  }
  out += ']';
}

void append_cell(std::string& out, const Column& c, int64_t row, bool in_frame) {
  bool is_float = c.type == DataType::float32 || c.type == DataType::float64;
  if (c.is_missing(row) && !is_float) {
    out += "null";
    return;
  }
  int64_t at = row * c.elements_per_row();
  append_nested(out, c, at, 0, in_frame);
}

void append_records(std::string& out, const Table& t, const std::vector<std::string>& keys) {
  out += '[';
  for (int64_t r = 0; r < t.rows; ++r) {
    if (r) out += ", ";
    out += '{';
    for (size_t j = 0; j < t.columns.size(); ++j) {
      if (j) out += ", ";
      python_json::append_string(out, keys[j]);
      out += ": ";
      append_cell(out, t.columns[j], r, true);
    }
    out += '}';
  }
  out += ']';
}

}  // namespace

void append_mlflow_value(std::string& out, const Prediction& p) {
  const Table& t = p.table;
  switch (p.kind) {
    case Prediction::Kind::json:
      out += p.json.empty() ? "null" : p.json;
      return;
    case Prediction::Kind::ndarray: {
      if (t.columns.empty()) {
        out += "[]";
        return;
      }
      const Column& c = t.columns.front();
      out += '[';
      for (int64_t r = 0; r < t.rows; ++r) {
        if (r) out += ", ";
        append_cell(out, c, r, false);
      }
      out += ']';
      return;
    }
    case Prediction::Kind::tensors: {
      // json.dumps of a dict of arrays, as MLflow's encoder writes it: {"name": [[...], ...]}.
      out += '{';
      for (size_t i = 0; i < t.columns.size(); ++i) {
        const Column& c = t.columns[i];
        if (i) out += ", ";
        python_json::append_string(out, c.name);
        out += ": [";
        for (int64_t r = 0; r < t.rows; ++r) {
          if (r) out += ", ";
          append_cell(out, c, r, false);
        }
        out += ']';
      }
      out += '}';
      return;
    }
    case Prediction::Kind::dataframe:
    case Prediction::Kind::series: {
      // A Series renders as pandas.DataFrame(series).to_dict("records"): one key, the series' name
      // or 0 when it has none.
      std::vector<std::string> keys;
      for (const Column& c : t.columns)
        keys.push_back(c.name.empty() && p.kind == Prediction::Kind::series ? "0" : c.name);
      append_records(out, t, keys);
      return;
    }
  }
}

std::string render_mlflow_predictions(const Prediction& p) {
  std::string out = "{\"predictions\": ";
  out.reserve(64 + static_cast<size_t>(p.table.rows) * 16);
  append_mlflow_value(out, p);
  out += '}';
  return out;
}

}  // namespace cairn::serving
