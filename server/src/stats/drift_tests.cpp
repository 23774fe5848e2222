#include "stats/drift_tests.hpp"

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <cmath>
#include <limits>
#include <numeric>

namespace cairn::stats {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// scipy.special.rel_entr: x ln(x / y), 0 when x is 0, infinite when y is 0 and x is not.
double rel_entr(double x, double y) {
  if (x > 0 && y > 0) return x * std::log(x / y);
  if (x == 0 && y >= 0) return 0.0;
  return kInfinity;
}

double total_of(std::span<const double> values) {
  long double sum = 0;
  for (double v : values) sum += v;
  return static_cast<double>(sum);
}

}  // namespace

double wasserstein_distance(std::span<const double> u, std::span<const double> v) {
  std::vector<double> a(u.begin(), u.end()), b(v.begin(), v.end());
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  // Integrate |U(x) - V(x)| between consecutive values of the merged sample; U and V are right-continuous ECDFs
  // evaluated at the left end of each gap, as scipy's searchsorted(..., 'right').
  const double na = static_cast<double>(a.size()), nb = static_cast<double>(b.size());
  std::size_t i = 0, j = 0;
  long double area = 0;
  double previous = 0;
  bool started = false;
  while (i < a.size() || j < b.size()) {
    const double x = j == b.size() || (i < a.size() && a[i] <= b[j]) ? a[i] : b[j];
    if (started) {
      // Counts so far are those <= previous value: the ECDFs over [previous, x).
      const double gap = x - previous;
      area += std::abs(static_cast<double>(i) / na - static_cast<double>(j) / nb) * gap;
    }
    while (i < a.size() && a[i] <= x) ++i;
    while (j < b.size() && b[j] <= x) ++j;
    previous = x;
    started = true;
  }
  return static_cast<double>(area);
}

double wasserstein_distance_sorted(std::span<const WeightedPoint> u, std::span<const WeightedPoint> v) {
  double wu = 0, wv = 0;
  for (const auto& p : u) wu += p.weight;
  for (const auto& p : v) wv += p.weight;
  if (wu <= 0 || wv <= 0) return 0;
  std::size_t i = 0, j = 0;
  long double area = 0, cu = 0, cv = 0;
  double previous = 0;
  bool started = false;
  while (i < u.size() || j < v.size()) {
    const double x = j == v.size() || (i < u.size() && u[i].value <= v[j].value) ? u[i].value : v[j].value;
    if (started) area += std::abs(cu / wu - cv / wv) * (x - previous);
    while (i < u.size() && u[i].value <= x) cu += u[i++].weight;
    while (j < v.size() && v[j].value <= x) cv += v[j++].weight;
    previous = x;
    started = true;
  }
  return static_cast<double>(area);
}

double population_std(std::span<const double> values) {
  if (values.empty()) return 0;
  long double sum = 0;
  for (double v : values) sum += v;
  const long double mean = sum / static_cast<long double>(values.size());
  long double squares = 0;
  for (double v : values) squares += (v - mean) * (v - mean);
  return static_cast<double>(std::sqrt(squares / static_cast<long double>(values.size())));
}

double wasserstein_normed(std::span<const double> reference, std::span<const double> current) {
  return wasserstein_distance(reference, current) / std::max(population_std(reference), 0.001);
}

ChiSquareResult chi_square_test(std::span<const double> reference_counts, std::span<const double> current_counts) {
  const std::size_t k = std::min(reference_counts.size(), current_counts.size());
  const double ref_total = total_of(reference_counts), cur_total = total_of(current_counts);
  if (k < 2 || ref_total <= 0) return {};
  const double scale = cur_total / ref_total;
  long double statistic = 0;
  for (std::size_t i = 0; i < k; ++i) {
    const double expected = reference_counts[i] * scale, observed = current_counts[i];
    const double diff = observed - expected;
    statistic += diff * diff / expected;  // an unexpected category: x / 0 = inf, p = 0, as in SciPy
  }
  ChiSquareResult out;
  out.statistic = static_cast<double>(statistic);
  if (std::isnan(out.statistic)) return {};  // 0 / 0: a category empty on both sides carries no evidence
  if (std::isinf(out.statistic)) {
    out.p_value = 0;
    return out;
  }
  const boost::math::chi_squared_distribution<double> chi2(static_cast<double>(k - 1));
  out.p_value = boost::math::cdf(boost::math::complement(chi2, out.statistic));
  return out;
}

double normal_one_minus_cdf(double x) {
  // SciPy computes 1 - ndtr(x); ndtr(x) = 1 - erfc(x / sqrt 2) / 2 for x >= 1 / sqrt 2, so the same subtraction.
  const double cdf = 0.5 * std::erfc(-x / std::sqrt(2.0));
  return 1.0 - cdf;
}

double z_test_p_value(double reference_first, double reference_total, double current_first, double current_total,
                      bool single_shared_value) {
  if (single_shared_value) return 1.0;
  const double n1 = reference_total, n2 = current_total;
  const double p1 = (n1 - reference_first) / n1, p2 = (n2 - current_first) / n2;
  const double pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  const double z = (p1 - p2) / std::sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
  if (std::isnan(z)) return 1.0;  // every value is the first category on both sides: no difference to test
  return 2 * normal_one_minus_cdf(std::abs(z));
}

double jensen_shannon_distance(std::span<const double> p, std::span<const double> q) {
  const double sp = total_of(p), sq = total_of(q);
  long double left = 0, right = 0;
  for (std::size_t i = 0; i < std::min(p.size(), q.size()); ++i) {
    const double pi = p[i] / sp, qi = q[i] / sq;
    const double m = (pi + qi) / 2.0;
    left += rel_entr(pi, m);
    right += rel_entr(qi, m);
  }
  return std::sqrt(static_cast<double>(left + right) / 2.0);
}

double population_stability_index(std::span<const double> p, std::span<const double> q) {
  long double sum = 0;
  for (std::size_t i = 0; i < std::min(p.size(), q.size()); ++i) sum += (p[i] - q[i]) * std::log(p[i] / q[i]);
  return static_cast<double>(sum);
}

double kl_divergence(std::span<const double> p, std::span<const double> q) {
  const double sp = total_of(p), sq = total_of(q);
  long double sum = 0;
  for (std::size_t i = 0; i < std::min(p.size(), q.size()); ++i) sum += rel_entr(p[i] / sp, q[i] / sq);
  return static_cast<double>(sum);
}

double hellinger_distance(std::span<const double> p, std::span<const double> q) {
  const double sp = total_of(p), sq = total_of(q);
  long double affinity = 0;
  for (std::size_t i = 0; i < std::min(p.size(), q.size()); ++i) affinity += std::sqrt((p[i] / sp) * (q[i] / sq));
  return std::sqrt(1 - std::clamp(static_cast<double>(affinity), 0.0, 1.0));
}

double total_variation_distance(std::span<const double> p, std::span<const double> q) {
  const double sp = total_of(p), sq = total_of(q);
  long double sum = 0;
  for (std::size_t i = 0; i < std::min(p.size(), q.size()); ++i) sum += std::abs(p[i] / sp - q[i] / sq);
  return static_cast<double>(0.5 * sum);
}

void fill_zero_proportions(std::vector<double>& proportions) {
  double smallest = kInfinity;
  for (double v : proportions) {
    if (v != 0) smallest = std::min(smallest, v);
  }
  if (std::isinf(smallest)) return;
  const double fill = smallest <= 0.0001 ? smallest / 1e6 : 0.0001;
  for (double& v : proportions) {
    if (v == 0) v = fill;
  }
}

}  // namespace cairn::stats
