#include "service/monitoring/monitor_config.hpp"

#include "common/json_number.hpp"

namespace cairn::service {
namespace {

Result<std::optional<std::string>> method_of(const nlohmann::json& j, const std::string& field) {
  auto it = j.find("method");
  if (it == j.end() || it->is_null()) return std::optional<std::string>{};
  if (!it->is_string() || !stats::find_drift_method(it->get<std::string>()))
    return Error::validation(field + ".method",
                             "must be one of ks, chisquare, z, wasserstein, jensenshannon, psi, "
                             "kl_div, hellinger, tvd");
  return std::optional(it->get<std::string>());
}

Result<std::optional<double>> threshold_of(const nlohmann::json& j, const std::string& field) {
  auto it = j.find("threshold");
  if (it == j.end() || it->is_null()) return std::optional<double>{};
  if (!it->is_number() || it->get<double>() <= 0 || it->get<double>() > 100)
    return Error::validation(field + ".threshold", "must be a number above 0 (at most 100)");
  return std::optional(it->get<double>());
}

Result<int64_t> minutes_of(const nlohmann::json& j, const char* key, int64_t fallback, int64_t max,
                           const std::string& field) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  const auto whole = whole_number_in(*it, 1, max);
  if (!whole)
    return Error::validation(field + "." + key, "must be a whole number of minutes from 1 to " + std::to_string(max));
  return *whole;
}

}  // namespace

stats::DriftOptions MonitorConfig::options_for(const std::string& feature) const {
  stats::DriftOptions o{method, threshold};
  if (auto it = features.find(feature); it != features.end()) {
    if (it->second.method) o.method = it->second.method;
    if (it->second.threshold) o.threshold = it->second.threshold;
  }
  return o;
}

Result<MonitorConfig> parse_monitor_config(const nlohmann::json& j, const std::string& field) {
  MonitorConfig c;
  if (j.is_null()) return c;
  if (!j.is_object()) return Error::validation(field, "must be an object");
  static const std::set<std::string> known{"drift_share", "method",         "threshold",          "features",
                                           "ignore",      "window_minutes", "evaluation_minutes", "task"};
  for (const auto& [key, value] : j.items())
    if (!known.contains(key)) return Error::validation(field + "." + key, "unknown field");
  if (auto it = j.find("drift_share"); it != j.end() && !it->is_null()) {
    if (!it->is_number() || it->get<double>() <= 0 || it->get<double>() > 1)
      return Error::validation(field + ".drift_share", "must be a share above 0 and at most 1");
    c.drift_share = it->get<double>();
  }
  CAIRN_TRY_ASSIGN(c.method, method_of(j, field));
  CAIRN_TRY_ASSIGN(c.threshold, threshold_of(j, field));
  if (auto it = j.find("features"); it != j.end() && !it->is_null()) {
    if (!it->is_object()) return Error::validation(field + ".features", "must be an object of feature -> options");
    if (it->size() > 10'000) return Error::validation(field + ".features", "at most 10000 features");
    for (const auto& [name, options] : it->items()) {
      const std::string at = field + ".features." + name;
      if (!options.is_object()) return Error::validation(at, "must be an object {method?, threshold?}");
      for (const auto& [key, value] : options.items())
        if (key != "method" && key != "threshold") return Error::validation(at + "." + key, "unknown field");
      stats::DriftOptions o;
      CAIRN_TRY_ASSIGN(o.method, method_of(options, at));
      CAIRN_TRY_ASSIGN(o.threshold, threshold_of(options, at));
      c.features[name] = o;
    }
  }
  if (auto it = j.find("ignore"); it != j.end() && !it->is_null()) {
    if (!it->is_array() || it->size() > 10'000) return Error::validation(field + ".ignore", "must be a list of names");
    for (const auto& name : *it) {
      if (!name.is_string() || name.get<std::string>().empty())
        return Error::validation(field + ".ignore", "must be a list of feature names");
      c.ignore.insert(name.get<std::string>());
    }
  }
  CAIRN_TRY_ASSIGN(c.window_minutes, minutes_of(j, "window_minutes", 60, 60 * 24 * 90, field));
  CAIRN_TRY_ASSIGN(c.evaluation_minutes, minutes_of(j, "evaluation_minutes", 5, 60 * 24, field));
  if (auto it = j.find("task"); it != j.end() && !it->is_null()) {
    if (!it->is_string() || (it->get<std::string>() != "classification" && it->get<std::string>() != "regression"))
      return Error::validation(field + ".task", "must be classification or regression");
    c.task = it->get<std::string>();
  }
  return c;
}

nlohmann::json monitor_config_json(const MonitorConfig& c) {
  nlohmann::json features = nlohmann::json::object();
  for (const auto& [name, o] : c.features) {
    nlohmann::json f = nlohmann::json::object();
    if (o.method) f["method"] = *o.method;
    if (o.threshold) f["threshold"] = *o.threshold;
    features[name] = f;
  }
  return {{"drift_share", c.drift_share},
          {"method", c.method ? nlohmann::json(*c.method) : nlohmann::json()},
          {"threshold", c.threshold ? nlohmann::json(*c.threshold) : nlohmann::json()},
          {"features", features},
          {"ignore", c.ignore},
          {"window_minutes", c.window_minutes},
          {"evaluation_minutes", c.evaluation_minutes},
          {"task", c.task ? nlohmann::json(*c.task) : nlohmann::json()}};
}

}  // namespace cairn::service
