#include "storage/tenancy/audit_store.hpp"

#include "storage/sql_where.hpp"

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

const SortKey<AuditRecord>& audit_sort() {
  static const Listing<AuditRecord> listing({sort_key("created_at", "created_at", &AuditRecord::created_at)}, "id");
  return listing.keys().front();
}

Result<std::vector<AuditRecord>> list(Connection& c, const AuditFilter& f, const PageRequest& page) {
  SqlWhere where;
  where.add("org_id = ?", {f.org_id})
      .add_if(f.action, "action = ?")
      .add_if(f.actor_id, "actor_id = ?")
      .add_if(f.target_type, "target_type = ?")
      .add_if(f.since, "created_at >= ?")
      .add_if(f.until, "created_at < ?")
      .keyset_page(audit_sort(), page);
  CAIRN_TRY_ASSIGN(auto rows, where.query(c,
                                          "SELECT id, org_id, created_at, action, actor_type, actor_id, target_type,"
                                          " target_id, ip, request_id, details FROM audit_events"));
  std::vector<AuditRecord> out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row r = rows[i];
    out.push_back(AuditRecord{r.text(0), r.opt_text(1), r.int64(2), r.text(3), r.text(4), r.text(5), r.text(6),
                              r.text(7), r.text(8), r.text(9), r.text(10)});
  }
  return out;
}

}  // namespace cairn::storage::audit
