#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

/// Structured logging: every line on stdout is one JSON object (ts, level, msg, fields...).
/// Never pass a secret, token or password as a field.
namespace cairn::log {

enum class Level { debug, info, warn, error };

/// Configures the process-wide logger (level "debug", "info", "warn" or "error").
void setup(std::string_view level);

void write(Level level, std::string_view message, nlohmann::json fields = nlohmann::json::object());

inline void info(std::string_view m, nlohmann::json f = nlohmann::json::object()) {
  write(Level::info, m, std::move(f));
}
inline void warn(std::string_view m, nlohmann::json f = nlohmann::json::object()) {
  write(Level::warn, m, std::move(f));
}
inline void error(std::string_view m, nlohmann::json f = nlohmann::json::object()) {
  write(Level::error, m, std::move(f));
}
inline void debug(std::string_view m, nlohmann::json f = nlohmann::json::object()) {
  write(Level::debug, m, std::move(f));
}

}  // namespace cairn::log
