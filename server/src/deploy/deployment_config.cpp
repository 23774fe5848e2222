#include "deploy/deployment_config.hpp"

#include <algorithm>
#include <cmath>
#include <regex>

#include "common/json_number.hpp"

namespace cairn::deploy {
namespace {

using nlohmann::json;

/// Reads the fields of one JSON object and reports the first bad one with its full path.
class PatchReader {
 public:
  PatchReader(const json& object, std::string path) : object_(object), path_(std::move(path)) {}

  Status check_object() const {
    if (!object_.is_object()) return Error::validation(path_, "must be an object");
    return {};
  }
  Status check_known(std::initializer_list<const char*> names) const {
    for (const auto& [key, value] : object_.items()) {
      bool known = std::any_of(names.begin(), names.end(), [&](const char* n) { return key == n; });
      if (!known) return Error::validation(path_ + "." + key, "unknown field");
    }
    return {};
  }
  Status integer(const char* name, int& out, int min, int max) const {
    auto it = object_.find(name);
    if (it == object_.end()) return {};
    const auto whole = whole_number(*it);
    if (!whole) return Error::validation(field(name), "must be an integer");
    const int64_t v = *whole;
    if (v < min || v > max)
      return Error::validation(field(name), "must be between " + std::to_string(min) + " and " + std::to_string(max));
    out = static_cast<int>(v);
    return {};
  }
  Status number(const char* name, double& out, double min, double max) const {
    auto it = object_.find(name);
    if (it == object_.end()) return {};
    if (!it->is_number()) return Error::validation(field(name), "must be a number");
    double v = it->get<double>();
    if (!std::isfinite(v) || v < min || v > max)
      return Error::validation(field(name), "must be between " + fmt(min) + " and " + fmt(max));
    out = v;
    return {};
  }
  Status boolean(const char* name, bool& out) const {
    auto it = object_.find(name);
    if (it == object_.end()) return {};
    if (!it->is_boolean()) return Error::validation(field(name), "must be true or false");
    out = it->get<bool>();
    return {};
  }
  Status choice(const char* name, std::string& out, std::initializer_list<const char*> allowed) const {
    auto it = object_.find(name);
    if (it == object_.end()) return {};
    std::string list;
    for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    if (!it->is_string()) return Error::validation(field(name), "must be one of " + list);
    auto v = it->get<std::string>();
    if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return v == a; }))
      return Error::validation(field(name), "must be one of " + list);
    out = v;
    return {};
  }
  Status quantity(const char* name, std::string& out) const {
    static const std::regex kQuantity(R"(^([0-9]+(\.[0-9]+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$)");
    auto it = object_.find(name);
    if (it == object_.end()) return {};
    if (it->is_null()) {
      out.clear();
      return {};
    }
    if (!it->is_string() || (!it->get<std::string>().empty() && !std::regex_match(it->get<std::string>(), kQuantity)))
      return Error::validation(field(name), "must be a Kubernetes quantity such as \"500m\" or \"1Gi\"");
    out = it->get<std::string>();
    return {};
  }
  const json* child(const char* name) const {
    auto it = object_.find(name);
    return it == object_.end() ? nullptr : &*it;
  }
  std::string field(const char* name) const { return path_ + "." + name; }

 private:
  static std::string fmt(double v) {
    std::string s = std::to_string(v);
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  }
  const json& object_;
  std::string path_;
};

Status read_variables(const json& value, const std::string& path, std::map<std::string, std::string>& out,
                      bool keep_masked) {
  static const std::regex kName("^[A-Za-z_][A-Za-z0-9_]{0,127}$");
  if (!value.is_object()) return Error::validation(path, "must be an object of NAME: value");
  if (value.size() > 100) return Error::validation(path, "at most 100 variables");
  std::map<std::string, std::string> next;
  for (const auto& [name, v] : value.items()) {
    if (!std::regex_match(name, kName))
      return Error::validation(path + "." + name, "names are letters, digits and '_', not starting with a digit");
    if (!v.is_string()) return Error::validation(path + "." + name, "must be a string");
    auto text = v.get<std::string>();
    if (text.size() > 32768) return Error::validation(path + "." + name, "at most 32768 characters");
    if (keep_masked && text == "***") {
      auto old = out.find(name);
      if (old == out.end())
        return Error::validation(path + "." + name, "\"***\" keeps a stored secret; none is stored");
      text = old->second;
    }
    next[name] = std::move(text);
  }
  out = std::move(next);
  return {};
}

}  // namespace

Result<DeploymentConfig> apply_config_patch(const DeploymentConfig& base, const json& patch) {
  DeploymentConfig c = base;
  PatchReader top(patch, "config");
  CAIRN_TRY(top.check_object());
  CAIRN_TRY(top.check_known({"runtime", "env_manager", "workers", "autoscaling", "batching", "timeout_ms", "max_rows",
                             "cache", "sampling_rate", "rate_limit", "env", "secrets", "resources"}));
  CAIRN_TRY(top.choice("runtime", c.runtime, {"auto", "python", "xgboost"}));
  CAIRN_TRY(top.choice("env_manager", c.env_manager, {"local", "virtualenv"}));
  CAIRN_TRY(top.integer("timeout_ms", c.timeout_ms, 10, 600000));
  CAIRN_TRY(top.integer("max_rows", c.max_rows, 1, 1000000));
  CAIRN_TRY(top.number("sampling_rate", c.sampling_rate, 0.0, 1.0));
  if (const json* w = top.child("workers")) {
    PatchReader r(*w, "config.workers");
    CAIRN_TRY(r.check_object());
    CAIRN_TRY(r.check_known({"min", "max"}));
    CAIRN_TRY(r.integer("min", c.workers_min, 1, 32));
    CAIRN_TRY(r.integer("max", c.workers_max, 1, 64));
  }
  if (c.workers_max < c.workers_min) return Error::validation("config.workers.max", "must be at least workers.min");
  if (const json* a = top.child("autoscaling")) {
    PatchReader r(*a, "config.autoscaling");
    CAIRN_TRY(r.check_object());
    CAIRN_TRY(r.check_known({"target_in_flight", "scale_down_delay_seconds"}));
    CAIRN_TRY(r.integer("target_in_flight", c.target_in_flight, 1, 1000));
    CAIRN_TRY(r.integer("scale_down_delay_seconds", c.scale_down_delay_seconds, 0, 3600));
  }
  if (const json* b = top.child("batching")) {
    PatchReader r(*b, "config.batching");
    CAIRN_TRY(r.check_object());
    CAIRN_TRY(r.check_known({"max_batch_size", "preferred_batch_sizes", "max_queue_delay_ms", "max_queue_size"}));
    CAIRN_TRY(r.integer("max_batch_size", c.max_batch_size, 1, 4096));
    CAIRN_TRY(r.integer("max_queue_delay_ms", c.max_queue_delay_ms, 0, 1000));
    CAIRN_TRY(r.integer("max_queue_size", c.max_queue_size, 1, 100000));
    if (const json* sizes = r.child("preferred_batch_sizes")) {
      const std::string field = "config.batching.preferred_batch_sizes";
      if (!sizes->is_array() || sizes->size() > 16)
        return Error::validation(field, "must be a list of at most 16 sizes");
      std::vector<int> out;
      for (const auto& s : *sizes) {
        const auto size = whole_number_in(s, 1, 4096);
        if (!size) return Error::validation(field, "sizes are integers between 1 and 4096");
        out.push_back(static_cast<int>(*size));
      }
      std::sort(out.begin(), out.end());
      out.erase(std::unique(out.begin(), out.end()), out.end());
      c.preferred_batch_sizes = std::move(out);
    }
  }
  for (int size : c.preferred_batch_sizes)
    if (size > c.max_batch_size)
      return Error::validation("config.batching.preferred_batch_sizes", "sizes must not exceed max_batch_size");
  if (const json* cache = top.child("cache")) {
    PatchReader r(*cache, "config.cache");
    CAIRN_TRY(r.check_object());
    CAIRN_TRY(r.check_known({"enabled", "ttl_seconds", "max_entries"}));
    CAIRN_TRY(r.boolean("enabled", c.cache_enabled));
    CAIRN_TRY(r.integer("ttl_seconds", c.cache_ttl_seconds, 1, 86400));
    CAIRN_TRY(r.integer("max_entries", c.cache_max_entries, 1, 1000000));
  }
  if (const json* limit = top.child("rate_limit")) {
    PatchReader r(*limit, "config.rate_limit");
    CAIRN_TRY(r.check_object());
    CAIRN_TRY(r.check_known({"requests_per_second", "burst"}));
    // The limiter counts in whole milliseconds, so one request per millisecond is its finest rate.
    CAIRN_TRY(r.number("requests_per_second", c.rate_limit_per_second, 0.0, 100000.0));
    CAIRN_TRY(r.integer("burst", c.rate_limit_burst, 0, 1000000));
  }
  if (const json* env = top.child("env")) CAIRN_TRY(read_variables(*env, "config.env", c.env, false));
  if (const json* secrets = top.child("secrets"))
    CAIRN_TRY(read_variables(*secrets, "config.secrets", c.secrets, true));
  if (const json* res = top.child("resources")) {
    PatchReader r(*res, "config.resources");
    CAIRN_TRY(r.check_object());
    CAIRN_TRY(r.check_known({"cpu", "memory"}));
    CAIRN_TRY(r.quantity("cpu", c.cpu));
    CAIRN_TRY(r.quantity("memory", c.memory));
  }
  return c;
}

json config_to_json(const DeploymentConfig& c, bool with_secrets) {
  json secrets = json::object();
  for (const auto& [name, value] : c.secrets) secrets[name] = with_secrets ? value : "***";
  return {
      {"runtime", c.runtime},
      {"env_manager", c.env_manager},
      {"workers", {{"min", c.workers_min}, {"max", c.workers_max}}},
      {"autoscaling",
       {{"target_in_flight", c.target_in_flight}, {"scale_down_delay_seconds", c.scale_down_delay_seconds}}},
      {"batching",
       {{"max_batch_size", c.max_batch_size},
        {"preferred_batch_sizes", c.preferred_batch_sizes},
        {"max_queue_delay_ms", c.max_queue_delay_ms},
        {"max_queue_size", c.max_queue_size}}},
      {"timeout_ms", c.timeout_ms},
      {"max_rows", c.max_rows},
      {"cache",
       {{"enabled", c.cache_enabled}, {"ttl_seconds", c.cache_ttl_seconds}, {"max_entries", c.cache_max_entries}}},
      {"sampling_rate", c.sampling_rate},
      {"rate_limit", {{"requests_per_second", c.rate_limit_per_second}, {"burst", c.rate_limit_burst}}},
      {"env", c.env},
      {"secrets", secrets},
      {"resources", {{"cpu", c.cpu}, {"memory", c.memory}}},
  };
}

DeploymentConfig config_from_stored(const std::string& json_text) {
  auto stored = json::parse(json_text, nullptr, false);
  if (stored.is_discarded() || !stored.is_object()) return {};
  // The stored form passed validation when it was written; a field a later version no longer
  // knows is dropped rather than failing the deployment.
  auto secrets = stored.contains("secrets") ? stored["secrets"] : json::object();
  stored.erase("secrets");
  DeploymentConfig base;
  if (secrets.is_object())
    for (const auto& [k, v] : secrets.items())
      if (v.is_string()) base.secrets[k] = v.get<std::string>();
  auto patched = apply_config_patch(base, stored);
  return patched.ok() ? std::move(*patched) : base;
}

std::optional<RateCell> rate_cell(const DeploymentConfig& config) {
  if (config.rate_limit_per_second <= 0) return std::nullopt;
  RateCell cell;
  cell.interval_us = std::max<int64_t>(1, std::llround(1'000'000.0 / config.rate_limit_per_second));
  cell.burst = config.rate_limit_burst > 0
                   ? config.rate_limit_burst
                   : std::max<int64_t>(1, std::llround(std::ceil(config.rate_limit_per_second)));
  return cell;
}

}  // namespace cairn::deploy
