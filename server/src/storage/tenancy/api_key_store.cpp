#include "storage/tenancy/api_key_store.hpp"

#include "storage/sql_where.hpp"

namespace cairn::storage::api_keys {
namespace {

// The current secret is the newest one; its prefix is what lists show.
constexpr const char* kColumns =
    "k.id, k.org_id, k.user_id, k.project_id, k.name, k.scopes,"
    " (SELECT s.prefix FROM api_key_secrets s WHERE s.key_id = k.id ORDER BY s.created_at DESC, s.prefix LIMIT 1),"
    " k.created_at, k.expires_at, k.revoked_at, k.last_used_at, k.last_used_ip";

ApiKeyRecord key_from(const Row& r) {
  return ApiKeyRecord{r.text(0), r.text(1),  r.text(2),      r.opt_text(3),  r.text(4),       r.text(5),
                      r.text(6), r.int64(7), r.opt_int64(8), r.opt_int64(9), r.opt_int64(10), r.opt_text(11)};
}

}  // namespace

Status insert(Connection& c, const ApiKeyRecord& k, const std::string& secret_hash) {
  CAIRN_TRY(
      c.execute("INSERT INTO api_keys (id, org_id, user_id, project_id, name, scopes, created_at, expires_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                {k.id, k.org_id, k.user_id, optional_text(k.project_id), k.name, k.scopes, k.created_at,
                 optional_int(k.expires_at)}));
  return as_status(
      c.execute("INSERT INTO api_key_secrets (prefix, key_id, secret_hash, created_at) VALUES (?, ?, ?, ?)",
                {k.prefix, k.id, secret_hash, k.created_at}));
}

Result<std::optional<ApiKeyRecord>> find(Connection& c, const std::string& org_id, const std::string& key_id) {
  CAIRN_TRY_ASSIGN(auto rows,
                   c.query(std::string("SELECT ") + kColumns + " FROM api_keys k WHERE k.org_id = ? AND k.id = ?",
                           {org_id, key_id}));
  if (rows.empty()) return std::optional<ApiKeyRecord>{};
  return std::optional<ApiKeyRecord>(key_from(rows[0]));
}

Result<std::optional<ApiKeyRecord>> find_active_by_name(Connection& c, const std::string& org_id,
                                                        const std::string& project_id, const std::string& name,
                                                        int64_t now) {
  CAIRN_TRY_ASSIGN(auto rows, c.query(std::string("SELECT ") + kColumns +
                                          " FROM api_keys k WHERE k.org_id = ? AND k.project_id = ? AND k.name = ?"
                                          " AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > ?)"
                                          " ORDER BY k.created_at DESC, k.id LIMIT 1",
                                      {org_id, project_id, name, now}));
  if (rows.empty()) return std::optional<ApiKeyRecord>{};
  return std::optional<ApiKeyRecord>(key_from(rows[0]));
}

Result<std::optional<Credential>> find_by_prefix(Connection& c, const std::string& prefix) {
  // The membership check rides along: authenticating a key is one round trip.
  CAIRN_TRY_ASSIGN(auto rows,
                   c.query(std::string("SELECT ") + kColumns +
                               ", s.secret_hash, s.expires_at, CASE WHEN EXISTS (SELECT 1 FROM memberships m"
                               " WHERE m.org_id = k.org_id AND m.user_id = k.user_id) THEN 1 ELSE 0 END"
                               " FROM api_key_secrets s JOIN api_keys k ON k.id = s.key_id WHERE s.prefix = ?",
                           {prefix}));
  if (rows.empty()) return std::optional<Credential>{};
  return std::optional<Credential>(
      Credential{key_from(rows[0]), rows[0].text(12), rows[0].opt_int64(13), rows[0].int64(14) != 0});
}

const Listing<ApiKeyRecord>& key_sorts() {
  static const Listing<ApiKeyRecord> listing({sort_key("created_at", "k.created_at", &ApiKeyRecord::created_at),
                                              sort_key("name", "k.name", &ApiKeyRecord::name)},
                                             "k.id");
  return listing;
}

Result<std::vector<ApiKeyRecord>> list(Connection& c, const KeyFilter& f, const PageRequest& page,
                                       const SortKey<ApiKeyRecord>& sort) {
  SqlWhere where;
  where.add("k.org_id = ?", {f.org_id}).add_if(f.user_id, "k.user_id = ?").keyset_page(sort, page);
  CAIRN_TRY_ASSIGN(auto rows, where.query(c, std::string("SELECT ") + kColumns + " FROM api_keys k"));
  std::vector<ApiKeyRecord> out;
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(key_from(rows[i]));
  return out;
}

Status rotate(Connection& c, const std::string& key_id, const std::string& prefix, const std::string& secret_hash,
              int64_t now, int64_t old_secrets_expire_at) {
  CAIRN_TRY(
      c.execute("UPDATE api_key_secrets SET expires_at = ? WHERE key_id = ? AND (expires_at IS NULL OR expires_at > ?)",
                {old_secrets_expire_at, key_id, old_secrets_expire_at}));
  // Expired secrets are kept no longer than needed: they can never authenticate again.
  CAIRN_TRY(c.execute("DELETE FROM api_key_secrets WHERE key_id = ? AND expires_at <= ?", {key_id, now}));
  return as_status(
      c.execute("INSERT INTO api_key_secrets (prefix, key_id, secret_hash, created_at) VALUES (?, ?, ?, ?)",
                {prefix, key_id, secret_hash, now}));
}

Status revoke(Connection& c, const std::string& key_id, int64_t now) {
  return as_status(c.execute("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", {now, key_id}));
}

Status record_usage(Connection& c, const std::string& key_id, const std::string& day, int64_t requests,
                    int64_t last_used_at, const std::string& last_ip) {
  // A key deleted with its organization since the request was counted is skipped, not an error.
  CAIRN_TRY(
      c.execute("INSERT INTO api_key_usage (key_id, day, requests) SELECT ?, ?, CAST(? AS BIGINT)"
                " WHERE EXISTS (SELECT 1 FROM api_keys WHERE id = ?)"
                " ON CONFLICT (key_id, day) DO UPDATE SET requests = api_key_usage.requests + excluded.requests",
                {key_id, day, requests, key_id}));
  return as_status(
      c.execute("UPDATE api_keys SET last_used_at = ?, last_used_ip = ? WHERE id = ?"
                " AND (last_used_at IS NULL OR last_used_at < ?)",
                {last_used_at, last_ip, key_id, last_used_at}));
}

Result<std::vector<std::pair<std::string, int64_t>>> usage(Connection& c, const std::string& key_id,
                                                           const std::string& from_day) {
  CAIRN_TRY_ASSIGN(auto rows,
                   c.query("SELECT day, requests FROM api_key_usage WHERE key_id = ? AND day >= ? ORDER BY day",
                           {key_id, from_day}));
  std::vector<std::pair<std::string, int64_t>> out;
  for (std::size_t i = 0; i < rows.size(); ++i) out.emplace_back(rows[i].text(0), rows[i].int64(1));
  return out;
}

}  // namespace cairn::storage::api_keys
