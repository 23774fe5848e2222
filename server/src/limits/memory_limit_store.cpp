#include <chrono>
#include <mutex>
#include <unordered_map>

#include "limits/limit_store.hpp"

namespace cairn::limits {
namespace {

int64_t steady_us() {
  using namespace std::chrono;
  return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

int64_t steady_ms() {
  return steady_us() / 1000;
}

int64_t ceil_ms(int64_t us) {
  return (us + 999) / 1000;
}

class MemoryLimitStore final : public LimitStore {
 public:
  Decision take(const std::string& key, int64_t interval_us, int64_t burst) override {
    std::lock_guard lock(mutex_);
    const int64_t now_us = steady_us();
    sweep(now_us / 1000);
    int64_t& tat = tats_[key];
    const int64_t base = std::max(tat, now_us);
    const int64_t new_tat = base + interval_us;
    const int64_t allow_at = new_tat - burst * interval_us;
    Decision d;
    if (now_us < allow_at) {
      d.allowed = false;
      d.retry_after_ms = ceil_ms(allow_at - now_us);
      d.remaining = 0;
      d.reset_ms = ceil_ms(base - now_us);
      return d;
    }
    tat = new_tat;
    d.remaining = (now_us - allow_at) / interval_us;
    d.reset_ms = ceil_ms(new_tat - now_us);
    return d;
  }

  Window increment(const std::string& key, int64_t window_ms) override {
    std::lock_guard lock(mutex_);
    const int64_t now = steady_ms();
    sweep(now);
    auto& w = windows_[key];
    if (w.ends_at <= now) w = {0, now + window_ms};
    ++w.count;
    return {w.count, w.ends_at - now};
  }

  Window peek(const std::string& key) override {
    std::lock_guard lock(mutex_);
    const int64_t now = steady_ms();
    auto it = windows_.find(key);
    if (it == windows_.end() || it->second.ends_at <= now) return {};
    return {it->second.count, it->second.ends_at - now};
  }

  void reset(const std::string& key) override {
    std::lock_guard lock(mutex_);
    windows_.erase(key);
    tats_.erase(key);
  }

 private:
  struct Counter {
    int64_t count = 0;
    int64_t ends_at = 0;
  };

  // Drops stale entries now and then so the maps stay as large as the set of active keys.
  void sweep(int64_t now) {
    if (now - last_sweep_ < 60'000) return;
    last_sweep_ = now;
    std::erase_if(tats_, [now](const auto& entry) { return entry.second < now * 1000; });  // tats in us
    std::erase_if(windows_, [now](const auto& entry) { return entry.second.ends_at <= now; });
  }

  std::mutex mutex_;
  std::unordered_map<std::string, int64_t> tats_;  ///< theoretical arrival times, in us
  std::unordered_map<std::string, Counter> windows_;
  int64_t last_sweep_ = 0;
};

}  // namespace

std::unique_ptr<LimitStore> make_memory_limit_store() {
  return std::make_unique<MemoryLimitStore>();
}

}  // namespace cairn::limits
