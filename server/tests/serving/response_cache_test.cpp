#include "serving/response_cache.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <random>
#include <thread>
#include <vector>

namespace cairn::serving {
namespace {

constexpr int kTtl = 60;
constexpr std::size_t kMany = 1000;

/// One float64 column "x" with the given values.
Table numbers(std::vector<double> values) {
  Table t;
  t.rows = static_cast<int64_t>(values.size());
  Column c;
  c.name = "x";
  c.type = DataType::float64;
  c.data.resize(values.size() * sizeof(double));
  std::memcpy(c.data.data(), values.data(), c.data.size());
  t.columns.push_back(std::move(c));
  return t;
}

/// One string column "s" of two rows whose bytes are "abc", split at `cut`.
Table strings_split_at(uint32_t cut) {
  Table t;
  t.rows = 2;
  Column c;
  c.name = "s";
  c.type = DataType::string;
  c.data = {'a', 'b', 'c'};
  c.offsets = {0, cut, 3};
  t.columns.push_back(std::move(c));
  return t;
}

/// A key of deployment `dep` that differs by `n` (a stand-in for distinct requests).
std::string key_of(std::string_view dep, int n) {
  return ResponseCache::key(dep, 1, numbers({static_cast<double>(n)}), "");
}

/// What the cache charges for a body of `size` bytes under a key of deployment `dep`.
std::size_t charge_of(std::string_view dep, std::size_t size) {
  return key_of(dep, 0).size() + size + ResponseCache::kEntryOverhead;
}

TEST(ResponseCache, key_is_deployment_prefix_and_128_bit_hex) {
  std::string k = ResponseCache::key("dep-1", 3, numbers({1, 2}), R"({"a":1})");
  ASSERT_EQ(k.size(), std::string("dep-1:").size() + 32);
  EXPECT_EQ(k.substr(0, 6), "dep-1:");
  EXPECT_EQ(k.find_first_not_of("0123456789abcdef", 6), std::string::npos);
  EXPECT_EQ(k, ResponseCache::key("dep-1", 3, numbers({1, 2}), R"({"a":1})"));
}

TEST(ResponseCache, same_inputs_with_other_params_revision_or_deployment_miss) {
  const Table t = numbers({1.5, 2.5});
  const std::string base = ResponseCache::key("d", 1, t, "");
  EXPECT_NE(base, ResponseCache::key("d", 1, t, R"({"k":1})"));
  EXPECT_NE(base, ResponseCache::key("d", 2, t, ""));
  EXPECT_NE(base, ResponseCache::key("e", 1, t, ""));

  ResponseCache cache;
  cache.put(base, "answer", 0, kTtl, kMany);
  EXPECT_EQ(cache.get(ResponseCache::key("d", 1, t, R"({"k":1})"), 0), std::nullopt);
  EXPECT_EQ(cache.get(ResponseCache::key("d", 2, t, ""), 0), std::nullopt);
  EXPECT_EQ(cache.get(ResponseCache::key("d", 1, t, ""), 0), "answer");
}

TEST(ResponseCache, tables_differing_only_in_validity_have_different_keys) {
  Table a = numbers({1, 2});
  Table b = a;
  b.columns[0].valid = {1, 0};
  Table c = a;
  c.columns[0].valid = {1, 1};  // the same values, said differently: a miss, never a wrong hit
  EXPECT_NE(ResponseCache::key("d", 1, a, ""), ResponseCache::key("d", 1, b, ""));
  EXPECT_NE(ResponseCache::key("d", 1, b, ""), ResponseCache::key("d", 1, c, ""));
}

TEST(ResponseCache, tables_differing_only_in_string_offsets_have_different_keys) {
  // ["a", "bc"] and ["ab", "c"] share their bytes.
  EXPECT_NE(ResponseCache::key("d", 1, strings_split_at(1), ""), ResponseCache::key("d", 1, strings_split_at(2), ""));
}

TEST(ResponseCache, tables_differing_in_kind_shape_name_type_or_rows_have_different_keys) {
  const Table base = numbers({1, 2, 3, 4});
  const std::string k = ResponseCache::key("d", 1, base, "");

  Table kind = base;
  kind.kind = TableKind::tensors;
  Table shape = base;
  shape.rows = 2;
  shape.columns[0].shape = {2};
  Table name = base;
  name.columns[0].name = "y";
  Table type = base;
  type.columns[0].type = DataType::int64;
  Table two_columns = numbers({1, 2});  // the same bytes in two columns of two rows
  two_columns.columns.push_back(numbers({3, 4}).columns[0]);
  two_columns.columns[1].name = "";

  for (const Table* other : {&kind, &shape, &name, &type, &two_columns})
    EXPECT_NE(k, ResponseCache::key("d", 1, *other, ""));
}

TEST(ResponseCache, hit_after_put_and_miss_before) {
  ResponseCache cache;
  const std::string k = key_of("d", 1);
  EXPECT_EQ(cache.get(k, 0), std::nullopt);
  cache.put(k, "{\"predictions\": [1]}", 0, kTtl, kMany);
  EXPECT_EQ(cache.get(k, 1), "{\"predictions\": [1]}");
  EXPECT_EQ(cache.get(k, 2), "{\"predictions\": [1]}");

  auto s = cache.stats();
  EXPECT_EQ(s.hits, 2u);
  EXPECT_EQ(s.misses, 1u);
  EXPECT_EQ(s.entries, 1u);
  EXPECT_EQ(s.bytes, charge_of("d", std::strlen("{\"predictions\": [1]}")));
}

TEST(ResponseCache, put_replaces_the_body_and_its_charge) {
  ResponseCache cache;
  const std::string k = key_of("d", 1);
  cache.put(k, "short", 0, kTtl, kMany);
  cache.put(k, "a longer body", 0, kTtl, kMany);
  EXPECT_EQ(cache.get(k, 0), "a longer body");
  EXPECT_EQ(cache.stats().entries, 1u);
  EXPECT_EQ(cache.stats().bytes, charge_of("d", std::strlen("a longer body")));
}

TEST(ResponseCache, entry_expires_after_its_ttl) {
  ResponseCache cache;
  const std::string k = key_of("d", 1);
  cache.put(k, "body", 1'000, 2, kMany);
  EXPECT_EQ(cache.get(k, 2'999), "body");
  EXPECT_EQ(cache.get(k, 3'000), std::nullopt);

  auto s = cache.stats();
  EXPECT_EQ(s.expired, 1u);
  EXPECT_EQ(s.misses, 1u);
  EXPECT_EQ(s.entries, 0u);
  EXPECT_EQ(s.bytes, 0u);
}

TEST(ResponseCache, ttl_is_per_entry) {
  ResponseCache cache;
  cache.put(key_of("d", 1), "short-lived", 0, 1, kMany);
  cache.put(key_of("d", 2), "long-lived", 0, 100, kMany);
  EXPECT_EQ(cache.get(key_of("d", 1), 5'000), std::nullopt);
  EXPECT_EQ(cache.get(key_of("d", 2), 5'000), "long-lived");
}

TEST(ResponseCache, stores_nothing_when_ttl_or_bound_is_not_positive) {
  ResponseCache cache;
  cache.put(key_of("d", 1), "body", 0, 0, kMany);
  cache.put(key_of("d", 2), "body", 0, kTtl, 0);
  EXPECT_EQ(cache.stats().entries, 0u);
  EXPECT_EQ(cache.get(key_of("d", 1), 0), std::nullopt);
}

TEST(ResponseCache, evicts_least_recently_used_by_entries) {
  ResponseCache cache;
  cache.put(key_of("d", 1), "one", 0, kTtl, 2);
  cache.put(key_of("d", 2), "two", 0, kTtl, 2);
  ASSERT_EQ(cache.get(key_of("d", 1), 0), "one");  // 2 is now the least recently used
  cache.put(key_of("d", 3), "three", 0, kTtl, 2);

  EXPECT_EQ(cache.get(key_of("d", 2), 0), std::nullopt);
  EXPECT_EQ(cache.get(key_of("d", 1), 0), "one");
  EXPECT_EQ(cache.get(key_of("d", 3), 0), "three");
  EXPECT_EQ(cache.stats().evictions, 1u);
  EXPECT_EQ(cache.stats().entries, 2u);
}

TEST(ResponseCache, evicts_least_recently_used_by_bytes_across_deployments) {
  // Room for exactly three entries; small bodies, so that they stay under 1/16 of the budget.
  const std::string body(40, 'x');
  ResponseCache cache(3 * charge_of("a", body.size()));
  ASSERT_LE(body.size() * 16, 3 * charge_of("a", body.size()));
  cache.put(key_of("a", 1), body, 0, kTtl, kMany);
  cache.put(key_of("b", 1), body, 0, kTtl, kMany);
  cache.put(key_of("a", 2), body, 0, kTtl, kMany);
  ASSERT_EQ(cache.stats().evictions, 0u);
  ASSERT_TRUE(cache.get(key_of("a", 1), 0));  // b/1 is now the least recently used

  cache.put(key_of("a", 3), body, 0, kTtl, kMany);
  EXPECT_EQ(cache.get(key_of("b", 1), 0), std::nullopt);
  EXPECT_TRUE(cache.get(key_of("a", 1), 0));
  EXPECT_TRUE(cache.get(key_of("a", 2), 0));
  EXPECT_TRUE(cache.get(key_of("a", 3), 0));
  auto s = cache.stats();
  EXPECT_EQ(s.evictions, 1u);
  EXPECT_EQ(s.entries, 3u);
  EXPECT_EQ(s.bytes, 3 * charge_of("a", body.size()));
}

TEST(ResponseCache, per_deployment_bound_leaves_other_deployments_alone) {
  ResponseCache cache;
  for (int i = 0; i < 5; ++i) cache.put(key_of("other", i), "o", 0, kTtl, 10);
  for (int i = 0; i < 5; ++i) cache.put(key_of("busy", i), "b", 0, kTtl, 2);

  for (int i = 0; i < 5; ++i) EXPECT_TRUE(cache.get(key_of("other", i), 0)) << i;
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(cache.get(key_of("busy", i), 0)) << i;
  for (int i = 3; i < 5; ++i) EXPECT_TRUE(cache.get(key_of("busy", i), 0)) << i;
  EXPECT_EQ(cache.stats().evictions, 3u);
  EXPECT_EQ(cache.stats().entries, 7u);
}

TEST(ResponseCache, a_smaller_bound_on_a_later_put_shrinks_the_deployment) {
  ResponseCache cache;
  for (int i = 0; i < 4; ++i) cache.put(key_of("d", i), "b", 0, kTtl, 10);
  cache.put(key_of("d", 4), "b", 0, kTtl, 2);  // the deployment's config changed
  EXPECT_EQ(cache.stats().entries, 2u);
  EXPECT_TRUE(cache.get(key_of("d", 4), 0));
  EXPECT_TRUE(cache.get(key_of("d", 3), 0));
}

TEST(ResponseCache, never_stores_a_body_over_a_sixteenth_of_the_budget) {
  ResponseCache cache(16 * 1024);
  cache.put(key_of("d", 1), std::string(1024, 'x'), 0, kTtl, kMany);
  cache.put(key_of("d", 2), std::string(1025, 'x'), 0, kTtl, kMany);
  EXPECT_TRUE(cache.get(key_of("d", 1), 0));
  EXPECT_FALSE(cache.get(key_of("d", 2), 0));
  EXPECT_EQ(cache.stats().entries, 1u);
  EXPECT_EQ(cache.stats().evictions, 0u);
}

TEST(ResponseCache, drop_deployment_removes_only_its_entries) {
  ResponseCache cache;
  for (int i = 0; i < 3; ++i) cache.put(key_of("gone", i), "g", 0, kTtl, kMany);
  cache.put(key_of("kept", 1), "k", 0, kTtl, kMany);
  // A deployment whose id is a prefix of another's keeps its entries too.
  cache.put(key_of("gon", 1), "p", 0, kTtl, kMany);

  cache.drop_deployment("gone");
  cache.drop_deployment("never-cached");
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(cache.get(key_of("gone", i), 0));
  EXPECT_EQ(cache.get(key_of("kept", 1), 0), "k");
  EXPECT_EQ(cache.get(key_of("gon", 1), 0), "p");
  auto s = cache.stats();
  EXPECT_EQ(s.entries, 2u);
  EXPECT_EQ(s.bytes, charge_of("kept", 1) + charge_of("gon", 1));
  EXPECT_EQ(s.evictions, 0u);

  // The deployment caches again afterwards.
  cache.put(key_of("gone", 0), "again", 0, kTtl, kMany);
  EXPECT_EQ(cache.get(key_of("gone", 0), 0), "again");
}

TEST(ResponseCache, concurrent_gets_and_puts_keep_the_bounds_and_the_accounting) {
  const std::size_t budget = 64 * 1024;
  constexpr std::size_t kBound = 50;
  constexpr int kThreads = 4;
  constexpr int kOps = 20'000;
  ResponseCache cache(budget);

  std::atomic<uint64_t> gets{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&cache, &gets, t] {
      std::mt19937 random(static_cast<unsigned>(t));
      const char* deployments[] = {"a", "b", "c"};
      for (int i = 0; i < kOps; ++i) {
        const std::string k = key_of(deployments[random() % 3], static_cast<int>(random() % 200));
        const int64_t now = i;  // TTLs of 1 s expire some entries along the way
        if (random() % 2 == 0) {
          ++gets;
          if (auto body = cache.get(k, now)) {
            EXPECT_EQ(body->substr(0, k.size()), k);
          }
        } else {
          cache.put(k, k + std::string(random() % 2000, 'x'), now, 1 + static_cast<int>(random() % 3), kBound);
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();

  auto s = cache.stats();
  EXPECT_LE(s.bytes, budget);
  EXPECT_LE(s.entries, 3 * kBound);
  EXPECT_EQ(s.hits + s.misses, gets.load());
  EXPECT_GT(s.hits, 0u);
  EXPECT_GT(s.misses, 0u);
  EXPECT_GT(s.evictions, 0u);
  // Dropping everything must bring the books back to zero: no entry was lost or counted twice.
  for (const char* d : {"a", "b", "c"}) cache.drop_deployment(d);
  EXPECT_EQ(cache.stats().entries, 0u);
  EXPECT_EQ(cache.stats().bytes, 0u);
}

}  // namespace
}  // namespace cairn::serving
