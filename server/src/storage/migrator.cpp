#include "storage/migrator.hpp"

#include <set>

#include "common/clock.hpp"
#include "common/embedded_resources.hpp"

namespace cairn::storage {
namespace {

// Arbitrary constant shared by every Cairn replica: the advisory lock that serialises migrations.
constexpr int64_t kMigrationLockId = 0x6361697266;

struct Migration {
  std::string version;  // "0001_foundation"
  std::string_view sql;
};

std::vector<Migration> embedded_for(Dialect dialect) {
  const std::string folder = dialect == Dialect::sqlite ? "sqlite/" : "postgres/";
  std::vector<Migration> out;
  for (const auto& resource : embedded::migrations()) {
    std::string_view path = resource.path;
    if (!path.starts_with(folder)) continue;
    path.remove_prefix(folder.size());
    if (path.ends_with(".sql")) path.remove_suffix(4);
    out.push_back({std::string(path), resource.content});
  }
  return out;
}

Status ensure_table(Connection& conn) {
  auto done = conn.execute(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)", {});
  if (!done.ok()) return std::move(done).error();
  return {};
}

Result<std::set<std::string>> applied_versions(Connection& conn) {
  CAIRN_TRY_ASSIGN(auto rows, conn.query("SELECT version FROM schema_migrations", {}));
  std::set<std::string> out;
  for (std::size_t i = 0; i < rows.size(); ++i) out.insert(rows[i].text(0));
  return out;
}

}  // namespace

Result<MigrationStatus> apply_migrations(Database& db) {
  CAIRN_TRY_ASSIGN(auto conn, db.acquire());
  CAIRN_TRY(ensure_table(*conn));
  const bool postgres = db.dialect() == Dialect::postgres;
  if (postgres) {
    CAIRN_TRY(conn->query("SELECT pg_advisory_lock(?)", {kMigrationLockId}));
  }
  MigrationStatus status;
  Status outcome;
  for (const auto& migration : embedded_for(db.dialect())) {
    auto applied = in_transaction<bool>(*conn, true, [&](Connection& c) -> Result<bool> {
      // Re-read inside the write transaction: another replica may have just applied it.
      CAIRN_TRY_ASSIGN(auto done, applied_versions(c));
      if (done.contains(migration.version)) return false;
      CAIRN_TRY(c.execute_script(migration.sql));
      CAIRN_TRY(c.execute("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                          {migration.version, now_ms()}));
      return true;
    });
    if (!applied.ok()) {
      outcome = Error::internal("migration " + migration.version + " failed: " + applied.error().message);
      break;
    }
    if (*applied) status.applied.push_back(migration.version);
  }
  if (postgres) (void)conn->query("SELECT pg_advisory_unlock(?)", {kMigrationLockId});
  if (!outcome.ok()) return std::move(outcome).error();
  return status;
}

Result<std::vector<std::string>> pending_migrations(Database& db) {
  CAIRN_TRY_ASSIGN(auto conn, db.acquire());
  auto rows = conn->query("SELECT version FROM schema_migrations", {});
  std::set<std::string> done;
  if (rows.ok()) {
    for (std::size_t i = 0; i < rows->size(); ++i) done.insert((*rows)[i].text(0));
  }
  std::vector<std::string> pending;
  for (const auto& migration : embedded_for(db.dialect())) {
    if (!done.contains(migration.version)) pending.push_back(migration.version);
  }
  return pending;
}

}  // namespace cairn::storage
