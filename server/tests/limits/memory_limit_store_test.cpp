#include <gtest/gtest.h>

#include "limits/limit_store.hpp"

namespace cairn::limits {
namespace {

TEST(MemoryLimitStore, gcra_allows_the_burst_then_denies_with_retry_after) {
  auto store = make_memory_limit_store();
  const int64_t interval_ms = 60'000;  // one per minute: no refill during the test
  for (int i = 0; i < 3; ++i) {
    auto d = store->take("k", interval_ms, 3);
    EXPECT_TRUE(d.allowed) << i;
    EXPECT_EQ(d.remaining, 2 - i);
  }
  auto denied = store->take("k", interval_ms, 3);
  EXPECT_FALSE(denied.allowed);
  EXPECT_GT(denied.retry_after_ms, 59'000);
  EXPECT_LE(denied.retry_after_ms, 60'000);
}

TEST(MemoryLimitStore, keys_are_independent) {
  auto store = make_memory_limit_store();
  EXPECT_TRUE(store->take("a", 60'000, 1).allowed);
  EXPECT_FALSE(store->take("a", 60'000, 1).allowed);
  EXPECT_TRUE(store->take("b", 60'000, 1).allowed);
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
