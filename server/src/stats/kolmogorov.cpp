#include "stats/kolmogorov.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <tuple>
#include <vector>

namespace cairn::stats {

namespace {

// Scaling used by the matrix and recursion methods to keep intermediate values inside double's range.
constexpr int kKsScaleExp = 128;
const double kKsScaleUp = std::ldexp(1.0, kKsScaleExp);
const double kKsScaleDown = std::ldexp(1.0, -kKsScaleExp);

double clip01(double p) {
  return std::clamp(p, 0.0, 1.0);
}

// log(n! / n^n) by Stirling's series, as scipy's _log_nfactorial_div_n_pow_n.
double log_nfactorial_div_n_pow_n(double n) {
  static constexpr double kStirling[] = {-2.955065359477124183e-2,  6.4102564102564102564e-3, -1.9175269175269175269e-3,
                                         8.4175084175084175084e-4,  -5.952380952380952381e-4, 7.9365079365079365079e-4,
                                         -2.7777777777777777778e-3, 8.3333333333333333333e-2};
  const double rn = 1.0 / n;
  const double x = rn / n;
  double poly = 0;
  for (double c : kStirling) poly = poly * x + c;
  return std::log(n) / 2 - n + std::log(2 * std::numbers::pi) / 2 + rn * poly;
}

using Matrix = std::vector<double>;  // row-major, m x m

Matrix matmul(const Matrix& a, const Matrix& b, int m) {
  Matrix c(static_cast<std::size_t>(m) * m, 0.0);
  for (int i = 0; i < m; ++i) {
    for (int k = 0; k < m; ++k) {
      const double aik = a[i * m + k];
      if (aik == 0) continue;
      for (int j = 0; j < m; ++j) c[i * m + j] += aik * b[k * m + j];
    }
  }
  return c;
}

// Pr(D_n <= d) by Durbin's matrix, the Marsaglia–Tsang–Wang way (scipy's _kolmogn_DMTW).
double kolmogorov_cdf_durbin(uint64_t n, double d) {
  if (d >= 1.0) return 1.0;
  const double nd = static_cast<double>(n) * d;
  if (nd <= 0.5) return 0.0;
  const int k = static_cast<int>(std::ceil(nd));
  const double h = k - nd;
  const int m = 2 * k - 1;
  Matrix hm(static_cast<std::size_t>(m) * m, 0.0);
  std::vector<double> v(m), w(m);
  double fac = 1.0;
  for (int j = 1; j <= m; ++j) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1.0 - std::pow(h, j)) * fac;
  }
  const double tt = std::pow(std::max(2 * h - 1.0, 0.0), m) - 2 * std::pow(h, m);
  v[m - 1] = (1.0 + tt) * fac;
  for (int i = 1; i < m; ++i) {
    for (int r = i - 1; r < m; ++r) hm[r * m + i] = w[r - (i - 1)];
  }
  for (int r = 0; r < m; ++r) hm[r * m] = v[r];
  for (int c = 0; c < m; ++c) hm[(m - 1) * m + c] = v[m - 1 - c];

  Matrix power(static_cast<std::size_t>(m) * m, 0.0);
  for (int i = 0; i < m; ++i) power[i * m + i] = 1.0;
  long long expnt = 0, h_expnt = 0;
  for (uint64_t nn = n; nn > 0; nn /= 2) {
    if (nn % 2) {
      power = matmul(power, hm, m);
      expnt += h_expnt;
    }
    hm = matmul(hm, hm, m);
    h_expnt *= 2;
    if (std::abs(hm[(k - 1) * m + (k - 1)]) > kKsScaleUp) {
      for (double& x : hm) x /= kKsScaleUp;
      h_expnt += kKsScaleExp;
    }
  }
  double p = power[(k - 1) * m + (k - 1)];
  for (uint64_t i = 1; i <= n; ++i) {
    p = static_cast<double>(i) * p / static_cast<double>(n);
    if (std::abs(p) < kKsScaleDown) {
      p *= kKsScaleUp;
      expnt -= kKsScaleExp;
    }
  }
  if (expnt != 0) p = std::ldexp(p, static_cast<int>(expnt));
  return clip01(p);
}

// The row bounds of Pomeranz's recursion (scipy's _pomeranz_compute_j1j2).
std::pair<long long, long long> pomeranz_j1j2(long long i, long long n, long long ll, long long ceilf,
                                              long long roundf) {
  long long j1, j2;
  if (i == 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const long long half = (i + 1) / 2, odd = (i + 1) % 2;
    if (odd == 0) {  // i is odd
      if (half == n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = half - 1 - ll - roundf - 1;
        j2 = half + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = half - 1 - ll - 1;
      j2 = half + ll + roundf - 1;
    }
  }
  return {std::max(j1 + 2, 0LL), std::min(j2, n)};
}

// Pr(D_n <= x) by Pomeranz's recursion (scipy's _kolmogn_Pomeranz).
double kolmogorov_cdf_pomeranz(uint64_t n_in, double x) {
  const long long n = static_cast<long long>(n_in);
  const double t = static_cast<double>(n) * x;
  const long long ll = static_cast<long long>(std::floor(t));
  const double f = t - static_cast<double>(ll);
  const double g = std::min(f, 1.0 - f);
  const long long ceilf = f > 0 ? 1 : 0, roundf = f > 0.5 ? 1 : 0;
  const long long npwrs = 2 * (ll + 1);
  std::vector<double> gpower(npwrs), twogpower(npwrs), onem2gpower(npwrs);
  gpower[0] = twogpower[0] = onem2gpower[0] = 1.0;
  const double dn = static_cast<double>(n);
  const double g_over_n = g / dn, two_g_over_n = 2 * g / dn, one_minus_two_g_over_n = (1 - 2 * g) / dn;
  for (long long m = 1; m < npwrs; ++m) {
    gpower[m] = gpower[m - 1] * g_over_n / static_cast<double>(m);
    twogpower[m] = twogpower[m - 1] * two_g_over_n / static_cast<double>(m);
    onem2gpower[m] = onem2gpower[m - 1] * one_minus_two_g_over_n / static_cast<double>(m);
  }
  std::vector<double> v0(npwrs, 0.0), v1(npwrs, 0.0), conv;
  v1[0] = 1;
  long long v0s = 0, v1s = 0;
  long long expnt = 0;
  auto [j1, j2] = pomeranz_j1j2(0, n, ll, ceilf, roundf);
  for (long long i = 1; i < 2 * n + 2; ++i) {
    const long long k1 = j1;
    std::swap(v0, v1);
    std::swap(v0s, v1s);
    std::fill(v1.begin(), v1.end(), 0.0);
    std::tie(j1, j2) = pomeranz_j1j2(i, n, ll, ceilf, roundf);
    const std::vector<double>& pwrs = (i == 1 || i == 2 * n + 1) ? gpower : (i % 2 ? twogpower : onem2gpower);
    const long long ln2 = j2 - k1 + 1;
    if (ln2 <= 0) continue;
    // The full convolution of v0[k1 - v0s, +ln2) with pwrs[0, ln2), of which [j1 - k1, +j2 - j1 + 1) is kept.
    const long long start = k1 - v0s;
    const long long alen = std::clamp<long long>(npwrs - start, 0, ln2);
    conv.assign(static_cast<std::size_t>(std::max<long long>(alen + ln2 - 1, 0)), 0.0);
    for (long long a = std::max(0LL, -start); a < alen; ++a) {
      const double va = v0[start + a];
      if (va == 0) continue;
      for (long long b = 0; b < ln2; ++b) conv[a + b] += va * pwrs[b];
    }
    const long long conv_start = j1 - k1, conv_len = j2 - j1 + 1;
    double vmax = 0;
    for (long long c = 0; c < conv_len && c < npwrs && conv_start + c < static_cast<long long>(conv.size()); ++c) {
      v1[c] = conv[conv_start + c];
      vmax = std::max(vmax, v1[c]);
    }
    if (vmax > 0 && vmax < kKsScaleDown) {
      for (double& y : v1) y *= kKsScaleUp;
      expnt -= kKsScaleExp;
    }
    v1s = v0s + j1 - k1;
  }
  if (n - v1s < 0 || n - v1s >= npwrs) return kolmogorov_cdf_durbin(n_in, x);  // never in SciPy's analysis
  double ans = v1[n - v1s];
  for (long long m = 1; m <= n; ++m) {
    if (std::abs(ans) > kKsScaleUp) {
      ans *= kKsScaleDown;
      expnt += kKsScaleExp;
    }
    ans *= static_cast<double>(m);
  }
  if (expnt != 0) ans = std::ldexp(ans, static_cast<int>(expnt));
  return clip01(ans);
}

// The Pelz–Good asymptotic series for Pr(D_n <= x) (scipy's _kolmogn_PelzGood, cdf=True).
double kolmogorov_cdf_pelz_good(uint64_t n, double x) {
  using std::numbers::pi;
  if (x <= 0.0) return 0.0;
  if (x >= 1.0) return 1.0;
  const double dn = static_cast<double>(n);
  const double z = std::sqrt(dn) * x;
  const double z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2;
  const double qlog = -pi * pi / 8 / z2;
  if (qlog < -708) return 0.0;
  double q = std::exp(qlog);
  const double pi2 = pi * pi, pi4 = pi2 * pi2, pi6 = pi4 * pi2;
  const double k1a = -z2, k1b = pi2 / 4;
  const double k2a = 6 * z6 + 2 * z4, k2b = (2 * z4 - 5 * z2) * pi2 / 4, k2c = pi4 * (1 - 2 * z2) / 16;
  const double k3d = pi6 * (5 - 30 * z2) / 64, k3c = pi4 * (-60 * z2 + 212 * z4) / 16,
               k3b = pi2 * (135 * z4 - 96 * z6) / 4, k3a = -30 * z6 - 90 * std::pow(z, 8);
  double k[4] = {0, 0, 0, 0};
  const int maxk = static_cast<int>(std::ceil(16 * z / pi));
  for (int kk = maxk; kk > 0; --kk) {
    const double m = 2.0 * kk - 1, m2 = m * m, m4 = m2 * m2, m6 = m4 * m2;
    const double qpower = std::pow(q, 8.0 * kk);
    const double coeffs[4] = {1.0, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6};
    for (int i = 0; i < 4; ++i) k[i] = k[i] * qpower + coeffs[i];
  }
  const double sqrt2pi = std::sqrt(2 * pi);
  const double div[4] = {z, 6 * z4, 72 * std::pow(z, 7), 6480 * std::pow(z, 10)};
  for (int i = 0; i < 4; ++i) k[i] = k[i] * q * sqrt2pi / div[i];
  q = std::exp(-pi2 / 2 / z2);
  double k2extra = 0, k3extra = 0;
  const double sqrt3z = std::sqrt(3.0) * z;
  for (int kk = maxk; kk > 0; --kk) {
    const double ks2 = static_cast<double>(kk) * kk;
    const double qp = std::pow(q, ks2);
    k2extra += ks2 * qp;
    const double kspi = pi * kk;
    k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ks2 * qp;
  }
  k[2] += k2extra * pi2 * sqrt2pi / (-36 * z3);
  k[3] += k3extra * pi2 * sqrt2pi / (216 * z6);
  double sum = 0;
  for (int i = 0; i < 4; ++i) sum += k[i] / std::pow(dn, i / 2.0);
  return sum;
}

// Pr(outside |x/n - y/n| < h/n) for equal sample sizes (scipy's _compute_prob_outside_square).
double prob_outside_square(uint64_t n, uint64_t h) {
  double p = 0.0;
  const double dn = static_cast<double>(n), dh = static_cast<double>(h);
  for (long long k = static_cast<long long>(n / h); k >= 0; --k) {
    double p1 = 1.0;
    const double kh = static_cast<double>(k) * dh;
    for (uint64_t j = 0; j < h; ++j) {
      const double dj = static_cast<double>(j);
      p1 = (dn - kh - dj) * p1 / (dn + kh + dj + 1);
    }
    p = p1 * (1.0 - p);
  }
  return 2 * p;
}

long long floor_div(long long a, long long b) {
  long long q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}
long long ceil_div(long long a, long long b) {
  return -floor_div(-a, b);
}

// The share of lattice paths from (0,0) to (m,n) leaving |x/m - y/n| < h/lcm, by the "inside" recursion kept as
// 1 - p (Viehmann 2021), as scipy's _compute_outer_prob_inside_method.
double prob_outer_inside(long long m, long long n, long long g, long long h) {
  if (m < n) std::swap(m, n);
  const long long mg = m / g, ng = n / g;
  long long minj = 0, maxj = std::min(ceil_div(h, mg), n + 1);
  long long curlen = maxj - minj;
  const long long len_a = std::min(2 * maxj + 2, n + 1);
  std::vector<double> a(static_cast<std::size_t>(len_a), 1.0);
  std::fill(a.begin(), a.begin() + std::min(maxj, len_a), 0.0);
  for (long long i = 1; i <= m; ++i) {
    const long long lastminj = minj, lastlen = curlen;
    minj = std::min(std::max(floor_div(ng * i - h, mg) + 1, 0LL), n);
    maxj = std::min(ceil_div(ng * i + h, mg), n + 1);
    if (maxj <= minj) return 1.0;
    double val = minj == 0 ? 0.0 : 1.0;
    const double di = static_cast<double>(i);
    for (long long jj = 0; jj < maxj - minj; ++jj) {
      const long long j = jj + minj;
      const long long src = jj + minj - lastminj;
      const double prev = src < len_a ? a[src] : 1.0;
      val = (prev * di + val * static_cast<double>(j)) / (di + static_cast<double>(j));
      if (jj < len_a) a[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) {
      for (long long c = maxj - minj; c < std::min(maxj - minj + (lastlen - curlen), len_a); ++c) a[c] = 1.0;
    }
  }
  // The window always fits the buffer in SciPy's analysis; a NaN here would send ks_p_value to the asymptotic path.
  if (maxj - minj - 1 >= len_a) return std::nan("");
  return a[maxj - minj - 1];
}

}  // namespace

double smirnov_sf(uint64_t n, double d) {
  if (std::isnan(d)) return d;
  if (d <= 0) return 1.0;
  if (d >= 1) return 0.0;
  // Pr(D_n^+ >= d) = d * sum_{j=0}^{floor(n(1-d))} C(n,j) (d + j/n)^(j-1) (1 - d - j/n)^(n-j), every term positive.
  const long double x = d, dn = static_cast<long double>(n);
  const auto last = static_cast<uint64_t>(std::floor(dn * (1 - x)));
  const long double lg_n = std::lgamma(dn + 1);
  long double sum = 0;
  for (uint64_t j = 0; j <= last && j <= n; ++j) {
    const long double dj = static_cast<long double>(j);
    const long double up = x + dj / dn, down = 1 - x - dj / dn;
    if (down <= 0 && n - j > 0) continue;
    long double log_term = lg_n - std::lgamma(dj + 1) - std::lgamma(dn - dj + 1) + (dj - 1) * std::log(up);
    if (n - j > 0) log_term += (dn - dj) * std::log(down);
    sum += std::exp(log_term);
  }
  return clip01(static_cast<double>(x * sum));
}

double kolmogorov_sf(double x, uint64_t n) {
  if (n == 0 || std::isnan(x)) return std::nan("");
  const double dn = static_cast<double>(n);
  // scipy's rv_continuous support check: at or below 0.5/n the survival is 1, at or above 1 it is 0.
  if (x <= 0.5 / dn) return 1.0;
  if (x >= 1.0) return 0.0;
  const double t = dn * x;
  if (t <= 1.0) {  // Ruben–Gambino
    double prob;
    if (n <= 140) {
      prob = 1.0;
      for (uint64_t i = 1; i <= n; ++i) prob *= static_cast<double>(i) * (1.0 / dn) * (2 * t - 1);
    } else {
      prob = std::exp(log_nfactorial_div_n_pow_n(dn) + dn * std::log(2 * t - 1));
    }
    return clip01(1.0 - prob);
  }
  if (t >= dn - 1) return clip01(2 * std::pow(1.0 - x, dn));
  if (x >= 0.5) return clip01(2 * smirnov_sf(n, x));
  const double nx2 = t * x;
  if (n <= 140) {
    if (nx2 <= 0.754693) return clip01(1.0 - kolmogorov_cdf_durbin(n, x));
    if (nx2 <= 4) return clip01(1.0 - kolmogorov_cdf_pomeranz(n, x));
    return clip01(2 * smirnov_sf(n, x));
  }
  if (nx2 >= 370.0) return 0.0;
  if (nx2 >= 2.2) return clip01(2 * smirnov_sf(n, x));
  double cdf;
  if (nx2 >= 18.0) {
    cdf = 1.0;
  } else if (n <= 100000 && dn * std::pow(x, 1.5) <= 1.4) {
    cdf = kolmogorov_cdf_durbin(n, x);
  } else {
    cdf = kolmogorov_cdf_pelz_good(n, x);
  }
  return clip01(1.0 - cdf);
}

KsResult ks_p_value(double d, uint64_t n1, uint64_t n2) {
  constexpr uint64_t kMaxExactN = 10000;  // scipy's MAX_AUTO_N
  KsResult out;
  out.statistic = d;
  if (std::max(n1, n2) <= kMaxExactN) {
    const auto g = std::gcd(n1, n2);
    const auto lcm = static_cast<long long>(n1 / g) * static_cast<long long>(n2);
    const auto h = static_cast<long long>(std::nearbyint(d * static_cast<double>(lcm)));
    out.statistic = static_cast<double>(h) / static_cast<double>(lcm);
    if (h == 0) {
      out.p_value = 1.0;
      return out;
    }
    const double prob = n1 == n2 ? prob_outside_square(n1, static_cast<uint64_t>(h))
                                 : prob_outer_inside(static_cast<long long>(n1), static_cast<long long>(n2),
                                                     static_cast<long long>(g), h);
    // scipy gives up on the exact count when it is not a probability (overflow, cancellation) and goes asymptotic.
    if (std::isfinite(prob) && prob >= 0 && prob <= 1) {
      out.p_value = prob;
      return out;
    }
  }
  out.exact = false;
  const double m = static_cast<double>(std::max(n1, n2)), n = static_cast<double>(std::min(n1, n2));
  const double en = m * n / (m + n);
  out.p_value = clip01(kolmogorov_sf(out.statistic, static_cast<uint64_t>(std::nearbyint(en))));
  return out;
}

KsResult ks_2samp(std::span<const double> a, std::span<const double> b) {
  std::vector<double> x(a.begin(), a.end()), y(b.begin(), b.end());
  std::sort(x.begin(), x.end());
  std::sort(y.begin(), y.end());
  const double n1 = static_cast<double>(x.size()), n2 = static_cast<double>(y.size());
  // The ECDF difference at every observed value (right-continuous: ties consumed), as scipy's searchsorted 'right'.
  double max_s = -2, min_s = 2;
  std::size_t i = 0, j = 0;
  while (i < x.size() || j < y.size()) {
    const double v = j == y.size() || (i < x.size() && x[i] <= y[j]) ? x[i] : y[j];
    while (i < x.size() && x[i] <= v) ++i;
    while (j < y.size() && y[j] <= v) ++j;
    const double diff = static_cast<double>(i) / n1 - static_cast<double>(j) / n2;
    max_s = std::max(max_s, diff);
    min_s = std::min(min_s, diff);
  }
  const double minus = std::clamp(-min_s, 0.0, 1.0);
  const double d = minus > max_s ? minus : max_s;
  return ks_p_value(d, x.size(), y.size());
}

}  // namespace cairn::stats
