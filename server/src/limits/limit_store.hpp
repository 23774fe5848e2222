#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/result.hpp"

namespace cairn::limits {

/// Counters behind rate limits and login throttling: in process by default, in Redis when
/// configured so that every replica shares them.
class LimitStore {
 public:
  virtual ~LimitStore() = default;

  struct Decision {
    bool allowed = true;
    int64_t retry_after_ms = 0;  ///< when denied
    int64_t remaining = 0;       ///< requests left in the burst
    int64_t reset_ms = 0;        ///< until the burst is whole again
  };
  /// GCRA (the generic cell rate algorithm): one request per `interval_us` on average, bursts of
  /// up to `burst`. Smooth, O(1) state per key, and exact across replicas in Redis. Microseconds, so
  /// that high rates keep their precision (600/s is one per 1,667 us, not one per 2 ms = 500/s).
  virtual Decision take(const std::string& key, int64_t interval_us, int64_t burst) = 0;

  struct Window {
    int64_t count = 0;
    int64_t ttl_ms = 0;  ///< until the window ends
  };
  /// Adds one to a counter that lives `window_ms` from its first increment.
  virtual Window increment(const std::string& key, int64_t window_ms) = 0;
  virtual Window peek(const std::string& key) = 0;
  virtual void reset(const std::string& key) = 0;
};

std::unique_ptr<LimitStore> make_memory_limit_store();
/// Connects lazily to `url` (redis://[:password@]host:port[/db]). When Redis cannot be reached the
/// limits fail open (requests pass, an error is logged): an outage of an optional cache must not
/// take the API down.
Result<std::unique_ptr<LimitStore>> make_redis_limit_store(const std::string& url);

}  // namespace cairn::limits
