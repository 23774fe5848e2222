#include "storage/tenancy/audit_store.hpp"

namespace cairn::storage::audit {

Status insert(Connection& c, const AuditRecord& e) {
  auto r = c.execute(
      "INSERT INTO audit_events (id, org_id, created_at, action, actor_type, actor_id, target_type,"
      " target_id, ip, request_id, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {e.id, optional_text(e.org_id), e.created_at, e.action, e.actor_type, e.actor_id, e.target_type, e.target_id,
       e.ip, e.request_id, e.details});
  if (!r.ok()) return r.error();
  return {};
}

const SortColumn& audit_sort() {
  static const SortColumn sort{"created_at", "created_at", false};
  return sort;
}

Result<std::vector<AuditRecord>> list(Connection& c, const AuditFilter& f, const PageRequest& page) {
  std::string sql =
      "SELECT id, org_id, created_at, action, actor_type, actor_id, target_type, target_id, ip, request_id, details"
      " FROM audit_events WHERE org_id = ?";
  std::vector<Value> params = {f.org_id};
  auto add = [&](const char* clause, Value v) {
    sql += clause;
    params.push_back(std::move(v));
  };
  if (f.action) add(" AND action = ?", *f.action);
  if (f.actor_id) add(" AND actor_id = ?", *f.actor_id);
  if (f.target_type) add(" AND target_type = ?", *f.target_type);
  if (f.since) add(" AND created_at >= ?", *f.since);
  if (f.until) add(" AND created_at < ?", *f.until);
  auto keyset = keyset_sql(audit_sort(), "id", page);
  sql += keyset.where + keyset.order_limit;
  params.insert(params.end(), keyset.params.begin(), keyset.params.end());
  CAIRN_TRY_ASSIGN(auto rows, c.query(sql, params));
  std::vector<AuditRecord> out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row r = rows[i];
    out.push_back(AuditRecord{r.text(0), r.opt_text(1), r.int64(2), r.text(3), r.text(4), r.text(5), r.text(6),
                              r.text(7), r.text(8), r.text(9), r.text(10)});
  }
  return out;
}

}  // namespace cairn::storage::audit
