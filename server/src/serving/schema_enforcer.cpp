#include "serving/schema_enforcer.hpp"

#include <cstring>
#include <limits>
#include <unordered_map>

namespace cairn::serving {

std::string input_field(std::string_view name) {
  return name.empty() ? std::string("inputs") : "inputs." + std::string(name);
}

Result<ColumnPlan> plan_column(const ModelSignature& signature, std::string_view name, size_t position,
                               DataType inferred) {
  ColumnPlan plan;
  plan.field = input_field(name);
  if (!signature.inputs || signature.inputs->specs.empty()) {
    plan.type = inferred;
    plan.expected = std::string(to_string(inferred));
    return plan;
  }
  const Schema& schema = *signature.inputs;
  if (schema.has_names()) {
    plan.spec = schema.find(name);
    // One named spec takes an unnamed input (MLflow maps a plain list onto the only column).
    if (!plan.spec && name.empty() && schema.specs.size() == 1) plan.spec = &schema.specs.front();
  } else if (position < schema.specs.size()) {
    plan.spec = &schema.specs[position];
  }
  if (!plan.spec) {
    plan.keep = false;
    return plan;
  }
  if (!plan.spec->supported)
    return Error::validation(plan.field, "has type " + plan.spec->mlflow_type + ", which this server cannot serve yet");
  plan.type = plan.spec->type;
  plan.expected = plan.spec->mlflow_type;
  return plan;
}

namespace {

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(shape[i]);
  }
  if (shape.size() == 1) s += ",";
  return s + ")";
}

Status check_tensor_shape(const InputSpec& spec, const Column& column, int64_t rows) {
  std::vector<int64_t> actual{rows};
  actual.insert(actual.end(), column.shape.begin(), column.shape.end());
  bool ok = spec.shape.empty() || spec.shape.size() == actual.size();
  for (size_t i = 0; ok && i < spec.shape.size(); ++i) ok = spec.shape[i] == -1 || spec.shape[i] == actual[i];
  if (ok) return {};
  return Error::validation(input_field(column.name.empty() ? spec.name : column.name),
                           "expected shape " + shape_text(spec.shape) + ", got " + shape_text(actual));
}

Column missing_column(const InputSpec& spec, int64_t rows) {
  Column c;
  c.name = spec.name;
  c.type = spec.type;
  if (spec.tensor && spec.shape.size() > 1) c.shape.assign(spec.shape.begin() + 1, spec.shape.end());
  int64_t n = rows * c.elements_per_row();
  if (is_variable_width(c.type)) {
    c.offsets.assign(static_cast<size_t>(n) + 1, 0);
  } else if (c.type == DataType::float64) {
    std::vector<double> nan(static_cast<size_t>(n), std::numeric_limits<double>::quiet_NaN());
    c.data.resize(nan.size() * 8);
    std::memcpy(c.data.data(), nan.data(), c.data.size());
  } else if (c.type == DataType::float32) {
    std::vector<float> nan(static_cast<size_t>(n), std::numeric_limits<float>::quiet_NaN());
    c.data.resize(nan.size() * 4);
    std::memcpy(c.data.data(), nan.data(), c.data.size());
  } else {
    c.data.assign(static_cast<size_t>(n) * fixed_width(c.type), 0);
  }
  c.valid.assign(static_cast<size_t>(rows), 0);
  return c;
}

}  // namespace

Result<Table> finish_table(const ModelSignature& signature, TableKind default_kind, std::vector<Column> columns,
                           int64_t rows, int64_t max_rows) {
  if (max_rows > 0 && rows > max_rows)
    return Error::validation("inputs", "has " + std::to_string(rows) + " rows, more than the limit of " +
                                           std::to_string(max_rows) + " rows per request");
  if (rows == 0 || columns.empty()) return Error::bad_request("empty input: the request holds no rows");
  Table table;
  table.rows = rows;
  if (!signature.inputs || signature.inputs->specs.empty()) {
    table.kind = default_kind;
    table.columns = std::move(columns);
    return table;
  }
  const Schema& schema = *signature.inputs;
  table.kind = schema.is_tensor() ? TableKind::tensors : TableKind::dataframe;
  if (!schema.has_names()) {
    if (!schema.is_tensor() && columns.size() < schema.specs.size())
      return Error::validation("inputs", "the model signature declares " + std::to_string(schema.specs.size()) +
                                             " inputs but the request has " + std::to_string(columns.size()));
    if (schema.is_tensor())
      for (const Column& c : columns) CAIRN_TRY(check_tensor_shape(schema.specs.front(), c, rows));
    table.columns = std::move(columns);
    return table;
  }
  // One lookup per spec: a request's columns by name (an unnamed one stands for the only spec).
  std::unordered_map<std::string_view, Column*> by_name;
  by_name.reserve(columns.size());
  for (Column& c : columns) by_name.emplace(c.name, &c);
  auto lookup = [&](const InputSpec& spec) -> Column* {
    auto it = by_name.find(spec.name);
    if (it != by_name.end()) return it->second;
    if (schema.specs.size() == 1) {
      it = by_name.find("");
      if (it != by_name.end()) return it->second;
    }
    return nullptr;
  };
  std::string missing;
  std::string first_missing;
  std::vector<Column*> matches;
  matches.reserve(schema.specs.size());
  for (const InputSpec& spec : schema.specs) {
    matches.push_back(lookup(spec));
    if (!matches.back() && spec.required) {
      missing += (missing.empty() ? "'" : ", '") + spec.name + "'";
      if (first_missing.empty()) first_missing = spec.name;
    }
  }
  if (!missing.empty())
    return Error::validation(input_field(first_missing), "model is missing inputs [" + missing + "]");
  table.columns.reserve(schema.specs.size());
  for (size_t i = 0; i < schema.specs.size(); ++i) {
    const InputSpec& spec = schema.specs[i];
    Column* match = matches[i];
    if (!match) {
      table.columns.push_back(missing_column(spec, rows));
      continue;
    }
    if (spec.tensor) CAIRN_TRY(check_tensor_shape(spec, *match, rows));
    Column moved = std::move(*match);
    moved.name = spec.name;
    table.columns.push_back(std::move(moved));
  }
  return table;
}

}  // namespace cairn::serving
