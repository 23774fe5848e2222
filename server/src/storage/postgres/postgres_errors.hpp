#pragma once

#include <libpq-fe.h>

#include <string>
#include <string_view>

#include "common/error.hpp"

/// Turning libpq failures into Errors without leaking data: parameter values may be secrets
/// (tokens, password hashes), so messages carry only what names the problem.
namespace cairn::storage::postgres {

/// The five-character SQLSTATE of a failed result, or "" (e.g. when the connection broke).
std::string_view sqlstate(const PGresult* result);

/// Maps a failed statement to an Error: unique and foreign-key violations to conflict;
/// serialization failures, deadlocks, lock and statement timeouts, and a lost connection to
/// unavailable (worth retrying); the rest to internal. Only the server's primary message is
/// used: PostgreSQL echoes key and row values in the DETAIL line, and in the primary message of
/// data exceptions (class 22), whose quoted values are removed here.
Error error_from_result(const PGresult* result, const PGconn* conn);

/// A libpq message (possibly several lines, tab-indented) as one line without the trailing newline.
std::string one_line(std::string_view message);

}  // namespace cairn::storage::postgres
