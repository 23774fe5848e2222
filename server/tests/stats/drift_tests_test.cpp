#include "stats/drift_tests.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "stats/binning.hpp"
#include "stats/drift_methods.hpp"
#include "stats/kolmogorov.hpp"
#include "stats/sample_generator.hpp"

namespace cairn::stats {
namespace drift_tests_test {
namespace {

using testing_samples::generate;

const nlohmann::json& expectations() {
  static const nlohmann::json loaded = [] {
    std::ifstream in(std::string(CAIRN_TESTS_DIR) + "/stats/data/drift_expectations.json");
    std::stringstream text;
    text << in.rdbuf();
    return nlohmann::json::parse(text.str());
  }();
  return loaded;
}

// SciPy's value to 1e-9 relative, or 1e-12 absolute for values near 0 (p-values computed as 1 - cdf).
void expect_matches(double actual, double expected, const std::string& what) {
  const double tolerance = std::max(1e-9 * std::abs(expected), 1e-12);
  EXPECT_NEAR(actual, expected, tolerance) << what;
}

FeatureDrift run(const RawColumn& ref, const RawColumn& cur, const std::string& method) {
  auto r = raw_drift(ref, cur, DriftOptions{method, std::nullopt});
  EXPECT_TRUE(r.ok()) << method << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : FeatureDrift{};
}

TEST(DriftRawExact, every_method_matches_scipy_and_evidently_on_every_case) {
  std::size_t checked = 0;
  for (const auto& c : expectations().at("cases")) {
    const std::string name = c.at("name");
    const auto ref = generate(c.at("reference")), cur = generate(c.at("current"));
    for (const auto& [method, expected] : c.at("expected").items()) {
      const auto drift = run(ref, cur, method);
      const std::string what = name + " / " + method;
      if (expected.is_object()) {
        expect_matches(drift.score, expected.at("p_value"), what + " p-value");
        ASSERT_TRUE(drift.p_value.has_value()) << what;
        ASSERT_TRUE(drift.statistic.has_value()) << what;
        if (expected.at("statistic").is_string()) {  // "inf"
          EXPECT_TRUE(std::isinf(*drift.statistic)) << what;
        } else {
          expect_matches(*drift.statistic, expected.at("statistic"), what + " statistic");
        }
      } else {
        expect_matches(drift.score, expected.get<double>(), what);
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 80u);
}

TEST(DriftRawExact, default_method_and_verdict_follow_evidently) {
  for (const auto& c : expectations().at("cases")) {
    const std::string name = c.at("name");
    const auto ref = generate(c.at("reference")), cur = generate(c.at("current"));
    auto drift = raw_drift(ref, cur, {});
    ASSERT_TRUE(drift.ok()) << name;
    EXPECT_EQ(drift->method, c.at("default_method").get<std::string>()) << name;
    const auto& expected = c.at("expected").at(drift->method);
    const double score = expected.is_object() ? expected.at("p_value").get<double>() : expected.get<double>();
    const auto* method = find_drift_method(drift->method);
    ASSERT_NE(method, nullptr);
    EXPECT_EQ(drift->threshold, method->default_threshold);
    EXPECT_EQ(drift->drifted, is_drifted(*method, score, method->default_threshold)) << name;
  }
}

TEST(DriftRawExact, default_choice_table) {
  EXPECT_EQ(default_drift_method(FeatureKind::numeric, 1000, 6), "ks");
  EXPECT_EQ(default_drift_method(FeatureKind::numeric, 1000, 5), "chisquare");
  EXPECT_EQ(default_drift_method(FeatureKind::numeric, 1000, 3), "chisquare");
  EXPECT_EQ(default_drift_method(FeatureKind::numeric, 1000, 2), "z");
  EXPECT_EQ(default_drift_method(FeatureKind::categorical, 10, 3), "chisquare");
  EXPECT_EQ(default_drift_method(FeatureKind::categorical, 10, 2), "z");
  EXPECT_EQ(default_drift_method(FeatureKind::numeric, 1001, 6), "wasserstein");
  EXPECT_EQ(default_drift_method(FeatureKind::numeric, 1001, 5), "jensenshannon");
  EXPECT_EQ(default_drift_method(FeatureKind::categorical, 1001, 100), "jensenshannon");
}

TEST(DriftRawExact, comparison_directions_follow_evidently) {
  const auto* ks = find_drift_method("ks");
  const auto* chi = find_drift_method("chisquare");
  const auto* js = find_drift_method("jensenshannon");
  EXPECT_TRUE(is_drifted(*ks, 0.05, 0.05));    // ks: p <= threshold
  EXPECT_FALSE(is_drifted(*chi, 0.05, 0.05));  // chisquare, z: p < threshold
  EXPECT_TRUE(is_drifted(*js, 0.1, 0.1));      // distances: score >= threshold
  EXPECT_FALSE(is_drifted(*js, 0.0999, 0.1));
  EXPECT_NE(find_drift_method("TVD"), nullptr);
  EXPECT_EQ(find_drift_method("nope"), nullptr);
}

TEST(DriftRawExact, kolmogorov_distribution_matches_scipy_kstwo_on_every_branch) {
  for (const auto& p : expectations().at("kstwo_sf")) {
    const auto n = p.at("n").get<uint64_t>();
    const double d = p.at("d");
    expect_matches(kolmogorov_sf(d, n), p.at("sf"), "kstwo.sf(" + std::to_string(d) + ", " + std::to_string(n) + ")");
  }
  for (const auto& p : expectations().at("smirnov")) {
    const auto n = p.at("n").get<uint64_t>();
    const double d = p.at("d");
    expect_matches(smirnov_sf(n, d), p.at("sf"), "smirnov(" + std::to_string(n) + ", " + std::to_string(d) + ")");
  }
}

TEST(DriftRawExact, ks_p_value_paths_match_scipy) {
  for (const auto& p : expectations().at("ks_p")) {
    const auto n1 = p.at("n1").get<uint64_t>(), n2 = p.at("n2").get<uint64_t>();
    const auto ks = ks_p_value(p.at("d"), n1, n2);
    const std::string what = "d=" + p.at("d").dump() + " n1=" + std::to_string(n1) + " n2=" + std::to_string(n2);
    expect_matches(ks.statistic, p.at("statistic"), what);
    expect_matches(ks.p_value, p.at("p_value"), what);
  }
}

TEST(DriftRawExact, ks_identical_samples_give_p_one) {
  const std::vector<double> a{1, 2, 3, 4, 5, 5, 5};
  const auto ks = ks_2samp(a, a);
  EXPECT_EQ(ks.statistic, 0.0);
  EXPECT_EQ(ks.p_value, 1.0);
}

TEST(DriftRawExact, missing_values_are_dropped_and_empty_sides_are_skipped) {
  RawColumn ref{"x", FeatureKind::numeric, {1, 2, NAN, 3, INFINITY}, {}};
  RawColumn cur{"x", FeatureKind::numeric, {NAN, -INFINITY}, {}};
  auto drift = raw_drift(ref, cur, {});
  ASSERT_TRUE(drift.ok());
  EXPECT_TRUE(drift->skipped);
  EXPECT_FALSE(drift->drifted);
  EXPECT_FALSE(std::isnan(drift->score));
  RawColumn clean{"x", FeatureKind::numeric, {1, 2, 3}, {}};
  auto same = raw_drift(ref, clean, {});
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->method, "chisquare");
  EXPECT_EQ(same->score, 1.0);
}

TEST(DriftRawExact, rejects_unknown_and_inapplicable_methods) {
  RawColumn num{"x", FeatureKind::numeric, {1, 2, 3}, {}};
  RawColumn cat{"y", FeatureKind::categorical, {}, {std::string("a"), std::string("b")}};
  EXPECT_FALSE(raw_drift(num, num, {std::string("bogus"), std::nullopt}).ok());
  EXPECT_FALSE(raw_drift(cat, cat, {std::string("ks"), std::nullopt}).ok());
  EXPECT_FALSE(raw_drift(cat, cat, {std::string("wasserstein"), std::nullopt}).ok());
  EXPECT_FALSE(raw_drift(num, cat, {}).ok());
}

TEST(DriftRawExact, chi_square_edge_cases_are_nan_free) {
  const std::vector<double> one{5}, one_cur{7};
  const auto single = chi_square_test(one, one_cur);
  EXPECT_EQ(single.p_value, 1.0);
  const std::vector<double> ref{5, 0}, cur{3, 2};  // a category the reference never saw
  const auto unseen = chi_square_test(ref, cur);
  EXPECT_TRUE(std::isinf(unseen.statistic));
  EXPECT_EQ(unseen.p_value, 0.0);
}

TEST(DriftRawExact, numpy_binning_rules) {
  const std::vector<double> v{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  const auto edges = sturges_edges(v);  // ceil(log2(11) + 1) = 5 bins
  ASSERT_EQ(edges.size(), 6u);
  EXPECT_EQ(edges.front(), 0.0);
  EXPECT_EQ(edges.back(), 10.0);
  const auto counts = histogram_counts(v, edges);
  EXPECT_EQ(counts.back(), 3.0);  // 8, 9 and the right edge 10
  const std::vector<double> flat{2, 2, 2};
  const auto widened = sturges_edges(flat);
  ASSERT_EQ(widened.size(), 2u);
  EXPECT_EQ(widened[0], 1.5);
  EXPECT_EQ(widened[1], 2.5);
}

TEST(DriftRawExact, zero_fill_follows_evidently) {
  std::vector<double> p{0.5, 0.5, 0.0};
  fill_zero_proportions(p);
  EXPECT_EQ(p[2], 0.0001);
  std::vector<double> q{0.99995, 0.00005, 0.0};
  fill_zero_proportions(q);
  EXPECT_DOUBLE_EQ(q[2], 0.00005 / 1e6);
}

}  // namespace
}  // namespace drift_tests_test
}  // namespace cairn::stats
