#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace cairn::modelfiles {

/// The registry's facts about an XGBoost model saved as JSON or UBJSON (Booster.save_model), from
/// its outer levels (see parse_shallow_json): {"objective", "booster", "num_feature",
/// "num_class" (when > 0), "num_target" (when > 1), "feature_names" (when saved), "version"}.
/// nullopt when the document is not an XGBoost model (no "learner" object and "version" array).
std::optional<nlohmann::json> xgboost_details(const nlohmann::json& doc);

}  // namespace cairn::modelfiles
