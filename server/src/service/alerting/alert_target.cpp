#include "service/alerting/alert_target.hpp"

#include <nlohmann/json.hpp>

#include "common/crypto.hpp"
#include "storage/deployments/deployment_store.hpp"
#include "storage/monitoring/monitor_store.hpp"

namespace cairn::service::alerting {

Result<std::optional<RuleTarget>> find_target(storage::Connection& c, const std::string& project_id,
                                              const std::string& rule_name, const RuleSpec& spec) {
  CAIRN_TRY_ASSIGN(auto monitor, storage::monitoring::find(c, project_id, spec.monitor));
  if (!monitor) return std::optional<RuleTarget>();
  RuleTarget t;
  auto config = nlohmann::json::parse(monitor->config, nullptr, false);
  CAIRN_TRY_ASSIGN(t.monitor.config, parse_monitor_config(config.is_discarded() ? nlohmann::json() : config));
  t.monitor.monitor = *monitor;
  t.labels = spec.labels;
  t.labels["alertname"] = rule_name;
  t.labels["severity"] = spec.severity;
  t.labels["monitor"] = monitor->name;
  CAIRN_TRY_ASSIGN(auto project, c.query("SELECT slug FROM projects WHERE id = ?", {project_id}));
  if (!project.empty()) t.labels["project"] = project[0].text(0);
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

std::string fingerprint(const Labels& labels) {
  return crypto::sha256_hex(nlohmann::json(labels).dump()).substr(0, 16);
}

}  // namespace cairn::service::alerting
