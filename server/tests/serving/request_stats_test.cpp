#include "serving/request_stats.hpp"

#include <gtest/gtest.h>

namespace cairn::serving {
namespace {

constexpr int64_t kStatsNow = 1'700'000'005'000;  // 5 s into a 10-second bucket
constexpr int64_t kStatsBucket = 1'700'000'000'000;

TEST(RequestStats, adds_other_replicas_slots_to_its_own_bucket_by_bucket) {
  RequestStats mine;
  for (int i = 0; i < 10; ++i) mine.record(kStatsNow, 1.0, i == 0, false);
  StatsSlot other;
  other.start = kStatsBucket;
  other.requests = 30;
  other.errors = 3;
  other.bins[static_cast<size_t>(40)] = 30;  // ~ 73 ms, far above this replica's 1 ms
  StatsSlot earlier = other;
  earlier.start = kStatsBucket - 20'000;
  earlier.errors = 0;
  StatsSlot outside = other;  // before a 60-second window
  outside.start = kStatsBucket - 3'600'000;
  const auto s = mine.summary(kStatsNow, 60, {other, earlier, outside});
  ASSERT_EQ(s.buckets.size(), 6U);
  EXPECT_EQ(s.buckets.back().at, kStatsBucket);
  EXPECT_EQ(s.buckets.back().requests, 40);
  EXPECT_EQ(s.buckets.back().errors, 4);
  EXPECT_EQ(s.buckets[3].at, kStatsBucket - 20'000);
  EXPECT_EQ(s.buckets[3].requests, 30);
  EXPECT_EQ(s.totals.requests, 70);
  EXPECT_EQ(s.totals.errors, 4);
  // 60 of 70 requests are the other replica's slow ones: the window's p50 is theirs.
  EXPECT_GT(s.totals.p50_ms, 50.0);
  // What this replica counted alone is unchanged by the merge.
  EXPECT_EQ(mine.summary(kStatsNow, 60).totals.requests, 10);
}

TEST(RequestStats, hands_out_only_the_slots_changed_since_the_last_publish) {
  RequestStats stats;
  uint64_t counter = 0;
  EXPECT_TRUE(stats.changed_since(0, counter).empty());
  stats.record(kStatsNow - 10'000, 1.0, false, false);
  stats.record(kStatsNow, 1.0, false, false);
  auto all = stats.changed_since(0, counter);
  ASSERT_EQ(all.size(), 2U);
  uint64_t later = 0;
  EXPECT_TRUE(stats.changed_since(counter, later).empty());
  EXPECT_EQ(later, counter);
  stats.record_batch(kStatsNow, 4);
  auto changed = stats.changed_since(counter, later);
  ASSERT_EQ(changed.size(), 1U);
  EXPECT_EQ(changed[0].start, kStatsBucket);
  EXPECT_EQ(changed[0].requests, 1);
  EXPECT_EQ(changed[0].batch_rows, 4);
}

TEST(RequestStats, a_record_older_than_the_hour_does_not_take_a_newer_buckets_slot) {
  RequestStats stats;
  stats.record(kStatsNow, 1.0, false, false);
  stats.record(kStatsNow - 3'600'000, 1.0, true, false);  // the same ring position, an hour earlier
  const auto s = stats.summary(kStatsNow, 60);
  EXPECT_EQ(s.buckets.back().requests, 1);
  EXPECT_EQ(s.buckets.back().errors, 0);
  EXPECT_EQ(stats.totals().requests, 2);  // /metrics' counters still count it
}

}  // namespace
}  // namespace cairn::serving
