#include "service/monitoring/monitor_watch.hpp"

#include <set>
#include <vector>

#include "common/clock.hpp"
#include "common/log.hpp"

namespace cairn::service {

MonitorWatch::MonitorWatch(storage::Database& db, std::chrono::milliseconds period)
    : db_(db), period_(period), thread_([this] { loop(); }) {}

MonitorWatch::~MonitorWatch() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

uint64_t MonitorWatch::subscribe(const std::string& monitor_id, Watcher watcher) {
  std::lock_guard lock(mutex_);
  const uint64_t id = next_id_++;
  subscriptions_[id] = {monitor_id, std::move(watcher)};
  wake_.notify_all();
  return id;
}

void MonitorWatch::unsubscribe(uint64_t id) {
  std::lock_guard lock(mutex_);
  subscriptions_.erase(id);
}

std::size_t MonitorWatch::watchers() const {
  std::lock_guard lock(mutex_);
  return subscriptions_.size();
}

void MonitorWatch::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (subscriptions_.empty()) {
      last_written_.clear();
      wake_.wait(lock, [this] { return stopping_ || !subscriptions_.empty(); });
      continue;
    }
    lock.unlock();
    try {
      poll();
    } catch (const std::exception& e) {
      log::error("monitor watch failed a poll", {{"error", e.what()}});
    }
    lock.lock();
    wake_.wait_for(lock, period_, [this] { return stopping_; });
  }
}

void MonitorWatch::poll() {
  std::set<std::string> monitors;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, s] : subscriptions_) monitors.insert(s.monitor_id);
  }
  auto conn = db_.acquire();
  if (!conn.ok()) return;
  // Flushes write the current minutes; a record may carry a timestamp up to an hour old or ahead.
  const int64_t since = now_ms() - 2 * 3'600'000;
  std::map<std::string, int64_t> newest;
  for (const auto& monitor : monitors) {
    auto rows = (*conn)->query(
        "SELECT COALESCE(MAX(written_at), 0) FROM monitor_buckets WHERE monitor_id = ? AND resolution = 60"
        " AND start_at >= ?",
        {monitor, since});
    if (rows.ok() && !rows->empty()) newest[monitor] = (*rows)[0].int64(0);
  }
  struct Telling {
    uint64_t id;
    Watcher watcher;
    int64_t written;
  };
  std::vector<Telling> to_tell;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [monitor, written] : newest) {
      auto [it, fresh] = last_written_.try_emplace(monitor, written);
      if (fresh || it->second == written) continue;  // the first look sets the baseline
      it->second = written;
      for (const auto& [id, s] : subscriptions_)
        if (s.monitor_id == monitor) to_tell.push_back({id, s.watcher, written});
    }
  }
  // Outside the lock: a watcher writes to its stream.
  std::vector<uint64_t> gone;
  for (auto& t : to_tell)
    if (!t.watcher(t.written)) gone.push_back(t.id);
  for (auto id : gone) unsubscribe(id);
}

}  // namespace cairn::service
