#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "storage/database.hpp"

namespace cairn::storage {

struct SqliteOptions {
  std::chrono::milliseconds acquire_timeout = std::chrono::seconds(10);
};

/// Opens a pool of SQLite connections on one file: WAL journal, a busy timeout, foreign keys on.
/// `sqlite::memory:` gives one in-memory database (pool size forced to 1: each in-memory
/// connection would be a database of its own). SQLite stores a NaN as NULL: stores that keep
/// NaN (metric values) encode it themselves.
Result<std::unique_ptr<Database>> open_sqlite_database(const std::string& url, int pool_size,
                                                       const SqliteOptions& options = {});

}  // namespace cairn::storage
