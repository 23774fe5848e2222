#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <vector>

#include "storage/database.hpp"

namespace cairn::storage {

/// The pooling half of a Database, shared by both dialects: connections are opened lazily up to
/// `max_size`, reused LIFO (warm caches), and dropped when they report themselves unhealthy.
class ConnectionPool : public Database {
 public:
  using Factory = std::function<Result<std::unique_ptr<Connection>>()>;

  ConnectionPool(Dialect dialect, int max_size, Factory factory,
                 std::chrono::milliseconds acquire_timeout = std::chrono::seconds(10));

  Dialect dialect() const override { return dialect_; }
  Result<PooledConnection> acquire() override;
  PoolStats stats() const override;

 protected:
  void release(std::unique_ptr<Connection> conn) override;

 private:
  Dialect dialect_;
  int max_size_;
  Factory factory_;
  std::chrono::milliseconds acquire_timeout_;
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;
  int in_use_ = 0;
  int64_t waits_ = 0;
};

}  // namespace cairn::storage
