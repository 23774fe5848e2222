#include <simdjson.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "serving/column_builder.hpp"
#include "serving/open_inference.hpp"
#include "serving/python_json.hpp"
#include "serving/schema_enforcer.hpp"
#include "serving/text_values.hpp"

namespace cairn::serving {

namespace {

using simdjson::dom::element;

/// A v2 datatype: the table type it lands in and how it travels in the binary extension.
struct WireType {
  DataType type;
  size_t width;  ///< bytes per element in binary data; 0 for BYTES
  char kind;     ///< 'b' bool, 'i' signed, 'u' unsigned, 'f' float, 's' bytes
};

Result<WireType> wire_type(std::string_view datatype, const std::string& field) {
  if (datatype == "BOOL") return WireType{DataType::boolean, 1, 'b'};
  if (datatype == "INT8") return WireType{DataType::int32, 1, 'i'};
  if (datatype == "INT16") return WireType{DataType::int32, 2, 'i'};
  if (datatype == "INT32") return WireType{DataType::int32, 4, 'i'};
  if (datatype == "INT64") return WireType{DataType::int64, 8, 'i'};
  if (datatype == "UINT8") return WireType{DataType::int32, 1, 'u'};
  if (datatype == "UINT16") return WireType{DataType::int32, 2, 'u'};
  if (datatype == "UINT32") return WireType{DataType::int64, 4, 'u'};
  if (datatype == "UINT64") return WireType{DataType::int64, 8, 'u'};
  if (datatype == "FP32") return WireType{DataType::float32, 4, 'f'};
  if (datatype == "FP64") return WireType{DataType::float64, 8, 'f'};
  if (datatype == "BYTES") return WireType{DataType::string, 0, 's'};
  if (datatype == "FP16" || datatype == "BF16")
    return Error::validation(field, "datatype " + std::string(datatype) + " is not supported; send FP32 instead");
  return Error::validation(field, "unknown datatype \"" + std::string(datatype) + "\"");
}

template <class T>
void push(Column& c, T v) {
  size_t at = c.data.size();
  c.data.resize(at + sizeof(T));
  std::memcpy(c.data.data() + at, &v, sizeof(T));
}

template <class T>
T load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

/// Binary tensor data of one input, widened into the table's type.
Status decode_binary(Column& c, const WireType& w, std::string_view bytes, uint64_t elements,
                     const std::string& field) {
  if (w.kind == 's') {
    c.offsets.assign(1, 0);
    size_t at = 0;
    for (uint64_t i = 0; i < elements; ++i) {
      if (bytes.size() - at < 4)
        return Error::validation(field, "binary BYTES data ends inside element " + std::to_string(i));
      auto n = load<uint32_t>(reinterpret_cast<const uint8_t*>(bytes.data() + at));
      at += 4;
      if (bytes.size() - at < n)
        return Error::validation(field, "binary BYTES data ends inside element " + std::to_string(i));
      c.data.insert(c.data.end(), bytes.begin() + static_cast<std::ptrdiff_t>(at),
                    bytes.begin() + static_cast<std::ptrdiff_t>(at + n));
      c.offsets.push_back(static_cast<uint32_t>(c.data.size()));
      at += n;
    }
    if (at != bytes.size()) return Error::validation(field, "binary BYTES data holds more than its shape");
    return {};
  }
  if (bytes.size() != elements * w.width)
    return Error::validation(field, "binary_data_size is " + std::to_string(bytes.size()) + " bytes, the shape needs " +
                                        std::to_string(elements * w.width));
  auto p = reinterpret_cast<const uint8_t*>(bytes.data());
  if (w.width == fixed_width(c.type) && w.kind != 'u') {
    c.data.assign(p, p + bytes.size());  // same layout: one copy
    return {};
  }
  c.data.reserve(elements * fixed_width(c.type));
  for (uint64_t i = 0; i < elements; ++i, p += w.width) {
    int64_t v = 0;
    if (w.kind == 'i') v = w.width == 1 ? load<int8_t>(p) : w.width == 2 ? load<int16_t>(p) : load<int32_t>(p);
    if (w.kind == 'u') {
      if (w.width == 8) {
        auto u = load<uint64_t>(p);
        if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
          return Error::validation(field, "UINT64 value " + std::to_string(u) + " is out of the int64 range");
        v = static_cast<int64_t>(u);
      } else {
        v = w.width == 1 ? load<uint8_t>(p) : w.width == 2 ? load<uint16_t>(p) : load<uint32_t>(p);
      }
    }
    if (c.type == DataType::int32)
      push(c, static_cast<int32_t>(v));
    else
      push(c, v);
  }
  return {};
}

Status append_leaves(ColumnBuilder& b, element v, const std::string& field) {
  if (v.is_array()) {
    for (element item : array_of(v)) CAIRN_TRY(append_leaves(b, item, field));
    return {};
  }
  if (v.is_null()) return Error::validation(field, "holds null; the protocol has no missing values");
  return b.append_json(v);
}

/// Converts a column's values to the signature's type, as MLflow's enforcement accepts them.
Status cast_column(Column& c, DataType target, const std::string& field, const std::string& expected) {
  if (c.type == target) return {};
  auto refuse = [&] {
    return Error::validation(field, "expected " + expected + ", got " + std::string(v2_datatype(c.type)));
  };
  bool numeric_from = c.type == DataType::int32 || c.type == DataType::int64 || c.type == DataType::float32 ||
                      c.type == DataType::float64;
  bool numeric_to = target == DataType::int32 || target == DataType::int64 || target == DataType::float32 ||
                    target == DataType::float64;
  if (numeric_from && numeric_to) {
    int64_t n = c.element_count();
    Column out;
    out.data.reserve(static_cast<size_t>(n) * fixed_width(target));
    for (int64_t i = 0; i < n; ++i) {
      const uint8_t* p = c.data.data() + static_cast<size_t>(i) * fixed_width(c.type);
      double d = c.type == DataType::int32     ? load<int32_t>(p)
                 : c.type == DataType::int64   ? static_cast<double>(load<int64_t>(p))
                 : c.type == DataType::float32 ? load<float>(p)
                                               : load<double>(p);
      int64_t iv = c.type == DataType::int64 ? load<int64_t>(p) : static_cast<int64_t>(d);
      switch (target) {
        case DataType::float32:
          push(out, static_cast<float>(d));
          break;
        case DataType::float64:
          push(out, d);
          break;
        default:
          if (c.type != DataType::int32 && c.type != DataType::int64 && !(std::trunc(d) == d && std::fabs(d) < 9.2e18))
            return Error::validation(field, "expected " + expected + ", got " + std::string(v2_datatype(c.type)) +
                                                " value " + std::to_string(d) + " at element " + std::to_string(i));
          if (target == DataType::int32) {
            if (iv < std::numeric_limits<int32_t>::min() || iv > std::numeric_limits<int32_t>::max())
              return Error::validation(field, "value out of the 32-bit range at element " + std::to_string(i));
            push(out, static_cast<int32_t>(iv));
          } else {
            push(out, iv);
          }
      }
    }
    c.data = std::move(out.data);
    c.type = target;
    return {};
  }
  if ((c.type == DataType::string || c.type == DataType::binary) &&
      (target == DataType::string || target == DataType::binary)) {
    c.type = target;
    return {};
  }
  if (c.type == DataType::string && target == DataType::datetime) {
    Column out;
    for (int64_t i = 0; i < c.element_count(); ++i) {
      auto ns = parse_iso_datetime(c.string_at(i));
      if (!ns) return Error::validation(field, "expected an ISO 8601 datetime at element " + std::to_string(i));
      push(out, *ns);
    }
    c.data = std::move(out.data);
    c.offsets.clear();
    c.type = target;
    return {};
  }
  return refuse();
}

/// BYTES sent with content_type "base64" (MLServer's Base64Codec, what the metadata declares for
/// MLflow binary columns) carry base64 text; the model gets the bytes.
Status decode_base64_elements(Column& c, const std::string& field) {
  Column out;
  out.offsets.assign(1, 0);
  for (int64_t i = 0; i < c.element_count(); ++i) {
    auto bytes = decode_base64(c.string_at(i));
    if (!bytes) return Error::validation(field, "element " + std::to_string(i) + " is not base64");
    out.data.insert(out.data.end(), bytes->begin(), bytes->end());
    out.offsets.push_back(static_cast<uint32_t>(out.data.size()));
  }
  c.data = std::move(out.data);
  c.offsets = std::move(out.offsets);
  c.type = DataType::binary;
  return {};
}

/// Request parameters that belong to the protocol, not to the model.
bool is_protocol_parameter(std::string_view key) {
  return key == "content_type" || key == "headers" || key == "binary_data_output" || key == "sequence_id" ||
         key == "sequence_start" || key == "sequence_end" || key == "priority" || key == "timeout";
}

}  // namespace

Result<V2InferRequest> parse_v2_infer_request(std::string_view body, std::optional<size_t> header_length,
                                              const ModelSignature& sig, int64_t max_rows) {
  std::string_view json = body;
  std::string_view binary;
  if (header_length) {
    if (*header_length > body.size())
      return Error::bad_request("Inference-Header-Content-Length is larger than the body",
                                "Inference-Header-Content-Length");
    json = body.substr(0, *header_length);
    binary = body.substr(*header_length);
  }
  thread_local simdjson::dom::parser parser;
  auto doc = parser.parse(json.data(), json.size(), true);
  if (doc.error()) return Error::bad_request(std::string("malformed JSON: ") + simdjson::error_message(doc.error()));
  element root = doc.value_unsafe();
  if (!root.is_object()) return Error::bad_request("the infer request must be a JSON object");
  V2InferRequest out;
  std::optional<simdjson::dom::array> inputs;
  for (auto field : object_of(root)) {
    if (field.key == "id") {
      if (!field.value.is_string()) return Error::bad_request("'id' must be a string", "id");
      out.id = std::string(field.value.get_string().value_unsafe());
    } else if (field.key == "parameters") {
      if (!field.value.is_object()) return Error::bad_request("'parameters' must be an object", "parameters");
      std::string params;
      for (auto p : object_of(field.value)) {
        if (p.key == "binary_data_output") out.binary_output = p.value.is_bool() && p.value.get_bool().value_unsafe();
        if (is_protocol_parameter(p.key)) continue;
        params += params.empty() ? "{" : ",";
        std::string key_json;
        python_json::append_string(key_json, p.key);
        params += key_json + ":" + simdjson::minify(p.value);
      }
      if (!params.empty()) out.params_json = params + "}";
    } else if (field.key == "inputs") {
      if (!field.value.is_array()) return Error::bad_request("'inputs' must be a list", "inputs");
      inputs = array_of(field.value);
    } else if (field.key == "outputs") {
      if (!field.value.is_array()) return Error::bad_request("'outputs' must be a list", "outputs");
      for (element o : array_of(field.value)) {
        auto name = o["name"].get_string();
        if (name.error()) return Error::bad_request("each requested output needs a name", "outputs");
        V2RequestedOutput req{std::string(name.value_unsafe()), std::nullopt};
        auto bin = o["parameters"]["binary_data"].get_bool();
        if (!bin.error()) req.binary = bin.value_unsafe();
        out.outputs.push_back(std::move(req));
      }
    }
  }
  if (!inputs || inputs->size() == 0) return Error::bad_request("the infer request has no inputs", "inputs");

  std::vector<Column> columns;
  int64_t rows = -1;
  size_t binary_at = 0;
  size_t position = 0;
  for (element input : *inputs) {
    auto name_r = input["name"].get_string();
    if (name_r.error()) return Error::bad_request("each input needs a name", "inputs");
    std::string name(name_r.value_unsafe());
    std::string field = input_field(name);
    auto datatype_r = input["datatype"].get_string();
    if (datatype_r.error()) return Error::bad_request("input needs a datatype", field);
    CAIRN_TRY_ASSIGN(WireType w, wire_type(datatype_r.value_unsafe(), field));
    auto shape_r = input["shape"].get_array();
    if (shape_r.error()) return Error::bad_request("input needs a shape", field);
    std::vector<int64_t> shape;
    uint64_t elements = 1;
    for (element d : shape_r.value_unsafe()) {
      if (!d.is_int64() || d.get_int64().value_unsafe() < 0)
        return Error::bad_request("shape must hold non-negative integers", field);
      shape.push_back(d.get_int64().value_unsafe());
      elements *= static_cast<uint64_t>(shape.back());
      if (elements > (uint64_t{1} << 40)) return Error::validation(field, "shape is too large");
    }
    int64_t input_rows = shape.empty() ? 1 : shape.front();
    if (max_rows > 0 && input_rows > max_rows)
      return finish_table(sig, TableKind::tensors, {}, input_rows, max_rows).error();
    if (rows >= 0 && input_rows != rows)
      return Error::validation(
          field, "has " + std::to_string(input_rows) + " rows where the other inputs have " + std::to_string(rows));
    rows = input_rows;
    Column c;
    auto size_r = input["parameters"]["binary_data_size"].get_uint64();
    if (!size_r.error()) {
      uint64_t n = size_r.value_unsafe();
      if (binary.size() - binary_at < n)
        return Error::bad_request("binary data is shorter than binary_data_size", field);
      c.type = w.type;
      CAIRN_TRY(decode_binary(c, w, binary.substr(binary_at, static_cast<size_t>(n)), elements, field));
      binary_at += static_cast<size_t>(n);
    } else {
      auto data = input["data"];
      if (data.error()) return Error::bad_request("input needs data or parameters.binary_data_size", field);
      std::string expected(datatype_r.value_unsafe());
      ColumnBuilder b(name, w.type, field, expected, static_cast<int64_t>(elements));
      b.set_row_shape({});
      CAIRN_TRY(append_leaves(b, data.value_unsafe(), field));
      if (static_cast<uint64_t>(b.rows()) != elements)
        return Error::validation(
            field, "has " + std::to_string(b.rows()) + " values, its shape needs " + std::to_string(elements));
      c = std::move(b).finish();
      c.valid.clear();
      if (w.kind == 'u' && w.type == DataType::int32)
        for (int64_t i = 0; i < c.element_count(); ++i)
          if (c.values<int32_t>()[i] < 0) return Error::validation(field, "holds a negative value for " + expected);
    }
    auto content_type = input["parameters"]["content_type"].get_string();
    if (!content_type.error() && content_type.value_unsafe() == "base64" && c.type == DataType::string)
      CAIRN_TRY(decode_base64_elements(c, field));
    c.name = name;
    if (shape.size() > 1) c.shape.assign(shape.begin() + 1, shape.end());
    // One input and one spec: the input is that spec whatever its name (tritonclient names it INPUT0).
    bool only_spec = sig.inputs && sig.inputs->specs.size() == 1 && inputs->size() == 1;
    CAIRN_TRY_ASSIGN(auto plan,
                     plan_column(sig, only_spec ? sig.inputs->specs.front().name : name, position++, c.type));
    if (!plan.keep) continue;
    if (plan.spec && !plan.spec->tensor) {
      // A DataFrame column: one value per row ([N] or [N, 1]), as MLServer's PandasCodec reads it.
      if (c.elements_per_row() != 1)
        return Error::validation(
            field, "expected one value per row, got shape per row of " + std::to_string(c.elements_per_row()));
      c.shape.clear();
    }
    if (plan.spec) CAIRN_TRY(cast_column(c, plan.type, field, plan.expected));
    columns.push_back(std::move(c));
  }
  if (binary_at != binary.size()) return Error::bad_request("binary data is longer than the inputs declare");
  if (sig.inputs && sig.inputs->specs.size() == 1 && columns.size() == 1 && inputs->size() == 1)
    columns.front().name = sig.inputs->specs.front().name;
  else if (!sig.inputs && columns.size() == 1)
    columns.front().name.clear();  // one input without a signature: a plain ndarray
  CAIRN_TRY_ASSIGN(out.table, finish_table(sig, TableKind::tensors, std::move(columns), rows, max_rows));
  return out;
}

}  // namespace cairn::serving
