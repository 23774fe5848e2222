#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "storage/database.hpp"

namespace cairn::storage::postgres {

struct PGresultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using PGresultPtr = std::unique_ptr<PGresult, PGresultDeleter>;

/// One libpq session. Each distinct SQL text is rewritten and prepared once per session (named
/// prepared statement, LRU-bounded), then run with PQexecPrepared and text parameters.
class PostgresConnection final : public Connection {
 public:
  /// Takes ownership of `conn`, which must be open (CONNECTION_OK).
  explicit PostgresConnection(PGconn* conn);
  ~PostgresConnection() override;
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  Dialect dialect() const override { return Dialect::postgres; }
  Result<Rows> query(std::string_view sql, const std::vector<Value>& params) override;
  Status for_each_row(std::string_view sql, const std::vector<Value>& params,
                      const std::function<Status(const Row&)>& on_row) override;
  Result<int64_t> execute(std::string_view sql, const std::vector<Value>& params) override;
  Status execute_script(std::string_view sql) override;
  Status begin(bool write) override;
  Status commit() override;
  void rollback() override;
  /// False once the session broke, or when it is handed back inside a transaction: the pool then
  /// closes it, and closing makes the server roll the transaction back.
  bool healthy() const override;

  /// Prepared statements this session keeps at most; the least recently used is deallocated.
  static constexpr std::size_t kMaxPreparedStatements = 256;

 private:
  struct Prepared {
    std::string name;
    int param_count = 0;
    bool binary_results = false;                    ///< every result column has a binary form (see postgres_values)
    std::list<std::string_view>::iterator recency;  // into recency_, which views the map's keys
  };
  struct TransparentHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  Result<PGresultPtr> run(std::string_view sql, const std::vector<Value>& params);
  Result<const Prepared*> prepare(std::string_view sql);
  void forget(std::string_view sql);
  void deallocate_pending();
  Status simple_command(const char* command);
  Error fail(const PGresult* result);

  PGconn* conn_;
  bool standard_conforming_strings_ = true;
  bool broken_ = false;
  std::unordered_map<std::string, Prepared, TransparentHash, std::equal_to<>> statements_;
  std::list<std::string_view> recency_;  // most recently used first
  std::vector<std::string> pending_deallocations_;
  // What aborted the open transaction, so commit() can report it with its original code.
  std::optional<Error> abort_cause_;
};

}  // namespace cairn::storage::postgres
