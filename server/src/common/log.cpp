#include "common/log.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>

namespace cairn::log {
namespace {

spdlog::level::level_enum to_spdlog(Level level) {
  switch (level) {
    case Level::debug:
      return spdlog::level::debug;
    case Level::info:
      return spdlog::level::info;
    case Level::warn:
      return spdlog::level::warn;
    case Level::error:
      return spdlog::level::err;
  }
  return spdlog::level::info;
}

std::string_view name(Level level) {
  switch (level) {
    case Level::debug:
      return "debug";
    case Level::info:
      return "info";
    case Level::warn:
      return "warn";
    case Level::error:
      return "error";
  }
  return "info";
}

std::string iso_now() {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[40];
  std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof buf - n, ".%03dZ", static_cast<int>(ms % 1000));
  return buf;
}

}  // namespace

void setup(std::string_view level) {
  auto logger = spdlog::get("cairn");
  if (!logger) {
    logger = spdlog::stdout_logger_mt("cairn");
    logger->set_pattern("%v");
  }
  if (level == "debug")
    logger->set_level(spdlog::level::debug);
  else if (level == "warn")
    logger->set_level(spdlog::level::warn);
  else if (level == "error")
    logger->set_level(spdlog::level::err);
  else
    logger->set_level(spdlog::level::info);
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

void write(Level level, std::string_view message, nlohmann::json fields) {
  auto logger = spdlog::default_logger_raw();
  if (!logger->should_log(to_spdlog(level))) return;
  // The fields become the line (no copy); emplace keeps a field that names ts, level or msg itself.
  if (!fields.is_object()) fields = nlohmann::json::object();
  fields.emplace("ts", iso_now());
  fields.emplace("level", name(level));
  fields.emplace("msg", message);
  logger->log(to_spdlog(level), fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace cairn::log
