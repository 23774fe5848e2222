#include "storage/postgres/postgres_errors.hpp"

namespace cairn::storage::postgres {
namespace {

std::string field(const PGresult* result, int code) {
  const char* value = result ? PQresultErrorField(result, code) : nullptr;
  return value ? value : "";
}

// "invalid input syntax for type bigint: "s3cret"" -> "invalid input syntax for type bigint".
// Data exception messages put the offending input after a colon or in double quotes.
std::string without_input_values(std::string message) {
  if (auto colon = message.find(": "); colon != std::string::npos) message.resize(colon);
  std::string out;
  bool quoted = false;
  for (char c : message) {
    if (c == '"') {
      out += quoted ? "[redacted]\"" : "\"";
      quoted = !quoted;
    } else if (!quoted) {
      out += c;
    }
  }
  return out;
}

bool is_any_of(std::string_view state, std::initializer_list<std::string_view> states) {
  for (auto s : states) {
    if (state == s) return true;
  }
  return false;
}

}  // namespace

std::string_view sqlstate(const PGresult* result) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  return state ? state : "";
}

std::string one_line(std::string_view message) {
  std::string out;
  bool space = false;
  for (char c : message) {
    if (c == '\n' || c == '\t' || c == '\r' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

Error error_from_result(const PGresult* result, const PGconn* conn) {
  if (!result || PQstatus(conn) == CONNECTION_BAD) {
    return Error::unavailable("PostgreSQL connection lost: " + one_line(PQerrorMessage(conn)));
  }
  const std::string_view state = sqlstate(result);
  std::string message = field(result, PG_DIAG_MESSAGE_PRIMARY);
  if (message.empty()) message = one_line(PQresultErrorMessage(result));
  if (state.starts_with("22")) message = without_input_values(std::move(message));

  if (state == "23505") {
    return Error::conflict("unique constraint \"" + field(result, PG_DIAG_CONSTRAINT_NAME) + "\" violated");
  }
  if (state == "23503") {
    return Error::conflict("foreign key constraint \"" + field(result, PG_DIAG_CONSTRAINT_NAME) + "\" violated");
  }
  // 40001 serialization failure, 40P01 deadlock, 55P03 lock timeout, 57014 statement timeout;
  // class 08 and 57P01-03 mean the server went away or is restarting; 53300 too many connections;
  // 25006 is a write sent to a standby (e.g. just after a failover).
  if (is_any_of(state, {"40001", "40P01", "55P03", "57014", "57P01", "57P02", "57P03", "53300", "25006"}) ||
      state.starts_with("08")) {
    return Error::unavailable("postgres: " + message);
  }
  return Error::internal("postgres: " + message + " (SQLSTATE " + std::string(state) + ")");
}

}  // namespace cairn::storage::postgres
