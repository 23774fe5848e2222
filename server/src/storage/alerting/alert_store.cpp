#include "storage/alerting/alert_store.hpp"

#include "storage/sql_where.hpp"

namespace cairn::storage::alerting {
namespace {

Value optional_real(const std::optional<double>& v) {
  return v ? Value(*v) : Value(std::monostate{});
}
std::optional<double> opt_real(const Row& r, std::size_t i) {
  if (r.is_null(i)) return std::nullopt;
  return r.real(i);
}

constexpr const char* kRuleSelect =
    "SELECT id, org_id, project_id, name, spec, enabled, created_by, created_at, updated_at, next_eval_at,"
    " last_eval_at, last_eval_ms, last_value, health, last_error, last_action_at FROM alert_rules ";

RuleRecord rule_from(const Row& r) {
  RuleRecord x;
  x.id = r.text(0);
  x.org_id = r.text(1);
  x.project_id = r.text(2);
  x.name = r.text(3);
  x.spec = r.text(4);
  x.enabled = r.int64(5) != 0;
  x.created_by = r.text(6);
  x.created_at = r.int64(7);
  x.updated_at = r.int64(8);
  x.next_eval_at = r.int64(9);
  x.last_eval_at = r.int64(10);
  x.last_eval_ms = r.real(11);
  x.last_value = opt_real(r, 12);
  x.health = r.text(13);
  x.last_error = r.text(14);
  x.last_action_at = r.int64(15);
  return x;
}

Result<std::vector<RuleRecord>> select_rules(Connection& c, const std::string& where,
                                             const std::vector<Value>& params) {
  CAIRN_TRY_ASSIGN(auto rows, c.query(std::string(kRuleSelect) + where, params));
  std::vector<RuleRecord> out;
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(rule_from(rows[i]));
  return out;
}

constexpr const char* kAlertSelect =
    "SELECT a.id, a.org_id, a.project_id, a.rule_id, r.name, a.fingerprint, a.state, a.severity, a.labels,"
    " a.annotations, a.value, a.active_since, a.fired_at, a.resolved_at, a.last_true_at, a.acknowledged_by,"
    " a.acknowledged_at, a.ack_note, a.updated_at FROM alerts a JOIN alert_rules r ON r.id = a.rule_id ";

AlertRecord alert_from(const Row& r) {
  AlertRecord a;
  a.id = r.text(0);
  a.org_id = r.text(1);
  a.project_id = r.text(2);
  a.rule_id = r.text(3);
  a.rule_name = r.text(4);
  a.fingerprint = r.text(5);
  a.state = r.text(6);
  a.severity = r.text(7);
  a.labels = r.text(8);
  a.annotations = r.text(9);
  a.value = opt_real(r, 10);
  a.active_since = r.int64(11);
  a.fired_at = r.int64(12);
  a.resolved_at = r.int64(13);
  a.last_true_at = r.int64(14);
  a.acknowledged_by = r.text(15);
  a.acknowledged_at = r.int64(16);
  a.ack_note = r.text(17);
  a.updated_at = r.int64(18);
  return a;
}

Result<std::vector<AlertRecord>> select_alerts(Connection& c, const std::string& where,
                                               const std::vector<Value>& params) {
  CAIRN_TRY_ASSIGN(auto rows, c.query(std::string(kAlertSelect) + where, params));
  std::vector<AlertRecord> out;
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(alert_from(rows[i]));
  return out;
}

template <typename T>
std::optional<T> first(std::vector<T> v) {
  if (v.empty()) return std::nullopt;
  return std::move(v.front());
}

}  // namespace

Status insert_rule(Connection& c, const RuleRecord& r) {
  return as_status(c.execute(
      "INSERT INTO alert_rules (id, org_id, project_id, name, spec, enabled, created_by, created_at, updated_at,"
      " next_eval_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {r.id, r.org_id, r.project_id, r.name, r.spec, int64_t{r.enabled}, r.created_by, r.created_at, r.updated_at,
       r.next_eval_at}));
}

Status update_rule(Connection& c, const RuleRecord& r) {
  return as_status(
      c.execute("UPDATE alert_rules SET name = ?, spec = ?, enabled = ?, updated_at = ?, next_eval_at = ? WHERE id = ?",
                {r.name, r.spec, int64_t{r.enabled}, r.updated_at, r.next_eval_at, r.id}));
}

Status delete_rule(Connection& c, const std::string& id) {
  return as_status(c.execute("DELETE FROM alert_rules WHERE id = ?", {id}));
}

Result<std::optional<RuleRecord>> find_rule(Connection& c, const std::string& project_id, const std::string& ref) {
  CAIRN_TRY_ASSIGN(auto rules,
                   select_rules(c, "WHERE project_id = ? AND (id = ? OR name = ?)", {project_id, ref, ref}));
  return first(std::move(rules));
}

Result<std::optional<RuleRecord>> rule_by_id(Connection& c, const std::string& id) {
  CAIRN_TRY_ASSIGN(auto rules, select_rules(c, "WHERE id = ?", {id}));
  return first(std::move(rules));
}

Result<std::vector<RuleRecord>> list_rules(Connection& c, const std::string& project_id) {
  return select_rules(c, "WHERE project_id = ? ORDER BY name", {project_id});
}

Result<std::vector<RuleRecord>> due_rules(Connection& c, int64_t now, int limit) {
  return select_rules(c, "WHERE enabled = 1 AND next_eval_at <= ? ORDER BY next_eval_at LIMIT ?",
                      {now, int64_t{limit}});
}

Status record_evaluation(Connection& c, const RuleRecord& r) {
  return as_status(c.execute(
      "UPDATE alert_rules SET next_eval_at = ?, last_eval_at = ?, last_eval_ms = ?, last_value = ?, health = ?,"
      " last_error = ? WHERE id = ?",
      {r.next_eval_at, r.last_eval_at, r.last_eval_ms, optional_real(r.last_value), r.health, r.last_error, r.id}));
}

Status set_last_action(Connection& c, const std::string& rule_id, int64_t at) {
  return as_status(c.execute("UPDATE alert_rules SET last_action_at = ? WHERE id = ?", {at, rule_id}));
}

Status insert_alert(Connection& c, const AlertRecord& a) {
  return as_status(c.execute(
      "INSERT INTO alerts (id, org_id, project_id, rule_id, fingerprint, state, severity, labels, annotations, value,"
      " active_since, fired_at, resolved_at, last_true_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
      " ?, ?)",
      {a.id, a.org_id, a.project_id, a.rule_id, a.fingerprint, a.state, a.severity, a.labels, a.annotations,
       optional_real(a.value), a.active_since, a.fired_at, a.resolved_at, a.last_true_at, a.updated_at}));
}

Result<bool> update_alert(Connection& c, const AlertRecord& a, int64_t read_at) {
  CAIRN_TRY_ASSIGN(auto changed,
                   c.execute("UPDATE alerts SET state = ?, severity = ?, labels = ?, annotations = ?, value = ?,"
                             " fired_at = ?, resolved_at = ?, last_true_at = ?, updated_at = ? WHERE id = ? AND"
                             " updated_at = ?",
                             {a.state, a.severity, a.labels, a.annotations, optional_real(a.value), a.fired_at,
                              a.resolved_at, a.last_true_at, a.updated_at, a.id, read_at}));
  return changed == 1;
}

Result<bool> acknowledge_alert(Connection& c, const std::string& id, const std::string& by, const std::string& note,
                               int64_t at) {
  CAIRN_TRY_ASSIGN(auto changed, c.execute("UPDATE alerts SET acknowledged_by = ?, acknowledged_at = ?, ack_note = ?,"
                                           " updated_at = ? WHERE id = ? AND state IN ('pending', 'firing') AND"
                                           " acknowledged_at = 0",
                                           {by, at, note, at, id}));
  return changed == 1;
}

Result<bool> resolve_alert(Connection& c, const std::string& id, int64_t at) {
  CAIRN_TRY_ASSIGN(auto changed, c.execute("UPDATE alerts SET state = 'resolved', resolved_at = ?, updated_at = ?"
                                           " WHERE id = ? AND state IN ('pending', 'firing')",
                                           {at, at, id}));
  return changed == 1;
}

Status delete_alert(Connection& c, const std::string& id) {
  return as_status(c.execute("DELETE FROM alerts WHERE id = ?", {id}));
}

Result<std::optional<AlertRecord>> open_alert(Connection& c, const std::string& rule_id) {
  CAIRN_TRY_ASSIGN(
      auto alerts,
      select_alerts(c, "WHERE a.rule_id = ? AND a.state IN ('pending', 'firing') ORDER BY a.active_since", {rule_id}));
  return first(std::move(alerts));
}

Result<std::optional<AlertRecord>> find_alert(Connection& c, const std::string& project_id, const std::string& id) {
  CAIRN_TRY_ASSIGN(auto alerts, select_alerts(c, "WHERE a.project_id = ? AND a.id = ?", {project_id, id}));
  return first(std::move(alerts));
}

Result<std::vector<AlertRecord>> list_alerts(Connection& c, const std::string& project_id, const AlertFilter& f) {
  SqlWhere where;
  where.add("a.project_id = ? AND a.active_since >= ? AND a.active_since < ?", {project_id, f.from, f.to});
  if (!f.states.empty()) where.add_in("a.state", f.states);
  where.add_if(f.severity, "a.severity = ?").add_if(f.rule_id, "a.rule_id = ?");
  if (f.label_name && f.label_value) {
    // Labels are a JSON object of strings written by one encoder: "name":"value" is exact.
    const std::string needle = "\"" + *f.label_name + "\":\"" + *f.label_value + "\"";
    where.add("a.labels LIKE ? ESCAPE '\\'", {"%" + like_escape(needle) + "%"});
  }
  where.order_limit("a.active_since DESC, a.id", f.limit);
  const SqlStatement tail = where.statement("");
  return select_alerts(c, tail.sql, tail.params);
}

Result<std::vector<AlertRecord>> active_alerts(Connection& c, int64_t resolved_since) {
  return select_alerts(c,
                       "WHERE a.state IN ('pending', 'firing') OR (a.state = 'resolved' AND a.resolved_at >= ?)"
                       " ORDER BY a.project_id, a.active_since",
                       {resolved_since});
}

Status add_event(Connection& c, const AlertEvent& e) {
  return as_status(
      c.execute("INSERT INTO alert_events (id, alert_id, at, kind, actor, detail) VALUES (?, ?, ?, ?, ?, ?)",
                {e.id, e.alert_id, e.at, e.kind, e.actor, e.detail}));
}

Result<std::vector<AlertEvent>> events_of(Connection& c, const std::string& alert_id) {
  // Within one millisecond a change of state comes before what it caused (its notifications, a
  // rollback): ids are random, so they alone would order such ties by chance.
  CAIRN_TRY_ASSIGN(auto rows, c.query("SELECT id, alert_id, at, kind, actor, detail FROM alert_events"
                                      " WHERE alert_id = ? ORDER BY at, CASE WHEN kind IN ('pending', 'firing',"
                                      " 'resolved', 'acknowledged', 'silenced') THEN 0 ELSE 1 END, id",
                                      {alert_id}));
  std::vector<AlertEvent> out;
  for (std::size_t i = 0; i < rows.size(); ++i)
    out.push_back(
        {rows[i].text(0), rows[i].text(1), rows[i].int64(2), rows[i].text(3), rows[i].text(4), rows[i].text(5)});
  return out;
}

Result<bool> has_event(Connection& c, const std::string& alert_id, const std::string& kind, const std::string& detail) {
  CAIRN_TRY_ASSIGN(auto rows, c.query("SELECT 1 FROM alert_events WHERE alert_id = ? AND kind = ? AND detail = ?",
                                      {alert_id, kind, detail}));
  return !rows.empty();
}

}  // namespace cairn::storage::alerting
