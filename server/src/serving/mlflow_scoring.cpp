#include "serving/mlflow_scoring.hpp"

#include <simdjson.h>

#include <charconv>
#include <optional>
#include <unordered_map>

#include "serving/column_builder.hpp"
#include "serving/csv_reader.hpp"
#include "serving/schema_enforcer.hpp"

namespace cairn::serving {

namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

constexpr std::string_view kRequiredFormat =
    "The input must be a JSON dictionary with exactly one of the input fields {'dataframe_split', "
    "'dataframe_records', 'instances', 'inputs'}";

void add_leaves(ValueKinds& kinds, element v) {
  if (v.is_array()) {
    for (element item : array_of(v)) add_leaves(kinds, item);
  } else {
    kinds.add(v);
  }
}

/// Builders for the kept columns of a request, in the order the request names them.
struct Builders {
  std::vector<std::optional<ColumnBuilder>> by_position;  ///< nullopt: dropped column

  Status plan(const ModelSignature& signature, const std::vector<std::string>& names,
              const std::vector<ValueKinds>& kinds, int64_t rows) {
    by_position.clear();
    by_position.reserve(names.size());
    for (size_t i = 0; i < names.size(); ++i) {
      DataType inferred = DataType::float64;
      if (!signature.inputs) {
        CAIRN_TRY_ASSIGN(inferred, kinds[i].infer(input_field(names[i])));
      }
      CAIRN_TRY_ASSIGN(auto plan, plan_column(signature, names[i], i, inferred));
      if (!plan.keep) {
        by_position.emplace_back();
        continue;
      }
      by_position.emplace_back(std::in_place, names[i], plan.type, plan.field, plan.expected, rows);
      if (plan.spec && !plan.spec->tensor) {
        by_position.back()->set_row_shape({});
      } else if (plan.spec && plan.spec->shape.size() > 1) {
        std::vector<int64_t> dims(plan.spec->shape.begin() + 1, plan.spec->shape.end());
        bool fixed = true;
        for (int64_t d : dims) fixed = fixed && d >= 0;
        if (fixed) by_position.back()->set_row_shape(std::move(dims));
      }
    }
    return {};
  }

  std::vector<Column> finish() {
    std::vector<Column> out;
    for (auto& b : by_position)
      if (b) out.push_back(std::move(*b).finish());
    return out;
  }
};

std::string column_name(element v, size_t i) {
  if (v.is_string()) return std::string(v.get_string().value_unsafe());
  if (v.is_int64()) return std::to_string(v.get_int64().value_unsafe());
  return std::to_string(i);
}

Result<Table> parse_split(element input, const ModelSignature& sig, TableKind kind, int64_t max_rows) {
  auto obj = input.get_object();
  if (obj.error()) return Error::bad_request("Dataframe split format must be a dictionary.", "dataframe_split");
  std::optional<array> columns;
  std::optional<array> data;
  for (auto field : obj.value_unsafe()) {
    if (field.key == "columns" && field.value.is_array())
      columns = array_of(field.value);
    else if (field.key == "data" && field.value.is_array())
      data = array_of(field.value);
    else if (field.key != "index")
      return Error::bad_request(
          "Dataframe split format must have 'data' field and optionally 'columns' and 'index' fields.",
          "dataframe_split");
  }
  if (!data) return Error::bad_request("Dataframe split format must have a 'data' list.", "dataframe_split.data");
  auto rows = static_cast<int64_t>(data->size());
  if (max_rows > 0 && rows > max_rows) return finish_table(sig, kind, {}, rows, max_rows);
  std::vector<std::string> names;
  if (columns) {
    size_t i = 0;
    for (element c : *columns) names.push_back(column_name(c, i++));
  } else if (rows > 0) {
    element first = *data->begin();
    size_t n = first.is_array() ? array_of(first).size() : 1;
    for (size_t i = 0; i < n; ++i) names.push_back(std::to_string(i));
  }
  std::vector<ValueKinds> kinds(names.size());
  int64_t r = 0;
  for (element row : *data) {
    size_t n = row.is_array() ? array_of(row).size() : 1;
    if (n != names.size())
      return Error::bad_request("row " + std::to_string(r) + " has " + std::to_string(n) + " values but there are " +
                                    std::to_string(names.size()) + " columns",
                                "dataframe_split.data");
    if (!sig.inputs) {
      if (row.is_array()) {
        size_t j = 0;
        for (element v : array_of(row)) kinds[j++].add(v);
      } else {
        kinds[0].add(row);
      }
    }
    ++r;
  }
  Builders builders;
  CAIRN_TRY(builders.plan(sig, names, kinds, rows));
  for (element row : *data) {
    if (!row.is_array()) {
      if (builders.by_position[0]) CAIRN_TRY(builders.by_position[0]->append_json(row));
      continue;
    }
    size_t j = 0;
    for (element v : array_of(row)) {
      if (builders.by_position[j]) CAIRN_TRY(builders.by_position[j]->append_json(v));
      ++j;
    }
  }
  return finish_table(sig, kind, builders.finish(), rows, max_rows);
}

Result<Table> parse_records(array records, const ModelSignature& sig, TableKind kind, int64_t max_rows,
                            const char* where) {
  auto rows = static_cast<int64_t>(records.size());
  if (max_rows > 0 && rows > max_rows) return finish_table(sig, kind, {}, rows, max_rows);
  std::vector<std::string> names;
  std::unordered_map<std::string_view, size_t> index;
  std::vector<ValueKinds> kinds;
  for (element record : records) {
    auto obj = record.get_object();
    if (obj.error()) return Error::bad_request("each record must be a dictionary of column -> value", where);
    for (auto field : obj.value_unsafe()) {
      auto [it, added] = index.emplace(field.key, names.size());
      if (added) {
        names.emplace_back(field.key);
        kinds.emplace_back();
      }
      if (!sig.inputs) add_leaves(kinds[it->second], field.value);
    }
  }
  Builders builders;
  CAIRN_TRY(builders.plan(sig, names, kinds, rows));
  int64_t r = 0;
  for (element record : records) {
    for (auto field : object_of(record)) {
      auto& b = builders.by_position[index[field.key]];
      if (b && b->rows() == r) CAIRN_TRY(b->append_json(field.value));
    }
    ++r;
    for (auto& b : builders.by_position)
      if (b && b->rows() < r) b->append_missing();
  }
  return finish_table(sig, kind, builders.finish(), rows, max_rows);
}

/// {"name": [row, row, ...], ...}: the column (tensor dict) form of `inputs` and `instances`.
Result<Table> parse_columns(object input, const ModelSignature& sig, TableKind kind, int64_t max_rows) {
  std::vector<std::string> names;
  std::vector<ValueKinds> kinds;
  bool all_scalar = true;
  int64_t rows = -1;
  for (auto field : input) {
    names.emplace_back(field.key);
    kinds.emplace_back();
    if (!sig.inputs) add_leaves(kinds.back(), field.value);
    if (!field.value.is_array()) continue;
    all_scalar = false;
    auto n = static_cast<int64_t>(array_of(field.value).size());
    if (rows >= 0 && n != rows)
      return Error::validation(input_field(field.key), "has " + std::to_string(n) +
                                                           " rows where the other inputs have " + std::to_string(rows));
    rows = n;
  }
  if (all_scalar) rows = names.empty() ? 0 : 1;  // {"x": 1, "y": 2} is one row, as pandas.DataFrame([d])
  if (max_rows > 0 && rows > max_rows) return finish_table(sig, kind, {}, rows, max_rows);
  Builders builders;
  CAIRN_TRY(builders.plan(sig, names, kinds, rows));
  size_t j = 0;
  for (auto field : input) {
    auto& b = builders.by_position[j++];
    if (!b) continue;
    if (!field.value.is_array()) {
      if (!all_scalar) return Error::validation(input_field(field.key), "expected a list of rows, got a single value");
      CAIRN_TRY(b->append_json(field.value));
      continue;
    }
    for (element v : array_of(field.value)) CAIRN_TRY(b->append_json(v));
  }
  return finish_table(sig, kind, builders.finish(), rows, max_rows);
}

/// [row, row, ...] of scalars or nested lists: one unnamed tensor (or the only named column).
Result<Table> parse_tensor(array items, const ModelSignature& sig, int64_t max_rows) {
  auto rows = static_cast<int64_t>(items.size());
  if (max_rows > 0 && rows > max_rows) return finish_table(sig, TableKind::tensors, {}, rows, max_rows);
  std::vector<std::string> names{""};
  std::vector<ValueKinds> kinds(1);
  if (!sig.inputs)
    for (element v : items) add_leaves(kinds[0], v);
  Builders builders;
  CAIRN_TRY(builders.plan(sig, names, kinds, rows));
  if (!builders.by_position[0])
    return Error::validation("inputs", "the model signature names its inputs; send them by name");
  for (element v : items) CAIRN_TRY(builders.by_position[0]->append_json(v));
  return finish_table(sig, TableKind::tensors, builders.finish(), rows, max_rows);
}

Result<Table> parse_tf_serving(element input, const ModelSignature& sig, int64_t max_rows, const char* key) {
  if (input.is_object()) return parse_columns(object_of(input), sig, TableKind::tensors, max_rows);
  if (!input.is_array()) return Error::bad_request(std::string("'") + key + "' must be a list or a dictionary", key);
  array items = array_of(input);
  if (items.size() > 0 && (*items.begin()).is_object()) {
    // A list of records: MLflow turns them into columns (instances) or a DataFrame (inputs).
    return parse_records(items, sig, std::string_view(key) == "inputs" ? TableKind::dataframe : TableKind::tensors,
                         max_rows, key);
  }
  return parse_tensor(items, sig, max_rows);
}

bool is_int_text(std::string_view s) {
  int64_t v;
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  return !s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool is_number_text(std::string_view s) {
  double v;
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  return !s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size();
}

}  // namespace

Result<ScoringInput> parse_mlflow_json(std::string_view body, const ModelSignature& sig, int64_t max_rows) {
  thread_local simdjson::dom::parser parser;
  auto doc = parser.parse(body.data(), body.size(), true);
  if (doc.error())
    return Error::bad_request(std::string("Ensure that input is a valid JSON formatted string: ") +
                              simdjson::error_message(doc.error()));
  element root = doc.value_unsafe();
  if (!root.is_object())
    return Error::bad_request(std::string(kRequiredFormat) + (root.is_array() ? ". Received a list." : "."));
  ScoringInput out;
  std::optional<element> input;
  std::string_view format;
  for (auto field : object_of(root)) {
    if (field.key == "params") {
      if (!field.value.is_object() && !field.value.is_null())
        return Error::bad_request("'params' must be a dictionary", "params");
      if (field.value.is_object()) out.params_json = simdjson::minify(field.value);
    } else if (field.key == "dataframe_split" || field.key == "dataframe_records" || field.key == "instances" ||
               field.key == "inputs") {
      if (input)
        return Error::bad_request(std::string(kRequiredFormat) + ". Received both '" + std::string(format) + "' and '" +
                                  std::string(field.key) + "'.");
      input = field.value;
      format = field.key;
    } else {
      return Error::bad_request(std::string(kRequiredFormat) +
                                    " and optionally 'params'. Received the unknown field '" + std::string(field.key) +
                                    "'.",
                                std::string(field.key));
    }
  }
  if (!input) return Error::bad_request(std::string(kRequiredFormat) + ".");
  Result<Table> table = Error::internal("unreachable");
  if (format == "dataframe_split") {
    table = parse_split(*input, sig, TableKind::dataframe, max_rows);
  } else if (format == "dataframe_records") {
    if (!input->is_array())
      return Error::bad_request("Dataframe records format must be a list of records.", "dataframe_records");
    table = parse_records(input->get_array().value_unsafe(), sig, TableKind::dataframe, max_rows, "dataframe_records");
  } else {
    table = parse_tf_serving(*input, sig, max_rows, format == "inputs" ? "inputs" : "instances");
  }
  if (!table) return std::move(table).error();
  out.table = std::move(table).value();
  return out;
}

Result<ScoringInput> parse_mlflow_csv(std::string_view body, const ModelSignature& sig, int64_t max_rows) {
  CAIRN_TRY_ASSIGN(CsvTable csv, read_csv(body));
  auto rows = static_cast<int64_t>(csv.rows());
  if (max_rows > 0 && rows > max_rows) {
    CAIRN_TRY(finish_table(sig, TableKind::dataframe, {}, rows, max_rows));
  }
  std::vector<Column> columns;
  for (size_t j = 0; j < csv.header.size(); ++j) {
    DataType inferred = DataType::float64;
    if (!sig.inputs) {
      bool ints = true, numbers = true, bools = true, any_empty = false;
      for (size_t r = 0; r < csv.rows(); ++r) {
        std::string_view cell = csv.at(r, j);
        if (cell.empty()) {
          any_empty = true;
          continue;
        }
        ints = ints && is_int_text(cell);
        numbers = numbers && is_number_text(cell);
        bools = bools && (cell == "True" || cell == "False" || cell == "true" || cell == "false");
      }
      inferred = ints && !any_empty ? DataType::int64
                 : numbers          ? DataType::float64
                 : bools            ? DataType::boolean
                                    : DataType::string;
    }
    CAIRN_TRY_ASSIGN(auto plan, plan_column(sig, csv.header[j], j, inferred));
    if (!plan.keep) continue;
    ColumnBuilder b(csv.header[j], plan.type, plan.field, plan.expected, rows);
    for (size_t r = 0; r < csv.rows(); ++r) CAIRN_TRY(b.append_text(csv.at(r, j)));
    columns.push_back(std::move(b).finish());
  }
  ScoringInput out;
  CAIRN_TRY_ASSIGN(out.table, finish_table(sig, TableKind::dataframe, std::move(columns), rows, max_rows));
  return out;
}

Result<ScoringInput> parse_mlflow_invocation(std::string_view content_type, std::string_view body,
                                             const ModelSignature& sig, int64_t max_rows) {
  std::string_view rest = content_type;
  size_t semi = rest.find(';');
  std::string_view mime = rest.substr(0, semi);
  while (!mime.empty() && mime.back() == ' ') mime.remove_suffix(1);
  while (semi != std::string_view::npos) {
    rest = rest.substr(semi + 1);
    semi = rest.find(';');
    std::string_view param = rest.substr(0, semi);
    while (!param.empty() && param.front() == ' ') param.remove_prefix(1);
    while (!param.empty() && param.back() == ' ') param.remove_suffix(1);
    std::string lower;
    for (char c : param) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.starts_with("charset=")) {
      if (lower != "charset=utf-8" && lower != "charset=\"utf-8\"")
        return Error::bad_request("The scoring server only supports UTF-8", "content_type");
    } else if (!lower.empty()) {
      return Error::bad_request("Unrecognized content type parameters: " + std::string(param), "content_type");
    }
  }
  if (mime == "application/json") return parse_mlflow_json(body, sig, max_rows);
  if (mime == "text/csv") return parse_mlflow_csv(body, sig, max_rows);
  return Error::bad_request(
      "This predictor only supports the following content types: ['text/csv', 'application/json']. Got '" +
          std::string(content_type) + "'.",
      "content_type");
}

}  // namespace cairn::serving
