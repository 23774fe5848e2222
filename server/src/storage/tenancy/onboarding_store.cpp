#include "storage/tenancy/onboarding_store.hpp"

#include "storage/sql_where.hpp"

namespace cairn::storage::onboarding {

Status insert_feedback(Connection& c, const FeedbackRecord& f) {
  auto r = c.execute(
      "INSERT INTO feedback (id, org_id, user_id, message, page, version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {f.id, f.org_id, f.user_id, f.message, f.page, f.version, f.created_at});
  if (!r.ok()) return r.error();
  return {};
}

const SortKey<FeedbackRecord>& feedback_sort() {
  static const Listing<FeedbackRecord> listing({sort_key("created_at", "f.created_at", &FeedbackRecord::created_at)},
                                               "f.id");
  return listing.keys().front();
}

Result<std::vector<FeedbackRecord>> list_feedback(Connection& c, const std::string& org_id, const PageRequest& page) {
  SqlWhere where;
  where.add("f.org_id = ?", {org_id}).keyset_page(feedback_sort(), page);
  CAIRN_TRY_ASSIGN(auto rows, where.query(c,
                                          "SELECT f.id, f.org_id, f.user_id, u.name, u.email, f.message, f.page,"
                                          " f.version, f.created_at FROM feedback f JOIN users u ON u.id = f.user_id"));
  std::vector<FeedbackRecord> out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row r = rows[i];
    out.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5), r.text(6), r.text(7), r.int64(8)});
  }
  return out;
}

Status add_client_error(Connection& c, const ClientErrorRecord& e) {
  // One statement on both databases (SQLite 3.24+ and PostgreSQL have ON CONFLICT ... DO UPDATE).
  auto r = c.execute(
      "INSERT INTO client_errors (org_id, fingerprint, kind, message, stack, page, status, last_request_id, version,"
      " count, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)"
      " ON CONFLICT (org_id, fingerprint) DO UPDATE SET count = client_errors.count + 1,"
      " last_seen = excluded.last_seen, stack = excluded.stack, status = excluded.status,"
      " last_request_id = excluded.last_request_id, version = excluded.version",
      {e.org_id, e.fingerprint, e.kind, e.message, e.stack, e.page, optional_int(e.status),
       optional_text(e.last_request_id), e.version, e.last_seen, e.last_seen});
  if (!r.ok()) return r.error();
  return {};
}

const SortKey<ClientErrorRecord>& client_error_sort() {
  static const Listing<ClientErrorRecord> listing({sort_key("last_seen", "last_seen", &ClientErrorRecord::last_seen)},
                                                  "fingerprint", &ClientErrorRecord::fingerprint);
  return listing.keys().front();
}

Result<std::vector<ClientErrorRecord>> list_client_errors(Connection& c, const std::string& org_id,
                                                          const PageRequest& page) {
  SqlWhere where;
  where.add("org_id = ?", {org_id}).keyset_page(client_error_sort(), page);
  CAIRN_TRY_ASSIGN(auto rows,
                   where.query(c,
                               "SELECT org_id, fingerprint, kind, message, stack, page, status,"
                               " last_request_id, version, count, first_seen, last_seen FROM client_errors"));
  std::vector<ClientErrorRecord> out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row r = rows[i];
    out.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5), r.opt_int64(6), r.opt_text(7),
                   r.text(8), r.int64(9), r.int64(10), r.int64(11)});
  }
  return out;
}

Result<FirstSteps> first_steps(Connection& c, const std::string& org_id, const std::vector<std::string>& project_ids,
                               const std::string& user_id, int64_t now) {
  FirstSteps s;
  s.project = !project_ids.empty();
  auto exists_in_projects = [&](const char* table) -> Result<bool> {
    if (project_ids.empty()) return false;
    SqlWhere where;
    where.add_in("project_id", project_ids);
    auto statement = where.statement(std::string("SELECT 1 FROM ") + table);
    CAIRN_TRY_ASSIGN(auto rows, c.query(statement.sql + " LIMIT 1", statement.params));
    return !rows.empty();
  };
  CAIRN_TRY_ASSIGN(s.run, exists_in_projects("runs"));
  CAIRN_TRY_ASSIGN(s.model, exists_in_projects("registered_models"));
  CAIRN_TRY_ASSIGN(s.deployment, exists_in_projects("deployments"));
  CAIRN_TRY_ASSIGN(auto keys, c.query("SELECT 1 FROM api_keys WHERE org_id = ? AND user_id = ? AND revoked_at IS NULL"
                                      " AND (expires_at IS NULL OR expires_at > ?) LIMIT 1",
                                      {org_id, user_id, now}));
  s.api_key = !keys.empty();
  CAIRN_TRY_ASSIGN(auto others, c.query("SELECT 1 FROM memberships WHERE org_id = ? AND user_id <> ? UNION ALL"
                                        " SELECT 1 FROM invitations WHERE org_id = ? LIMIT 1",
                                        {org_id, user_id, org_id}));
  s.teammate = !others.empty();
  return s;
}

}  // namespace cairn::storage::onboarding
