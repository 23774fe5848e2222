#include "serving/model_signature.hpp"

namespace cairn::serving {

bool Schema::has_names() const {
  if (specs.empty()) return false;
  for (const auto& s : specs)
    if (s.name.empty()) return false;
  return true;
}

const InputSpec* Schema::find(std::string_view name) const {
  for (const auto& s : specs)
    if (s.name == name) return &s;
  return nullptr;
}

std::optional<DataType> data_type_of_mlflow_type(std::string_view t) {
  if (t == "boolean") return DataType::boolean;
  if (t == "integer") return DataType::int32;
  if (t == "long") return DataType::int64;
  if (t == "float") return DataType::float32;
  if (t == "double") return DataType::float64;
  if (t == "string") return DataType::string;
  if (t == "binary") return DataType::binary;
  if (t == "datetime") return DataType::datetime;
  return std::nullopt;
}

std::optional<DataType> data_type_of_numpy_dtype(std::string_view d) {
  if (d == "bool" || d == "bool_") return DataType::boolean;
  if (d == "int8" || d == "int16" || d == "int32" || d == "uint8" || d == "uint16") return DataType::int32;
  if (d == "int64" || d == "uint32") return DataType::int64;
  if (d == "float16" || d == "float32") return DataType::float32;
  if (d == "float64") return DataType::float64;
  if (d == "str" || d == "object" || d == "str_") return DataType::string;
  if (d == "bytes" || d == "bytes_") return DataType::binary;
  if (d.starts_with("datetime64")) return DataType::datetime;
  return std::nullopt;
}

namespace {

Result<InputSpec> parse_spec(const nlohmann::json& j, const std::string& where) {
  if (!j.is_object() || !j.contains("type") || !j["type"].is_string())
    return Error::validation(where, "each spec needs a string \"type\"");
  InputSpec spec;
  if (j.contains("name") && j["name"].is_string()) spec.name = j["name"].get<std::string>();
  std::string type = j["type"].get<std::string>();
  if (type == "tensor") {
    spec.tensor = true;
    if (!j.contains("tensor-spec") || !j["tensor-spec"].is_object())
      return Error::validation(where, "a tensor spec needs \"tensor-spec\"");
    const auto& ts = j["tensor-spec"];
    if (!ts.contains("dtype") || !ts["dtype"].is_string())
      return Error::validation(where, "a tensor spec needs a string \"dtype\"");
    spec.mlflow_type = ts["dtype"].get<std::string>();
    if (ts.contains("shape") && ts["shape"].is_array())
      for (const auto& d : ts["shape"]) {
        if (!d.is_number_integer()) return Error::validation(where, "tensor shape must hold integers");
        spec.shape.push_back(d.get<int64_t>());
      }
    auto dt = data_type_of_numpy_dtype(spec.mlflow_type);
    spec.supported = dt.has_value() && spec.mlflow_type != "uint64";
    if (dt) spec.type = *dt;
  } else {
    spec.mlflow_type = type;
    auto dt = data_type_of_mlflow_type(type);
    spec.supported = dt.has_value();
    if (dt) spec.type = *dt;
  }
  if (j.contains("required") && j["required"].is_boolean()) spec.required = j["required"].get<bool>();
  return spec;
}

/// MLflow writes `inputs` and `outputs` as JSON text inside the JSON (or YAML) of MLmodel.
Result<std::optional<Schema>> parse_schema(const nlohmann::json& signature, const char* key) {
  if (!signature.contains(key) || signature[key].is_null()) return std::optional<Schema>{};
  nlohmann::json list = signature[key];
  if (list.is_string()) {
    list = nlohmann::json::parse(list.get<std::string>(), nullptr, false);
    if (list.is_discarded()) return Error::validation(std::string("signature.") + key, "is not valid JSON");
  }
  if (!list.is_array()) return Error::validation(std::string("signature.") + key, "must be a list of specs");
  Schema schema;
  for (size_t i = 0; i < list.size(); ++i) {
    CAIRN_TRY_ASSIGN(auto spec, parse_spec(list[i], std::string("signature.") + key + "[" + std::to_string(i) + "]"));
    if (!schema.specs.empty() && spec.tensor != schema.specs.front().tensor)
      return Error::validation(std::string("signature.") + key, "mixes column and tensor specs");
    schema.specs.push_back(std::move(spec));
  }
  return std::optional<Schema>(std::move(schema));
}

}  // namespace

Result<ModelSignature> parse_model_signature(const nlohmann::json& signature) {
  ModelSignature out;
  if (signature.is_null()) return out;
  if (!signature.is_object()) return Error::validation("signature", "must be an object");
  CAIRN_TRY_ASSIGN(out.inputs, parse_schema(signature, "inputs"));
  CAIRN_TRY_ASSIGN(out.outputs, parse_schema(signature, "outputs"));
  if (signature.contains("params") && !signature["params"].is_null()) {
    nlohmann::json list = signature["params"];
    if (list.is_string()) list = nlohmann::json::parse(list.get<std::string>(), nullptr, false);
    if (!list.is_array()) return Error::validation("signature.params", "must be a list of param specs");
    for (const auto& p : list) {
      if (!p.is_object() || !p.contains("name") || !p["name"].is_string())
        return Error::validation("signature.params", "each param spec needs a name");
      ParamSpec spec;
      spec.name = p["name"].get<std::string>();
      if (p.contains("type") && p["type"].is_string()) spec.type = p["type"].get<std::string>();
      if (p.contains("default")) spec.default_value = p["default"];
      if (p.contains("shape") && p["shape"].is_array()) {
        std::vector<int64_t> shape;
        for (const auto& d : p["shape"])
          if (d.is_number_integer()) shape.push_back(d.get<int64_t>());
        spec.shape = std::move(shape);
      }
      out.params.push_back(std::move(spec));
    }
  }
  return out;
}

}  // namespace cairn::serving
