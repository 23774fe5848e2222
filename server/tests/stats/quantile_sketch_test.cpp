#include "stats/quantile_sketch.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "stats/sample_generator.hpp"
#include "stats/sketch_fuzz.hpp"

namespace cairn::stats {
namespace quantile_sketch_test {
namespace {

using testing_samples::SplitMix64;

constexpr double kAlpha = QuantileSketch::kDefaultRelativeAccuracy;
// The sketch's representative is within alpha of the value by construction; this is floating-point slack only.
constexpr double kSlack = 1e-12;

struct Distribution {
  const char* name;
  std::function<double(SplitMix64&)> draw;
};

std::vector<Distribution> distributions() {
  return {
      {"normal", [](SplitMix64& g) { return 100 + 15 * g.normal(); }},
      {"lognormal", [](SplitMix64& g) { return std::exp(2 * g.normal()); }},
      {"mixed_sign_with_zeros",
       [](SplitMix64& g) {
         const double u = g.uniform();
         return u < 0.1 ? 0.0 : (u < 0.55 ? -1e3 * g.uniform() : 1e-3 * g.uniform());
       }},
      {"pareto_heavy_tail", [](SplitMix64& g) { return 1.0 / std::pow(1 - g.uniform(), 1.0 / 1.2); }},
  };
}

std::vector<double> quantile_points() {
  std::vector<double> qs{0.0, 0.0001, 0.001, 0.999, 0.9999, 1.0};
  for (int i = 1; i < 100; ++i) qs.push_back(i / 100.0);
  return qs;
}

double true_quantile(const std::vector<double>& sorted, double q) {
  return sorted[static_cast<std::size_t>(std::floor(q * static_cast<double>(sorted.size() - 1)))];
}

TEST(QuantileSketch, every_quantile_is_within_alpha_on_a_million_values) {
  for (const auto& d : distributions()) {
    SplitMix64 g(7);
    QuantileSketch sketch;
    std::vector<double> values(1'000'000);
    for (auto& v : values) {
      v = d.draw(g);
      sketch.add(v);
    }
    std::sort(values.begin(), values.end());
    ASSERT_FALSE(sketch.collapsed()) << d.name;
    EXPECT_EQ(sketch.count(), values.size());
    EXPECT_EQ(sketch.min(), values.front());
    EXPECT_EQ(sketch.max(), values.back());
    for (double q : quantile_points()) {
      const double truth = true_quantile(values, q);
      EXPECT_LE(std::abs(sketch.quantile(q) - truth), (kAlpha + kSlack) * std::abs(truth))
          << d.name << " q=" << q << " true=" << truth;
    }
  }
}

TEST(QuantileSketch, merged_buckets_equal_a_single_pass) {
  SplitMix64 g(11);
  QuantileSketch whole;
  std::vector<QuantileSketch> parts(10);
  for (int i = 0; i < 200'000; ++i) {
    const double v = std::exp(3 * g.normal()) * (i % 3 == 0 ? -1 : 1);
    whole.add(v);
    parts[i % parts.size()].add(v);
  }
  QuantileSketch merged;
  for (const auto& p : parts) ASSERT_TRUE(merged.merge(p).ok());
  EXPECT_EQ(merged.count(), whole.count());
  EXPECT_EQ(merged.min(), whole.min());
  EXPECT_EQ(merged.max(), whole.max());
  EXPECT_NEAR(merged.sum(), whole.sum(), 1e-9 * std::abs(whole.sum()) + 1e-6);
  for (double q : quantile_points()) EXPECT_EQ(merged.quantile(q), whole.quantile(q)) << q;
  const auto a = merged.buckets(), b = whole.buckets();
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].count, b[i].count);
}

TEST(QuantileSketch, collapses_the_lowest_buckets_past_max_bins_and_keeps_the_top_accurate) {
  QuantileSketch sketch(0.01, 64);
  std::vector<double> values;
  for (int i = 0; i < 10'000; ++i) values.push_back(std::pow(1.01, i % 2000));  // ~20 orders of magnitude
  for (double v : values) sketch.add(v);
  EXPECT_TRUE(sketch.collapsed());
  EXPECT_LE(sketch.buckets().size(), 64u);
  std::sort(values.begin(), values.end());
  for (double q : {0.99, 0.995, 1.0}) {
    const double truth = true_quantile(values, q);
    EXPECT_LE(std::abs(sketch.quantile(q) - truth), (0.01 + kSlack) * truth) << q;
  }
}

TEST(QuantileSketch, cdf_estimate_is_within_the_bucket_around_x) {
  SplitMix64 g(3);
  QuantileSketch sketch;
  std::vector<double> values(100'000);
  for (auto& v : values) {
    v = 50 + 10 * g.normal();
    sketch.add(v);
  }
  std::sort(values.begin(), values.end());
  for (double x : {30.0, 45.0, 50.0, 55.0, 70.0}) {
    // Values within a relative alpha of x may sit on either side of it in the sketch.
    const auto below =
        static_cast<double>(std::upper_bound(values.begin(), values.end(), x * (1 - 2 * kAlpha)) - values.begin());
    const auto upto =
        static_cast<double>(std::upper_bound(values.begin(), values.end(), x * (1 + 2 * kAlpha)) - values.begin());
    const double n = static_cast<double>(values.size());
    EXPECT_GE(sketch.cdf(x), below / n) << x;
    EXPECT_LE(sketch.cdf(x), upto / n) << x;
  }
  EXPECT_EQ(sketch.cdf(-1e9), 0.0);
  EXPECT_EQ(sketch.cdf(1e9), 1.0);
}

TEST(QuantileSketch, empty_sketch_answers_without_crashing) {
  QuantileSketch sketch;
  EXPECT_TRUE(std::isnan(sketch.quantile(0.5)));
  EXPECT_EQ(sketch.cdf(1.0), 0.0);
  EXPECT_EQ(sketch.count(), 0u);
  sketch.add(std::nan(""));
  sketch.add(INFINITY);
  EXPECT_EQ(sketch.count(), 0u);
  EXPECT_TRUE(std::isnan(sketch.quantile(1.5)));
  auto back = QuantileSketch::deserialize(sketch.serialize());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->count(), 0u);
}

TEST(QuantileSketch, refuses_to_merge_a_different_accuracy) {
  QuantileSketch a(0.01), b(0.02);
  b.add(1.0);
  EXPECT_FALSE(a.merge(b).ok());
}

TEST(QuantileSketch, serialization_round_trips_exactly) {
  SplitMix64 g(5);
  QuantileSketch sketch;
  for (int i = 0; i < 50'000; ++i) sketch.add(g.normal() * 1e3, 1 + g.next() % 3);
  sketch.add(0.0, 7);
  const std::string bytes = sketch.serialize();
  auto back = QuantileSketch::deserialize(bytes);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->serialize(), bytes);
  for (double q : quantile_points()) EXPECT_EQ(back->quantile(q), sketch.quantile(q));
  EXPECT_LT(bytes.size(), 2500u) << "compact: about a byte or two per bucket";
}

TEST(QuantileSketch, garbage_never_crashes_deserialize) {
  QuantileSketch sketch;
  SplitMix64 g(9);
  for (int i = 0; i < 1000; ++i) sketch.add(g.normal());
  const int truncated_accepted = testing_samples::fuzz_deserializer(sketch.serialize(), [](const std::string& bytes) {
    auto r = QuantileSketch::deserialize(bytes);
    if (r.ok()) (void)r->quantile(0.5);  // an accepted sketch must be usable
    return r.ok();
  });
  EXPECT_EQ(truncated_accepted, 0);
}

}  // namespace
}  // namespace quantile_sketch_test
}  // namespace cairn::stats
