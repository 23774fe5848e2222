#include "api/openapi_document.hpp"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <regex>

#include "common/embedded_resources.hpp"

namespace cairn::api {
namespace {

nlohmann::json scalar(const YAML::Node& node) {
  const std::string& text = node.Scalar();
  if (node.Tag() == "!") return text;  // quoted: always a string
  static const std::regex kInt(R"([-+]?[0-9]+)");
  static const std::regex kFloat(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
  if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL") return nullptr;
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  if (std::regex_match(text, kInt)) {
    int64_t value = 0;
    auto begin = text.data() + (text[0] == '+' ? 1 : 0);
    if (std::from_chars(begin, text.data() + text.size(), value).ec == std::errc()) return value;
  }
  if (std::regex_match(text, kFloat)) return std::stod(text);
  return text;
}

nlohmann::json convert(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
      return nullptr;
    case YAML::NodeType::Scalar:
      return scalar(node);
    case YAML::NodeType::Sequence: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& item : node) out.push_back(convert(item));
      return out;
    }
    case YAML::NodeType::Map: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& entry : node) out[entry.first.Scalar()] = convert(entry.second);
      return out;
    }
    default:
      return nullptr;
  }
}

}  // namespace

Result<nlohmann::json> yaml_to_json(std::string_view yaml) {
  try {
    return convert(YAML::Load(std::string(yaml)));
  } catch (const std::exception& e) {
    return Error::bad_request(std::string("invalid YAML: ") + e.what());
  }
}

const std::string& openapi_json() {
  static const std::string text = [] {
    auto json = yaml_to_json(embedded::openapi_yaml());
    return json.ok() ? json->dump() : std::string("{}");
  }();
  return text;
}

}  // namespace cairn::api
