#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "stats/dataset_profile.hpp"

namespace cairn::service {

/// What a monitor decides with: drift tests and thresholds (Evidently's defaults unless set, per
/// monitor and per feature), features left out, the window the evaluation job judges, and the
/// model's task for performance.
struct MonitorConfig {
  double drift_share = 0.5;  ///< dataset drift when at least this share of features drifted
  std::optional<std::string> method;   ///< for every feature; none: chosen by type and size
  std::optional<double> threshold;     ///< for every feature; none: the method's default
  std::map<std::string, stats::DriftOptions, std::less<>> features;  ///< per feature
  std::set<std::string, std::less<>> ignore;
  int64_t window_minutes = 60;
  int64_t evaluation_minutes = 5;
  std::optional<std::string> task;  ///< classification | regression; none: told from the labels

  stats::DriftOptions options_for(const std::string& feature) const;
};

/// Validates a config object; errors name the field ("config.features.age.threshold").
Result<MonitorConfig> parse_monitor_config(const nlohmann::json& j, const std::string& field = "config");
nlohmann::json monitor_config_json(const MonitorConfig& c);

}  // namespace cairn::service
