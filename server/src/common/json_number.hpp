#pragma once

#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>

namespace cairn {

/// A double as JSON. JSON has no NaN or infinities, so those are named as MLflow names them
/// ("NaN", "Infinity", "-Infinity"); every response that carries a metric value uses this.
inline nlohmann::json number_json(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  return value;
}

/// A whole number given as JSON, or nothing. JSON Schema's "integer" is any number with no fractional
/// part, so `90.0` counts as 90 (Python clients send floats where they mean integers); unsigned values
/// above INT64_MAX and doubles outside int64's range are not whole numbers here.
inline std::optional<int64_t> whole_number(const nlohmann::json& v) {
  if (v.is_number_unsigned()) {
    const auto u = v.get<uint64_t>();
    if (u > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<int64_t>(u);
  }
  if (v.is_number_integer()) return v.get<int64_t>();
  if (!v.is_number_float()) return std::nullopt;
  const double d = v.get<double>();
  // A whole number that fits int64 arrives as an integer; one that arrives as a double at +-2^63 or
  // beyond lost its digits on the way (-9223372036854775809 reads as -2^63), so it is refused.
  if (!std::isfinite(d) || std::trunc(d) != d || d <= -9223372036854775808.0 || d >= 9223372036854775808.0)
    return std::nullopt;
  return static_cast<int64_t>(d);
}

/// A whole number within [min, max] given as JSON, or nothing: the usual check of a bounded count.
inline std::optional<int64_t> whole_number_in(const nlohmann::json& v, int64_t min, int64_t max) {
  const auto whole = whole_number(v);
  if (!whole || *whole < min || *whole > max) return std::nullopt;
  return whole;
}

}  // namespace cairn
