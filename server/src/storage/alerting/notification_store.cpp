#include "storage/alerting/notification_store.hpp"

#include "storage/sql_where.hpp"

namespace cairn::storage::alerting {
namespace {

template <typename T>
std::optional<T> first_of(std::vector<T> v) {
  if (v.empty()) return std::nullopt;
  return std::move(v.front());
}

constexpr const char* kChannelSelect =
    "SELECT id, org_id, project_id, name, kind, config, send_resolved, created_by, created_at, updated_at"
    " FROM alert_channels ";

Result<std::vector<ChannelRecord>> select_channels(Connection& c, const std::string& where,
                                                   const std::vector<Value>& params) {
  CAIRN_TRY_ASSIGN(auto rows, c.query(std::string(kChannelSelect) + where, params));
  std::vector<ChannelRecord> out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto r = rows[i];
    out.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5), r.int64(6) != 0, r.text(7),
                   r.int64(8), r.int64(9)});
  }
  return out;
}

constexpr const char* kSilenceSelect =
    "SELECT id, org_id, project_id, matchers, starts_at, ends_at, comment, created_by, created_at FROM silences ";

Result<std::vector<SilenceRecord>> select_silences(Connection& c, const std::string& where,
                                                   const std::vector<Value>& params) {
  CAIRN_TRY_ASSIGN(auto rows, c.query(std::string(kSilenceSelect) + where, params));
  std::vector<SilenceRecord> out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto r = rows[i];
    out.push_back(
        {r.text(0), r.text(1), r.text(2), r.text(3), r.int64(4), r.int64(5), r.text(6), r.text(7), r.int64(8)});
  }
  return out;
}

constexpr const char* kNotificationSelect =
    "SELECT n.id, n.org_id, n.project_id, n.channel_id, ch.name, ch.kind, n.group_key, n.reason, n.payload,"
    " n.status, n.attempts, n.next_attempt_at, n.last_error, n.created_at, n.delivered_at"
    " FROM notifications n JOIN alert_channels ch ON ch.id = n.channel_id ";

Result<std::vector<NotificationRecord>> select_notifications(Connection& c, const std::string& where,
                                                             const std::vector<Value>& params) {
  CAIRN_TRY_ASSIGN(auto rows, c.query(std::string(kNotificationSelect) + where, params));
  std::vector<NotificationRecord> out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto r = rows[i];
    NotificationRecord n;
    n.id = r.text(0);
    n.org_id = r.text(1);
    n.project_id = r.text(2);
    n.channel_id = r.text(3);
    n.channel_name = r.text(4);
    n.channel_kind = r.text(5);
    n.group_key = r.text(6);
    n.reason = r.text(7);
    n.payload = r.text(8);
    n.status = r.text(9);
    n.attempts = r.int64(10);
    n.next_attempt_at = r.int64(11);
    n.last_error = r.text(12);
    n.created_at = r.int64(13);
    n.delivered_at = r.int64(14);
    out.push_back(std::move(n));
  }
  return out;
}

}  // namespace

Status insert_channel(Connection& c, const ChannelRecord& r) {
  return as_status(c.execute(
      "INSERT INTO alert_channels (id, org_id, project_id, name, kind, config, send_resolved, created_by, created_at,"
      " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {r.id, r.org_id, r.project_id, r.name, r.kind, r.config, int64_t{r.send_resolved}, r.created_by, r.created_at,
       r.updated_at}));
}

Status update_channel(Connection& c, const ChannelRecord& r) {
  return as_status(
      c.execute("UPDATE alert_channels SET name = ?, config = ?, send_resolved = ?, updated_at = ?"
                " WHERE id = ?",
                {r.name, r.config, int64_t{r.send_resolved}, r.updated_at, r.id}));
}

Status delete_channel(Connection& c, const std::string& id) {
  return as_status(c.execute("DELETE FROM alert_channels WHERE id = ?", {id}));
}

Result<std::optional<ChannelRecord>> find_channel(Connection& c, const std::string& project_id,
                                                  const std::string& ref) {
  CAIRN_TRY_ASSIGN(auto found,
                   select_channels(c, "WHERE project_id = ? AND (id = ? OR name = ?)", {project_id, ref, ref}));
  return first_of(std::move(found));
}

Result<std::vector<ChannelRecord>> list_channels(Connection& c, const std::string& project_id) {
  return select_channels(c, "WHERE project_id = ? ORDER BY name", {project_id});
}

Result<std::optional<std::string>> policy_of(Connection& c, const std::string& project_id) {
  CAIRN_TRY_ASSIGN(auto rows, c.query("SELECT spec FROM notification_policies WHERE project_id = ?", {project_id}));
  if (rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows[0].text(0));
}

Status put_policy(Connection& c, const std::string& project_id, const std::string& spec, const std::string& by,
                  int64_t at) {
  return as_status(
      c.execute("INSERT INTO notification_policies (project_id, spec, updated_by, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (project_id) DO UPDATE SET spec = excluded.spec, updated_by = excluded.updated_by,"
                " updated_at = excluded.updated_at",
                {project_id, spec, by, at}));
}

Status insert_silence(Connection& c, const SilenceRecord& s) {
  return as_status(c.execute(
      "INSERT INTO silences (id, org_id, project_id, matchers, starts_at, ends_at, comment, created_by, created_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {s.id, s.org_id, s.project_id, s.matchers, s.starts_at, s.ends_at, s.comment, s.created_by, s.created_at}));
}

Status expire_silence(Connection& c, const std::string& id, int64_t at) {
  return as_status(c.execute("UPDATE silences SET ends_at = ? WHERE id = ? AND ends_at > ?", {at, id, at}));
}

Result<std::optional<SilenceRecord>> find_silence(Connection& c, const std::string& project_id, const std::string& id) {
  CAIRN_TRY_ASSIGN(auto found, select_silences(c, "WHERE project_id = ? AND id = ?", {project_id, id}));
  return first_of(std::move(found));
}

Result<std::vector<SilenceRecord>> list_silences(Connection& c, const std::string& project_id, int64_t now,
                                                 bool include_expired) {
  if (include_expired) return select_silences(c, "WHERE project_id = ? ORDER BY starts_at DESC", {project_id});
  return select_silences(c, "WHERE project_id = ? AND ends_at > ? ORDER BY starts_at DESC", {project_id, now});
}

Result<std::vector<GroupRecord>> groups_of(Connection& c, const std::string& project_id) {
  CAIRN_TRY_ASSIGN(auto rows, c.query("SELECT project_id, group_key, first_seen_at, last_sent_at, digest"
                                      " FROM alert_groups WHERE project_id = ?",
                                      {project_id}));
  std::vector<GroupRecord> out;
  for (std::size_t i = 0; i < rows.size(); ++i)
    out.push_back({rows[i].text(0), rows[i].text(1), rows[i].int64(2), rows[i].int64(3), rows[i].text(4)});
  return out;
}

Status upsert_group(Connection& c, const GroupRecord& g) {
  return as_status(c.execute(
      "INSERT INTO alert_groups (project_id, group_key, first_seen_at, last_sent_at, digest) VALUES (?, ?, ?, ?, ?)"
      " ON CONFLICT (project_id, group_key) DO UPDATE SET last_sent_at = excluded.last_sent_at,"
      " digest = excluded.digest",
      {g.project_id, g.group_key, g.first_seen_at, g.last_sent_at, g.digest}));
}

Status delete_group(Connection& c, const std::string& project_id, const std::string& group_key) {
  return as_status(
      c.execute("DELETE FROM alert_groups WHERE project_id = ? AND group_key = ?", {project_id, group_key}));
}

Status insert_notification(Connection& c, const NotificationRecord& n) {
  return as_status(c.execute(
      "INSERT INTO notifications (id, org_id, project_id, channel_id, group_key, reason, payload, status, attempts,"
      " next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)",
      {n.id, n.org_id, n.project_id, n.channel_id, n.group_key, n.reason, n.payload, n.next_attempt_at, n.created_at}));
}

Result<std::vector<NotificationRecord>> due_notifications(Connection& c, int64_t now, int limit) {
  return select_notifications(c,
                              "WHERE n.status = 'pending' AND n.next_attempt_at <= ? AND n.claimed_until <= ?"
                              " ORDER BY n.next_attempt_at LIMIT ?",
                              {now, now, int64_t{limit}});
}

Result<bool> claim_notification(Connection& c, const std::string& id, int64_t now, int64_t until) {
  CAIRN_TRY_ASSIGN(auto changed, c.execute("UPDATE notifications SET claimed_until = ? WHERE id = ? AND"
                                           " status = 'pending' AND claimed_until <= ?",
                                           {until, id, now}));
  return changed == 1;
}

Status finish_attempt(Connection& c, const NotificationRecord& n) {
  return as_status(c.execute(
      "UPDATE notifications SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, delivered_at = ?,"
      " claimed_until = 0 WHERE id = ?",
      {n.status, n.attempts, n.next_attempt_at, n.last_error, n.delivered_at, n.id}));
}

Result<std::optional<NotificationRecord>> find_notification(Connection& c, const std::string& project_id,
                                                            const std::string& id) {
  CAIRN_TRY_ASSIGN(auto found, select_notifications(c, "WHERE n.project_id = ? AND n.id = ?", {project_id, id}));
  return first_of(std::move(found));
}

Result<std::vector<NotificationRecord>> list_notifications(Connection& c, const std::string& project_id,
                                                           const std::optional<std::string>& channel_id,
                                                           const std::optional<std::string>& status,
                                                           const std::optional<std::string>& alert_id, int limit) {
  SqlWhere where;
  where.add("n.project_id = ?", {project_id}).add_if(channel_id, "n.channel_id = ?").add_if(status, "n.status = ?");
  if (alert_id) {
    // Alert ids are 32 hex characters: a plain substring of the payload names the alert exactly.
    where.add("n.payload LIKE ?", {"%\"" + *alert_id + "\"%"});
  }
  where.order_limit("n.created_at DESC, n.id", limit);
  const SqlStatement tail = where.statement("");
  return select_notifications(c, tail.sql, tail.params);
}

Status insert_attempt(Connection& c, const AttemptRecord& a) {
  return as_status(
      c.execute("INSERT INTO notification_attempts (notification_id, attempt, at, status_code, error,"
                " duration_ms) VALUES (?, ?, ?, ?, ?, ?)",
                {a.notification_id, a.attempt, a.at, a.status_code, a.error, a.duration_ms}));
}

Result<std::vector<AttemptRecord>> attempts_of(Connection& c, const std::string& notification_id) {
  CAIRN_TRY_ASSIGN(auto rows, c.query("SELECT notification_id, attempt, at, status_code, error, duration_ms"
                                      " FROM notification_attempts WHERE notification_id = ? ORDER BY attempt",
                                      {notification_id}));
  std::vector<AttemptRecord> out;
  for (std::size_t i = 0; i < rows.size(); ++i)
    out.push_back(
        {rows[i].text(0), rows[i].int64(1), rows[i].int64(2), rows[i].int64(3), rows[i].text(4), rows[i].real(5)});
  return out;
}

}  // namespace cairn::storage::alerting
