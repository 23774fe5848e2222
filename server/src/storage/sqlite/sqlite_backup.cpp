#include "storage/sqlite/sqlite_backup.hpp"

#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace cairn::storage {
namespace {

constexpr int kBackupBusyTimeoutMs = 30'000;

struct CloseBackupDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using BackupDbHandle = std::unique_ptr<sqlite3, CloseBackupDb>;

Result<BackupDbHandle> open_file(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  BackupDbHandle db(raw);
  if (rc != SQLITE_OK) {
    return Error::unavailable("cannot open SQLite database " + path + ": " +
                              (db ? sqlite3_errmsg(db.get()) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(db.get(), kBackupBusyTimeoutMs);
  return db;
}

/// The first column of each row of `sql`.
Result<std::vector<std::string>> first_column(sqlite3* db, const char* sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK) {
    return Error::validation("database", std::string("not a readable SQLite database: ") + sqlite3_errmsg(db));
  }
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(raw, sqlite3_finalize);
  std::vector<std::string> out;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt.get(), 0));
    out.emplace_back(text ? text : "");
  }
  if (rc != SQLITE_DONE) {
    return Error::validation("database", std::string("not a readable SQLite database: ") + sqlite3_errmsg(db));
  }
  return out;
}

}  // namespace

Result<std::string> sqlite_file_path(const std::string& url) {
  if (!url.starts_with("sqlite:")) return Error::bad_request("not a SQLite database URL", "database_url");
  std::string rest = url.substr(std::string_view("sqlite:").size());
  if (rest == ":memory:" || rest == "//:memory:") {
    return Error::bad_request("an in-memory database has no file", "database_url");
  }
  std::string path = rest.starts_with("//") ? rest.substr(2) : rest;  // sqlite:///abs -> /abs
  if (path.empty()) return Error::bad_request("SQLite URL has no file path", "database_url");
  return path;
}

Status backup_sqlite(const std::string& source, const std::string& destination) {
  if (!std::filesystem::exists(source)) return Error::not_found("SQLite database " + source);
  if (std::filesystem::exists(destination)) return Error::conflict(destination + " already exists");
  CAIRN_TRY_ASSIGN(auto from, open_file(source, SQLITE_OPEN_READONLY));
  CAIRN_TRY_ASSIGN(auto to, open_file(destination, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
  sqlite3_backup* backup = sqlite3_backup_init(to.get(), "main", from.get(), "main");
  if (!backup) return Error::internal(std::string("backup did not start: ") + sqlite3_errmsg(to.get()));
  // All pages in one step: one read transaction, hence one consistent snapshot. Stepping in parts
  // would restart the copy each time the server commits in between.
  int rc = SQLITE_OK;
  for (int attempt = 0; attempt < 100; ++attempt) {
    rc = sqlite3_backup_step(backup, -1);
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    sqlite3_sleep(100);
  }
  const int finished = sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE || finished != SQLITE_OK) {
    const std::string message = sqlite3_errstr(rc != SQLITE_DONE ? rc : finished);
    to.reset();
    std::error_code ec;
    std::filesystem::remove(destination, ec);
    return Error::unavailable("backup of " + source + " failed: " + message);
  }
  // The pages carry the source's WAL mode; a backup is one file, so back to a rollback journal
  // (the server sets WAL again when it opens the restored file).
  if (sqlite3_exec(to.get(), "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr) != SQLITE_OK) {
    return Error::internal(std::string("backup journal mode: ") + sqlite3_errmsg(to.get()));
  }
  return {};
}

Status check_sqlite_integrity(const std::string& path) {
  if (!std::filesystem::is_regular_file(path)) return Error::validation("database", path + " is not a file");
  CAIRN_TRY_ASSIGN(auto db, open_file(path, SQLITE_OPEN_READONLY));
  auto checked = first_column(db.get(), "PRAGMA integrity_check");
  if (!checked.ok()) return Error::validation("database", "integrity check failed: " + checked.error().message);
  const auto& answer = *checked;
  if (answer.size() != 1 || answer[0] != "ok") {
    return Error::validation("database", "integrity check failed: " + (answer.empty() ? "no answer" : answer[0]));
  }
  CAIRN_TRY_ASSIGN(
      auto tables,
      first_column(db.get(), "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"));
  if (tables.empty()) return Error::validation("database", path + " holds no Cairn database (no schema_migrations)");
  return {};
}

}  // namespace cairn::storage
