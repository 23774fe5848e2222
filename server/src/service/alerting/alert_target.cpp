#include "service/alerting/alert_target.hpp"

#include <nlohmann/json.hpp>

#include "common/crypto.hpp"
#include "storage/deployments/deployment_store.hpp"
#include "storage/monitoring/monitor_store.hpp"

namespace cairn::service::alerting {

Result<std::optional<RuleTarget>> find_target(storage::Connection& c, const std::string& project_id,
                                              const std::string& rule_name, const RuleSpec& spec) {
  RuleTarget t;
  t.labels = spec.labels;
  t.labels["alertname"] = rule_name;
  t.labels["severity"] = spec.severity;
  CAIRN_TRY_ASSIGN(auto project, c.query("SELECT slug FROM projects WHERE id = ?", {project_id}));
  if (!project.empty()) t.labels["project"] = project[0].text(0);
  if (!spec.experiment.empty()) {
    CAIRN_TRY_ASSIGN(
        auto experiment,
        c.query("SELECT id FROM experiments WHERE project_id = ? AND name = ? AND lifecycle_stage = 'active'",
                {project_id, spec.experiment}));
    if (experiment.empty()) return std::optional<RuleTarget>();
    t.experiment_id = experiment[0].text(0);
    t.labels["experiment"] = spec.experiment;
    return std::optional<RuleTarget>(std::move(t));
  }
  CAIRN_TRY_ASSIGN(auto monitor, storage::monitoring::find(c, project_id, spec.monitor));
  if (!monitor) return std::optional<RuleTarget>();
  auto config = nlohmann::json::parse(monitor->config, nullptr, false);
  MonitorContext m;
  CAIRN_TRY_ASSIGN(m.config, parse_monitor_config(config.is_discarded() ? nlohmann::json() : config));
  m.monitor = *monitor;
  t.monitor = std::move(m);
  t.labels["monitor"] = monitor->name;
  if (monitor->deployment_id) {
    CAIRN_TRY_ASSIGN(auto d, storage::deployments::find_by_id(c, *monitor->deployment_id));
    if (d) {
      t.deployment_id = d->id;
      t.labels["deployment"] = d->name;
      t.labels["environment"] = d->environment_name;
    }
  }
  return std::optional<RuleTarget>(std::move(t));
}

std::string missing_target(const RuleSpec& spec) {
  return spec.experiment.empty() ? "monitor '" + spec.monitor + "' no longer exists"
                                 : "experiment '" + spec.experiment + "' no longer exists";
}

std::string fingerprint(const Labels& labels) {
  return crypto::sha256_hex(nlohmann::json(labels).dump()).substr(0, 16);
}

}  // namespace cairn::service::alerting
