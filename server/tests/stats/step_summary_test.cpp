#include "stats/step_summary.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace cairn::stats::step_summary_test {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

bool same(const MetricPoint& a, const MetricPoint& b) {
  const bool values = (std::isnan(a.value) && std::isnan(b.value)) || a.value == b.value;
  return a.step == b.step && a.timestamp == b.timestamp && values;
}

TEST(StepSummary, BucketsTruncateTowardZeroAsSqlDoes) {
  EXPECT_EQ(summary_bucket(0), 0);
  EXPECT_EQ(summary_bucket(1023), 0);
  EXPECT_EQ(summary_bucket(1024), 1);
  EXPECT_EQ(summary_bucket(-1023), 0);
  EXPECT_EQ(summary_bucket(-1024), -1);
}

TEST(StepSummary, KeepsFirstLastLowestAndHighest) {
  const std::vector<MetricPoint> points = {{5, 50, 0.3}, {2, 20, 0.9}, {7, 70, 0.1}, {2, 10, 0.5}, {6, 60, 0.4}};
  const auto s = summarize(points);
  EXPECT_TRUE(same(s.first, {2, 10, 0.5}));  // lowest step, then lowest timestamp
  EXPECT_TRUE(same(s.last, {7, 70, 0.1}));
  EXPECT_TRUE(same(s.low, {7, 70, 0.1}));
  EXPECT_TRUE(same(s.high, {2, 20, 0.9}));
}

TEST(StepSummary, RanksInfinitiesAndNaNAsTheDownsamplersDo) {
  const std::vector<MetricPoint> points = {{1, 1, 2.0}, {2, 2, kNaN}, {3, 3, -kInf}, {4, 4, kInf}, {5, 5, 1.0}};
  const auto s = summarize(points);
  EXPECT_EQ(s.low.step, 3);   // -inf is the lowest
  EXPECT_EQ(s.high.step, 2);  // NaN ranks on top, so a bucket holding one shows it
  const std::vector<MetricPoint> finite_top = {{1, 1, 2.0}, {4, 4, kInf}};
  EXPECT_EQ(summarize(finite_top).high.step, 4);
  const std::vector<MetricPoint> all_nan = {{1, 1, kNaN}, {2, 2, kNaN}};
  EXPECT_TRUE(std::isnan(summarize(all_nan).low.value));
}

TEST(StepSummary, FoldingInAnyOrderOrTwiceGivesTheSameSummary) {
  std::mt19937 random(7);
  std::vector<MetricPoint> points;
  for (int i = 0; i < 500; ++i) {
    const double value = i % 97 == 0 ? kNaN : std::normal_distribution<double>(0, 1)(random);
    points.push_back({i, 1000 + i, value});
  }
  const auto expected = summarize(points);
  for (int round = 0; round < 20; ++round) {
    std::shuffle(points.begin(), points.end(), random);
    auto s = summarize(points);
    for (const auto& p : points) fold(s, p);  // a retried batch
    EXPECT_TRUE(same(s.first, expected.first));
    EXPECT_TRUE(same(s.last, expected.last));
    EXPECT_TRUE(same(s.low, expected.low));
    EXPECT_TRUE(same(s.high, expected.high));
  }
}

TEST(StepSummary, PointsComeInStepOrderEachOnce) {
  const std::vector<MetricPoint> a = {{0, 0, 1.0}, {1, 1, 5.0}, {2, 2, -1.0}, {3, 3, 2.0}};
  const std::vector<MetricPoint> b = {{1024, 9, 3.0}};  // one point: first = last = low = high
  const std::vector<StepSummary> summaries = {summarize(a), summarize(b)};
  const auto points = summary_points(summaries);
  ASSERT_EQ(points.size(), 5u);
  const std::vector<int64_t> steps = {0, 1, 2, 3, 1024};
  for (std::size_t i = 0; i < steps.size(); ++i) EXPECT_EQ(points[i].step, steps[i]);
}

TEST(StepSummary, TwoPointsOfOneStepAndTimestampAreBothKept) {
  // Same step and timestamp, different values: distinct logged points, not one (the middle value is no extreme).
  const std::vector<MetricPoint> a = {{4, 4, 0.5}, {4, 4, 0.2}, {4, 4, 0.9}};
  const auto points = summary_points(std::vector<StepSummary>{summarize(a)});
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(points[0].value, 0.2);
  EXPECT_EQ(points[1].value, 0.9);
}

}  // namespace
}  // namespace cairn::stats::step_summary_test
