#include <gtest/gtest.h>

#include <chrono>

#include "limits/limit_store.hpp"

namespace cairn::limits {
namespace {

TEST(MemoryLimitStore, gcra_allows_the_burst_then_denies_with_retry_after) {
  auto store = make_memory_limit_store();
  const int64_t interval_us = 60'000'000;  // one per minute: no refill during the test
  for (int i = 0; i < 3; ++i) {
    auto d = store->take("k", interval_us, 3);
    EXPECT_TRUE(d.allowed) << i;
    EXPECT_EQ(d.remaining, 2 - i);
  }
  auto denied = store->take("k", interval_us, 3);
  EXPECT_FALSE(denied.allowed);
  EXPECT_GT(denied.retry_after_ms, 59'000);
  EXPECT_LE(denied.retry_after_ms, 60'000);
}

TEST(MemoryLimitStore, keys_are_independent) {
  auto store = make_memory_limit_store();
  EXPECT_TRUE(store->take("a", 60'000'000, 1).allowed);
  EXPECT_FALSE(store->take("a", 60'000'000, 1).allowed);
  EXPECT_TRUE(store->take("b", 60'000'000, 1).allowed);
}

TEST(MemoryLimitStore, rates_above_a_thousand_per_second_keep_their_precision) {
  // 5,000 per second with no burst to speak of: over 50 ms about 250 pass, not the 50 a 1 ms
  // granularity would let through nor an unlimited flood.
  auto store = make_memory_limit_store();
  const auto start = std::chrono::steady_clock::now();
  int allowed = 0;
  while (std::chrono::steady_clock::now() - start < std::chrono::milliseconds(50))
    allowed += store->take("fast", 200, 1).allowed ? 1 : 0;
  const double elapsed_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  EXPECT_GE(allowed, static_cast<int>(elapsed_ms * 5 * 0.8));
  EXPECT_LE(allowed, static_cast<int>(elapsed_ms * 5) + 2);
  // A denial says when to come back, rounded up to whole ms.
  auto denied = store->take("fast", 200, 1);
  if (!denied.allowed) EXPECT_EQ(denied.retry_after_ms, 1);
}

TEST(MemoryLimitStore, window_counts_and_resets) {
  auto store = make_memory_limit_store();
  EXPECT_EQ(store->increment("w", 10'000).count, 1);
  auto second = store->increment("w", 10'000);
  EXPECT_EQ(second.count, 2);
  EXPECT_GT(second.ttl_ms, 9'000);
  EXPECT_EQ(store->peek("w").count, 2);
  store->reset("w");
  EXPECT_EQ(store->peek("w").count, 0);
}

}  // namespace
}  // namespace cairn::limits
