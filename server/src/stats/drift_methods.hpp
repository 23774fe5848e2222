#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "stats/raw_column.hpp"

namespace cairn::stats {

// Evidently's registry of drift tests in one place: each method's name, default threshold and how a score is
// compared with it, and the default choice by feature kind and reference size (Evidently's
// _get_default_stattest). The computations are in drift_tests and kolmogorov; raw data is run here, profiles in
// profile_drift.

/// How a method's score turns into "drifted".
enum class DriftRule {
  p_value_at_or_below,  ///< ks: p <= threshold
  p_value_below,        ///< chisquare, z: p < threshold
  score_at_or_above,    ///< the distances: score >= threshold
};

struct DriftMethod {
  std::string_view name;
  double default_threshold = 0;
  DriftRule rule = DriftRule::score_at_or_above;
  bool numeric = true;      ///< applies to numeric features
  bool categorical = true;  ///< applies to categorical features
};

/// The registered methods: ks, chisquare, z, wasserstein, jensenshannon, psi, kl_div, hellinger, tvd (Evidently
/// spells the last "TVD"; both are accepted). nullptr for an unknown name.
const DriftMethod* find_drift_method(std::string_view name);
std::vector<std::string_view> drift_method_names();

/// Evidently's default: a reference of at most 1000 rows gets ks for numeric features with more than 5 distinct
/// values (reference and current together), chisquare for 3..5 (numeric) or more than 2 (categorical), z for at
/// most 2; a larger reference gets wasserstein for numeric features with more than 5 distinct values, else
/// jensenshannon. `reference_rows` counts non-missing values.
std::string_view default_drift_method(FeatureKind kind, uint64_t reference_rows, uint64_t distinct_values);

bool is_drifted(const DriftMethod& method, double score, double threshold);

/// What a caller may override per feature; unset means Evidently's default.
struct DriftOptions {
  std::optional<std::string> method;
  std::optional<double> threshold;
};

/// One feature's verdict. `score` is the p-value for ks/chisquare/z (then also in `p_value`) and the distance
/// otherwise. Histograms are proportions per `bin_labels`. `error_bound` is set when the score was estimated from
/// sketches: the true score lies within score +- error_bound. `skipped` is set, with `reason`, when one side has no
/// values: no test ran, score is 0 and drifted false.
struct FeatureDrift {
  std::string feature;
  std::string method;
  double score = 0;
  std::optional<double> p_value;
  double threshold = 0;
  bool drifted = false;
  std::vector<double> reference_histogram, current_histogram;
  std::vector<std::string> bin_labels;
  std::optional<double> error_bound;
  /// KS from sketches: the p-values at the ends of the statistic's band, [p(D_high), p(D_low)]. The exact
  /// p-value lies between them, so the verdict is certain when both fall on the same side of the threshold.
  std::optional<std::pair<double, double>> p_value_range;
  std::optional<double> statistic;  ///< the test statistic behind a p-value (KS D, chi-squared), when there is one
  bool skipped = false;
  std::string reason;
};

/// The drift of one feature computed on raw values, exactly as Evidently computes it (missing values dropped,
/// default method and threshold unless overridden). Errors: unknown method, a method that does not apply to the
/// kind, kinds that differ. An empty side gives a skipped result, not an error.
Result<FeatureDrift> raw_drift(const RawColumn& reference, const RawColumn& current, const DriftOptions& options);

/// Resolves options against the registry: the method (named or default) and its threshold.
Result<std::pair<const DriftMethod*, double>> resolve_drift_method(FeatureKind kind, uint64_t reference_rows,
                                                                   uint64_t distinct_values,
                                                                   const DriftOptions& options);

}  // namespace cairn::stats
