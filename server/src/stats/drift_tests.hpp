#pragma once

#include <span>
#include <vector>

namespace cairn::stats {

// The statistics behind Evidently's drift tests, as pure functions on samples or aligned count vectors. Each
// reproduces the SciPy / Evidently formula it is named after (see docs/monitoring-statistics.md); the choice of
// test, thresholds and binning live in drift_methods and binning.

/// scipy.stats.wasserstein_distance(u, v): the area between the two ECDFs. O((n + m) log(n + m)).
double wasserstein_distance(std::span<const double> u, std::span<const double> v);

/// A sample given as sorted, distinct values with positive weights (a sketch's buckets, a profile's raw values).
struct WeightedPoint {
  double value = 0;
  double weight = 0;
};
/// The Wasserstein-1 distance between two weighted samples whose points are sorted by value. O(n + m).
double wasserstein_distance_sorted(std::span<const WeightedPoint> u, std::span<const WeightedPoint> v);

/// numpy.std(values) (population, ddof 0); 0 for an empty sample.
double population_std(std::span<const double> values);

/// Evidently's normed Wasserstein: wasserstein_distance / max(std(reference), 0.001).
double wasserstein_normed(std::span<const double> reference, std::span<const double> current);

struct ChiSquareResult {
  double statistic = 0;
  double p_value = 1;
};
/// Evidently's chi_stat_test on counts aligned over the union of categories: observed = current counts, expected =
/// reference counts scaled to the current total, p = chi2.sf(statistic, k - 1). A category absent from the reference
/// but present now makes the statistic infinite and p 0, as in SciPy. With a single category SciPy answers NaN;
/// we answer statistic 0 and p 1 (nothing can differ; Evidently's verdict, "no drift", is the same).
ChiSquareResult chi_square_test(std::span<const double> reference_counts, std::span<const double> current_counts);

/// Evidently's z_stat_test: two-proportion pooled z-test of "not the first category" between the samples,
/// p = 2 (1 - Phi(|z|)). `*_first` counts the first category (Evidently sorts the union and takes the smallest);
/// totals must be positive. When both samples hold only that one shared value, p is 1 as in Evidently.
double z_test_p_value(double reference_first, double reference_total, double current_first, double current_total,
                      bool single_shared_value);

/// Standard normal survival 1 - Phi(x) computed the way SciPy's `1 - norm.cdf(x)` is (so it reaches 0 alike).
double normal_one_minus_cdf(double x);

// Distances between two histograms given as proportions (or counts: each is normalised where the reference
// formula normalises). `p` is the reference, `q` the current.

/// scipy.spatial.distance.jensenshannon(p, q) with natural log: sqrt((KL(p||m) + KL(q||m)) / 2), m = (p + q) / 2,
/// after normalising p and q to sum 1.
double jensen_shannon_distance(std::span<const double> p, std::span<const double> q);
/// Evidently's PSI: sum (p - q) ln(p / q), on zero-filled proportions (see fill_zero_proportions).
double population_stability_index(std::span<const double> p, std::span<const double> q);
/// scipy.stats.entropy(p, q): KL(p || q) after normalising both, natural log.
double kl_divergence(std::span<const double> p, std::span<const double> q);
/// Hellinger distance sqrt(1 - clip(sum sqrt(p q), 0, 1)) on proportions (Evidently's formula; for equal-width
/// bins its density form reduces to this).
double hellinger_distance(std::span<const double> p, std::span<const double> q);
/// Total variation distance 0.5 sum |p/sum(p) - q/sum(q)|.
double total_variation_distance(std::span<const double> p, std::span<const double> q);

/// Evidently's get_binned_data zero fill: every 0 becomes min(non-zero) / 1e6 when that minimum is <= 1e-4,
/// else 1e-4. An all-zero vector is left as it is.
void fill_zero_proportions(std::vector<double>& proportions);

}  // namespace cairn::stats
