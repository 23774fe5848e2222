#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "stats/binning.hpp"
#include "stats/dataset_profile.hpp"
#include "stats/drift_tests.hpp"
#include "stats/kolmogorov.hpp"

namespace cairn::stats {

namespace {

// A reference with interval bins had more than 20 distinct values: any count above 5 selects the same default.
constexpr uint64_t kEvidentlyDistinctAbove = 21;

// One side's histogram over the slots both sides share, as counts.
struct SharedHistogram {
  std::vector<std::string> labels;
  std::vector<double> reference, current;
};

SharedHistogram numeric_histogram(const NumericProfile& ref, const NumericProfile& cur) {
  SharedHistogram h;
  for (std::size_t i = 0; i < ref.bins.slots(); ++i) {
    const double r = i < ref.bin_counts.size() ? static_cast<double>(ref.bin_counts[i]) : 0.0;
    const double c = i < cur.bin_counts.size() ? static_cast<double>(cur.bin_counts[i]) : 0.0;
    if (r == 0 && c == 0) continue;  // a slot empty on both sides carries no evidence (see the docs on PSI)
    h.labels.push_back(ref.bins.label(i));
    h.reference.push_back(r);
    h.current.push_back(c);
  }
  return h;
}

// Categories monitored on either side, in byte order (as Evidently sorts), then "(other)" for what the
// summaries no longer name.
SharedHistogram categorical_histogram(const CategoricalProfile& ref, const CategoricalProfile& cur) {
  std::map<std::string, std::pair<double, double>, std::less<>> counts;
  for (const auto& item : ref.values.top(ref.values.size())) counts[item.value].first = static_cast<double>(item.count);
  for (const auto& item : cur.values.top(cur.values.size()))
    counts[item.value].second = static_cast<double>(item.count);
  SharedHistogram h;
  double named_ref = 0, named_cur = 0;
  for (const auto& [label, pair] : counts) {
    h.labels.push_back(label);
    h.reference.push_back(pair.first);
    h.current.push_back(pair.second);
    named_ref += pair.first;
    named_cur += pair.second;
  }
  const double other_ref = std::max(0.0, static_cast<double>(ref.count) - named_ref);
  const double other_cur = std::max(0.0, static_cast<double>(cur.count) - named_cur);
  if (other_ref > 0 || other_cur > 0) {
    h.labels.push_back("(other)");
    h.reference.push_back(other_ref);
    h.current.push_back(other_cur);
  }
  return h;
}

std::vector<double> proportions(const std::vector<double>& counts) {
  double total = 0;
  for (double c : counts) total += c;
  std::vector<double> out(counts);
  if (total > 0) {
    for (double& v : out) v /= total;
  }
  return out;
}

// A numeric side as masses: each value lies in [lower, upper] and is answered as `at`. Exact values when the
// profile still holds them (lower = upper = at), else the quantile sketch's buckets.
struct Mass {
  double lower = 0, upper = 0, at = 0, weight = 0;
};

struct NumericSide {
  std::vector<Mass> masses;
  double total = 0;
  bool exact = true;
  bool bounded = true;  // false when the sketch collapsed buckets: no bound holds for their values
  double mean_abs = 0;  // an upper bound on E|X| (the true mean of |X| when exact)
  double alpha = 0;
};

NumericSide side_of(const NumericProfile& p) {
  NumericSide s;
  if (p.raw_complete && p.raw.size() == p.count) {
    std::vector<double> values(p.raw);
    std::sort(values.begin(), values.end());
    for (double v : values) {
      if (!s.masses.empty() && s.masses.back().at == v) {
        s.masses.back().weight += 1;
      } else {
        s.masses.push_back({v, v, v, 1});
      }
      s.mean_abs += std::abs(v);
    }
  } else {
    s.exact = false;
    s.bounded = !p.quantiles.collapsed();
    s.alpha = p.quantiles.relative_accuracy();
    for (const auto& b : p.quantiles.buckets()) {
      s.masses.push_back({b.lower, b.upper, b.representative, static_cast<double>(b.count)});
      s.mean_abs += std::abs(b.representative) * static_cast<double>(b.count) / (1 - s.alpha);
    }
  }
  for (const auto& m : s.masses) s.total += m.weight;
  if (s.total > 0) s.mean_abs /= s.total;
  return s;
}

// The share of a side's values <= x: as answered (estimate), and the least and most it can truly be.
struct CdfAt {
  double estimate, low, high;
};

class CdfWalker {
 public:
  explicit CdfWalker(const NumericSide& side) : side_(side) {
    for (const auto& m : side.masses) {
      by_lower_.push_back({m.lower, m.weight});
      by_upper_.push_back({m.upper, m.weight});
    }
    std::sort(by_lower_.begin(), by_lower_.end());
    std::sort(by_upper_.begin(), by_upper_.end());
  }
  // Call with non-decreasing x.
  CdfAt at(double x) {
    while (at_i_ < side_.masses.size() && side_.masses[at_i_].at <= x) estimate_ += side_.masses[at_i_++].weight;
    while (lo_i_ < by_upper_.size() && by_upper_[lo_i_].first <= x) low_ += by_upper_[lo_i_++].second;
    while (hi_i_ < by_lower_.size() && by_lower_[hi_i_].first <= x) high_ += by_lower_[hi_i_++].second;
    return {estimate_ / side_.total, low_ / side_.total, high_ / side_.total};
  }

 private:
  const NumericSide& side_;
  std::vector<std::pair<double, double>> by_lower_, by_upper_;
  std::size_t at_i_ = 0, lo_i_ = 0, hi_i_ = 0;
  double estimate_ = 0, low_ = 0, high_ = 0;
};

// KS distance between two sides with the interval it is known to lie in: [low, high] contains the true sup |F - G|.
struct KsBand {
  double estimate = 0, low = 0, high = 0;
};

KsBand ks_band(const NumericSide& ref, const NumericSide& cur) {
  std::vector<double> points;
  for (const auto* side : {&ref, &cur}) {
    for (const auto& m : side->masses) {
      points.push_back(m.lower);
      points.push_back(m.upper);
      points.push_back(m.at);
    }
  }
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  CdfWalker wr(ref), wc(cur);
  KsBand band;
  for (double x : points) {
    const CdfAt r = wr.at(x), c = wc.at(x);
    band.estimate = std::max(band.estimate, std::abs(r.estimate - c.estimate));
    band.high = std::max({band.high, std::abs(r.high - c.low), std::abs(c.high - r.low)});
    band.low = std::max({band.low, r.low - c.high, c.low - r.high});
  }
  return band;
}

std::vector<WeightedPoint> weighted_points(const NumericSide& side) {
  std::vector<WeightedPoint> out;
  out.reserve(side.masses.size());
  for (const auto& m : side.masses) out.push_back({m.at, m.weight});
  return out;
}

uint64_t numeric_distinct(const NumericProfile& ref, const NumericProfile& cur) {
  if (!ref.bins.points && !ref.bins.edges.empty()) return kEvidentlyDistinctAbove;
  if (ref.bins.edges.empty()) {
    // Profiles made without a reference have no bins: count the values kept, or take the
    // reference's sketch as continuous once it holds more values than a profile keeps.
    if (!ref.raw_complete || !cur.raw_complete) return kEvidentlyDistinctAbove;
    std::set<double> values(ref.raw.begin(), ref.raw.end());
    values.insert(cur.raw.begin(), cur.raw.end());
    return values.size();
  }
  uint64_t n = 0;
  for (std::size_t i = 0; i < ref.bins.slots(); ++i) {
    const uint64_t r = i < ref.bin_counts.size() ? ref.bin_counts[i] : 0;
    const uint64_t c = i < cur.bin_counts.size() ? cur.bin_counts[i] : 0;
    n += (r + c) > 0;
  }
  return n;
}

uint64_t categorical_distinct(const CategoricalProfile& ref, const CategoricalProfile& cur) {
  if (ref.values.exact() && cur.values.exact()) {
    std::set<std::string> labels;
    for (const auto& item : ref.values.top(ref.values.size())) labels.insert(item.value);
    for (const auto& item : cur.values.top(cur.values.size())) labels.insert(item.value);
    return labels.size();
  }
  CardinalitySketch both = ref.distinct;
  if (!both.merge(cur.distinct).ok()) return 0;
  return static_cast<uint64_t>(std::llround(both.estimate()));
}

void run_numeric(FeatureDrift& out, std::string_view method, const NumericProfile& ref, const NumericProfile& cur) {
  if (method == "ks" || method == "wasserstein") {
    const NumericSide rs = side_of(ref), cs = side_of(cur);
    if (method == "ks") {
      if (rs.exact && cs.exact) {
        const auto ks = ks_2samp(ref.raw, cur.raw);
        out.statistic = ks.statistic;
        out.score = ks.p_value;
      } else {
        const KsBand band = ks_band(rs, cs);
        const auto ks = ks_p_value(band.estimate, ref.count, cur.count);
        out.statistic = band.estimate;
        out.score = ks.p_value;
        if (rs.bounded && cs.bounded) {
          out.error_bound = std::max(band.high - band.estimate, band.estimate - band.low);
          // The survival function falls as D grows: the larger D gives the smaller p-value.
          out.p_value_range = std::pair{ks_p_value(band.high, ref.count, cur.count).p_value,
                                        ks_p_value(band.low, ref.count, cur.count).p_value};
        } else {
          out.reason = "a quantile sketch collapsed buckets: the KS statistic has no error bound";
        }
      }
      out.p_value = out.score;
      return;
    }
    const double norm = std::max(std::sqrt(ref.variance()), 0.001);
    if (rs.exact && cs.exact) {
      out.score = wasserstein_distance(ref.raw, cur.raw) / norm;
      return;
    }
    out.score = wasserstein_distance_sorted(weighted_points(rs), weighted_points(cs)) / norm;
    // Moving every value to its bucket's representative moves it by at most alpha |x|, so each side's W1 to its
    // sketch is at most alpha E|X| (0 for exact sides).
    if (rs.bounded && cs.bounded) {
      out.error_bound = (rs.alpha * rs.mean_abs + cs.alpha * cs.mean_abs) / norm;
    } else {
      out.reason = "a quantile sketch collapsed buckets: the Wasserstein distance has no error bound";
    }
    return;
  }
}

void run_histogram(FeatureDrift& out, std::string_view method, const SharedHistogram& h) {
  if (method == "chisquare") {
    const auto chi = chi_square_test(h.reference, h.current);
    out.statistic = chi.statistic;
    out.score = chi.p_value;
    out.p_value = out.score;
    return;
  }
  if (method == "z") {
    double ref_total = 0, cur_total = 0;
    for (double v : h.reference) ref_total += v;
    for (double v : h.current) cur_total += v;
    out.score = z_test_p_value(h.reference[0], ref_total, h.current[0], cur_total, h.labels.size() == 1);
    out.p_value = out.score;
    return;
  }
  if (method == "hellinger") {
    out.score = hellinger_distance(h.reference, h.current);
    return;
  }
  auto p = proportions(h.reference), q = proportions(h.current);
  if (method == "psi" || method == "kl_div") {
    fill_zero_proportions(p);
    fill_zero_proportions(q);
  }
  if (method == "jensenshannon") out.score = jensen_shannon_distance(p, q);
  if (method == "psi") out.score = population_stability_index(p, q);
  if (method == "kl_div") out.score = kl_divergence(p, q);
  if (method == "tvd") out.score = total_variation_distance(p, q);
}

}  // namespace

Result<FeatureDrift> drift_between(std::string_view feature, const FeatureProfile& reference,
                                   const FeatureProfile& current, const DriftOptions& options) {
  if (reference.kind() != current.kind())
    return Error::validation(std::string(feature), "reference and current profiles are of different kinds");
  const bool numeric = reference.kind() == FeatureKind::numeric;
  if (numeric && !(reference.get_numeric().bins == current.get_numeric().bins))
    return Error::validation(std::string(feature), "reference and current profiles have different bins");

  const SharedHistogram h = numeric ? numeric_histogram(reference.get_numeric(), current.get_numeric())
                                    : categorical_histogram(reference.get_categorical(), current.get_categorical());
  const uint64_t distinct = numeric ? numeric_distinct(reference.get_numeric(), current.get_numeric())
                                    : categorical_distinct(reference.get_categorical(), current.get_categorical());
  CAIRN_TRY_ASSIGN(auto resolved, resolve_drift_method(reference.kind(), reference.count(), distinct, options));
  const auto [method, threshold] = resolved;

  FeatureDrift out;
  out.feature = std::string(feature);
  out.method = std::string(method->name);
  out.threshold = threshold;
  out.bin_labels = h.labels;
  out.reference_histogram = proportions(h.reference);
  out.current_histogram = proportions(h.current);
  if (reference.count() == 0 || current.count() == 0) {
    out.skipped = true;
    out.reason = reference.count() == 0 ? "the reference has no values" : "the current window has no values";
    return out;
  }
  if (numeric && (method->name == "ks" || method->name == "wasserstein")) {
    run_numeric(out, method->name, reference.get_numeric(), current.get_numeric());
  } else {
    run_histogram(out, method->name, h);
  }
  out.drifted = is_drifted(*method, out.score, threshold);
  return out;
}

Result<DatasetDrift> dataset_drift(const DatasetProfile& reference, const DatasetProfile& current,
                                   const std::map<std::string, DriftOptions, std::less<>>& per_feature,
                                   double share_threshold) {
  for (const auto& [name, options] : per_feature) {
    if (!reference.features.contains(name))
      return Error::validation(name, "drift options name '" + name + "', which is not a feature");
  }
  DatasetDrift out;
  out.share_threshold = share_threshold;
  std::size_t drifted = 0, tested = 0;
  for (const auto& [name, ref] : reference.features) {
    const auto cur = current.features.find(name);
    if (cur == current.features.end())
      return Error::validation(name, "feature '" + name + "' is missing from the current profile");
    const auto opt = per_feature.find(name);
    CAIRN_TRY_ASSIGN(auto drift,
                     drift_between(name, ref, cur->second, opt == per_feature.end() ? DriftOptions{} : opt->second));
    drifted += drift.drifted;
    tested += !drift.skipped;
    out.features.push_back(std::move(drift));
  }
  out.drift_share =
      out.features.empty() ? 0.0 : static_cast<double>(drifted) / static_cast<double>(out.features.size());
  out.dataset_drifted = tested > 0 && out.drift_share >= share_threshold;
  return out;
}

nlohmann::json to_json(const FeatureDrift& d) {
  nlohmann::json j = {{"feature", d.feature},
                      {"method", d.method},
                      {"score", d.score},
                      {"threshold", d.threshold},
                      {"drifted", d.drifted},
                      {"skipped", d.skipped},
                      {"bin_labels", d.bin_labels},
                      {"reference_histogram", d.reference_histogram},
                      {"current_histogram", d.current_histogram}};
  j["p_value"] = d.p_value ? nlohmann::json(*d.p_value) : nlohmann::json(nullptr);
  j["statistic"] = d.statistic ? nlohmann::json(*d.statistic) : nlohmann::json(nullptr);
  j["error_bound"] = d.error_bound ? nlohmann::json(*d.error_bound) : nlohmann::json(nullptr);
  j["p_value_range"] = d.p_value_range ? nlohmann::json::array({d.p_value_range->first, d.p_value_range->second})
                                       : nlohmann::json(nullptr);
  if (!d.reason.empty()) j["reason"] = d.reason;
  return j;
}

nlohmann::json to_json(const DatasetDrift& d) {
  nlohmann::json features = nlohmann::json::array();
  for (const auto& f : d.features) features.push_back(to_json(f));
  return {{"features", std::move(features)},
          {"drift_share", d.drift_share},
          {"share_threshold", d.share_threshold},
          {"dataset_drifted", d.dataset_drifted}};
}

}  // namespace cairn::stats
