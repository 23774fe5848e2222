#include "api/tracking/tracking_input.hpp"

#include <limits>

#include "storage/pagination.hpp"

namespace cairn::api::tracking_input {

Result<storage::KeyValues> string_map(const JsonBody& body, std::string_view field, std::size_t max_key,
                                      std::size_t max_value) {
  storage::KeyValues out;
  if (!body.has(field)) return out;
  const std::string name(field);
  const auto& map = body.json().at(name);
  if (!map.is_object()) return Error::validation(name, name + " must be an object of strings");
  for (const auto& [key, value] : map.items()) {
    if (key.empty() || utf8_length(key) > max_key) {
      return Error::validation(name, name + " keys must be 1 to " + std::to_string(max_key) + " characters");
    }
    if (!value.is_string()) return Error::validation(name + "." + key, name + "." + key + " must be a string");
    auto text = value.get<std::string>();
    if (utf8_length(text) > max_value) {
      return Error::validation(name + "." + key,
                               name + "." + key + " must be at most " + std::to_string(max_value) + " characters");
    }
    out.emplace_back(key, std::move(text));
  }
  return out;
}

Result<double> metric_value(const nlohmann::json& value, const std::string& field) {
  if (value.is_number()) return value.get<double>();
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (text == "NaN") return std::numeric_limits<double>::quiet_NaN();
    if (text == "Infinity") return std::numeric_limits<double>::infinity();
    if (text == "-Infinity") return -std::numeric_limits<double>::infinity();
  }
  return Error::validation(field, field + " must be a number, \"NaN\", \"Infinity\" or \"-Infinity\"");
}

Result<storage::experiments::ViewType> view_type(const std::optional<std::string>& text, std::string_view field) {
  using storage::experiments::ViewType;
  if (!text || *text == "active") return ViewType::active_only;
  if (*text == "deleted") return ViewType::deleted_only;
  if (*text == "all") return ViewType::all;
  return Error::validation(std::string(field), std::string(field) + " must be one of: active, deleted, all");
}

Result<std::vector<std::string>> string_array(const JsonBody& body, std::string_view field, std::size_t max_items,
                                              std::size_t max_length) {
  if (!body.has(field)) return std::vector<std::string>{};
  return body.required_string_array(field, 0, max_items, max_length);
}

std::string page_token(int64_t offset) {
  return storage::encode_offset_token(offset);
}

Result<int64_t> offset_of(const std::optional<std::string>& token) {
  if (!token || token->empty()) return int64_t{0};
  auto offset = storage::decode_offset_token(*token, false);
  if (!offset) return Error::bad_request("page_token is not a token this search returned", "page_token");
  return *offset;
}

}  // namespace cairn::api::tracking_input
