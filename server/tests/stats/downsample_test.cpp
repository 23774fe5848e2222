#include "stats/downsample.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

namespace cairn::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

using Downsampler = std::vector<MetricPoint> (*)(std::span<const MetricPoint>, std::size_t);

bool same(const MetricPoint& a, const MetricPoint& b) {
  const bool values = (std::isnan(a.value) && std::isnan(b.value)) || a.value == b.value;
  return a.step == b.step && a.timestamp == b.timestamp && values;
}

// A smooth, noisy-looking curve with distinct timestamps so points can be told apart.
std::vector<MetricPoint> series(std::size_t n) {
  std::vector<MetricPoint> points;
  points.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double x = static_cast<double>(i);
    points.push_back({static_cast<int64_t>(i), 1'700'000'000'000 + static_cast<int64_t>(i),
                      std::exp(-x / static_cast<double>(n)) + 0.01 * std::sin(x * 0.7)});
  }
  return points;
}

// Every output point is an input point, in input order (a subsequence), which also proves the order is by step.
void expect_subsequence(const std::vector<MetricPoint>& out, const std::vector<MetricPoint>& in) {
  std::size_t j = 0;
  for (const auto& p : out) {
    while (j < in.size() && !same(in[j], p)) ++j;
    ASSERT_LT(j, in.size()) << "point at step " << p.step << " is not from the input, or out of order";
    ++j;
  }
}

bool contains_value(const std::vector<MetricPoint>& out, double value) {
  for (const auto& p : out) {
    if (std::isnan(value) ? std::isnan(p.value) : p.value == value) return true;
  }
  return false;
}

class DownsampleBoth : public testing::TestWithParam<Downsampler> {};

INSTANTIATE_TEST_SUITE_P(Downsample, DownsampleBoth, testing::Values(&downsample_lttb, &downsample_min_max),
                         [](const testing::TestParamInfo<Downsampler>& info) {
                           return info.param == &downsample_lttb ? std::string("lttb") : std::string("min_max");
                         });

TEST_P(DownsampleBoth, returns_input_unchanged_when_it_fits) {
  const auto in = series(10);
  for (std::size_t limit : {10u, 11u, 1000u}) {
    const auto out = GetParam()(in, limit);
    ASSERT_EQ(out.size(), in.size());
    for (std::size_t i = 0; i < in.size(); ++i) EXPECT_TRUE(same(out[i], in[i]));
  }
}

TEST_P(DownsampleBoth, empty_input_gives_empty_output) {
  EXPECT_TRUE(GetParam()({}, 100).empty());
  EXPECT_TRUE(GetParam()({}, 0).empty());
}

TEST_P(DownsampleBoth, tiny_limits_keep_the_ends) {
  const auto in = series(50);
  EXPECT_TRUE(GetParam()(in, 0).empty());
  auto one = GetParam()(in, 1);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_TRUE(same(one[0], in.back()));
  auto two = GetParam()(in, 2);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_TRUE(same(two[0], in.front()));
  EXPECT_TRUE(same(two[1], in.back()));
  auto three = GetParam()(in, 3);
  ASSERT_GE(three.size(), 2u);
  EXPECT_LE(three.size(), 3u);
  EXPECT_TRUE(same(three.front(), in.front()));
  EXPECT_TRUE(same(three.back(), in.back()));
}

TEST_P(DownsampleBoth, never_exceeds_the_limit_and_keeps_first_and_last) {
  const auto in = series(10'000);
  for (std::size_t limit : {4u, 5u, 7u, 100u, 101u, 999u, 9'999u}) {
    const auto out = GetParam()(in, limit);
    ASSERT_LE(out.size(), limit) << limit;
    ASSERT_GE(out.size(), 2u);
    EXPECT_TRUE(same(out.front(), in.front())) << limit;
    EXPECT_TRUE(same(out.back(), in.back())) << limit;
    expect_subsequence(out, in);
  }
}

TEST_P(DownsampleBoth, keeps_a_single_spike) {
  auto in = series(100'000);
  in[54'321].value = 50.0;
  in[77'777].value = -50.0;
  const auto out = GetParam()(in, 200);
  EXPECT_TRUE(contains_value(out, 50.0));
  EXPECT_TRUE(contains_value(out, -50.0));
}

TEST_P(DownsampleBoth, keeps_nan_and_infinities_visible) {
  auto in = series(10'000);
  in[1'000].value = kNaN;
  in[5'000].value = kInf;
  in[8'000].value = -kInf;
  const auto out = GetParam()(in, 100);
  EXPECT_LE(out.size(), 100u);
  EXPECT_TRUE(contains_value(out, kNaN));
  EXPECT_TRUE(contains_value(out, kInf));
  EXPECT_TRUE(contains_value(out, -kInf));
  expect_subsequence(out, in);
}

TEST_P(DownsampleBoth, nan_does_not_poison_other_buckets) {
  auto in = series(10'000);
  in[0].value = kNaN;  // the anchor of the first triangle
  in[2'000].value = kNaN;
  in[2'100].value = 43.0;  // in the bucket right after the NaN's (LTTB anchors its triangles on the NaN pick)
  in[6'000].value = 42.0;  // and one far from the NaNs
  const auto out = GetParam()(in, 100);
  EXPECT_TRUE(contains_value(out, 43.0));
  EXPECT_TRUE(contains_value(out, 42.0));
  std::size_t non_finite = 0;
  for (const auto& p : out) non_finite += std::isfinite(p.value) ? 0 : 1;
  EXPECT_EQ(non_finite, 2u) << "only the two NaN points themselves are non-finite";
}

TEST_P(DownsampleBoth, all_nan_input_still_downsamples) {
  std::vector<MetricPoint> in(1'000);
  for (std::size_t i = 0; i < in.size(); ++i) in[i] = {static_cast<int64_t>(i), 0, kNaN};
  const auto out = GetParam()(in, 50);
  EXPECT_LE(out.size(), 50u);
  EXPECT_GE(out.size(), 2u);
  expect_subsequence(out, in);
}

TEST_P(DownsampleBoth, huge_finite_values_do_not_break_selection) {
  auto in = series(1'000);
  in[300].value = std::numeric_limits<double>::max();
  in[301].value = -std::numeric_limits<double>::max();
  const auto out = GetParam()(in, 40);
  EXPECT_LE(out.size(), 40u);
  expect_subsequence(out, in);
}

TEST_P(DownsampleBoth, handles_extreme_and_repeated_steps) {
  std::vector<MetricPoint> in;
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min(), kMax = std::numeric_limits<int64_t>::max();
  for (int i = 0; i < 500; ++i) in.push_back({kMin + i, i, static_cast<double>(i % 7)});
  for (int i = 0; i < 500; ++i) in.push_back({kMax - 500 + i, i, static_cast<double>(i % 5)});
  const auto out = GetParam()(in, 64);
  EXPECT_LE(out.size(), 64u);
  EXPECT_TRUE(same(out.front(), in.front()));
  EXPECT_TRUE(same(out.back(), in.back()));
  expect_subsequence(out, in);

  std::vector<MetricPoint> same_step(300, MetricPoint{7, 0, 1.0});
  for (std::size_t i = 0; i < same_step.size(); ++i) same_step[i].timestamp = static_cast<int64_t>(i);
  EXPECT_LE(GetParam()(same_step, 10).size(), 10u);
}

TEST_P(DownsampleBoth, unsorted_input_still_respects_the_limit) {
  auto in = series(5'000);
  std::swap(in[10], in[4'000]);
  in[20].step = -1'000'000;
  EXPECT_LE(GetParam()(in, 60).size(), 60u);
}

TEST_P(DownsampleBoth, one_million_points_in_one_pass) {
  const auto in = series(1'000'000);
  const auto start = std::chrono::steady_clock::now();
  const auto out = GetParam()(in, 1'000);
  const auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::printf("[ timing   ] 1,000,000 -> %zu points in %.2f ms\n", out.size(), elapsed);
  EXPECT_LE(out.size(), 1'000u);
  EXPECT_TRUE(same(out.front(), in.front()));
  EXPECT_TRUE(same(out.back(), in.back()));
}

TEST(Downsample, lttb_returns_exactly_the_limit) {
  const auto in = series(10'000);
  for (std::size_t limit : {3u, 4u, 10u, 333u, 9'999u}) EXPECT_EQ(downsample_lttb(in, limit).size(), limit) << limit;
}

TEST(Downsample, lttb_picks_the_peak_of_a_triangle_wave) {
  // Three buckets of middle points; the peak of each is the point farthest from the straight line.
  std::vector<MetricPoint> in;
  for (int i = 0; i <= 20; ++i) in.push_back({i, i, i <= 10 ? static_cast<double>(i) : static_cast<double>(20 - i)});
  const auto out = downsample_lttb(in, 3);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[1].step, 10);
}

TEST(Downsample, lttb_prefers_a_non_finite_point_within_its_bucket) {
  auto in = series(1'000);
  in[500].value = 1e9;   // the largest triangle in its bucket...
  in[501].value = kInf;  // ...loses to the infinity beside it, which must stay visible
  const auto out = downsample_lttb(in, 10);
  EXPECT_TRUE(contains_value(out, kInf));
}

TEST(Downsample, min_max_keeps_both_extremes_of_each_bucket) {
  std::vector<MetricPoint> in;
  for (int i = 0; i < 1'000; ++i) in.push_back({i, i, 0.0});
  in[100].value = 5;
  in[120].value = -5;  // same bucket (10 buckets of 100 steps) as the 5
  const auto out = downsample_min_max(in, 22);
  EXPECT_TRUE(contains_value(out, 5.0));
  EXPECT_TRUE(contains_value(out, -5.0));
}

TEST(Downsample, min_max_gives_fewer_points_when_steps_are_sparse) {
  // Two clusters of steps far apart: most step buckets are empty.
  std::vector<MetricPoint> in;
  for (int i = 0; i < 100; ++i) in.push_back({i, i, static_cast<double>(i)});
  for (int i = 0; i < 100; ++i) in.push_back({1'000'000 + i, 100 + i, static_cast<double>(i)});
  const auto out = downsample_min_max(in, 100);
  EXPECT_LT(out.size(), 20u);
  EXPECT_TRUE(same(out.front(), in.front()));
  EXPECT_TRUE(same(out.back(), in.back()));
}

TEST(Downsample, min_max_ranks_nan_above_infinity) {
  std::vector<MetricPoint> in;
  for (int i = 0; i < 100; ++i) in.push_back({i, i, 0.0});
  in[50].value = kInf;
  in[51].value = kNaN;
  in[52].value = -kInf;
  // Four slots: first, last, and one bucket's min and max.
  const auto out = downsample_min_max(in, 4);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_TRUE(contains_value(out, kNaN));
  EXPECT_TRUE(contains_value(out, -kInf));
}

}  // namespace
}  // namespace cairn::stats
