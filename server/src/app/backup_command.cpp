#include "app/backup_command.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/app.hpp"
#include "artifacts/artifact_copy.hpp"
#include "common/clock.hpp"
#include "storage/sqlite/sqlite_backup.hpp"

namespace cairn::app {
namespace {

namespace fs = std::filesystem;

constexpr const char* kFormat = "cairn-backup";
constexpr int kFormatVersion = 1;

int backup_failed(const std::string& message, int code = 1) {
  std::cerr << "error: " << message << "\n";
  return code;
}

bool is_postgres(const std::string& url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

// The URL holds a password, so the advice names it only as a variable.
int postgres_advice(const char* what) {
  std::cerr << "error: the database is PostgreSQL: use pg_dump and pg_restore, not cairn admin " << what << ":\n"
            << "  pg_dump --format=custom --file cairn.pgdump \"$CAIRN_DATABASE_URL\"\n"
            << "  pg_restore --clean --if-exists --no-owner --dbname \"$CAIRN_DATABASE_URL\" cairn.pgdump\n"
            << "and copy the artifact store beside the dump: the artifact folder (cp -a, rsync) or the bucket"
               " (aws s3 sync, mc mirror).\n";
  return 3;
}

bool is_empty_dir_or_missing(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return true;
  return fs::is_directory(dir, ec) && fs::directory_iterator(dir, ec) == fs::directory_iterator();
}

Status write_file(const fs::path& path, const std::string& body, fs::perms perms) {
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << body;
    if (!out) return Error::internal("cannot write " + path.string());
  }
  std::error_code ec;
  fs::permissions(path, perms, ec);
  return {};
}

Result<nlohmann::json> read_manifest(const fs::path& dir) {
  std::ifstream in(dir / "manifest.json");
  if (!in) return Error::validation("from", dir.string() + " has no manifest.json: not a (complete) Cairn backup");
  auto manifest = nlohmann::json::parse(in, nullptr, false);
  if (manifest.is_discarded() || !manifest.is_object() || manifest.value("format", "") != kFormat) {
    return Error::validation("from", "manifest.json is not a Cairn backup's");
  }
  if (manifest.value("format_version", 0) != kFormatVersion) {
    return Error::validation("from", "backup format version " +
                                         manifest.value("format_version", nlohmann::json()).dump() +
                                         " is not supported (this cairn reads version 1)");
  }
  return manifest;
}

/// Whether the store holds anything at all.
Result<bool> store_is_empty(artifacts::ArtifactStore& store) {
  CAIRN_TRY_ASSIGN(auto entries, store.list(""));
  return entries.empty();
}

Status clear_store(artifacts::ArtifactStore& store) {
  CAIRN_TRY_ASSIGN(auto entries, store.list(""));
  for (const auto& entry : entries) CAIRN_TRY(store.remove(entry.path));
  return {};
}

void remove_database_files(const std::string& db_path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(db_path + suffix, ec);
}

}  // namespace

int run_backup(const config::Settings& settings, const BackupArgs& args) {
  if (is_postgres(settings.database_url)) return postgres_advice("backup");
  if (args.path.empty() || args.path.find("://") != std::string::npos)
    return backup_failed("--to must be a local directory", 2);
  auto db_path = storage::sqlite_file_path(settings.database_url);
  if (!db_path.ok()) return backup_failed(db_path.error().message, 2);
  if (!fs::is_regular_file(*db_path)) return backup_failed("no database at " + *db_path);
  const fs::path to(args.path);
  if (!is_empty_dir_or_missing(to))
    return backup_failed(to.string() + " exists and is not empty; choose a new directory", 2);
  std::error_code ec;
  fs::create_directories(to, ec);
  // The backup holds every artifact and maybe the secret key: readable by its owner only.
  fs::permissions(to, fs::perms::owner_all, ec);
  if (ec) return backup_failed("cannot create " + to.string() + ": " + ec.message());

  const int64_t started = now_ms();
  if (auto done = storage::backup_sqlite(*db_path, (to / "cairn.db").string()); !done.ok()) {
    return backup_failed(done.error().message);
  }
  if (auto checked = storage::check_sqlite_integrity((to / "cairn.db").string()); !checked.ok()) {
    return backup_failed("the copy failed its check: " + checked.error().message);
  }
  std::cout << "database copied from " << *db_path << "\n";

  auto store = open_configured_store(settings);
  if (!store.ok()) return backup_failed(store.error().message);
  auto target = artifacts::open_artifact_store((to / "artifacts").string(), {});
  if (!target.ok()) return backup_failed(target.error().message);
  auto copied = artifacts::copy_tree(**store, **target);
  if (!copied.ok()) return backup_failed("copying artifacts: " + copied.error().message);
  std::cout << "artifacts copied from " << (*store)->describe() << ": " << copied->files << " files, " << copied->bytes
            << " bytes\n";

  const fs::path secret = fs::path(settings.data_dir) / "secret_key";
  const bool has_secret = fs::is_regular_file(secret, ec);
  if (has_secret) {
    fs::copy_file(secret, to / "secret_key", ec);
    fs::permissions(to / "secret_key", fs::perms::owner_read | fs::perms::owner_write, ec);
    if (ec) return backup_failed("cannot copy the secret key: " + ec.message());
  }

  const nlohmann::json manifest = {{"format", kFormat},
                                   {"format_version", kFormatVersion},
                                   {"cairn_version", CAIRN_VERSION},
                                   {"created_at", started},
                                   {"database", "sqlite"},
                                   {"artifact_files", copied->files},
                                   {"artifact_bytes", copied->bytes},
                                   {"secret_key", has_secret}};
  if (auto written =
          write_file(to / "manifest.json", manifest.dump(2) + "\n", fs::perms::owner_read | fs::perms::owner_write);
      !written.ok()) {
    return backup_failed(written.error().message);
  }
  std::cout << "backup complete: " << to.string() << "\n";
  return 0;
}

int run_restore(const config::Settings& settings, const BackupArgs& args) {
  if (is_postgres(settings.database_url)) return postgres_advice("restore");
  if (args.path.empty() || args.path.find("://") != std::string::npos)
    return backup_failed("--from must be a local directory", 2);
  const fs::path from(args.path);
  auto manifest = read_manifest(from);
  if (!manifest.ok()) return backup_failed(manifest.error().message, 2);
  // Checked before anything is touched: a damaged backup leaves the target as it was.
  const std::string backup_db = (from / "cairn.db").string();
  if (auto checked = storage::check_sqlite_integrity(backup_db); !checked.ok()) {
    return backup_failed("the backup's database: " + checked.error().message);
  }
  auto db_path = storage::sqlite_file_path(settings.database_url);
  if (!db_path.ok()) return backup_failed(db_path.error().message, 2);
  auto store = open_configured_store(settings);
  if (!store.ok()) return backup_failed(store.error().message);
  auto empty_store = store_is_empty(**store);
  if (!empty_store.ok()) return backup_failed(empty_store.error().message);

  std::error_code ec;
  const fs::path data_dir(settings.data_dir);
  // The artifact folder may be inside the data directory; opening the store just created it.
  const bool data_dir_empty = [&] {
    if (!fs::exists(data_dir, ec)) return true;
    for (const auto& entry : fs::directory_iterator(data_dir, ec)) {
      if (*empty_store && fs::equivalent(entry.path(), settings.artifact_root, ec)) continue;
      return false;
    }
    return true;
  }();
  const bool empty = data_dir_empty && *empty_store && !fs::exists(*db_path, ec);
  if (!empty && !args.force) {
    return backup_failed("the target is not empty (database " + *db_path + ", data directory " + data_dir.string() +
                             ", artifacts in " + (*store)->describe() +
                             "); stop its server and pass --force to replace it",
                         2);
  }

  // The database goes in beside its final name, checked again there, and swapped in last, so a
  // restore that fails part way never leaves a database without its artifacts.
  fs::create_directories(fs::path(*db_path).parent_path().empty() ? "." : fs::path(*db_path).parent_path(), ec);
  const std::string staged = *db_path + ".restoring";
  fs::remove(staged, ec);
  if (!fs::copy_file(backup_db, staged, ec)) return backup_failed("cannot copy the database: " + ec.message());
  if (auto checked = storage::check_sqlite_integrity(staged); !checked.ok()) {
    fs::remove(staged, ec);
    return backup_failed("the copied database: " + checked.error().message);
  }
  if (auto cleared = clear_store(**store); !cleared.ok())
    return backup_failed("clearing artifacts: " + cleared.error().message);
  auto backup_store = artifacts::open_artifact_store((from / "artifacts").string(), {});
  if (!backup_store.ok()) return backup_failed(backup_store.error().message);
  auto copied = artifacts::copy_tree(**backup_store, **store);
  if (!copied.ok()) return backup_failed("copying artifacts: " + copied.error().message);
  std::cout << "artifacts restored into " << (*store)->describe() << ": " << copied->files << " files, "
            << copied->bytes << " bytes\n";

  // A -wal left from the old database would be replayed onto the new one.
  remove_database_files(*db_path);
  fs::rename(staged, *db_path, ec);
  if (ec) return backup_failed("cannot move the database into place: " + ec.message());
  std::cout << "database restored into " << *db_path << "\n";

  if (fs::is_regular_file(from / "secret_key", ec)) {
    fs::create_directories(data_dir, ec);
    fs::copy_file(from / "secret_key", data_dir / "secret_key", fs::copy_options::overwrite_existing, ec);
    fs::permissions(data_dir / "secret_key", fs::perms::owner_read | fs::perms::owner_write, ec);
    if (ec) return backup_failed("cannot restore the secret key: " + ec.message());
    std::cout << "secret key restored into " << (data_dir / "secret_key").string() << "\n";
  }
  std::cout << "restore complete from the backup of " << manifest->value("created_at", int64_t{0})
            << " (ms since the epoch); the server applies any newer migrations when it starts\n";
  return 0;
}

}  // namespace cairn::app
