#include "service/tenancy/usage_recorder.hpp"

#include "common/clock.hpp"
#include "common/log.hpp"
#include "storage/tenancy/api_key_store.hpp"

namespace cairn::service {

UsageRecorder::UsageRecorder(storage::Database& db, std::chrono::milliseconds interval)
    : db_(db), interval_(interval), worker_([this] { run(); }) {}

UsageRecorder::~UsageRecorder() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  worker_.join();
  flush();
}

void UsageRecorder::record(const std::string& key_id, const std::string& ip, int64_t now) {
  std::lock_guard lock(mutex_);
  auto& p = pending_[{key_id, utc_day(now)}];
  ++p.requests;
  if (now >= p.last_used_at) {
    p.last_used_at = now;
    p.last_ip = ip;
  }
}

void UsageRecorder::flush() {
  std::lock_guard serial(flush_mutex_);
  decltype(pending_) batch;
  {
    std::lock_guard lock(mutex_);
    batch.swap(pending_);
  }
  if (batch.empty()) return;
  auto conn = db_.acquire();
  if (!conn.ok()) {
    log::error("could not record API key usage", {{"error", conn.error().message}});
    return;
  }
  auto written = storage::in_transaction<bool>(**conn, true, [&](storage::Connection& c) -> Result<bool> {
    for (const auto& [key, p] : batch) {
      CAIRN_TRY(storage::api_keys::record_usage(c, key.first, key.second, p.requests, p.last_used_at, p.last_ip));
    }
    return true;
  });
  if (!written.ok()) log::error("could not record API key usage", {{"error", written.error().message}});
}

void UsageRecorder::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
    lock.unlock();
    flush();
    lock.lock();
  }
}

}  // namespace cairn::service
