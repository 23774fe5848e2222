#pragma once

#include <string>

#include "common/result.hpp"

/// Whole-file operations on a SQLite database, beside the connection pool: what `cairn admin
/// backup` and `restore` do to the file while a server may have it open.
namespace cairn::storage {

/// The file a `sqlite:` database URL names (the rules of open_sqlite_database);
/// ErrorCode::bad_request for an in-memory database or a URL of another kind.
Result<std::string> sqlite_file_path(const std::string& url);

/// Copies the database at `source` into a new file `destination` with SQLite's online backup API
/// (sqlite3_backup_init/step/finish): one read transaction over the whole copy, so the result is
/// the database as one committed moment saw it, write-ahead log included, while other
/// connections keep reading and writing (in WAL mode a reader blocks no writer). `destination`
/// must not exist; it is a complete database file on its own afterwards (no -wal beside it).
Status backup_sqlite(const std::string& source, const std::string& destination);

/// Opens `path` read-only and runs `PRAGMA integrity_check`; ErrorCode::validation_failed with
/// SQLite's first complaint unless the answer is "ok", or when the file holds no Cairn schema
/// (no schema_migrations table).
Status check_sqlite_integrity(const std::string& path);

}  // namespace cairn::storage
