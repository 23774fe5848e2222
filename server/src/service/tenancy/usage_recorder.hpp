#pragma once

#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "storage/database.hpp"

namespace cairn::service {

/// Counts API-key requests in memory and adds them to the database every few seconds, so an
/// authenticated GET costs no write. Additive upserts keep the counts right with several replicas.
class UsageRecorder {
 public:
  explicit UsageRecorder(storage::Database& db, std::chrono::milliseconds interval = std::chrono::seconds(2));
  ~UsageRecorder();  ///< flushes what is pending

  void record(const std::string& key_id, const std::string& ip, int64_t now_ms);
  /// Writes pending counts now.
  void flush();

 private:
  struct Pending {
    int64_t requests = 0;
    int64_t last_used_at = 0;
    std::string last_ip;
  };
  void run();

  storage::Database& db_;
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::map<std::pair<std::string, std::string>, Pending> pending_;  // (key id, day)
  bool stopping_ = false;
  std::mutex flush_mutex_;
  std::thread worker_;
};

}  // namespace cairn::service
