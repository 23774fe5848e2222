#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/result.hpp"

/// The SQL seam between Cairn and its metadata databases. Stores above it write portable SQL once
/// (`?` placeholders, integer millisecond timestamps, TEXT ids); SQLite and PostgreSQL implement it.
/// See docs/adr/0001-one-sql-layer-two-dialects.md.
namespace cairn::storage {

enum class Dialect { sqlite, postgres };

/// A bound parameter or a column value: NULL, integer, real or text.
using Value = std::variant<std::monostate, int64_t, double, std::string>;

inline Value null_value() {
  return std::monostate{};
}
inline Value optional_text(const std::optional<std::string>& s) {
  return s ? Value(*s) : Value(std::monostate{});
}
inline Value optional_int(const std::optional<int64_t>& i) {
  return i ? Value(*i) : Value(std::monostate{});
}

/// The status of a write whose row count does not matter.
inline Status as_status(const Result<int64_t>& rows_affected) {
  if (!rows_affected.ok()) return rows_affected.error();
  return {};
}

/// "(?, ?, ?)" for an IN list of `values`, appending them to `params`.
inline std::string in_list(const std::vector<std::string>& values, std::vector<Value>& params) {
  std::string out = "(";
  for (std::size_t i = 0; i < values.size(); ++i) {
    out += i ? ", ?" : "?";
    params.emplace_back(values[i]);
  }
  return out + ")";
}

/// One row of a result; columns by position, in the order of the SELECT list.
class Row {
 public:
  explicit Row(const std::vector<Value>& values) : values_(&values) {}
  bool is_null(std::size_t i) const { return std::holds_alternative<std::monostate>(at(i)); }
  std::string text(std::size_t i) const;  ///< "" for NULL
  int64_t int64(std::size_t i) const;     ///< 0 for NULL
  double real(std::size_t i) const;       ///< 0 for NULL
  std::optional<std::string> opt_text(std::size_t i) const;
  std::optional<int64_t> opt_int64(std::size_t i) const;
  const Value& at(std::size_t i) const { return values_->at(i); }

 private:
  const std::vector<Value>* values_;
};

struct Rows {
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> data;
  std::size_t size() const { return data.size(); }
  bool empty() const { return data.empty(); }
  Row operator[](std::size_t i) const { return Row(data[i]); }
};

/// One database session. Not thread-safe: use it from one thread at a time (the pool hands it out).
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;

  /// Runs one statement with `?` placeholders and returns its rows (empty for non-queries).
  /// Unique-constraint violations come back as ErrorCode::conflict; lock timeouts as unavailable.
  virtual Result<Rows> query(std::string_view sql, const std::vector<Value>& params) = 0;
  /// Runs a query and hands each row to `on_row` as it is read, keeping no result: for long results
  /// read into compact structures (a million-point metric history is a million Rows otherwise). The
  /// row is valid only during the call; the first error `on_row` returns ends the query with it.
  virtual Status for_each_row(std::string_view sql, const std::vector<Value>& params,
                              const std::function<Status(const Row&)>& on_row) = 0;
  /// Runs one statement and returns the number of rows it changed.
  virtual Result<int64_t> execute(std::string_view sql, const std::vector<Value>& params) = 0;
  /// Runs a script of several statements without parameters (migrations).
  virtual Status execute_script(std::string_view sql) = 0;

  /// `write` transactions take the write lock up front (SQLite BEGIN IMMEDIATE) so two writers
  /// never deadlock upgrading a read lock.
  virtual Status begin(bool write) = 0;
  virtual Status commit() = 0;
  virtual void rollback() = 0;

  /// False once the session is unusable (e.g. the server closed it); the pool then drops it.
  virtual bool healthy() const { return true; }
  /// Called when the connection goes back to the pool: clean up what a borrower left behind
  /// (an open transaction) where that can be done; false drops the connection.
  virtual bool reset_for_reuse() { return healthy(); }

  Result<Rows> query(std::string_view sql, std::initializer_list<Value> params = {}) {
    return query(sql, std::vector<Value>(params));
  }
  Result<int64_t> execute(std::string_view sql, std::initializer_list<Value> params = {}) {
    return execute(sql, std::vector<Value>(params));
  }
};

struct PoolStats {
  int size = 0;    ///< connections open
  int in_use = 0;  ///< connections handed out
  int max_size = 0;
  int64_t waits = 0;  ///< acquisitions that had to wait for a free connection
};

class Database;

/// A connection on loan from the pool; returns it when destroyed.
class PooledConnection {
 public:
  PooledConnection(Database* owner, std::unique_ptr<Connection> conn) : owner_(owner), conn_(std::move(conn)) {}
  PooledConnection(PooledConnection&&) noexcept = default;
  PooledConnection& operator=(PooledConnection&&) noexcept = default;
  ~PooledConnection();
  Connection* operator->() const { return conn_.get(); }
  Connection& operator*() const { return *conn_; }

 private:
  Database* owner_;
  std::unique_ptr<Connection> conn_;
};

/// A pool of connections to one database.
class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;
  /// Waits up to the pool's acquire timeout; ErrorCode::unavailable when none frees up.
  virtual Result<PooledConnection> acquire() = 0;
  virtual PoolStats stats() const = 0;

 protected:
  friend class PooledConnection;
  virtual void release(std::unique_ptr<Connection> conn) = 0;
};

/// Opens the database named by a URL: `sqlite:///abs/path.db`, `sqlite://relative.db`, `sqlite::memory:`,
/// or `postgresql://user:pass@host:port/db?sslmode=...` (also `postgres://`).
Result<std::unique_ptr<Database>> open_database(const std::string& url, int pool_size);

/// Runs `fn` in one transaction: commits when it returns ok, rolls back otherwise.
template <class T>
Result<T> in_transaction(Connection& conn, bool write, const std::function<Result<T>(Connection&)>& fn) {
  CAIRN_TRY(conn.begin(write));
  Result<T> result = fn(conn);
  if (!result.ok()) {
    conn.rollback();
    return result;
  }
  if (auto committed = conn.commit(); !committed.ok()) {
    conn.rollback();
    return std::move(committed).error();
  }
  return result;
}

/// in_transaction for work that yields nothing but success or an error.
inline Status run_in_transaction(Connection& conn, bool write, const std::function<Status(Connection&)>& fn) {
  CAIRN_TRY(conn.begin(write));
  Status status = fn(conn);
  if (!status.ok()) {
    conn.rollback();
    return status;
  }
  if (auto committed = conn.commit(); !committed.ok()) {
    conn.rollback();
    return committed;
  }
  return {};
}

}  // namespace cairn::storage
