#include "api/deployments/deployment_views.hpp"

#include "deploy/deployment_config.hpp"

namespace cairn::api::deployment_views {

using nlohmann::json;

json environment(const storage::EnvironmentRecord& e) {
  return {{"name", e.name},
          {"tier", e.tier},
          {"description", e.description},
          {"deployment_count", e.deployment_count},
          {"created_at", e.created_at}};
}

json deployment(const storage::DeploymentRecord& d, const std::string& base_path, const LiveStatus& live) {
  json source = {{"model", d.model_name}};
  if (d.source_kind == "version")
    source["version"] = std::stoll(d.source_value);
  else
    source[d.source_kind] = d.source_value;
  auto traffic = json::parse(d.traffic.empty() ? "{}" : d.traffic, nullptr, false);
  if (!traffic.is_object() || !traffic.contains("routes"))
    traffic = {{"routes", json::array({{{"revision", d.revision}, {"weight", 100}}})}, {"shadow", nullptr}};
  json workers = live ? live(d.id) : json::array();
  if (!workers.is_array()) workers = json::array();
  return {
      {"id", d.id},
      {"name", d.name},
      {"environment", d.environment_name},
      {"endpoint_name", d.endpoint_name},
      {"target", d.target},
      {"source", source},
      {"model_version", d.model_version},
      {"revision", d.revision},
      {"config", deploy::config_to_json(deploy::config_from_stored(d.config), false)},
      {"traffic", traffic},
      {"desired_state", d.desired_state},
      {"status", {{"state", d.state}, {"reason", d.state_reason}, {"since", d.state_since}, {"workers", workers}}},
      {"urls", {{"invocations", base_path + "/invocations"}, {"v2_infer", "/v2/models/" + d.endpoint_name + "/infer"}}},
      {"created_by", d.created_by},
      {"created_at", d.created_at},
      {"updated_at", d.updated_at},
  };
}

json revision(const storage::RevisionRecord& r) {
  return {{"number", r.number},         {"model", r.model_name},
          {"version", r.model_version}, {"config", deploy::config_to_json(deploy::config_from_stored(r.config), false)},
          {"reason", r.reason},         {"created_by", r.created_by},
          {"created_at", r.created_at}};
}

json event(const storage::DeploymentEventRecord& e) {
  return {{"at", e.at}, {"actor", e.actor}, {"kind", e.kind}, {"message", e.message}};
}

json change(const service::RevisionChange& c) {
  return {{"path", c.path}, {"from", c.from}, {"to", c.to}};
}

}  // namespace cairn::api::deployment_views
