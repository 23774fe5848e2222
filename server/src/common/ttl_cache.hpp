#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace cairn {

/// A small map whose entries expire after `ttl_ms` or when the `epoch` they were stored under is
/// no longer the current one (the owner bumps it to drop everything at once). Bounded: when full,
/// it starts over empty, which costs one miss per live key (simpler and cheaper than LRU order for
/// caches whose whole content refills within a TTL anyway).
template <class V>
class TtlCache {
 public:
  TtlCache(int64_t ttl_ms, std::size_t max_entries) : ttl_ms_(ttl_ms), max_entries_(max_entries) {}

  std::optional<V> get(const std::string& key, int64_t now_ms, uint64_t epoch) const {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second.epoch != epoch || it->second.expires_at <= now_ms) return std::nullopt;
    return it->second.value;
  }

  void put(const std::string& key, V value, int64_t now_ms, uint64_t epoch) {
    std::lock_guard lock(mutex_);
    if (entries_.size() >= max_entries_ && !entries_.contains(key)) entries_.clear();
    entries_[key] = Entry{std::move(value), now_ms + ttl_ms_, epoch};
  }

 private:
  struct Entry {
    V value;
    int64_t expires_at;
    uint64_t epoch;
  };
  const int64_t ttl_ms_;
  const std::size_t max_entries_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace cairn
