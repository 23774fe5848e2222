#include "storage/sqlite/sqlite_database.hpp"

#include <sqlite3.h>

#include <filesystem>
#include <mutex>
#include <unordered_map>

#include "common/text.hpp"
#include "storage/connection_pool.hpp"
#include "storage/sqlite/sqlite_backup.hpp"

namespace cairn::storage {
namespace {

constexpr int kBusyTimeoutMs = 10000;

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  Dialect dialect() const override { return Dialect::sqlite; }

  Result<Rows> query(std::string_view sql, const std::vector<Value>& params) override {
    CAIRN_TRY_ASSIGN(sqlite3_stmt * stmt, prepare(sql));
    StatementReset reset{stmt};
    CAIRN_TRY(bind(stmt, params));
    Rows rows;
    int columns = 0;
    for (bool first = true;; first = false) {
      int rc = sqlite3_step(stmt);
      if (first) {
        // After the first step: a schema change re-prepares the statement inside step.
        columns = sqlite3_column_count(stmt);
        for (int i = 0; i < columns; ++i) rows.columns.emplace_back(sqlite3_column_name(stmt, i));
      }
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return error_from(rc);
      auto& row = rows.data.emplace_back();
      row.reserve(columns);
      for (int i = 0; i < columns; ++i) row.push_back(column_value(stmt, i));
    }
    return rows;
  }

  Status for_each_row(std::string_view sql, const std::vector<Value>& params,
                      const std::function<Status(const Row&)>& on_row) override {
    CAIRN_TRY_ASSIGN(sqlite3_stmt * stmt, prepare(sql));
    StatementReset reset{stmt};
    CAIRN_TRY(bind(stmt, params));
    // One row's values, reused: no allocation per row for numeric columns.
    std::vector<Value> values;
    const Row row(values);
    for (;;) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) return {};
      if (rc != SQLITE_ROW) return error_from(rc);
      // Counted after the step: a schema change re-prepares the statement inside it.
      values.resize(static_cast<std::size_t>(sqlite3_column_count(stmt)));
      for (std::size_t i = 0; i < values.size(); ++i) values[i] = column_value(stmt, static_cast<int>(i));
      CAIRN_TRY(on_row(row));
    }
  }

  Result<int64_t> execute(std::string_view sql, const std::vector<Value>& params) override {
    CAIRN_TRY_ASSIGN(sqlite3_stmt * stmt, prepare(sql));
    StatementReset reset{stmt};
    CAIRN_TRY(bind(stmt, params));
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) return error_from(rc);
    return static_cast<int64_t>(sqlite3_changes(db_));
  }

  Status execute_script(std::string_view sql) override {
    std::string script(sql);
    char* message = nullptr;
    int rc = sqlite3_exec(db_, script.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
      std::string text = message ? message : sqlite3_errstr(rc);
      sqlite3_free(message);
      return Error::internal("sqlite: " + text);
    }
    return {};
  }

  Status begin(bool write) override {
    auto done = execute(write ? "BEGIN IMMEDIATE" : "BEGIN", {});
    if (!done.ok()) return std::move(done).error();
    return {};
  }
  Status commit() override {
    auto done = execute("COMMIT", {});
    if (!done.ok()) return std::move(done).error();
    return {};
  }
  void rollback() override {
    if (!sqlite3_get_autocommit(db_)) (void)execute("ROLLBACK", {});
  }

  bool reset_for_reuse() override {
    // A connection handed back inside a transaction must not pass it to the next borrower. Roll
    // back rather than close: closing would lose an in-memory database.
    rollback();
    return sqlite3_get_autocommit(db_) != 0;
  }

 private:
  struct StatementReset {
    sqlite3_stmt* stmt;
    ~StatementReset() {
      sqlite3_reset(stmt);
      sqlite3_clear_bindings(stmt);
    }
  };

  Result<sqlite3_stmt*> prepare(std::string_view sql) {
    std::string key(sql);
    if (auto it = statements_.find(key); it != statements_.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    int rc =
        sqlite3_prepare_v3(db_, key.c_str(), static_cast<int>(key.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return error_from(rc);
    statements_.emplace(std::move(key), stmt);
    return stmt;
  }

  Status bind(sqlite3_stmt* stmt, const std::vector<Value>& params) {
    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt)) {
      return Error::internal("sqlite: parameter count mismatch");
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      int index = static_cast<int>(i) + 1;
      int rc = std::visit(
          [&](const auto& v) -> int {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>)
              return sqlite3_bind_null(stmt, index);
            else if constexpr (std::is_same_v<T, int64_t>)
              return sqlite3_bind_int64(stmt, index, v);
            else if constexpr (std::is_same_v<T, double>)
              return sqlite3_bind_double(stmt, index, v);
            else
              return sqlite3_bind_text(stmt, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
          },
          params[i]);
      if (rc != SQLITE_OK) return error_from(rc);
    }
    return {};
  }

  static Value column_value(sqlite3_stmt* stmt, int i) {
    switch (sqlite3_column_type(stmt, i)) {
      case SQLITE_NULL:
        return std::monostate{};
      case SQLITE_INTEGER:
        return static_cast<int64_t>(sqlite3_column_int64(stmt, i));
      case SQLITE_FLOAT:
        return sqlite3_column_double(stmt, i);
      default: {
        auto text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
        return std::string(text ? text : "", static_cast<std::size_t>(sqlite3_column_bytes(stmt, i)));
      }
    }
  }

  Error error_from(int rc) const {
    const int primary = rc & 0xff;
    std::string message = sqlite3_errmsg(db_);
    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
      return Error::conflict("unique constraint violated: " + message);
    }
    if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) return Error::conflict("foreign key constraint violated");
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return Error::unavailable("database is busy");
    return Error::internal("sqlite: " + message);
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

// cairn_number(text): the number a text spells in plain decimal notation (common/text.hpp's
// plain_number), else NULL. PostgreSQL gets the same from a regular expression (run_search.cpp).
void cairn_number(sqlite3_context* context, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) != SQLITE_TEXT) return sqlite3_result_null(context);
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  auto number = plain_number(std::string_view(text, static_cast<std::size_t>(sqlite3_value_bytes(argv[0]))));
  if (!number) return sqlite3_result_null(context);
  sqlite3_result_double(context, *number);
}

Result<std::unique_ptr<Connection>> connect(const std::string& path, bool memory) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (memory) flags |= SQLITE_OPEN_MEMORY;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return Error::unavailable("cannot open SQLite database " + path + ": " + message);
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  sqlite3_create_function_v2(db, "cairn_number", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                             cairn_number, nullptr, nullptr, nullptr);
  auto conn = std::make_unique<SqliteConnection>(db);
  // synchronous=NORMAL is durable across application crashes in WAL mode; only an OS crash can
  // lose the last transactions, the trade every embedded server (and MLflow's default) makes.
  // journal_size_limit: after each automatic checkpoint (every 1,000 pages) SQLite truncates the
  // write-ahead log back to 16 MiB; without it a bulk load leaves a WAL of its peak size (over
  // 100 MB) on disk for good. The last connection to close checkpoints and removes the WAL.
  const char* setup = memory ? "PRAGMA foreign_keys=ON;"
                             : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                               "PRAGMA journal_size_limit=16777216;";
  CAIRN_TRY(conn->execute_script(setup));
  return std::unique_ptr<Connection>(std::move(conn));
}

}  // namespace

Result<std::unique_ptr<Database>> open_sqlite_database(const std::string& url, int pool_size,
                                                       const SqliteOptions& options) {
  std::string rest = url.substr(std::string_view("sqlite:").size());
  bool memory = rest == ":memory:" || rest == "//:memory:";
  std::string path;
  if (memory) {
    path = ":memory:";
    pool_size = 1;  // each in-memory connection would be a separate database
  } else {
    CAIRN_TRY_ASSIGN(path, sqlite_file_path(url));
  }
  if (!memory) {
    std::error_code ec;
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  }
  // Open one connection now so a bad path fails at start, and hand it to the pool as its first.
  CAIRN_TRY_ASSIGN(auto first_conn, connect(path, memory));
  auto first = std::make_shared<std::unique_ptr<Connection>>(std::move(first_conn));
  auto first_mutex = std::make_shared<std::mutex>();
  auto factory = [path, memory, first, first_mutex]() -> Result<std::unique_ptr<Connection>> {
    {
      std::lock_guard lock(*first_mutex);
      if (*first) return std::move(*first);
    }
    return connect(path, memory);
  };
  return std::unique_ptr<Database>(
      std::make_unique<ConnectionPool>(Dialect::sqlite, pool_size, std::move(factory), options.acquire_timeout));
}

}  // namespace cairn::storage
