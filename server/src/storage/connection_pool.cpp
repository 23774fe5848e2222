#include "storage/connection_pool.hpp"

namespace cairn::storage {

ConnectionPool::ConnectionPool(Dialect dialect, int max_size, Factory factory,
                               std::chrono::milliseconds acquire_timeout)
    : dialect_(dialect),
      max_size_(max_size < 1 ? 1 : max_size),
      factory_(std::move(factory)),
      acquire_timeout_(acquire_timeout) {}

Result<PooledConnection> ConnectionPool::acquire() {
  std::unique_lock lock(mutex_);
  bool waited = false;
  auto deadline = std::chrono::steady_clock::now() + acquire_timeout_;
  while (idle_.empty() && open_ >= max_size_) {
    waited = true;
    if (freed_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() && open_ >= max_size_) {
      return Error::unavailable("database connection pool exhausted");
    }
  }
  if (waited) ++waits_;
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    ++in_use_;
    return PooledConnection(this, std::move(conn));
  }
  ++open_;  // reserve the slot, then connect without holding the lock
  lock.unlock();
  auto conn = factory_();
  lock.lock();
  if (!conn.ok()) {
    --open_;
    freed_.notify_one();
    return std::move(conn).error();
  }
  ++in_use_;
  return PooledConnection(this, std::move(conn).value());
}

void ConnectionPool::release(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(mutex_);
  --in_use_;
  if (conn->reset_for_reuse()) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;
  }
  freed_.notify_one();
}

PoolStats ConnectionPool::stats() const {
  std::lock_guard lock(mutex_);
  return PoolStats{open_, in_use_, max_size_, waits_};
}

}  // namespace cairn::storage
