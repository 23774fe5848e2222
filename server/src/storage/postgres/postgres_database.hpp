#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "storage/database.hpp"

namespace cairn::storage {

struct PostgresOptions {
  /// How long acquire() waits for a free connection before answering unavailable.
  std::chrono::milliseconds acquire_timeout = std::chrono::seconds(10);
  /// The server cancels statements that run longer (SQLSTATE 57014 -> unavailable); 0 = never.
  /// An `options=-c statement_timeout=...` in the URL wins over this.
  std::chrono::milliseconds statement_timeout = std::chrono::seconds(30);
  /// Used when the URL sets no connect_timeout; libpq's own default is to wait forever.
  std::chrono::seconds connect_timeout = std::chrono::seconds(10);
};

/// Opens a pool of libpq connections to `url` (postgresql://user:pass@host:port/db?params, any
/// libpq URI parameter allowed). One connection is opened now so that a wrong URL or an
/// unreachable server fails at start: bad_request for a malformed URL, unavailable when the
/// server cannot be reached or refuses us. Error messages name host, port and database, never
/// the password.
Result<std::unique_ptr<Database>> open_postgres_database(const std::string& url, int pool_size,
                                                         const PostgresOptions& options = {});

}  // namespace cairn::storage
