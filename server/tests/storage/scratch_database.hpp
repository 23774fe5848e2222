#pragma once

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>

#include "storage/database.hpp"
#include "storage/migrator.hpp"
#include "storage/postgres/postgres_database.hpp"

/// A database with Cairn's migrations applied, for one test, in either dialect: a SQLite file,
/// or (when CAIRN_TEST_PG_URL names a server) a PostgreSQL schema of its own, dropped afterwards
/// so runs can share the server.
namespace cairn::storage_testing {

inline const char* pg_url() {
  return std::getenv("CAIRN_TEST_PG_URL");
}

inline std::string dialect_name(storage::Dialect dialect) {
  return dialect == storage::Dialect::sqlite ? "sqlite" : "postgres";
}

class ScratchDatabase {
 public:
  /// Call only for PostgreSQL when pg_url() is set.
  explicit ScratchDatabase(storage::Dialect dialect) {
    static std::atomic<int> counter{0};
    std::random_device random;
    const std::string name = "cairn_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
                             std::to_string(random() % 1000000);
    if (dialect == storage::Dialect::sqlite) {
      sqlite_path_ = std::filesystem::temp_directory_path() / (name + ".db");
      db_ = must(storage::open_database("sqlite:///" + sqlite_path_.string(), 2));
    } else {
      const std::string url = pg_url();
      admin_ = must(storage::open_database(url, 1));
      schema_ = name;
      run(*admin_, "CREATE SCHEMA " + schema_);
      db_ = must(storage::open_database(
          url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-c%20search_path%3D" + schema_, 2));
    }
    if (auto applied = storage::apply_migrations(*db_); !applied.ok())
      throw std::runtime_error(applied.error().message);
  }
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;
  ~ScratchDatabase() {
    db_.reset();  // close the pool before its schema or file goes
    if (admin_) run(*admin_, "DROP SCHEMA " + schema_ + " CASCADE");
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) {
      if (!sqlite_path_.empty()) std::filesystem::remove(sqlite_path_.string() + suffix, ec);
    }
  }

  storage::Database& db() { return *db_; }
  storage::PooledConnection connection() { return must(db_->acquire()); }

 private:
  template <class T>
  static T must(Result<T> result) {
    if (!result.ok()) throw std::runtime_error(result.error().message);
    return std::move(result).value();
  }
  static void run(storage::Database& db, const std::string& sql) {
    auto conn = must(db.acquire());
    (void)conn->execute_script(sql);
  }

  std::unique_ptr<storage::Database> admin_;
  std::string schema_;
  std::filesystem::path sqlite_path_;
  std::unique_ptr<storage::Database> db_;
};

}  // namespace cairn::storage_testing
