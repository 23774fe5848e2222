#pragma once

#include <string>
#include <vector>

#include "storage/database.hpp"

namespace cairn::storage {

struct MigrationStatus {
  std::vector<std::string> applied;  ///< versions applied by this call
  std::vector<std::string> pending;  ///< versions still missing (only from pending_migrations)
};

/// Applies the embedded migrations of the database's dialect that are not yet recorded in
/// schema_migrations, each in its own transaction. Safe to run from several replicas at once:
/// PostgreSQL serialises them with an advisory lock, SQLite with its write lock.
Result<MigrationStatus> apply_migrations(Database& db);

/// Versions of the embedded migrations not yet applied (for /readyz).
Result<std::vector<std::string>> pending_migrations(Database& db);

}  // namespace cairn::storage
