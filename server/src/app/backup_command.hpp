#pragma once

#include <string>

#include "config/settings.hpp"

/// `cairn admin backup` and `cairn admin restore`.
///
/// A backup is a directory (tar it to ship it):
///   manifest.json   what it holds; written last, so a backup without it is incomplete
///   cairn.db        the SQLite database, taken with SQLite's online backup API: consistent
///                   while the server runs and writes
///   artifacts/      every file of the artifact store (local folder or S3), under the same keys,
///                   copied after the database (files newer than the snapshot are orphans to
///                   `cairn admin gc` after a restore)
///   secret_key      the data directory's generated secret, when there is one (tokens and
///                   invitations stay valid after a restore)
/// PostgreSQL databases are backed up with pg_dump/pg_restore; the command says how and exits 3.
namespace cairn::app {

struct BackupArgs {
  std::string path;    ///< --to (backup) or --from (restore)
  bool force = false;  ///< restore over a non-empty database, artifact store or data directory
};

int run_backup(const config::Settings& settings, const BackupArgs& args);
int run_restore(const config::Settings& settings, const BackupArgs& args);

}  // namespace cairn::app
