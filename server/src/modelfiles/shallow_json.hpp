#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace cairn::modelfiles {

enum class JsonEncoding { text, ubjson };

/// The outer levels of a JSON or UBJSON document: containers nested deeper than `keep_depth` are
/// replaced by null while parsing, so a model whose bulk is deep (XGBoost's trees) costs memory
/// for its header only. Documents nested deeper than a hard limit are rejected, since nlohmann's
/// binary reader recurses once per level. nullopt with `error` set when it does not parse.
std::optional<nlohmann::json> parse_shallow_json(std::string_view data, JsonEncoding encoding, int keep_depth,
                                                 std::string& error);

}  // namespace cairn::modelfiles
