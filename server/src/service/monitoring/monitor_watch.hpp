#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "storage/database.hpp"

namespace cairn::service {

/// Tells live dashboards when a monitor's statistics changed, wherever they were written: every
/// `period` it reads, for each monitor someone watches, the newest write of its recent minute
/// buckets (a primary-key range, so a cheap query) and calls the watchers of those that moved.
/// The database is the source of truth because any replica may have flushed the traffic; one
/// query per watched monitor per period, however many people watch it. Nothing runs while nobody
/// watches.
class MonitorWatch {
 public:
  /// Called with the newest write time (ms) when it moves; false unsubscribes (the client left).
  using Watcher = std::function<bool(int64_t written_at)>;

  MonitorWatch(storage::Database& db, std::chrono::milliseconds period);
  ~MonitorWatch();
  MonitorWatch(const MonitorWatch&) = delete;
  MonitorWatch& operator=(const MonitorWatch&) = delete;

  uint64_t subscribe(const std::string& monitor_id, Watcher watcher);
  void unsubscribe(uint64_t id);
  /// Watchers now (for /metrics and tests).
  std::size_t watchers() const;

 private:
  struct Subscription {
    std::string monitor_id;
    Watcher watcher;
  };
  void loop();
  void poll();

  storage::Database& db_;
  const std::chrono::milliseconds period_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::map<uint64_t, Subscription> subscriptions_;
  std::map<std::string, int64_t> last_written_;  ///< by monitor: what the watchers were last told
  uint64_t next_id_ = 1;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace cairn::service
