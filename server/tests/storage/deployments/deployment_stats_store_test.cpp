#include "storage/deployments/deployment_stats_store.hpp"

#include <gtest/gtest.h>

#include "storage/scratch_database.hpp"

namespace cairn::storage {
namespace {

class DeploymentStatsStoreTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == Dialect::postgres && !storage_testing::pg_url()) GTEST_SKIP() << "set CAIRN_TEST_PG_URL";
    scratch_ = std::make_unique<storage_testing::ScratchDatabase>(GetParam());
    c_.emplace(scratch_->connection());
  }
  void TearDown() override { c_.reset(); }
  Connection& c() { return **c_; }

  std::unique_ptr<storage_testing::ScratchDatabase> scratch_;
  std::optional<PooledConnection> c_;
};

serving::StatsSlot slot(int64_t start, int64_t requests) {
  serving::StatsSlot s;
  s.start = start;
  s.requests = requests;
  s.errors = 1;
  s.cache_hits = 2;
  s.batches = 3;
  s.batch_rows = 12;
  s.bins[0] = 5;
  s.bins[79] = static_cast<int32_t>(requests - 5);
  return s;
}

TEST_P(DeploymentStatsStoreTest, a_replica_reads_the_others_slots_never_its_own) {
  ASSERT_TRUE(deployment_stats::publish(c(), "a", "d1", {slot(10'000, 7), slot(20'000, 9)}, 1).ok());
  ASSERT_TRUE(deployment_stats::publish(c(), "b", "d1", {slot(20'000, 11)}, 1).ok());
  ASSERT_TRUE(deployment_stats::publish(c(), "b", "d2", {slot(20'000, 50)}, 1).ok());
  // A later publish of the same bucket replaces the replica's count.
  ASSERT_TRUE(deployment_stats::publish(c(), "b", "d1", {slot(20'000, 13)}, 2).ok());

  auto for_a = deployment_stats::others(c(), "d1", "a", 0);
  ASSERT_TRUE(for_a.ok()) << for_a.error().message;
  ASSERT_EQ(for_a->size(), 1U);
  const auto& s = (*for_a)[0];
  EXPECT_EQ(s.start, 20'000);
  EXPECT_EQ(s.requests, 13);
  EXPECT_EQ(s.errors, 1);
  EXPECT_EQ(s.cache_hits, 2);
  EXPECT_EQ(s.batches, 3);
  EXPECT_EQ(s.batch_rows, 12);
  EXPECT_EQ(s.bins[0], 5);
  EXPECT_EQ(s.bins[79], 8);

  auto for_b = deployment_stats::others(c(), "d1", "b", 15'000);
  ASSERT_TRUE(for_b.ok());
  ASSERT_EQ(for_b->size(), 1U);
  EXPECT_EQ((*for_b)[0].requests, 9);

  auto pruned = deployment_stats::prune(c(), 20'000);
  ASSERT_TRUE(pruned.ok());
  EXPECT_EQ(*pruned, 1);
  EXPECT_TRUE(deployment_stats::others(c(), "d1", "b", 0)->size() == 1U);
}

TEST(DeploymentStatsBins, round_trip_and_refuse_what_no_replica_writes) {
  serving::StatsSlot s;
  s.bins[3] = 2;
  s.bins[70] = 1;
  EXPECT_EQ(deployment_stats::encode_bins(s), "3:2,70:1");
  serving::StatsSlot back;
  ASSERT_TRUE(deployment_stats::decode_bins("3:2,70:1", back).ok());
  EXPECT_EQ(back.bins, s.bins);
  EXPECT_TRUE(deployment_stats::decode_bins("", back).ok());
  for (const char* bad : {"80:1", "3:-1", "3", "x:1", "3:2,", "3:99999999999"}) {
    serving::StatsSlot out;
    EXPECT_FALSE(deployment_stats::decode_bins(bad, out).ok()) << bad;
  }
}

INSTANTIATE_TEST_SUITE_P(Dialects, DeploymentStatsStoreTest, ::testing::Values(Dialect::sqlite, Dialect::postgres),
                         [](const auto& info) { return storage_testing::dialect_name(info.param); });

}  // namespace
}  // namespace cairn::storage
