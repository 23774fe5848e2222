#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "stats/binning.hpp"
#include "stats/dataset_profile.hpp"
#include "stats/drift_methods.hpp"
#include "stats/kolmogorov.hpp"
#include "stats/sample_generator.hpp"
#include "stats/sketch_fuzz.hpp"

namespace cairn::stats {
namespace profile_drift_test {
namespace {

using testing_samples::generate;
using testing_samples::SplitMix64;

nlohmann::json recipe(const char* dist, int n, int seed, double loc = 0, double scale = 1, int k = 2) {
  return {{"dist", dist}, {"n", n}, {"seed", seed}, {"loc", loc}, {"scale", scale}, {"k", k}};
}

// A current profile fed row by row, as the monitoring service does.
FeatureProfile profile_like(const FeatureProfile& reference, const RawColumn& column) {
  FeatureProfile p = reference.empty_like();
  if (column.kind == FeatureKind::numeric) {
    for (double v : column.numbers) p.add(v);
  } else {
    for (const auto& v : column.texts) v ? p.add(std::string_view(*v)) : p.add_missing();
  }
  return p;
}

FeatureProfile reference_of(const RawColumn& column) {
  auto built = build_reference_profile(std::span<const RawColumn>(&column, 1));
  EXPECT_TRUE(built.ok());
  return built->features.begin()->second;
}

FeatureDrift profile_drift(const FeatureProfile& ref, const FeatureProfile& cur, const std::string& method) {
  auto d = drift_between("x", ref, cur, DriftOptions{method, std::nullopt});
  EXPECT_TRUE(d.ok()) << method << ": " << (d.ok() ? "" : d.error().message);
  return d.ok() ? *d : FeatureDrift{};
}

FeatureDrift exact_drift(const RawColumn& ref, const RawColumn& cur, const std::string& method) {
  auto d = raw_drift(ref, cur, DriftOptions{method, std::nullopt});
  EXPECT_TRUE(d.ok()) << method;
  return d.ok() ? *d : FeatureDrift{};
}

TEST(ProfileBins, slots_follow_numpy_and_points) {
  Bins intervals{{0, 1, 2}, false};
  EXPECT_EQ(intervals.slots(), 4u);
  EXPECT_EQ(intervals.slot_of(-0.1), 0u);
  EXPECT_EQ(intervals.slot_of(0), 1u);
  EXPECT_EQ(intervals.slot_of(1), 2u);
  EXPECT_EQ(intervals.slot_of(2), 2u) << "the last edge belongs to the last inner bin";
  EXPECT_EQ(intervals.slot_of(2.5), 3u);
  Bins points{{1, 2, 5}, true};
  EXPECT_EQ(points.slots(), 7u);
  EXPECT_EQ(points.slot_of(0), 0u);
  EXPECT_EQ(points.slot_of(1), 1u);
  EXPECT_EQ(points.slot_of(1.5), 2u);
  EXPECT_EQ(points.slot_of(5), 5u);
  EXPECT_EQ(points.slot_of(9), 6u);
  EXPECT_EQ(points.label(1), "1.0");
}

TEST(ProfileReference, picks_bins_like_evidently_and_keeps_small_samples) {
  std::vector<RawColumn> columns{generate(recipe("normal", 500, 1), "wide"),
                                 generate(recipe("int", 500, 2, 0, 1, 6), "few"),
                                 generate(recipe("cat", 500, 3, 0, 1, 40), "color")};
  columns[0].numbers[7] = NAN;
  auto built = build_reference_profile(columns);
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(built->rows, 500u);
  const auto& wide = built->features.at("wide").get_numeric();
  EXPECT_FALSE(wide.bins.points);
  EXPECT_EQ(wide.bins.edges.size(), 11u) << "sturges: ceil(log2(499) + 1) = 10 bins";
  EXPECT_EQ(wide.count, 499u);
  EXPECT_EQ(wide.missing, 1u);
  EXPECT_TRUE(wide.raw_complete);
  EXPECT_EQ(wide.raw.size(), 499u);
  const auto& few = built->features.at("few").get_numeric();
  EXPECT_TRUE(few.bins.points);
  EXPECT_EQ(few.bins.edges, (std::vector<double>{0, 1, 2, 3, 4, 5}));
  EXPECT_TRUE(built->features.at("color").get_categorical().values.exact());

  std::vector<RawColumn> ragged{generate(recipe("normal", 5, 1), "a"), generate(recipe("normal", 6, 1), "b")};
  EXPECT_FALSE(build_reference_profile(ragged).ok());
  std::vector<RawColumn> twice{generate(recipe("normal", 5, 1), "a"), generate(recipe("normal", 5, 1), "a")};
  EXPECT_FALSE(build_reference_profile(twice).ok());
}

TEST(ProfileReference, refuses_values_whose_variance_overflows_instead_of_storing_an_unreadable_profile) {
  // Regression: a CSV or Parquet reference with 1e300 and -1e300 was stored, then every read of the
  // monitor answered 400 "invalid moments".
  RawColumn huge;
  huge.name = "a";
  huge.numbers = {1e300, -1e300, 1};
  auto built = build_reference_profile(std::span<const RawColumn>(&huge, 1));
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.error().field, "a");
  huge.numbers = {1e150, -1e150, 1};  // large, but the variance fits: kept, and it reads back
  built = build_reference_profile(std::span<const RawColumn>(&huge, 1));
  ASSERT_TRUE(built.ok()) << built.error().message;
  EXPECT_TRUE(DatasetProfile::deserialize(built->serialize()).ok());
}

TEST(ProfileNumeric, moments_match_a_direct_computation_and_merge) {
  const auto column = generate(recipe("normal", 5000, 4, 10, 3));
  auto whole = reference_of(column);
  const auto& n = whole.get_numeric();
  double mean = 0;
  for (double v : column.numbers) mean += v;
  mean /= 5000;
  double var = 0;
  for (double v : column.numbers) var += (v - mean) * (v - mean);
  var /= 5000;
  EXPECT_NEAR(n.mean, mean, 1e-12 * std::abs(mean));
  EXPECT_NEAR(n.variance(), var, 1e-10 * var);
  EXPECT_FALSE(n.raw_complete) << "more than kRawLimit values";

  auto a = whole.empty_like(), b = whole.empty_like();
  for (std::size_t i = 0; i < column.numbers.size(); ++i) (i < 1234 ? a : b).add(column.numbers[i]);
  ASSERT_TRUE(a.merge(b).ok());
  EXPECT_EQ(a.get_numeric().count, n.count);
  EXPECT_EQ(a.get_numeric().bin_counts, n.bin_counts);
  EXPECT_NEAR(a.get_numeric().mean, n.mean, 1e-12 * std::abs(n.mean));
  EXPECT_NEAR(a.get_numeric().variance(), n.variance(), 1e-10 * n.variance());

  auto other_bins = FeatureProfile::numeric(Bins{{0, 1}, false});
  EXPECT_FALSE(a.merge(other_bins).ok());
  EXPECT_FALSE(a.merge(FeatureProfile::categorical()).ok());
}

TEST(ProfileBins, computed_lookup_equals_the_search_on_and_between_edges) {
  const auto column = generate(recipe("normal", 20000, 9, 3, 2));
  const auto edges = sturges_edges(column.numbers);
  const EdgeLookup lookup(edges);
  std::vector<double> probes(column.numbers);
  for (double e : edges) probes.insert(probes.end(), {e, std::nextafter(e, -INFINITY), std::nextafter(e, INFINITY)});
  probes.insert(probes.end(), {-1e300, 1e300, edges.front() - 1, edges.back() + 1});
  for (double v : probes) ASSERT_EQ(lookup.bin_index(v), bin_index(edges, v)) << v;
  const std::vector<double> uneven{0, 1, 10, 11, 500};  // not equal widths: searched
  const EdgeLookup searched(uneven);
  for (double v : {-1.0, 0.0, 0.5, 1.0, 9.99, 10.0, 10.5, 11.0, 499.0, 500.0, 501.0})
    EXPECT_EQ(searched.bin_index(v), bin_index(uneven, v)) << v;
}

TEST(ProfileNumeric, a_column_at_once_equals_value_by_value) {
  auto column = generate(recipe("normal", 10000, 5, -2, 4));
  column.numbers[1500] = NAN;  // a block with a missing value goes value by value
  column.numbers[7000] = INFINITY;
  const auto reference = reference_of(generate(recipe("normal", 3000, 6, -2, 4)));
  for (std::size_t n : {std::size_t{10}, std::size_t{1000}, std::size_t{1001}, column.numbers.size()}) {
    const std::span<const double> part(column.numbers.data(), n);
    auto one_by_one = reference.empty_like(), at_once = reference.empty_like();
    for (double v : part) one_by_one.add(v);
    at_once.add_all(part);
    const auto &a = one_by_one.get_numeric(), &b = at_once.get_numeric();
    EXPECT_EQ(b.count, a.count) << n;
    EXPECT_EQ(b.missing, a.missing) << n;
    EXPECT_EQ(b.bin_counts, a.bin_counts) << n;
    EXPECT_EQ(b.raw_complete, a.raw_complete) << n;
    EXPECT_EQ(b.raw, a.raw) << n;
    EXPECT_EQ(b.min, a.min) << n;
    EXPECT_EQ(b.max, a.max) << n;
    EXPECT_NEAR(b.mean, a.mean, 1e-12 * std::abs(a.mean)) << n;
    EXPECT_NEAR(b.variance(), a.variance(), 1e-10 * a.variance()) << n;
    EXPECT_EQ(b.quantiles.serialize(), a.quantiles.serialize()) << n;
  }
}

TEST(ProfileCategorical, a_column_at_once_equals_value_by_value) {
  std::vector<std::optional<std::string>> texts;
  for (int i = 0; i < 5000; ++i)
    texts.emplace_back(i % 97 == 0 ? std::nullopt : std::optional<std::string>("c" + std::to_string(i * 7 % 13)));
  auto one_by_one = FeatureProfile::categorical(), at_once = FeatureProfile::categorical();
  for (const auto& t : texts) {
    if (t)
      one_by_one.add(std::string_view(*t));
    else
      one_by_one.add_missing();
  }
  at_once.add_all(texts);
  EXPECT_EQ(at_once.serialize(), one_by_one.serialize());
  EXPECT_EQ(at_once.count(), 5000U - 52U);
  EXPECT_EQ(at_once.missing(), 52U);
  // Texts into a numeric profile are missing values, as add(text) counts them.
  auto numeric = FeatureProfile::numeric({});
  numeric.add_all(texts);
  EXPECT_EQ(numeric.missing(), 5000U);
}

TEST(ProfileDrift, exact_on_small_windows_and_value_counts) {
  // Both sides small: KS and Wasserstein run on the kept values; discrete and categorical features on exact counts.
  struct Case {
    nlohmann::json ref, cur;
    std::vector<std::string> methods;
  };
  const std::vector<Case> cases{
      {recipe("normal", 200, 1), recipe("normal", 150, 2, 0.3), {"ks", "wasserstein"}},
      {recipe("int", 600, 17, 0, 1, 4),
       recipe("int", 500, 18, 0, 1, 4),
       {"chisquare", "z", "jensenshannon", "psi", "kl_div", "tvd", "ks", "wasserstein"}},
      {recipe("cat", 700, 21, 0, 1, 8),
       recipe("cat", 600, 22, 0, 1, 8),
       {"chisquare", "z", "jensenshannon", "psi", "kl_div", "tvd", "hellinger"}},
      {recipe("cat", 4000, 23, 0, 1, 30),
       recipe("cat", 2500, 24, 0, 1, 30),
       {"chisquare", "jensenshannon", "psi", "kl_div", "tvd", "hellinger"}},
      {recipe("binary", 900, 25), recipe("binary", 800, 26), {"z", "chisquare", "jensenshannon"}},
  };
  for (const auto& c : cases) {
    const auto ref_raw = generate(c.ref), cur_raw = generate(c.cur);
    const auto ref = reference_of(ref_raw);
    const auto cur = profile_like(ref, cur_raw);
    for (const auto& method : c.methods) {
      const auto exact = exact_drift(ref_raw, cur_raw, method);
      const auto sketched = profile_drift(ref, cur, method);
      EXPECT_NEAR(sketched.score, exact.score, 1e-12 + 1e-10 * std::abs(exact.score)) << c.ref.dump() << " " << method;
      EXPECT_FALSE(sketched.error_bound.has_value()) << method;
      EXPECT_EQ(sketched.drifted, exact.drifted) << method;
    }
    // With no method named, both sides pick the same default.
    auto by_default = drift_between("x", ref, cur, {});
    auto raw_default = raw_drift(ref_raw, cur_raw, {});
    ASSERT_TRUE(by_default.ok() && raw_default.ok());
    EXPECT_EQ(by_default->method, raw_default->method) << c.ref.dump();
  }
}

TEST(ProfileDrift, sketched_ks_and_wasserstein_stay_within_their_bounds) {
  struct Case {
    nlohmann::json ref, cur;
  };
  const std::vector<Case> cases{
      {recipe("uniform", 5000, 7, 0, 10), recipe("uniform", 3000, 8, 0.5, 10)},  // both sketched
      {recipe("normal", 20000, 9), recipe("normal", 15000, 10, 0.02)},           // asymptotic p-values
      {recipe("normal", 800, 11, 5, 2), recipe("normal", 50000, 12, 5.3, 2)},    // exact reference, sketched current
      {recipe("normal", 3000, 13, -4, 1), recipe("normal", 3000, 14, -4, 1.5)},  // negative values
  };
  for (const auto& c : cases) {
    const auto ref_raw = generate(c.ref), cur_raw = generate(c.cur);
    const auto ref = reference_of(ref_raw);
    const auto cur = profile_like(ref, cur_raw);
    const auto ks = profile_drift(ref, cur, "ks");
    const auto exact_ks = ks_2samp(ref_raw.numbers, cur_raw.numbers);
    ASSERT_TRUE(ks.error_bound.has_value());
    ASSERT_TRUE(ks.statistic.has_value());
    // The exact path snaps D to a lattice of step 1 / lcm(n1, n2): allow that much besides the bound.
    EXPECT_LE(std::abs(*ks.statistic - exact_ks.statistic), *ks.error_bound + 1e-4) << c.cur.dump();
    // The band is about one bucket's share of each side (alpha |x| times the density): useful, not just true.
    EXPECT_LT(*ks.error_bound, 0.05);
    // The exact test's p-value lies in the range the band gives, and so does the estimate's.
    ASSERT_TRUE(ks.p_value_range.has_value());
    const auto [p_low, p_high] = *ks.p_value_range;
    EXPECT_LE(p_low, *ks.p_value);
    EXPECT_GE(p_high, *ks.p_value);
    EXPECT_LE(p_low, exact_ks.p_value + 1e-6) << c.cur.dump();
    EXPECT_GE(p_high, exact_ks.p_value - 1e-6) << c.cur.dump();
    const auto w = profile_drift(ref, cur, "wasserstein");
    const auto exact_w = exact_drift(ref_raw, cur_raw, "wasserstein");
    ASSERT_TRUE(w.error_bound.has_value());
    EXPECT_LE(std::abs(w.score - exact_w.score), *w.error_bound + 1e-9) << c.cur.dump();
    EXPECT_LT(*w.error_bound, 0.1);
    std::printf(
        "[ bounds   ] %s: KS %.5f (exact %.5f, bound %.5f, p %.3g in [%.3g, %.3g]), W %.5f (exact %.5f, bound %.5f)\n",
        c.cur.at("dist").get<std::string>().c_str(), *ks.statistic, exact_ks.statistic, *ks.error_bound,
        exact_ks.p_value, p_low, p_high, w.score, exact_w.score, *w.error_bound);
  }
}

TEST(ProfileDrift, merged_bucket_profiles_drift_like_one_profile) {
  const auto ref_raw = generate(recipe("normal", 4000, 30));
  const auto cur_raw = generate(recipe("normal", 6000, 31, 0.1, 1.1));
  const auto cat_ref = generate(recipe("cat", 4000, 32, 0, 1, 12), "c");
  const auto cat_cur = generate(recipe("cat", 6000, 33, 0, 1, 12), "c");
  std::vector<RawColumn> columns{ref_raw, cat_ref};
  auto reference = build_reference_profile(columns);
  ASSERT_TRUE(reference.ok());
  DatasetProfile whole = empty_like(*reference);
  std::vector<DatasetProfile> buckets(7, empty_like(*reference));
  for (std::size_t i = 0; i < cur_raw.numbers.size(); ++i) {
    for (auto* p : {&whole, &buckets[i % buckets.size()]}) {
      p->features.at("x").add(cur_raw.numbers[i]);
      p->features.at("c").add(std::string_view(*cat_cur.texts[i]));
      ++p->rows;
    }
  }
  DatasetProfile merged;
  for (const auto& b : buckets) ASSERT_TRUE(merged.merge(b).ok());
  EXPECT_EQ(merged.rows, whole.rows);
  for (const std::string method :
       {"ks", "wasserstein", "jensenshannon", "psi", "kl_div", "hellinger", "tvd", "chisquare"}) {
    const auto a = profile_drift(reference->features.at("x"), merged.features.at("x"), method);
    const auto b = profile_drift(reference->features.at("x"), whole.features.at("x"), method);
    EXPECT_NEAR(a.score, b.score, 1e-9 * std::abs(b.score) + 1e-12) << method;
  }
  for (const std::string method : {"chisquare", "jensenshannon", "psi", "tvd"}) {
    const auto a = profile_drift(reference->features.at("c"), merged.features.at("c"), method);
    const auto b = profile_drift(reference->features.at("c"), whole.features.at("c"), method);
    EXPECT_NEAR(a.score, b.score, 1e-12) << method;
  }
  auto drift = dataset_drift(*reference, merged, {}, 0.5);
  ASSERT_TRUE(drift.ok());
  EXPECT_EQ(drift->features.size(), 2u);
}

TEST(ProfileDrift, empty_window_is_a_clear_result) {
  std::vector<RawColumn> columns{generate(recipe("normal", 300, 1), "x"),
                                 generate(recipe("cat", 300, 2, 0, 1, 5), "c")};
  auto reference = build_reference_profile(columns);
  ASSERT_TRUE(reference.ok());
  auto current = empty_like(*reference);
  auto drift = dataset_drift(*reference, current, {}, 0.5);
  ASSERT_TRUE(drift.ok());
  EXPECT_FALSE(drift->dataset_drifted);
  EXPECT_EQ(drift->drift_share, 0.0);
  for (const auto& f : drift->features) {
    EXPECT_TRUE(f.skipped) << f.feature;
    EXPECT_FALSE(f.drifted);
    EXPECT_FALSE(std::isnan(f.score));
    EXPECT_FALSE(f.reason.empty());
    for (double h : f.current_histogram) EXPECT_FALSE(std::isnan(h));
  }
  EXPECT_NO_THROW((void)to_json(*drift).dump());
  // Missing values only is as empty as no rows.
  current.features.at("x").add(NAN);
  auto still = drift_between("x", reference->features.at("x"), current.features.at("x"), {});
  ASSERT_TRUE(still.ok());
  EXPECT_TRUE(still->skipped);
}

TEST(ProfileDrift, rejects_mismatched_profiles_and_unknown_options) {
  auto a = FeatureProfile::numeric(Bins{{0, 1, 2}, false});
  auto b = FeatureProfile::numeric(Bins{{0, 1, 3}, false});
  a.add(0.5);
  b.add(0.5);
  EXPECT_FALSE(drift_between("x", a, b, {}).ok());
  EXPECT_FALSE(drift_between("x", a, FeatureProfile::categorical(), {}).ok());
  DatasetProfile ref, cur;
  ref.features.emplace("x", a);
  cur.features.emplace("x", a);
  std::map<std::string, DriftOptions, std::less<>> typo{{"y", DriftOptions{}}};
  EXPECT_FALSE(dataset_drift(ref, cur, typo, 0.5).ok());
  DatasetProfile missing;
  EXPECT_FALSE(dataset_drift(ref, missing, {}, 0.5).ok());
  DatasetProfile other;
  other.features.emplace("z", a);
  other.rows = 1;
  EXPECT_FALSE(ref.merge(other).ok());
}

TEST(ProfileDrift, dataset_share_uses_evidently_comparison) {
  std::vector<RawColumn> ref_columns, cur_columns;
  for (int i = 0; i < 4; ++i) {
    ref_columns.push_back(generate(recipe("normal", 500, 100 + i), "f" + std::to_string(i)));
    cur_columns.push_back(generate(recipe("normal", 500, 200 + i, i < 2 ? 1.0 : 0.0), "f" + std::to_string(i)));
  }
  auto reference = build_reference_profile(ref_columns);
  ASSERT_TRUE(reference.ok());
  auto current = empty_like(*reference);
  for (const auto& c : cur_columns)
    for (double v : c.numbers) current.features.at(c.name).add(v);
  auto drift = dataset_drift(*reference, current, {}, 0.5);
  ASSERT_TRUE(drift.ok());
  EXPECT_EQ(drift->drift_share, 0.5);
  EXPECT_TRUE(drift->dataset_drifted) << "share >= threshold";
  auto stricter = dataset_drift(*reference, current, {}, 0.75);
  ASSERT_TRUE(stricter.ok());
  EXPECT_FALSE(stricter->dataset_drifted);
  std::map<std::string, DriftOptions, std::less<>> psi{{"f0", DriftOptions{std::string("psi"), 0.2}}};
  auto custom = dataset_drift(*reference, current, psi, 0.5);
  ASSERT_TRUE(custom.ok());
  EXPECT_EQ(custom->features[0].method, "psi");
  EXPECT_EQ(custom->features[0].threshold, 0.2);
}

TEST(ProfileSerialization, round_trips_and_rejects_garbage) {
  std::vector<RawColumn> columns{
      generate(recipe("normal", 3000, 1), "big"), generate(recipe("int", 3000, 2, 0, 1, 5), "few"),
      generate(recipe("normal", 3000, 4), "small"), generate(recipe("cat", 3000, 3, 0, 1, 50), "c")};
  auto reference = build_reference_profile(columns);
  ASSERT_TRUE(reference.ok());
  const std::string bytes = reference->serialize();
  auto back = DatasetProfile::deserialize(bytes);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->serialize(), bytes);
  EXPECT_EQ(back->to_json(), reference->to_json());
  auto small = reference_of(generate(recipe("normal", 100, 9)));
  auto small_back = FeatureProfile::deserialize(small.serialize());
  ASSERT_TRUE(small_back.ok());
  EXPECT_EQ(small_back->get_numeric().raw, small.get_numeric().raw);

  const int truncated_accepted = testing_samples::fuzz_deserializer(small.serialize(), [](const std::string& b) {
    auto r = FeatureProfile::deserialize(b);
    if (r.ok()) {
      r->add(1.0);
      (void)r->to_json().dump();
    }
    return r.ok();
  });
  EXPECT_EQ(truncated_accepted, 0);
  std::vector<RawColumn> few_rows{generate(recipe("normal", 40, 1), "n"), generate(recipe("cat", 40, 3, 0, 1, 5), "c")};
  const auto small_dataset = build_reference_profile(few_rows)->serialize();
  const int dataset_truncated = testing_samples::fuzz_deserializer(
      small_dataset, [](const std::string& b) { return DatasetProfile::deserialize(b).ok(); });
  EXPECT_EQ(dataset_truncated, 0);
}

TEST(ProfileSize, a_bucket_keeps_raw_values_up_to_the_limit_then_only_its_sketches) {
  // What a minute bucket of 20 numeric features weighs as stored (before base64), printed for the log: the raw
  // values kept for exact small-window tests dominate up to kRawLimit values, the sketches after.
  std::vector<RawColumn> columns;
  for (int f = 0; f < 20; ++f) columns.push_back(generate(recipe("normal", 5000, f, 50, 10), "f" + std::to_string(f)));
  const auto reference = build_reference_profile(columns);
  ASSERT_TRUE(reference.ok());
  std::size_t at_limit = 0, past_limit = 0;
  for (std::size_t n : {std::size_t{10}, std::size_t{1000}, std::size_t{1001}, std::size_t{100000}}) {
    auto bucket = empty_like(*reference);
    SplitMix64 g(n);
    for (auto& [name, feature] : bucket.features)
      for (std::size_t i = 0; i < n; ++i) feature.add(50 + 10 * g.normal());
    bucket.rows = n;
    const auto bytes = bucket.serialize().size();
    std::printf("[ bucket   ] 20 numeric features x %zu values: %zu bytes\n", n, bytes);
    if (n == 1000) at_limit = bytes;
    if (n == 100000) past_limit = bytes;
  }
  EXPECT_GT(at_limit, 20u * 1000 * 8) << "raw values are kept up to the limit";
  EXPECT_LT(past_limit, at_limit / 4) << "past the limit only the sketches and bin counts remain";
}

TEST(ProfileIngest, prints_values_per_second_for_numeric_adds) {
  // Not a timing assertion: the number is for the log (the profile's hot path is every prediction's features).
  auto profile = reference_of(generate(recipe("normal", 10000, 1, 50, 10)));
  auto& current = profile.get_numeric();
  SplitMix64 g(2);
  std::vector<double> ring(1 << 16);
  for (auto& v : ring) v = 50 + 12 * g.normal();
  for (double v : ring) current.add(v);  // past the warm-up the sketch's key range is set
  constexpr std::size_t kAdds = 10'000'000;
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < kAdds; ++i) current.add(ring[i & (ring.size() - 1)]);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("[ ingest   ] %zu numeric adds in %.3f s: %.1f million values/s\n", kAdds, seconds,
              static_cast<double>(kAdds) / seconds / 1e6);
  EXPECT_EQ(current.count, 10000 + ring.size() + kAdds);
}

}  // namespace
}  // namespace profile_drift_test
}  // namespace cairn::stats
