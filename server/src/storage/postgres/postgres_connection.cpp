#include "storage/postgres/postgres_connection.hpp"

#include <atomic>
#include <charconv>
#include <cstring>

#include "common/log.hpp"
#include "storage/postgres/placeholder_rewrite.hpp"
#include "storage/postgres/postgres_errors.hpp"
#include "storage/postgres/postgres_values.hpp"

namespace cairn::storage::postgres {
namespace {

// Unique across the process, not just the session, so that sessions multiplexed onto one server
// backend by a pooler (PgBouncer with prepared-statement support) never collide on a name.
std::atomic<uint64_t> next_statement_id{1};

bool succeeded(const PGresult* result) {
  if (!result) return false;
  auto status = PQresultStatus(result);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY;
}

// A prepared statement the server can no longer run as prepared: its result columns changed
// under it (ALTER TABLE behind a SELECT *), or it is gone (DISCARD ALL, a pooler switched
// backends). Preparing again fixes both.
bool is_stale_statement(const PGresult* result) {
  std::string_view state = sqlstate(result);
  if (state == "26000") return true;
  const char* message = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
  return state == "0A000" && message &&
         std::string_view(message).starts_with("cached plan must not change result type");
}

// libpq prints notices to stderr by default; route them to the structured log instead.
// A WARNING (e.g. "there is already a transaction in progress") usually means a bug here.
void log_notice(void*, const PGresult* result) {
  const char* severity = PQresultErrorField(result, PG_DIAG_SEVERITY_NONLOCALIZED);
  const char* message = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
  nlohmann::json fields = {{"severity", severity ? severity : ""}, {"message", message ? message : ""}};
  if (severity && std::strcmp(severity, "WARNING") == 0) {
    log::warn("postgres notice", std::move(fields));
  } else {
    log::debug("postgres notice", std::move(fields));
  }
}

Value decode(const PGresult* result, int row, int column, Oid type) {
  std::string_view bytes(PQgetvalue(result, row, column), PQgetlength(result, row, column));
  return PQfformat(result, column) == 1 ? decode_binary_column(type, bytes) : decode_column(type, bytes);
}

}  // namespace

PostgresConnection::PostgresConnection(PGconn* conn) : conn_(conn) {
  PQsetNoticeReceiver(conn_, &log_notice, nullptr);
  const char* conforming = PQparameterStatus(conn_, "standard_conforming_strings");
  standard_conforming_strings_ = !conforming || std::strcmp(conforming, "off") != 0;
}

PostgresConnection::~PostgresConnection() {
  PQfinish(conn_);
}

bool PostgresConnection::healthy() const {
  return !broken_ && PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE;
}

Result<Rows> PostgresConnection::query(std::string_view sql, const std::vector<Value>& params) {
  CAIRN_TRY_ASSIGN(PGresultPtr result, run(sql, params));
  Rows rows;
  const int columns = PQnfields(result.get());
  const int count = PQntuples(result.get());
  rows.columns.reserve(columns);
  std::vector<Oid> types(columns);
  for (int c = 0; c < columns; ++c) {
    rows.columns.emplace_back(PQfname(result.get(), c));
    types[c] = PQftype(result.get(), c);
  }
  rows.data.reserve(count);
  for (int r = 0; r < count; ++r) {
    auto& row = rows.data.emplace_back();
    row.reserve(columns);
    for (int c = 0; c < columns; ++c) {
      if (PQgetisnull(result.get(), r, c)) {
        row.emplace_back(std::monostate{});
      } else {
        row.push_back(decode(result.get(), r, c, types[c]));
      }
    }
  }
  return rows;
}

Status PostgresConnection::for_each_row(std::string_view sql, const std::vector<Value>& params,
                                        const std::function<Status(const Row&)>& on_row) {
  CAIRN_TRY_ASSIGN(PGresultPtr result, run(sql, params));
  const int columns = PQnfields(result.get());
  const int count = PQntuples(result.get());
  std::vector<Oid> types(columns);
  for (int c = 0; c < columns; ++c) types[c] = PQftype(result.get(), c);
  // One row's values, reused: no allocation per row for numeric columns.
  std::vector<Value> values(columns);
  const Row row(values);
  for (int r = 0; r < count; ++r) {
    for (int c = 0; c < columns; ++c) {
      values[c] = PQgetisnull(result.get(), r, c) ? Value(std::monostate{}) : decode(result.get(), r, c, types[c]);
    }
    CAIRN_TRY(on_row(row));
  }
  return {};
}

Result<int64_t> PostgresConnection::execute(std::string_view sql, const std::vector<Value>& params) {
  CAIRN_TRY_ASSIGN(PGresultPtr result, run(sql, params));
  // "" for statements that report no count (CREATE, BEGIN, ...).
  std::string_view affected = PQcmdTuples(result.get());
  int64_t count = 0;
  std::from_chars(affected.data(), affected.data() + affected.size(), count);
  return count;
}

Status PostgresConnection::execute_script(std::string_view sql) {
  if (PQstatus(conn_) != CONNECTION_OK) return fail(nullptr);
  std::string script(sql);  // PQexec needs the terminating NUL
  // A multi-statement simple query stops at the first error and reports it as the last result.
  PGresultPtr result(PQexec(conn_, script.c_str()));
  if (!succeeded(result.get())) return fail(result.get());
  return {};
}

Status PostgresConnection::begin(bool /*write*/) {
  // PostgreSQL locks rows as it writes them, so unlike SQLite a write transaction needs no
  // up-front lock; BEGIN serves both.
  if (PQtransactionStatus(conn_) != PQTRANS_IDLE) {
    if (PQstatus(conn_) != CONNECTION_OK) return fail(nullptr);
    return Error::internal("postgres: a transaction is already open on this connection");
  }
  deallocate_pending();
  abort_cause_.reset();
  return simple_command("BEGIN");
}

Status PostgresConnection::commit() {
  switch (PQtransactionStatus(conn_)) {
    case PQTRANS_INTRANS:
      break;
    case PQTRANS_INERROR: {
      // COMMIT would succeed here while silently rolling back; report why instead, with the
      // original code so that a serialization failure stays retryable.
      Error cause = abort_cause_.value_or(Error::internal("postgres: an earlier statement failed"));
      cause.message = "transaction rolled back because a statement in it failed: " + cause.message;
      rollback();
      return cause;
    }
    case PQTRANS_IDLE:
      return Error::internal("postgres: commit without an open transaction");
    default:
      return fail(nullptr);
  }
  PGresultPtr result(PQexec(conn_, "COMMIT"));
  if (!succeeded(result.get())) {
    Error error = fail(result.get());
    if (PQstatus(conn_) == CONNECTION_BAD) {
      error.message =
          "connection lost during COMMIT, the transaction may or may not have been applied: " + error.message;
    }
    return error;
  }
  return {};
}

void PostgresConnection::rollback() {
  auto state = PQtransactionStatus(conn_);
  if (state != PQTRANS_INTRANS && state != PQTRANS_INERROR) return;
  PGresultPtr result(PQexec(conn_, "ROLLBACK"));  // on failure the session is broken anyway
  abort_cause_.reset();
}

Result<PGresultPtr> PostgresConnection::run(std::string_view sql, const std::vector<Value>& params) {
  if (PQstatus(conn_) != CONNECTION_OK) return fail(nullptr);
  std::vector<std::optional<std::string>> encoded;
  encoded.reserve(params.size());
  for (const Value& value : params) {
    encoded.push_back(encode_param(value));
    // Text parameters end at the first NUL; refuse rather than store a truncated value.
    if (encoded.back() && encoded.back()->find('\0') != std::string::npos) {
      return Error::bad_request("text contains a NUL character, which PostgreSQL cannot store");
    }
  }
  std::vector<const char*> values;
  values.reserve(encoded.size());
  for (const auto& text : encoded) values.push_back(text ? text->c_str() : nullptr);

  if (PQtransactionStatus(conn_) == PQTRANS_IDLE) {
    abort_cause_.reset();
    deallocate_pending();
  }
  for (int attempt = 0;; ++attempt) {
    CAIRN_TRY_ASSIGN(const Prepared* statement, prepare(sql));
    if (statement->param_count != static_cast<int>(params.size())) {
      return Error::internal("postgres: statement has " + std::to_string(statement->param_count) +
                             " placeholders but " + std::to_string(params.size()) + " parameters were given");
    }
    // Retrying is safe only outside a transaction: inside one the failure already aborted it.
    const bool autocommit = PQtransactionStatus(conn_) == PQTRANS_IDLE;
    PGresultPtr result(PQexecPrepared(conn_, statement->name.c_str(), statement->param_count, values.data(), nullptr,
                                      nullptr, statement->binary_results ? 1 : 0));
    if (succeeded(result.get())) return result;
    if (result && is_stale_statement(result.get())) {
      forget(sql);
      if (autocommit && attempt == 0) continue;
    }
    return fail(result.get());
  }
}

Result<const PostgresConnection::Prepared*> PostgresConnection::prepare(std::string_view sql) {
  if (auto it = statements_.find(sql); it != statements_.end()) {
    recency_.splice(recency_.begin(), recency_, it->second.recency);
    return &it->second;
  }
  RewrittenSql rewritten = rewrite_placeholders(sql, standard_conforming_strings_);
  std::string name = "cairn_" + std::to_string(next_statement_id.fetch_add(1, std::memory_order_relaxed));
  // No parameter types: the server infers each one from where it appears.
  PGresultPtr result(PQprepare(conn_, name.c_str(), rewritten.text.c_str(), 0, nullptr));
  if (!succeeded(result.get())) return fail(result.get());
  // The result columns' types decide the result format; asked once per statement and session.
  bool binary = false;
  if (PGresultPtr described(PQdescribePrepared(conn_, name.c_str())); succeeded(described.get())) {
    const int columns = PQnfields(described.get());
    binary = columns > 0;
    for (int c = 0; c < columns && binary; ++c) binary = has_binary_form(PQftype(described.get(), c));
  }
  if (statements_.size() >= kMaxPreparedStatements) forget(recency_.back());
  auto [it, inserted] =
      statements_.emplace(std::string(sql), Prepared{std::move(name), rewritten.param_count, binary, {}});
  recency_.push_front(it->first);
  it->second.recency = recency_.begin();
  return &it->second;
}

void PostgresConnection::forget(std::string_view sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) return;
  // DEALLOCATE waits for a moment outside any transaction: if it failed inside one (the
  // statement may already be gone on the server) it would abort the caller's transaction.
  pending_deallocations_.push_back(std::move(it->second.name));
  recency_.erase(it->second.recency);
  statements_.erase(it);
  if (PQtransactionStatus(conn_) == PQTRANS_IDLE) deallocate_pending();
}

void PostgresConnection::deallocate_pending() {
  for (const auto& name : pending_deallocations_) {
    std::string command = "DEALLOCATE " + name;
    PGresultPtr result(PQexec(conn_, command.c_str()));  // already gone is fine
  }
  pending_deallocations_.clear();
}

Status PostgresConnection::simple_command(const char* command) {
  PGresultPtr result(PQexec(conn_, command));
  if (!succeeded(result.get())) return fail(result.get());
  return {};
}

Error PostgresConnection::fail(const PGresult* result) {
  Error error = error_from_result(result, conn_);
  // A session stuck on a standby keeps failing writes; a fresh connection finds the primary.
  if (sqlstate(result) == "25006") broken_ = true;
  if (PQtransactionStatus(conn_) == PQTRANS_INERROR && !abort_cause_) abort_cause_ = error;
  return error;
}

}  // namespace cairn::storage::postgres
