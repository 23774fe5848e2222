#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace cairn::deploy {

/// A multi-document YAML stream ("---" before each document) of JSON values, in their key order.
/// Built as JSON first because JSON keeps the types: a string that YAML would read as another type
/// ("8080", "true", "1e3", "null") is written quoted, so a ConfigMap value stays a string.
/// (yaml-cpp's own nodes forget whether a scalar was a string or a number.)
std::string to_yaml_documents(const std::vector<nlohmann::ordered_json>& documents);

}  // namespace cairn::deploy
