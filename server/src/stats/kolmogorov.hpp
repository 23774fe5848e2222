#pragma once

#include <cstdint>
#include <span>

namespace cairn::stats {

// The Kolmogorov–Smirnov machinery of scipy.stats.ks_2samp (two-sided, method 'auto'), rewritten so that the
// p-values agree with SciPy 1.17 to about 1e-12: the exact two-sample path counting (Hodges; Viehmann's
// 1 - p recursion) and, past 10,000 observations, the one-sample distribution kstwo at n = round(n1 n2 / (n1 + n2))
// (Simard & L'Ecuyer: Ruben–Gambino, Durbin/MTW, Pomeranz, Pelz–Good, Smirnov's exact one-sided sum).

/// Two-sided two-sample KS result. `exact` says which of scipy's two paths produced the p-value.
struct KsResult {
  double statistic = 0;
  double p_value = 1;
  bool exact = true;
};

/// scipy.stats.ks_2samp(a, b) with the default arguments. Both samples must be non-empty and free of NaN (the
/// callers drop missing values first); they need not be sorted. O((n1 + n2) log(n1 + n2)) for the statistic; the
/// exact p-value costs O(max(n1, n2) * window) like scipy's.
KsResult ks_2samp(std::span<const double> a, std::span<const double> b);

/// The p-value of a two-sided statistic `d` for sample sizes n1 and n2, chosen exactly as ks_2samp chooses it (exact
/// when max(n1, n2) <= 10,000 and the exact count succeeds, else asymptotic). `d` is snapped to the lattice h / lcm
/// on the exact path, which `statistic` reports.
KsResult ks_p_value(double d, uint64_t n1, uint64_t n2);

/// Survival function of the two-sided one-sample Kolmogorov statistic D_n (scipy.stats.kstwo.sf(d, n)).
double kolmogorov_sf(double d, uint64_t n);

/// Survival function of the one-sided one-sample Smirnov statistic D_n^+ (scipy.special.smirnov(n, d)), by the
/// Birnbaum–Tingey sum in extended precision.
double smirnov_sf(uint64_t n, double d);

}  // namespace cairn::stats
