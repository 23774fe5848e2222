#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "api/json_input.hpp"
#include "http/request.hpp"
#include "service/tracking/tracking_access.hpp"
#include "storage/tracking/experiment_store.hpp"
#include "storage/tracking/tracking_records.hpp"

/// Reading what the native tracking API receives. Errors name the field, with the index of an array
/// item when one is at fault (`metrics[3].value`).
namespace cairn::api::tracking_input {

/// An optional object of string values (`{"team": "nlp"}`), keys of 1..max_key characters.
Result<storage::KeyValues> string_map(const JsonBody& body, std::string_view field, std::size_t max_key,
                                      std::size_t max_value);

/// A metric value: a JSON number, or "NaN", "Infinity", "-Infinity" (JSON has no literal for them).
Result<double> metric_value(const nlohmann::json& value, const std::string& field);

/// `active` (default), `deleted` or `all`.
Result<storage::experiments::ViewType> view_type(const std::optional<std::string>& text, std::string_view field);

/// An optional array of strings, each of 1..max_length characters.
Result<std::vector<std::string>> string_array(const JsonBody& body, std::string_view field, std::size_t max_items,
                                              std::size_t max_length);

/// Offset page tokens of the run search (opaque base64url to clients).
std::string page_token(int64_t offset);
Result<int64_t> offset_of(const std::optional<std::string>& token);

}  // namespace cairn::api::tracking_input
