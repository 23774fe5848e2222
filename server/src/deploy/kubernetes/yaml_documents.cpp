#include "deploy/kubernetes/yaml_documents.hpp"

#include <yaml-cpp/yaml.h>

#include <array>
#include <string_view>

#include "common/text.hpp"

namespace cairn::deploy {
namespace {

/// True when a plain scalar `text` would not read back as this string under YAML 1.1 or 1.2
/// (booleans, nulls, numbers in any notation). Errs on the side of quoting.
bool needs_quotes(const std::string& text) {
  if (text.empty()) return true;
  static constexpr std::array<std::string_view, 11> kWords = {"null", "~",   "true", "false", "yes", "no",
                                                              "on",   "off", "y",    "n",     "="};
  std::string lower = ascii_lower(text);
  for (auto word : kWords) {
    if (lower == word) return true;
  }
  // Numbers in any notation, .inf and .nan; "--flag" or "/path" stay plain.
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  char first = text.front();
  if (digit(first)) return true;
  if (first != '+' && first != '-' && first != '.') return false;
  char second = text.size() > 1 ? lower[1] : '\0';
  return second == '\0' || digit(second) || second == '.' || second == 'i' || second == 'n';
}

void emit(YAML::Emitter& out, const nlohmann::ordered_json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object:
      if (value.empty()) {
        out << YAML::Flow << YAML::BeginMap << YAML::EndMap;  // `emptyDir: {}`
        break;
      }
      out << YAML::BeginMap;
      for (const auto& [key, item] : value.items()) {
        out << YAML::Key;
        if (needs_quotes(key)) out << YAML::DoubleQuoted;
        out << key << YAML::Value;
        emit(out, item);
      }
      out << YAML::EndMap;
      break;
    case nlohmann::json::value_t::array:
      out << YAML::BeginSeq;
      for (const auto& item : value) emit(out, item);
      out << YAML::EndSeq;
      break;
    case nlohmann::json::value_t::string: {
      const auto& text = value.get_ref<const std::string&>();
      if (needs_quotes(text)) out << YAML::DoubleQuoted;
      out << text;
      break;
    }
    case nlohmann::json::value_t::boolean:
      out << value.get<bool>();
      break;
    case nlohmann::json::value_t::number_integer:
      out << value.get<std::int64_t>();
      break;
    case nlohmann::json::value_t::number_unsigned:
      out << value.get<std::uint64_t>();
      break;
    case nlohmann::json::value_t::number_float:
      out << value.get<double>();
      break;
    default:
      out << YAML::Null;
      break;
  }
}

}  // namespace

std::string to_yaml_documents(const std::vector<nlohmann::ordered_json>& documents) {
  std::string text;
  for (const auto& document : documents) {
    YAML::Emitter out;
    emit(out, document);
    text += "---\n";
    text += out.c_str();
    text += "\n";
  }
  return text;
}

}  // namespace cairn::deploy
