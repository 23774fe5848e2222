#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace cairn::api {

/// Converts a YAML document to JSON following YAML 1.2's core schema: plain scalars that read as
/// null, booleans, integers or floats become those; quoted scalars stay strings.
Result<nlohmann::json> yaml_to_json(std::string_view yaml);

/// The embedded api/openapi.yaml as JSON text (converted once).
const std::string& openapi_json();

}  // namespace cairn::api
