#pragma once

#include <cmath>
#include <nlohmann/json.hpp>

namespace cairn {

/// A double as JSON. JSON has no NaN or infinities, so those are named as MLflow names them
/// ("NaN", "Infinity", "-Infinity"); every response that carries a metric value uses this.
inline nlohmann::json number_json(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  return value;
}

}  // namespace cairn
