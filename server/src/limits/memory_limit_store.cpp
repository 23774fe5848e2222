#include <chrono>
#include <mutex>
#include <unordered_map>

#include "limits/limit_store.hpp"

namespace cairn::limits {
namespace {

int64_t steady_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

class MemoryLimitStore final : public LimitStore {
 public:
  Decision take(const std::string& key, int64_t interval_ms, int64_t burst) override {
    std::lock_guard lock(mutex_);
    const int64_t now = steady_ms();
    sweep(now);
    int64_t& tat = tats_[key];
    const int64_t base = std::max(tat, now);
    const int64_t new_tat = base + interval_ms;
    const int64_t allow_at = new_tat - burst * interval_ms;
    Decision d;
    if (now < allow_at) {
      d.allowed = false;
      d.retry_after_ms = allow_at - now;
      d.remaining = 0;
      d.reset_ms = base - now;
      return d;
    }
    tat = new_tat;
    d.remaining = (now - allow_at) / interval_ms;
    d.reset_ms = new_tat - now;
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
    std::erase_if(tats_, [now](const auto& entry) { return entry.second < now; });
    std::erase_if(windows_, [now](const auto& entry) { return entry.second.ends_at <= now; });
  }

  std::mutex mutex_;
  std::unordered_map<std::string, int64_t> tats_;
  std::unordered_map<std::string, Counter> windows_;
  int64_t last_sweep_ = 0;
};

}  // namespace

std::unique_ptr<LimitStore> make_memory_limit_store() {
  return std::make_unique<MemoryLimitStore>();
}

}  // namespace cairn::limits
