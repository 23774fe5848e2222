#include "storage/tracking/metric_buckets.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>

#include "common/embedded_resources.hpp"
#include "stats/step_summary.hpp"
#include "storage/scratch_database.hpp"
#include "storage/tracking/metric_store.hpp"

namespace cairn::storage {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Metric histories in a real database of each dialect, with the migrations applied.
class MetricBucketsTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == Dialect::postgres && !storage_testing::pg_url()) GTEST_SKIP() << "set CAIRN_TEST_PG_URL";
    scratch_ = std::make_unique<storage_testing::ScratchDatabase>(GetParam());
    c_.emplace(scratch_->connection());
    // The run a history belongs to is not what these tests are about: no run row, so no foreign keys.
    const char* no_run = GetParam() == Dialect::sqlite
                             ? "PRAGMA foreign_keys = OFF"
                             : "ALTER TABLE metrics DROP CONSTRAINT metrics_run_id_fkey;"
                               "ALTER TABLE latest_metrics DROP CONSTRAINT latest_metrics_run_id_fkey;"
                               "ALTER TABLE metric_buckets DROP CONSTRAINT metric_buckets_run_id_fkey";
    ASSERT_TRUE(c().execute_script(no_run).ok());
  }
  void TearDown() override { c_.reset(); }
  Connection& c() { return **c_; }

  // The table as text, a row per bucket, for comparing two ways of filling it.
  std::string table() {
    auto rows = c().query("SELECT * FROM metric_buckets ORDER BY run_id, key, bucket");
    EXPECT_TRUE(rows.ok());
    std::string out;
    for (const auto& row : rows->data) {
      for (const auto& v : row) {
        if (const auto* i = std::get_if<int64_t>(&v)) out += std::to_string(*i) + " ";
        if (const auto* d = std::get_if<double>(&v)) out += std::to_string(*d) + " ";
        if (const auto* s = std::get_if<std::string>(&v)) out += *s + " ";
      }
      out += "\n";
    }
    return out;
  }

  std::unique_ptr<storage_testing::ScratchDatabase> scratch_;
  std::optional<PooledConnection> c_;
};

// A history logged in shuffled batches, some sent twice, with NaN and infinities: distinct values and
// (step, timestamp) pairs, so that no tie leaves a choice.
std::vector<std::vector<MetricRecord>> shuffled_batches(int points, std::mt19937& random) {
  std::vector<MetricRecord> all;
  for (int i = 0; i < points; ++i) {
    MetricRecord p;
    p.key = i % 3 ? "loss" : "acc";
    p.step = i - 700;  // negative steps too: bucket 0 spans -1023..1023
    p.timestamp = 5000 + i;
    p.value = i % 211 == 0 ? kNaN : (i % 307 == 0 ? -std::numeric_limits<double>::infinity() : std::sin(i) + i * 1e-9);
    all.push_back(p);
  }
  std::shuffle(all.begin(), all.end(), random);
  std::vector<std::vector<MetricRecord>> batches;
  for (std::size_t i = 0; i < all.size(); i += 250) {
    batches.emplace_back(all.begin() + static_cast<std::ptrdiff_t>(i),
                         all.begin() + static_cast<std::ptrdiff_t>(std::min(all.size(), i + 250)));
  }
  return batches;
}

TEST_P(MetricBucketsTest, InsertsKeepTheSummariesTheBackfillComputes) {
  std::mt19937 random(11);
  const auto batches = shuffled_batches(6000, random);
  for (std::size_t i = 0; i < batches.size(); ++i) {
    ASSERT_TRUE(metrics::log(c(), "r1", batches[i]).ok());
    if (i % 4 == 0) {
      ASSERT_TRUE(metrics::log(c(), "r1", batches[i]).ok());  // a retried batch
    }
  }
  const std::string kept = table();
  ASSERT_NE(kept, "");

  // The migration's backfill over the same raw points must give the same table.
  std::string backfill;
  for (const auto& m : embedded::migrations()) {
    if (m.path == storage_testing::dialect_name(GetParam()) + "/0010_metric_buckets.sql")
      backfill = std::string(m.content.substr(m.content.find("INSERT")));
  }
  ASSERT_NE(backfill, "");
  ASSERT_TRUE(c().execute("DELETE FROM metric_buckets").ok());
  ASSERT_TRUE(c().execute_script(backfill).ok());
  EXPECT_EQ(table(), kept);
}

TEST_P(MetricBucketsTest, ALongHistoryIsDownsampledFromItsSummaries) {
  std::vector<MetricRecord> points;
  for (int i = 0; i < 100'000; ++i) {
    MetricRecord p;
    p.key = "loss";
    p.step = i;
    p.timestamp = i;
    p.value = i == 73'456 ? 50.0 : 1.0 / (1 + i);  // one spike
    points.push_back(p);
  }
  ASSERT_TRUE(metrics::log(c(), "r1", points).ok());

  auto candidates = metric_buckets::points_to_downsample(c(), "r1", "loss", std::nullopt, std::nullopt, 100);
  ASSERT_TRUE(candidates.ok());
  EXPECT_GT(candidates->size(), 100u);
  EXPECT_LT(candidates->size(), 100'000u / 100);  // about four per 1,024 steps
  EXPECT_EQ(candidates->front().step, 0);
  EXPECT_EQ(candidates->back().step, 99'999);
  EXPECT_TRUE(std::any_of(candidates->begin(), candidates->end(), [](const auto& p) { return p.value == 50.0; }));

  // A range's ends cut buckets: nothing outside the range comes back.
  auto window = metric_buckets::points_to_downsample(c(), "r1", "loss", 1000, 90'000, 100);
  ASSERT_TRUE(window.ok());
  EXPECT_EQ(window->front().step, 1000);
  EXPECT_EQ(window->back().step, 90'000);

  // Short ranges and large budgets read the raw points: the answer is exact and complete.
  auto short_range = metric_buckets::points_to_downsample(c(), "r1", "loss", 10, 5000, 320);
  ASSERT_TRUE(short_range.ok());
  EXPECT_EQ(short_range->size(), 4991u);
  auto big_budget = metric_buckets::points_to_downsample(c(), "r1", "loss", std::nullopt, std::nullopt, 10'000);
  ASSERT_TRUE(big_budget.ok());
  EXPECT_EQ(big_budget->size(), 100'000u);
}

INSTANTIATE_TEST_SUITE_P(Dialects, MetricBucketsTest, ::testing::Values(Dialect::sqlite, Dialect::postgres),
                         [](const auto& info) { return storage_testing::dialect_name(info.param); });

}  // namespace
}  // namespace cairn::storage
