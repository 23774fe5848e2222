#include "stats/drift_methods.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "stats/binning.hpp"
#include "stats/drift_tests.hpp"
#include "stats/kolmogorov.hpp"

namespace cairn::stats {

namespace {

constexpr std::array<DriftMethod, 9> kDriftMethods{{
    {"ks", 0.05, DriftRule::p_value_at_or_below, true, false},
    {"chisquare", 0.05, DriftRule::p_value_below, true, true},
    {"z", 0.05, DriftRule::p_value_below, true, true},
    {"wasserstein", 0.1, DriftRule::score_at_or_above, true, false},
    {"jensenshannon", 0.1, DriftRule::score_at_or_above, true, true},
    {"psi", 0.1, DriftRule::score_at_or_above, true, true},
    {"kl_div", 0.1, DriftRule::score_at_or_above, true, true},
    {"hellinger", 0.1, DriftRule::score_at_or_above, true, true},
    {"tvd", 0.1, DriftRule::score_at_or_above, true, true},
}};

bool is_finite_number(double v) {
  return std::isfinite(v);
}

std::vector<double> present_numbers(const RawColumn& column) {
  std::vector<double> out;
  out.reserve(column.numbers.size());
  for (double v : column.numbers) {
    if (is_finite_number(v)) out.push_back(v);
  }
  return out;
}

std::vector<std::string> present_texts(const RawColumn& column) {
  std::vector<std::string> out;
  out.reserve(column.texts.size());
  for (const auto& v : column.texts) {
    if (v) out.push_back(*v);
  }
  return out;
}

// Evidently's Hellinger on numbers bins the distinct values of both samples (not the samples) with 'sturges'.
double raw_hellinger(std::span<const double> reference, std::span<const double> current) {
  std::vector<double> keys(reference.begin(), reference.end());
  keys.insert(keys.end(), current.begin(), current.end());
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  const auto edges = sturges_edges(keys);
  return hellinger_distance(histogram_counts(reference, edges), histogram_counts(current, edges));
}

template <class T>
void fill_histograms(FeatureDrift& out, std::span<const T> reference, std::span<const T> current) {
  auto binned = evidently_binned(reference, current, false);
  out.bin_labels = std::move(binned.labels);
  out.reference_histogram = std::move(binned.reference);
  out.current_histogram = std::move(binned.current);
}

// Runs a method that works on value counts or Evidently's bins, for either kind of sample.
template <class T>
void run_binned_method(FeatureDrift& out, std::string_view method, std::span<const T> reference,
                       std::span<const T> current) {
  if (method == "chisquare" || method == "z") {
    const auto counts = value_counts(reference, current);
    if (method == "chisquare") {
      const auto chi = chi_square_test(counts.reference, counts.current);
      out.statistic = chi.statistic;
      out.score = chi.p_value;
    } else {
      const bool single = counts.labels.size() == 1;
      out.score = z_test_p_value(counts.reference[0], static_cast<double>(reference.size()), counts.current[0],
                                 static_cast<double>(current.size()), single);
    }
    out.p_value = out.score;
    return;
  }
  if (method == "hellinger") {
    if constexpr (std::is_same_v<T, double>) {
      out.score = raw_hellinger(reference, current);
    } else {
      const auto counts = value_counts(reference, current);
      out.score = hellinger_distance(counts.reference, counts.current);
    }
    return;
  }
  // psi and kl_div use Evidently's zero fill; jensenshannon and tvd the plain proportions.
  const bool fill = method == "psi" || method == "kl_div";
  const auto binned = evidently_binned(reference, current, fill);
  if (method == "jensenshannon") out.score = jensen_shannon_distance(binned.reference, binned.current);
  if (method == "psi") out.score = population_stability_index(binned.reference, binned.current);
  if (method == "kl_div") out.score = kl_divergence(binned.reference, binned.current);
  if (method == "tvd") out.score = total_variation_distance(binned.reference, binned.current);
}

}  // namespace

const DriftMethod* find_drift_method(std::string_view name) {
  if (name == "TVD") name = "tvd";
  for (const auto& m : kDriftMethods) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

std::vector<std::string_view> drift_method_names() {
  std::vector<std::string_view> out;
  for (const auto& m : kDriftMethods) out.push_back(m.name);
  return out;
}

std::string_view default_drift_method(FeatureKind kind, uint64_t reference_rows, uint64_t distinct_values) {
  if (reference_rows <= 1000) {
    if (kind == FeatureKind::numeric && distinct_values > 5) return "ks";
    return distinct_values > 2 ? "chisquare" : "z";
  }
  if (kind == FeatureKind::numeric && distinct_values > 5) return "wasserstein";
  return "jensenshannon";
}

bool is_drifted(const DriftMethod& method, double score, double threshold) {
  switch (method.rule) {
    case DriftRule::p_value_at_or_below:
      return score <= threshold;
    case DriftRule::p_value_below:
      return score < threshold;
    case DriftRule::score_at_or_above:
      return score >= threshold;
  }
  return false;
}

Result<std::pair<const DriftMethod*, double>> resolve_drift_method(FeatureKind kind, uint64_t reference_rows,
                                                                   uint64_t distinct_values,
                                                                   const DriftOptions& options) {
  const std::string_view name =
      options.method ? std::string_view(*options.method) : default_drift_method(kind, reference_rows, distinct_values);
  const DriftMethod* method = find_drift_method(name);
  if (!method) return Error::validation("method", "unknown drift method '" + std::string(name) + "'");
  // Evidently's default picks chisquare and z for numbers with few values; a named method must apply to the kind.
  if ((kind == FeatureKind::numeric && !method->numeric) || (kind == FeatureKind::categorical && !method->categorical))
    return Error::validation("method", "drift method '" + std::string(name) + "' does not apply to " +
                                           (kind == FeatureKind::numeric ? "numeric" : "categorical") + " features");
  const double threshold = options.threshold.value_or(method->default_threshold);
  if (!std::isfinite(threshold)) return Error::validation("threshold", "threshold must be a finite number");
  return std::pair{method, threshold};
}

Result<FeatureDrift> raw_drift(const RawColumn& reference, const RawColumn& current, const DriftOptions& options) {
  if (reference.kind != current.kind) return Error::validation("kind", "reference and current kinds differ");
  FeatureDrift out;
  out.feature = reference.name;
  const bool numeric = reference.kind == FeatureKind::numeric;
  const auto ref_numbers = numeric ? present_numbers(reference) : std::vector<double>{};
  const auto cur_numbers = numeric ? present_numbers(current) : std::vector<double>{};
  const auto ref_texts = numeric ? std::vector<std::string>{} : present_texts(reference);
  const auto cur_texts = numeric ? std::vector<std::string>{} : present_texts(current);
  const std::size_t ref_size = numeric ? ref_numbers.size() : ref_texts.size();
  const std::size_t cur_size = numeric ? cur_numbers.size() : cur_texts.size();

  std::size_t distinct = 0;
  if (numeric) {
    std::vector<double> both(ref_numbers);
    both.insert(both.end(), cur_numbers.begin(), cur_numbers.end());
    distinct = distinct_count(both);
  } else {
    std::vector<std::string> both(ref_texts);
    both.insert(both.end(), cur_texts.begin(), cur_texts.end());
    distinct = distinct_count(both);
  }
  CAIRN_TRY_ASSIGN(auto resolved, resolve_drift_method(reference.kind, ref_size, distinct, options));
  const auto [method, threshold] = resolved;
  out.method = std::string(method->name);
  out.threshold = threshold;
  if (ref_size == 0 || cur_size == 0) {
    out.skipped = true;
    out.reason = ref_size == 0 ? "the reference has no values" : "the current window has no values";
    return out;
  }

  if (numeric) {
    fill_histograms<double>(out, ref_numbers, cur_numbers);
    if (method->name == "ks") {
      const auto ks = ks_2samp(ref_numbers, cur_numbers);
      out.statistic = ks.statistic;
      out.score = ks.p_value;
      out.p_value = ks.p_value;
    } else if (method->name == "wasserstein") {
      out.score = wasserstein_normed(ref_numbers, cur_numbers);
    } else {
      run_binned_method<double>(out, method->name, ref_numbers, cur_numbers);
    }
  } else {
    fill_histograms<std::string>(out, ref_texts, cur_texts);
    run_binned_method<std::string>(out, method->name, ref_texts, cur_texts);
  }
  out.drifted = is_drifted(*method, out.score, threshold);
  return out;
}

}  // namespace cairn::stats
