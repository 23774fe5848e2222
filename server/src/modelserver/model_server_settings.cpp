#include "modelserver/model_server_settings.hpp"

#include <charconv>
#include <cmath>
#include <string_view>

namespace cairn::modelserver {
namespace {

using nlohmann::json;

enum class Kind { integer, number, boolean, text, integer_list };

/// A ConfigMap variable and the field of the deployment configuration it carries.
struct ConfigVariable {
  const char* name;
  Kind kind;
  const char* section;  ///< nullptr: a top-level field
  const char* field;
};

constexpr ConfigVariable kConfigVariables[] = {
    {"CAIRN_RUNTIME", Kind::text, nullptr, "runtime"},
    {"CAIRN_ENV_MANAGER", Kind::text, nullptr, "env_manager"},
    {"CAIRN_MAX_BATCH_SIZE", Kind::integer, "batching", "max_batch_size"},
    {"CAIRN_PREFERRED_BATCH_SIZES", Kind::integer_list, "batching", "preferred_batch_sizes"},
    {"CAIRN_MAX_QUEUE_DELAY_MS", Kind::integer, "batching", "max_queue_delay_ms"},
    {"CAIRN_MAX_QUEUE_SIZE", Kind::integer, "batching", "max_queue_size"},
    {"CAIRN_TIMEOUT_MS", Kind::integer, nullptr, "timeout_ms"},
    {"CAIRN_MAX_ROWS", Kind::integer, nullptr, "max_rows"},
    {"CAIRN_CACHE_ENABLED", Kind::boolean, "cache", "enabled"},
    {"CAIRN_CACHE_TTL_SECONDS", Kind::integer, "cache", "ttl_seconds"},
    {"CAIRN_CACHE_MAX_ENTRIES", Kind::integer, "cache", "max_entries"},
    {"CAIRN_SAMPLING_RATE", Kind::number, nullptr, "sampling_rate"},
    {"CAIRN_RATE_LIMIT_PER_SECOND", Kind::number, "rate_limit", "requests_per_second"},
    {"CAIRN_RATE_LIMIT_BURST", Kind::integer, "rate_limit", "burst"},
};

std::optional<int64_t> parse_integer(std::string_view text) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

/// The variable's text as the JSON value the deployment API takes for its field.
std::optional<json> to_json(Kind kind, const std::string& text) {
  switch (kind) {
    case Kind::integer:
      if (auto v = parse_integer(text)) return json(*v);
      return std::nullopt;
    case Kind::number: {
      double v = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
      return json(v);
    }
    case Kind::boolean:
      if (text == "true" || text == "false") return json(text == "true");
      return std::nullopt;
    case Kind::text:
      return json(text);
    case Kind::integer_list: {
      json sizes = json::array();
      std::string_view rest(text);
      while (!rest.empty()) {
        const auto comma = rest.find(',');
        auto v = parse_integer(rest.substr(0, comma));
        if (!v) return std::nullopt;
        sizes.push_back(*v);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      }
      return sizes;
    }
  }
  return std::nullopt;
}

const char* expected(Kind kind) {
  switch (kind) {
    case Kind::integer:
      return "an integer";
    case Kind::number:
      return "a number";
    case Kind::boolean:
      return "true or false";
    case Kind::integer_list:
      return "comma-separated integers";
    case Kind::text:
      break;
  }
  return "text";
}

/// Applies the ConfigMap's variables to the defaults one at a time through the deployment API's
/// own checks (deploy::apply_config_patch), so both accept the same values; an error names the
/// variable rather than the API field.
Result<deploy::DeploymentConfig> read_config(const std::function<const char*(const char*)>& getenv) {
  deploy::DeploymentConfig config;
  for (const auto& v : kConfigVariables) {
    const char* raw = getenv(v.name);
    if (!raw || (!*raw && v.kind != Kind::integer_list)) continue;
    const std::string text(raw);
    auto value = to_json(v.kind, text);
    if (!value) return Error::validation(v.name, std::string("must be ") + expected(v.kind) + ", not \"" + text + "\"");
    json patch = v.section ? json{{v.section, {{v.field, *value}}}} : json{{v.field, *value}};
    auto applied = deploy::apply_config_patch(config, patch);
    if (!applied.ok()) return Error::validation(v.name, applied.error().message + ", not \"" + text + "\"");
    config = std::move(*applied);
  }
  // One pod is one worker: Kubernetes runs workers.min to workers.max pods.
  config.workers_min = config.workers_max = 1;
  return config;
}

std::string env_text(const std::function<const char*(const char*)>& getenv, const char* name) {
  const char* value = getenv(name);
  return value ? std::string(value) : std::string();
}

Result<std::string> required(const std::function<const char*(const char*)>& getenv, const char* name) {
  auto value = env_text(getenv, name);
  if (value.empty()) return Error::validation(name, "is required");
  return value;
}

Result<int64_t> positive(const std::function<const char*(const char*)>& getenv, const char* name) {
  CAIRN_TRY_ASSIGN(auto text, required(getenv, name));
  auto v = parse_integer(text);
  if (!v || *v < 1) return Error::validation(name, "must be a positive integer, not \"" + text + "\"");
  return *v;
}

}  // namespace

Result<ModelServerSettings> read_model_server_settings(const ModelServerFlags& flags,
                                                       const std::function<const char*(const char*)>& getenv) {
  ModelServerSettings s;
  s.cairn_url = flags.cairn_url.empty() ? env_text(getenv, "CAIRN_URL") : flags.cairn_url;
  while (s.cairn_url.ends_with('/')) s.cairn_url.pop_back();
  if (!s.cairn_url.starts_with("http://") && !s.cairn_url.starts_with("https://"))
    return Error::validation("--cairn-url", "the URL of the Cairn server (http:// or https://) is required");

  const std::string& d = flags.deployment;
  const auto first = d.find('/');
  const auto second = first == std::string::npos ? std::string::npos : d.find('/', first + 1);
  if (second == std::string::npos || first == 0 || second == first + 1 || second + 1 == d.size() ||
      d.find('/', second + 1) != std::string::npos)
    return Error::validation("--deployment", "must be <org>/<project>/<deployment>, not \"" + d + "\"");
  s.org = d.substr(0, first);
  s.project = d.substr(first + 1, second - first - 1);
  s.deployment = d.substr(second + 1);

  if (flags.port < 1 || flags.port > 65535) return Error::validation("--port", "must be between 1 and 65535");
  s.port = flags.port;
  if (flags.work_dir.empty()) return Error::validation("--work-dir", "a writable directory is required");
  s.work_dir = flags.work_dir;

  CAIRN_TRY_ASSIGN(s.token, required(getenv, "CAIRN_TOKEN"));
  CAIRN_TRY_ASSIGN(s.endpoint_name, required(getenv, "CAIRN_ENDPOINT_NAME"));
  CAIRN_TRY_ASSIGN(s.model, required(getenv, "CAIRN_MODEL"));
  CAIRN_TRY_ASSIGN(s.model_version, positive(getenv, "CAIRN_MODEL_VERSION"));
  CAIRN_TRY_ASSIGN(s.revision, positive(getenv, "CAIRN_REVISION"));
  s.python = env_text(getenv, "CAIRN_PYTHON");
  if (s.python.empty()) s.python = "python3";
  CAIRN_TRY_ASSIGN(s.config, read_config(getenv));
  return s;
}

}  // namespace cairn::modelserver
