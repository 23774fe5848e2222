#pragma once

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace cairn::stats {

/// DDSketch (Masson, Rim, Lee, VLDB 2019): a mergeable quantile sketch with relative accuracy alpha. Values map to
/// logarithmic buckets (gamma^(k-1), gamma^k] with gamma = (1 + alpha) / (1 - alpha), one store for positive values,
/// one for negative, and a bucket for zero (|x| below the smallest normal double, an absolute error of at most
/// 2.2e-308). Each store keeps at most max_bins contiguous keys; past that the lowest keys (the smallest magnitudes)
/// collapse into one, and `collapsed()` says so.
///
/// Bound: for a quantile q whose true value v (the element of rank floor(q (n - 1))) did not fall in a collapsed
/// bucket, |quantile(q) - v| <= alpha |v| (plus 1e-12 |v| of floating-point slack in the bucket arithmetic).
/// Merging sketches of the same alpha gives exactly the sketch of all values (bucket counts add).
///
/// add() does not allocate once the keys it sees are inside the range already held (the steady state).
class QuantileSketch {
 public:
  static constexpr double kDefaultRelativeAccuracy = 0.01;
  static constexpr uint32_t kDefaultMaxBins = 2048;
  /// alpha is clamped to [1e-4, 0.5] and max_bins to [16, 65536], which keeps every key inside 32 bits.
  explicit QuantileSketch(double relative_accuracy = kDefaultRelativeAccuracy, uint32_t max_bins = kDefaultMaxBins);

  /// Adds `count` copies of `value`; NaN and infinities are ignored (the profile counts them as missing).
  void add(double value, uint64_t count = 1);
  /// add() of each value: for a column at once.
  void add_all(std::span<const double> values);
  /// Adds the other sketch's values. Error when the relative accuracies differ (the buckets would not line up).
  Status merge(const QuantileSketch& other);

  /// The estimated value of rank floor(q (count - 1)), clamped to [min, max]; NaN when empty or q outside [0, 1].
  double quantile(double q) const;
  /// The estimated share of values <= x: buckets whose representative is <= x. 0 when empty.
  double cdf(double x) const;

  uint64_t count() const { return count_; }
  double min() const { return count_ ? min_ : std::numeric_limits<double>::quiet_NaN(); }
  double max() const { return count_ ? max_ : std::numeric_limits<double>::quiet_NaN(); }
  double sum() const { return sum_; }
  double relative_accuracy() const { return alpha_; }
  uint32_t max_bins() const { return max_bins_; }
  bool collapsed() const { return collapsed_; }

  /// A non-empty bucket in ascending order of value: every value counted lies in [lower, upper] (already clamped to
  /// the exact min and max), and the sketch answers with `representative`.
  struct Bucket {
    double lower = 0, upper = 0, representative = 0;
    uint64_t count = 0;
  };
  std::vector<Bucket> buckets() const;

  /// Version byte 1, then alpha, max_bins, counts, min/max/sum and both stores as (first key, bin count, varint
  /// counts).
  std::string serialize() const;
  /// Validates everything it reads: a truncated, corrupted or inconsistent string is an Error, never a crash, and
  /// no allocation exceeds what the input's length can justify.
  static Result<QuantileSketch> deserialize(std::string_view bytes);
  /// Summary for the API: count, min, max, mean and the usual quantiles.
  nlohmann::json to_json() const;

 private:
  // A contiguous range of keys [min_key, min_key + counts.size()).
  struct Store {
    int32_t min_key = 0;
    std::vector<uint64_t> counts;
    uint64_t total() const;
    // Returns true when it had to collapse the lowest keys.
    bool add(int32_t key, uint64_t n, uint32_t max_bins);
  };

  int32_t key_of(double magnitude) const;
  double representative(int32_t key) const;
  double lower_bound_of(int32_t key) const;

  double alpha_;
  uint32_t max_bins_;
  double gamma_, log_gamma_, multiplier_;
  Store positive_, negative_;
  uint64_t zero_count_ = 0, count_ = 0;
  double min_ = std::numeric_limits<double>::infinity(), max_ = -std::numeric_limits<double>::infinity(), sum_ = 0;
  bool collapsed_ = false;
};

}  // namespace cairn::stats
