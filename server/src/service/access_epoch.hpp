#pragma once

#include <atomic>
#include <cstdint>

namespace cairn::service {

/// Caches of access answers on the prediction path (who an API key is, which deployment a caller
/// may call: database round trips each) keep them for a second or two. Every change made through
/// this server bumps this counter (the API does it after each request that may write), and an
/// answer from an earlier epoch is never used: a revoked key, a removed member or a deleted
/// deployment is refused at once here, and within the caches' TTL on the other replicas.
class AccessEpoch {
 public:
  uint64_t current() const { return value_.load(std::memory_order_acquire); }
  void bump() { value_.fetch_add(1, std::memory_order_acq_rel); }

 private:
  std::atomic<uint64_t> value_{0};
};

/// How long those caches keep an answer.
inline constexpr int64_t kAccessCacheTtlMs = 2000;

}  // namespace cairn::service
