#include "stats/cardinality_sketch.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "stats/sketch_fuzz.hpp"

namespace cairn::stats {
namespace cardinality_sketch_test {
namespace {

TEST(CardinalitySketch, hash_is_pinned_across_builds) {
  // Sketches are stored and merged across versions: the hash must never change.
  EXPECT_EQ(stable_hash64(""), 0xefd01f60ba992926ull);
  EXPECT_EQ(stable_hash64("cairn"), 0xaeb50f402cb87804ull);
  EXPECT_EQ(stable_hash64("c0"), 0x2e4e9135714d20f5ull);
}

TEST(CardinalitySketch, estimates_within_three_standard_errors) {
  for (uint64_t n : {1ull, 10ull, 1'000ull, 20'000ull, 300'000ull, 1'000'000ull}) {
    CardinalitySketch sketch;
    for (uint64_t i = 0; i < n; ++i) sketch.add("user-" + std::to_string(i));
    for (uint64_t i = 0; i < n; i += 3) sketch.add("user-" + std::to_string(i));  // repeats change nothing
    const double estimate = sketch.estimate();
    EXPECT_LE(std::abs(estimate - static_cast<double>(n)), 3 * sketch.standard_error() * static_cast<double>(n) + 0.5)
        << n << " estimated as " << estimate;
  }
  EXPECT_NEAR(CardinalitySketch().standard_error(), 1.04 / 64, 1e-12);
  EXPECT_EQ(CardinalitySketch().estimate(), 0.0);
}

TEST(CardinalitySketch, merge_equals_the_sketch_of_the_union) {
  CardinalitySketch a, b, both;
  for (int i = 0; i < 50'000; ++i) {
    const std::string v = "k" + std::to_string(i);
    (i % 2 ? a : b).add(v);
    if (i % 5 == 0) a.add(v);  // overlap
    both.add(v);
  }
  ASSERT_TRUE(a.merge(b).ok());
  EXPECT_EQ(a.estimate(), both.estimate());
  EXPECT_EQ(a.serialize(), both.serialize());
  EXPECT_FALSE(a.merge(CardinalitySketch(10)).ok());
}

TEST(CardinalitySketch, serialization_round_trips_sparse_and_dense_and_rejects_garbage) {
  for (int n : {0, 30, 100'000}) {
    CardinalitySketch sketch;
    for (int i = 0; i < n; ++i) sketch.add(std::to_string(i));
    const std::string bytes = sketch.serialize();
    if (n == 30) {
      EXPECT_LT(bytes.size(), 100u) << "a nearly empty sketch is stored sparse";
    }
    auto back = CardinalitySketch::deserialize(bytes);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->serialize(), bytes);
    EXPECT_EQ(back->estimate(), sketch.estimate());
    const int truncated_accepted = testing_samples::fuzz_deserializer(bytes, [](const std::string& b) {
      auto r = CardinalitySketch::deserialize(b);
      if (r.ok()) (void)r->estimate();
      return r.ok();
    });
    EXPECT_EQ(truncated_accepted, 0) << n;
  }
}

}  // namespace
}  // namespace cardinality_sketch_test
}  // namespace cairn::stats
