// parse_mlmodel: the MLmodel YAML with yaml-cpp, turned into JSON for the API. MLflow writes
// it with PyYAML's safe_dump, which quotes every string that would otherwise read as another
// type ('3.10', 'true'), so plain scalars are typed and quoted ones stay strings.
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>

#include "modelfiles/inspect.hpp"

namespace cairn::modelfiles {
namespace {

/// Ends the parse with a bad_request; caught once in parse_mlmodel.
struct Corrupt {
  std::string what;
};

nlohmann::json scalar_to_json(const YAML::Node& node) {
  const std::string& s = node.Scalar();
  if (node.Tag() == "!") return s;  // quoted in the file: a string whatever it looks like
  if (s == "~" || s == "null" || s == "Null" || s == "NULL" || s.empty()) return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  int64_t i = 0;
  if (auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), i);
      ec == std::errc() && end == s.data() + s.size()) {
    return i;
  }
  double d = 0;
  if (auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
      ec == std::errc() && end == s.data() + s.size() && std::isfinite(d)) {
    return d;
  }
  return s;
}

nlohmann::json to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      return scalar_to_json(node);
    case YAML::NodeType::Sequence: {
      auto out = nlohmann::json::array();
      for (const auto& item : node) out.push_back(to_json(item));
      return out;
    }
    case YAML::NodeType::Map: {
      auto out = nlohmann::json::object();
      for (const auto& kv : node) out[kv.first.as<std::string>()] = to_json(kv.second);
      return out;
    }
    default:
      return nullptr;
  }
}

std::string string_field(const YAML::Node& root, const char* key) {
  auto node = root[key];
  if (!node || node.IsNull()) return {};
  if (!node.IsScalar()) throw Corrupt{std::string(key) + " must be a string"};
  return node.Scalar();
}

/// MLflow stores each part of a signature as a JSON string inside the YAML.
nlohmann::json decode_signature(const YAML::Node& node) {
  if (!node || node.IsNull()) return nullptr;
  if (!node.IsMap()) throw Corrupt{"signature must be a mapping"};
  auto out = nlohmann::json::object();
  for (const char* part : {"inputs", "outputs", "params"}) {
    auto value = node[part];
    if (!value || value.IsNull()) {
      out[part] = nullptr;
      continue;
    }
    if (!value.IsScalar()) throw Corrupt{std::string("signature.") + part + " must be a JSON string"};
    auto decoded = nlohmann::json::parse(value.Scalar(), nullptr, /*allow_exceptions=*/false);
    if (decoded.is_discarded()) throw Corrupt{std::string("signature.") + part + " is not valid JSON"};
    out[part] = std::move(decoded);
  }
  return out;
}

MlModel read_document(const YAML::Node& root) {
  if (!root.IsMap()) throw Corrupt{"the document must be a mapping"};
  MlModel m;
  auto flavors = root["flavors"];
  if (!flavors) throw Corrupt{"flavors is missing"};
  if (!flavors.IsMap()) throw Corrupt{"flavors must be a mapping"};
  for (const auto& kv : flavors) {
    auto name = kv.first.as<std::string>();
    if (!kv.second.IsMap() && !kv.second.IsNull()) throw Corrupt{"flavors." + name + " must be a mapping"};
    m.flavors[name] = kv.second.IsNull() ? nlohmann::json::object() : to_json(kv.second);
    // The file's order, not the JSON object's sorted one, decides the main flavor.
    if (m.framework.empty() && name != "python_function") m.framework = name;
  }
  if (m.framework.empty() && m.flavors.contains("python_function")) m.framework = "python_function";

  m.signature = decode_signature(root["signature"]);
  if (auto info = root["saved_input_example_info"]; info && !info.IsNull()) {
    if (!info.IsMap()) throw Corrupt{"saved_input_example_info must be a mapping"};
    m.saved_input_example_info = to_json(info);
  }
  m.model_uuid = string_field(root, "model_uuid");
  m.model_id = string_field(root, "model_id");
  m.mlflow_version = string_field(root, "mlflow_version");
  m.run_id = string_field(root, "run_id");
  m.artifact_path = string_field(root, "artifact_path");
  if (auto size = root["model_size_bytes"]; size && !size.IsNull()) {
    auto value = size.IsScalar() ? scalar_to_json(size) : nlohmann::json();
    if (!value.is_number_integer() || value.get<int64_t>() < 0) {
      throw Corrupt{"model_size_bytes must be a non-negative integer"};
    }
    m.model_size_bytes = value.get<int64_t>();
  }
  return m;
}

}  // namespace

Result<MlModel> parse_mlmodel(std::string_view text) {
  try {
    return read_document(YAML::Load(std::string(text)));
  } catch (const YAML::Exception& e) {
    if (e.mark.is_null()) return Error::bad_request("MLmodel: " + e.msg);
    // yaml-cpp counts lines and columns from 0; editors and people count from 1.
    return Error::bad_request("MLmodel: line " + std::to_string(e.mark.line + 1) + ", column " +
                              std::to_string(e.mark.column + 1) + ": " + e.msg);
  } catch (const Corrupt& c) {
    return Error::bad_request("MLmodel: " + c.what);
  } catch (const std::exception& e) {
    return Error::bad_request(std::string("MLmodel: ") + e.what());
  }
}

}  // namespace cairn::modelfiles
