#include "stats/frequent_values.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "stats/sample_generator.hpp"
#include "stats/sketch_fuzz.hpp"

namespace cairn::stats {
namespace frequent_values_test {
namespace {

using testing_samples::SplitMix64;

// A Zipf-like stream over 5000 values: a few heavy hitters and a long tail.
std::vector<std::string> skewed_stream(std::size_t n, uint64_t seed) {
  SplitMix64 g(seed);
  std::vector<std::string> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double u = g.uniform();
    out.push_back("v" + std::to_string(static_cast<int>(std::floor(u * u * u * 5000))));
  }
  return out;
}

std::map<std::string, uint64_t> true_counts(const std::vector<std::string>& stream) {
  std::map<std::string, uint64_t> counts;
  for (const auto& v : stream) ++counts[v];
  return counts;
}

// The SpaceSaving guarantees, checked for every value of the stream.
void expect_guarantees(const FrequentValues& summary, const std::map<std::string, uint64_t>& truth) {
  const double bound = static_cast<double>(summary.total()) / summary.capacity();
  EXPECT_LE(static_cast<double>(summary.unmonitored_bound()), bound);
  std::map<std::string, FrequentValues::Item> reported;
  for (auto& item : summary.top(summary.size())) reported.emplace(item.value, item);
  EXPECT_LE(reported.size(), summary.capacity());
  for (const auto& [value, count] : truth) {
    auto it = reported.find(value);
    if (it == reported.end()) {
      EXPECT_LE(count, summary.unmonitored_bound()) << value;
      continue;
    }
    EXPECT_GE(it->second.count, count) << value;
    EXPECT_LE(it->second.count - it->second.max_overestimate, count) << value;
    EXPECT_LE(static_cast<double>(it->second.max_overestimate), bound) << value;
  }
}

TEST(FrequentValues, counts_exactly_while_distinct_values_fit) {
  FrequentValues summary(16);
  std::map<std::string, uint64_t> truth;
  SplitMix64 g(1);
  for (int i = 0; i < 10'000; ++i) {
    const std::string v = "k" + std::to_string(g.next() % 16);
    summary.add(v);
    ++truth[v];
  }
  EXPECT_TRUE(summary.exact());
  EXPECT_EQ(summary.total(), 10'000u);
  for (const auto& item : summary.top(100)) {
    EXPECT_EQ(item.count, truth[item.value]);
    EXPECT_EQ(item.max_overestimate, 0u);
  }
  const auto top = summary.top(3);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_GE(top[0].count, top[1].count);
}

TEST(FrequentValues, single_pass_keeps_the_spacesaving_guarantees) {
  const auto stream = skewed_stream(200'000, 2);
  FrequentValues summary(64);
  for (const auto& v : stream) summary.add(v);
  EXPECT_FALSE(summary.exact());
  expect_guarantees(summary, true_counts(stream));
  // The heaviest values are certainly reported: v0 alone is about 17% of the stream.
  EXPECT_EQ(summary.top(1)[0].value, "v0");
}

TEST(FrequentValues, merge_tree_keeps_the_guarantees) {
  const auto stream = skewed_stream(200'000, 3);
  std::vector<FrequentValues> parts(8, FrequentValues(64));
  for (std::size_t i = 0; i < stream.size(); ++i) parts[(i / 1000) % parts.size()].add(stream[i]);
  // ((0 1) (2 3)) ((4 5) (6 7)): merges of merges.
  for (std::size_t width = 1; width < parts.size(); width *= 2) {
    for (std::size_t i = 0; i + width < parts.size(); i += 2 * width) parts[i].merge(parts[i + width]);
  }
  EXPECT_EQ(parts[0].total(), stream.size());
  expect_guarantees(parts[0], true_counts(stream));
  EXPECT_EQ(parts[0].top(1)[0].value, "v0");
}

TEST(FrequentValues, merge_is_exact_when_the_union_fits) {
  FrequentValues a(8), b(8), whole(8);
  for (int i = 0; i < 100; ++i) {
    const std::string v = "x" + std::to_string(i % 5);
    a.add(v);
    whole.add(v);
  }
  for (int i = 0; i < 70; ++i) {
    const std::string v = "x" + std::to_string(3 + i % 5);  // x3..x7: 8 distinct in the union
    b.add(v);
    whole.add(v);
  }
  a.merge(b);
  EXPECT_TRUE(a.exact());
  const auto merged = a.top(8), single = whole.top(8);
  ASSERT_EQ(merged.size(), single.size());
  for (std::size_t i = 0; i < merged.size(); ++i) {
    EXPECT_EQ(merged[i].value, single[i].value);
    EXPECT_EQ(merged[i].count, single[i].count);
  }
}

TEST(FrequentValues, adding_after_a_merge_keeps_the_guarantees) {
  const auto stream = skewed_stream(60'000, 4);
  FrequentValues a(32), b(32);
  for (std::size_t i = 0; i < 20'000; ++i) a.add(stream[i]);
  for (std::size_t i = 20'000; i < 40'000; ++i) b.add(stream[i]);
  a.merge(b);
  for (std::size_t i = 40'000; i < stream.size(); ++i) a.add(stream[i]);
  expect_guarantees(a, true_counts(stream));
}

TEST(FrequentValues, serialization_round_trips_and_rejects_garbage) {
  FrequentValues summary(32);
  for (const auto& v : skewed_stream(5000, 5)) summary.add(v);
  const std::string bytes = summary.serialize();
  auto back = FrequentValues::deserialize(bytes);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->serialize(), bytes);
  EXPECT_EQ(back->top(5)[0].value, summary.top(5)[0].value);
  const int truncated_accepted = testing_samples::fuzz_deserializer(bytes, [](const std::string& b) {
    auto r = FrequentValues::deserialize(b);
    if (r.ok()) {
      r->add("probe");
      (void)r->top(3);
    }
    return r.ok();
  });
  EXPECT_EQ(truncated_accepted, 0);
}

}  // namespace
}  // namespace frequent_values_test
}  // namespace cairn::stats
