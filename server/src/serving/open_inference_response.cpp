#include <cmath>
#include <cstring>

#include "serving/open_inference.hpp"
#include "serving/python_json.hpp"
#include "serving/text_values.hpp"

namespace cairn::serving {

std::string_view v2_datatype(DataType type) {
  switch (type) {
    case DataType::boolean:
      return "BOOL";
    case DataType::int32:
      return "INT32";
    case DataType::int64:
      return "INT64";
    case DataType::float32:
      return "FP32";
    case DataType::float64:
      return "FP64";
    case DataType::string:
    case DataType::binary:
    case DataType::datetime:
      return "BYTES";
  }
  return "BYTES";
}

namespace {

constexpr std::string_view kDefaultOutput = "output-1";

/// One output of the answer: a column of the prediction, or the JSON text of a JSON prediction.
struct Output {
  std::string name;
  const Column* column = nullptr;
  std::string_view json_text;
  std::vector<int64_t> shape;
};

void append_json_data(std::string& out, const Output& o) {
  out += '[';
  if (!o.column) {
    python_json::append_string(out, o.json_text);
    out += ']';
    return;
  }
  const Column& c = *o.column;
  int64_t n = c.element_count();
  for (int64_t i = 0; i < n; ++i) {
    if (i) out += ',';
    switch (c.type) {
      case DataType::boolean:
        out += c.data[static_cast<size_t>(i)] ? "true" : "false";
        break;
      case DataType::int32:
        python_json::append_int(out, c.value_at<int32_t>(i));
        break;
      case DataType::int64:
        python_json::append_int(out, c.value_at<int64_t>(i));
        break;
      case DataType::float32:
      case DataType::float64: {
        double d = c.type == DataType::float32 ? c.value_at<float>(i) : c.value_at<double>(i);
        if (std::isfinite(d))
          python_json::append_float(out, d);
        else
          out += "null";  // JSON has no NaN; clients that need it ask for binary outputs
        break;
      }
      case DataType::string:
      case DataType::binary:
        python_json::append_string(out, c.string_at(i));
        break;
      case DataType::datetime:
        python_json::append_string(out, format_iso_datetime(c.value_at<int64_t>(i)));
        break;
    }
  }
  out += ']';
}

void append_bytes_element(std::string& out, std::string_view s) {
  auto n = static_cast<uint32_t>(s.size());
  out.append(reinterpret_cast<const char*>(&n), 4);
  out.append(s);
}

std::string binary_data(const Output& o) {
  std::string out;
  if (!o.column) {
    append_bytes_element(out, o.json_text);
    return out;
  }
  const Column& c = *o.column;
  if (c.type == DataType::string || c.type == DataType::binary) {
    for (int64_t i = 0; i < c.element_count(); ++i) append_bytes_element(out, c.string_at(i));
  } else if (c.type == DataType::datetime) {
    for (int64_t i = 0; i < c.element_count(); ++i)
      append_bytes_element(out, format_iso_datetime(c.value_at<int64_t>(i)));
  } else {
    out.assign(reinterpret_cast<const char*>(c.data.data()), c.data.size());
  }
  return out;
}

std::string_view datatype_of(const Output& o) {
  return o.column ? v2_datatype(o.column->type) : "BYTES";
}

void append_shape(std::string& out, const std::vector<int64_t>& shape) {
  out += '[';
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) out += ',';
    python_json::append_int(out, shape[i]);
  }
  out += ']';
}

std::vector<Output> outputs_of(const Prediction& p, const V2ResponseContext& ctx) {
  std::vector<Output> outs;
  const Table& t = p.table;
  if (p.kind == Prediction::Kind::json) {
    outs.push_back({std::string(kDefaultOutput), nullptr, p.json, {1}});
    return outs;
  }
  if (p.kind == Prediction::Kind::ndarray) {
    if (t.columns.empty()) return outs;
    Output o{std::string(kDefaultOutput), &t.columns.front(), {}, {t.rows}};
    o.shape.insert(o.shape.end(), t.columns.front().shape.begin(), t.columns.front().shape.end());
    if (ctx.signature && ctx.signature->outputs && ctx.signature->outputs->specs.size() == 1 &&
        !ctx.signature->outputs->specs.front().name.empty())
      o.name = ctx.signature->outputs->specs.front().name;
    else if (ctx.outputs.size() == 1)
      o.name = ctx.outputs.front().name;  // a single unnamed tensor answers to the name asked for
    outs.push_back(std::move(o));
    return outs;
  }
  for (const Column& c : t.columns) {
    Output o{c.name.empty() ? std::string(kDefaultOutput) : c.name, &c, {}, {t.rows}};
    if (c.shape.empty())
      o.shape.push_back(1);
    else
      o.shape.insert(o.shape.end(), c.shape.begin(), c.shape.end());
    outs.push_back(std::move(o));
  }
  return outs;
}

}  // namespace

Result<V2Response> render_v2_infer_response(const Prediction& p, const V2ResponseContext& ctx) {
  std::vector<Output> all = outputs_of(p, ctx);
  std::vector<std::pair<const Output*, bool>> chosen;  // output, binary
  if (ctx.outputs.empty()) {
    for (const Output& o : all) chosen.emplace_back(&o, ctx.binary_output);
  } else {
    for (const V2RequestedOutput& req : ctx.outputs) {
      const Output* found = nullptr;
      for (const Output& o : all)
        if (o.name == req.name) found = &o;
      if (!found) {
        std::string names;
        for (const Output& o : all) names += (names.empty() ? "" : ", ") + o.name;
        return Error::validation("outputs." + req.name,
                                 "the model has no output named \"" + req.name + "\"; its outputs are [" + names + "]");
      }
      chosen.emplace_back(found, req.binary.value_or(ctx.binary_output));
    }
  }
  V2Response r;
  std::string& out = r.body;
  std::string binary;
  out += "{\"model_name\":";
  python_json::append_string(out, ctx.model_name);
  if (!ctx.model_version.empty()) {
    out += ",\"model_version\":";
    python_json::append_string(out, ctx.model_version);
  }
  if (!ctx.id.empty()) {
    out += ",\"id\":";
    python_json::append_string(out, ctx.id);
  }
  out += ",\"outputs\":[";
  for (size_t i = 0; i < chosen.size(); ++i) {
    const Output& o = *chosen[i].first;
    if (i) out += ',';
    out += "{\"name\":";
    python_json::append_string(out, o.name);
    out += ",\"datatype\":\"";
    out += datatype_of(o);
    out += "\",\"shape\":";
    append_shape(out, o.shape);
    if (chosen[i].second) {
      std::string bytes = binary_data(o);
      out += ",\"parameters\":{\"binary_data_size\":";
      python_json::append_int(out, static_cast<int64_t>(bytes.size()));
      out += '}';
      binary += bytes;
    } else {
      out += ",\"data\":";
      append_json_data(out, o);
    }
    out += '}';
  }
  out += "]}";
  bool any_binary = false;
  for (const auto& c : chosen) any_binary = any_binary || c.second;
  if (any_binary) {
    r.header_length = out.size();
    out += binary;
  }
  return r;
}

namespace {

std::string_view content_type_of(const InputSpec& spec) {
  if (spec.tensor) return "np";
  if (spec.mlflow_type == "string") return "str";
  if (spec.mlflow_type == "binary") return "base64";
  if (spec.mlflow_type == "datetime") return "datetime";
  if (!spec.supported) return "pd_json";
  return "np";
}

void append_tensors(std::string& out, const std::optional<Schema>& schema, std::string_view prefix, int first_index) {
  out += '[';
  if (schema) {
    for (size_t i = 0; i < schema->specs.size(); ++i) {
      const InputSpec& s = schema->specs[i];
      if (i) out += ',';
      out += "{\"name\":";
      python_json::append_string(
          out, s.name.empty() ? std::string(prefix) + std::to_string(static_cast<int>(i) + first_index) : s.name);
      out += ",\"datatype\":\"";
      out += s.supported ? v2_datatype(s.type) : "BYTES";
      out += "\",\"shape\":";
      append_shape(out, s.tensor ? s.shape : std::vector<int64_t>{-1, 1});
      out += ",\"parameters\":{\"content_type\":\"";
      out += content_type_of(s);
      out += "\"}}";
    }
  }
  out += ']';
}

}  // namespace

std::string render_v2_model_metadata(std::string_view name, const std::vector<std::string>& versions,
                                     std::string_view platform, const ModelSignature& signature) {
  std::string out = "{\"name\":";
  python_json::append_string(out, name);
  out += ",\"versions\":[";
  for (size_t i = 0; i < versions.size(); ++i) {
    if (i) out += ',';
    python_json::append_string(out, versions[i]);
  }
  out += "],\"platform\":";
  python_json::append_string(out, platform);
  out += ",\"inputs\":";
  append_tensors(out, signature.inputs, "input-", 0);
  out += ",\"outputs\":";
  append_tensors(out, signature.outputs, "output-", 1);
  out += '}';
  return out;
}

std::string render_v2_error(const Error& error) {
  std::string text = error.field.empty() ? error.message : error.field + ": " + error.message;
  std::string out = "{\"error\":";
  python_json::append_string(out, text);
  out += '}';
  return out;
}

std::string render_v2_server_metadata(std::string_view name, std::string_view version) {
  std::string out = "{\"name\":";
  python_json::append_string(out, name);
  out += ",\"version\":";
  python_json::append_string(out, version);
  out += ",\"extensions\":[\"binary_tensor_data\",\"parameters\"]}";
  return out;
}

}  // namespace cairn::serving
