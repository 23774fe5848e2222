#include "storage/deployments/deployment_store.hpp"

namespace cairn::storage::deployments {
namespace {

constexpr const char* kEnvironmentColumns =
    "e.id, e.project_id, e.name, e.tier, e.description, e.created_at,"
    " (SELECT COUNT(*) FROM deployments d WHERE d.environment_id = e.id)";

EnvironmentRecord environment_from(const Row& r) {
  EnvironmentRecord e;
  e.id = r.text(0);
  e.project_id = r.text(1);
  e.name = r.text(2);
  e.tier = r.text(3);
  e.description = r.text(4);
  e.created_at = r.int64(5);
  e.deployment_count = r.int64(6);
  return e;
}

/// A deployment joined with its environment, model and current revision.
constexpr const char* kDeploymentSelect =
    "SELECT d.id, d.org_id, d.project_id, d.environment_id, e.name, e.tier, d.name, d.endpoint_name, d.target,"
    " d.model_id, m.name, d.source_kind, d.source_value, d.revision, r.model_version, r.config, d.desired_state,"
    " d.traffic, d.state, d.state_reason, d.state_since, d.created_by, d.created_at, d.updated_at"
    " FROM deployments d JOIN environments e ON e.id = d.environment_id"
    " JOIN registered_models m ON m.id = d.model_id"
    " LEFT JOIN deployment_revisions r ON r.deployment_id = d.id AND r.number = d.revision ";

DeploymentRecord deployment_from(const Row& r) {
  DeploymentRecord d;
  d.id = r.text(0);
  d.org_id = r.text(1);
  d.project_id = r.text(2);
  d.environment_id = r.text(3);
  d.environment_name = r.text(4);
  d.environment_tier = r.text(5);
  d.name = r.text(6);
  d.endpoint_name = r.text(7);
  d.target = r.text(8);
  d.model_id = r.text(9);
  d.model_name = r.text(10);
  d.source_kind = r.text(11);
  d.source_value = r.text(12);
  d.revision = r.int64(13);
  d.model_version = r.int64(14);
  d.config = r.text(15);
  d.desired_state = r.text(16);
  d.traffic = r.text(17);
  d.state = r.text(18);
  d.state_reason = r.text(19);
  d.state_since = r.int64(20);
  d.created_by = r.text(21);
  d.created_at = r.int64(22);
  d.updated_at = r.int64(23);
  return d;
}

Result<std::vector<DeploymentRecord>> select_deployments(Connection& c, const std::string& where_and_order,
                                                         const std::vector<Value>& params) {
  CAIRN_TRY_ASSIGN(auto rows, c.query(std::string(kDeploymentSelect) + where_and_order, params));
  std::vector<DeploymentRecord> out;
  out.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(deployment_from(rows[i]));
  return out;
}

Result<std::optional<DeploymentRecord>> select_one(Connection& c, const std::string& where,
                                                   const std::vector<Value>& params) {
  CAIRN_TRY_ASSIGN(auto found, select_deployments(c, where, params));
  if (found.empty()) return std::optional<DeploymentRecord>{};
  return std::optional<DeploymentRecord>(std::move(found.front()));
}

RevisionRecord revision_from(const Row& r) {
  RevisionRecord v;
  v.deployment_id = r.text(0);
  v.number = r.int64(1);
  v.model_id = r.text(2);
  v.model_name = r.text(3);
  v.model_version = r.int64(4);
  v.config = r.text(5);
  v.reason = r.text(6);
  v.created_by = r.text(7);
  v.created_at = r.int64(8);
  return v;
}

constexpr const char* kRevisionSelect =
    "SELECT r.deployment_id, r.number, r.model_id, m.name, r.model_version, r.config, r.reason, r.created_by,"
    " r.created_at FROM deployment_revisions r LEFT JOIN registered_models m ON m.id = r.model_id ";

}  // namespace

Result<std::vector<EnvironmentRecord>> list_environments(Connection& c, const std::string& project_id) {
  CAIRN_TRY_ASSIGN(auto rows, c.query(std::string("SELECT ") + kEnvironmentColumns +
                                          " FROM environments e WHERE e.project_id = ?"
                                          " ORDER BY CASE e.tier WHEN 'development' THEN 0 WHEN 'staging' THEN 1"
                                          " ELSE 2 END, e.name",
                                      {project_id}));
  std::vector<EnvironmentRecord> out;
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(environment_from(rows[i]));
  return out;
}

Result<std::optional<EnvironmentRecord>> find_environment(Connection& c, const std::string& project_id,
                                                          const std::string& name) {
  CAIRN_TRY_ASSIGN(auto rows, c.query(std::string("SELECT ") + kEnvironmentColumns +
                                          " FROM environments e WHERE e.project_id = ? AND e.name = ?",
                                      {project_id, name}));
  if (rows.empty()) return std::optional<EnvironmentRecord>{};
  return std::optional<EnvironmentRecord>(environment_from(rows[0]));
}

Status insert_environment(Connection& c, const EnvironmentRecord& e) {
  return as_status(c.execute(
      "INSERT INTO environments (id, project_id, name, tier, description, created_at) VALUES (?, ?, ?, ?, ?, ?)",
      {e.id, e.project_id, e.name, e.tier, e.description, e.created_at}));
}

Status update_environment(Connection& c, const std::string& id, const std::string& name,
                          const std::string& description) {
  return as_status(
      c.execute("UPDATE environments SET name = ?, description = ? WHERE id = ?", {name, description, id}));
}

Status remove_environment(Connection& c, const std::string& id) {
  return as_status(c.execute("DELETE FROM environments WHERE id = ?", {id}));
}

Result<std::vector<DeploymentRecord>> list(Connection& c, const std::string& project_id,
                                           const std::optional<std::string>& environment_id) {
  if (environment_id)
    return select_deployments(c, "WHERE d.project_id = ? AND d.environment_id = ? ORDER BY d.name",
                              {project_id, *environment_id});
  return select_deployments(c, "WHERE d.project_id = ? ORDER BY d.name", {project_id});
}

Result<std::optional<DeploymentRecord>> find(Connection& c, const std::string& project_id, const std::string& ref) {
  return select_one(c, "WHERE d.project_id = ? AND (d.name = ? OR d.id = ?)", {project_id, ref, ref});
}

Result<std::optional<DeploymentRecord>> find_by_endpoint(Connection& c, const std::string& endpoint_name) {
  return select_one(c, "WHERE d.endpoint_name = ?", {endpoint_name});
}

Result<std::optional<DeploymentRecord>> find_by_id(Connection& c, const std::string& id) {
  return select_one(c, "WHERE d.id = ?", {id});
}

Result<std::vector<DeploymentRecord>> list_active(Connection& c) {
  return select_deployments(c, "WHERE d.desired_state = 'running' AND d.target = 'local' ORDER BY d.id", {});
}

Result<std::vector<DeploymentRecord>> list_following(Connection& c, const std::string& model_id) {
  return select_deployments(c, "WHERE d.model_id = ? AND d.source_kind <> 'version' ORDER BY d.id", {model_id});
}

Status insert(Connection& c, const DeploymentRecord& d) {
  return as_status(c.execute(
      "INSERT INTO deployments (id, org_id, project_id, environment_id, name, endpoint_name, target, model_id,"
      " source_kind, source_value, revision, desired_state, traffic, state, state_reason, state_since, created_by,"
      " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {d.id, d.org_id, d.project_id, d.environment_id, d.name, d.endpoint_name, d.target, d.model_id, d.source_kind,
       d.source_value, d.revision, d.desired_state, d.traffic, d.state, d.state_reason, d.state_since, d.created_by,
       d.created_at, d.updated_at}));
}

Status update_source(Connection& c, const std::string& id, const std::string& model_id, const std::string& kind,
                     const std::string& value, int64_t now) {
  return as_status(
      c.execute("UPDATE deployments SET model_id = ?, source_kind = ?, source_value = ?, updated_at = ? WHERE id = ?",
                {model_id, kind, value, now, id}));
}

Status set_revision(Connection& c, const std::string& id, int64_t revision, int64_t now) {
  return as_status(c.execute("UPDATE deployments SET revision = ?, updated_at = ? WHERE id = ?", {revision, now, id}));
}

Status set_desired_state(Connection& c, const std::string& id, const std::string& desired, int64_t now) {
  return as_status(
      c.execute("UPDATE deployments SET desired_state = ?, updated_at = ? WHERE id = ?", {desired, now, id}));
}

Status set_traffic(Connection& c, const std::string& id, const std::string& traffic_json, int64_t now) {
  return as_status(
      c.execute("UPDATE deployments SET traffic = ?, updated_at = ? WHERE id = ?", {traffic_json, now, id}));
}

Result<bool> set_state(Connection& c, const std::string& id, const std::string& state, const std::string& reason,
                       int64_t now) {
  CAIRN_TRY_ASSIGN(int64_t changed, c.execute("UPDATE deployments SET state = ?, state_reason = ?, state_since = ?"
                                              " WHERE id = ? AND (state <> ? OR state_reason <> ?)",
                                              {state, reason, now, id, state, reason}));
  return changed > 0;
}

Status remove(Connection& c, const std::string& id) {
  return as_status(c.execute("DELETE FROM deployments WHERE id = ?", {id}));
}

Status insert_revision(Connection& c, const RevisionRecord& r) {
  return as_status(c.execute(
      "INSERT INTO deployment_revisions (deployment_id, number, model_id, model_version, config, reason, created_by,"
      " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {r.deployment_id, r.number, r.model_id, r.model_version, r.config, r.reason, r.created_by, r.created_at}));
}

Result<std::vector<RevisionRecord>> list_revisions(Connection& c, const std::string& deployment_id) {
  CAIRN_TRY_ASSIGN(auto rows, c.query(std::string(kRevisionSelect) + "WHERE r.deployment_id = ? ORDER BY r.number DESC",
                                      {deployment_id}));
  std::vector<RevisionRecord> out;
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(revision_from(rows[i]));
  return out;
}

Result<std::optional<RevisionRecord>> find_revision(Connection& c, const std::string& deployment_id, int64_t number) {
  CAIRN_TRY_ASSIGN(auto rows, c.query(std::string(kRevisionSelect) + "WHERE r.deployment_id = ? AND r.number = ?",
                                      {deployment_id, number}));
  if (rows.empty()) return std::optional<RevisionRecord>{};
  return std::optional<RevisionRecord>(revision_from(rows[0]));
}

Status append_event(Connection& c, const std::string& deployment_id, int64_t at, const std::string& actor,
                    const std::string& kind, const std::string& message) {
  return as_status(
      c.execute("INSERT INTO deployment_events (deployment_id, seq, at, actor, kind, message) VALUES (?, (SELECT"
                " COALESCE(MAX(seq), 0) + 1 FROM deployment_events WHERE deployment_id = ?), ?, ?, ?, ?)",
                {deployment_id, deployment_id, at, actor, kind, message}));
}

Result<std::vector<DeploymentEventRecord>> list_events(Connection& c, const std::string& deployment_id, int limit) {
  CAIRN_TRY_ASSIGN(auto rows, c.query("SELECT seq, at, actor, kind, message FROM deployment_events"
                                      " WHERE deployment_id = ? ORDER BY seq DESC LIMIT ?",
                                      {deployment_id, static_cast<int64_t>(limit)}));
  std::vector<DeploymentEventRecord> out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row r = rows[i];
    out.push_back({r.int64(0), r.int64(1), r.text(2), r.text(3), r.text(4)});
  }
  return out;
}

}  // namespace cairn::storage::deployments
