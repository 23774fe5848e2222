#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/result.hpp"
#include "stats/cardinality_sketch.hpp"
#include "stats/frequent_values.hpp"
#include "stats/quantile_sketch.hpp"
#include "stats/raw_column.hpp"

namespace cairn::stats {

/// A numeric feature's bins, fixed from the reference so that every window's counts line up.
/// - intervals (points == false): counts slot 0 = below edges.front(), slot i = [edges[i-1], edges[i]) with the last
///   inner bin closed on the right as numpy does, the last slot = above edges.back(); edges.size() + 1 slots.
/// - points (points == true), for features with few distinct values: edges are those values; slot 2i + 1 counts
///   values equal to edges[i], slot 2i values strictly between edges[i-1] and edges[i] (slot 0 below the first,
///   the last slot above the last); 2 edges.size() + 1 slots. This is Evidently's value counts for every value the
///   reference has.
/// No edges at all (a reference without values) is one slot.
struct Bins {
  std::vector<double> edges;
  bool points = false;

  std::size_t slots() const { return points ? 2 * edges.size() + 1 : edges.size() + 1; }
  /// Binary search over the edges; no allocation. NaN must be filtered before.
  std::size_t slot_of(double value) const;
  std::string label(std::size_t slot) const;
  bool operator==(const Bins&) const = default;
};

/// A numeric feature over a window. Non-finite values (NaN, +-inf) count as missing, as in Evidently.
struct NumericProfile {
  /// Windows of at most this many values also keep the values themselves, so that KS and Wasserstein against a
  /// small reference (or between small windows) are exact rather than sketched.
  static constexpr std::size_t kRawLimit = 1000;

  uint64_t count = 0, missing = 0;
  double min = 0, max = 0, mean = 0, m2 = 0;  ///< min/max meaningful when count > 0; m2 = sum of squared deviations
  QuantileSketch quantiles;
  Bins bins;
  std::vector<uint64_t> bin_counts;  ///< bins.slots() entries
  std::vector<double> raw;           ///< every value added, while raw_complete
  bool raw_complete = true;          ///< false once more than kRawLimit values were seen

  NumericProfile() = default;
  explicit NumericProfile(Bins b, double relative_accuracy = QuantileSketch::kDefaultRelativeAccuracy);

  /// The hot path: Welford's update, one sketch add, one binary search; allocation-free once past kRawLimit values
  /// and once the sketch's key range is established.
  void add(double v);
  /// What add() of each value gives (moments equal up to rounding), several times faster: for a column at once.
  void add_all(std::span<const double> values);
  void add_missing() { ++missing; }
  /// Error when the bins or the sketch accuracy differ.
  Status merge(const NumericProfile& other);
  /// Population variance m2 / count (numpy's default ddof 0); 0 when empty.
  double variance() const { return count ? m2 / static_cast<double>(count) : 0.0; }

 private:
  /// Counts `n` values of the given moments and range in (n may be 0).
  void fold_moments(uint64_t n, double other_mean, double other_m2, double other_min, double other_max);
};

/// A column of texts counted: each distinct text once with its count, in order of first
/// appearance (views into the column), and how many were missing (nullopt).
struct TextCounts {
  std::vector<std::pair<std::string_view, uint64_t>> values;
  uint64_t missing = 0;
};
TextCounts count_texts(std::span<const std::optional<std::string>> texts);

/// A categorical feature over a window.
struct CategoricalProfile {
  uint64_t count = 0, missing = 0;
  FrequentValues values;
  CardinalitySketch distinct;

  CategoricalProfile() = default;
  explicit CategoricalProfile(uint32_t capacity) : values(capacity) {}

  void add(std::string_view v, uint64_t times = 1);
  /// add() of each text (nullopt: missing), for a column at once: equal texts are counted first
  /// and added once each with their count, in order of first appearance, so a column of a few
  /// categories costs one hash per value instead of a counter update and a sketch hash.
  void add_all(std::span<const std::optional<std::string>> texts) { add_counts(count_texts(texts)); }
  void add_counts(const TextCounts& counted);
  void add_missing() { ++missing; }
  /// Error when the sketch precisions differ.
  Status merge(const CategoricalProfile& other);
};

/// One feature's profile: its kind and the matching profile.
class FeatureProfile {
 public:
  FeatureProfile() : profile_(NumericProfile{}) {}
  static FeatureProfile numeric(Bins bins);
  static FeatureProfile categorical(uint32_t capacity = FrequentValues::kDefaultCapacity);

  FeatureKind kind() const { return profile_.index() == 0 ? FeatureKind::numeric : FeatureKind::categorical; }
  /// get_*: the kind must match (asserted); try_get_*: nullptr otherwise.
  const NumericProfile& get_numeric() const { return std::get<0>(profile_); }
  NumericProfile& get_numeric() { return std::get<0>(profile_); }
  const CategoricalProfile& get_categorical() const { return std::get<1>(profile_); }
  CategoricalProfile& get_categorical() { return std::get<1>(profile_); }
  const NumericProfile* try_get_numeric() const { return std::get_if<0>(&profile_); }
  const CategoricalProfile* try_get_categorical() const { return std::get_if<1>(&profile_); }

  /// Ingest helpers: a number into a numeric profile, a text into a categorical one; a value of the other kind
  /// counts as missing (a feature that changes type is a data-quality problem, not a crash).
  void add(double v);
  void add(std::string_view v);
  /// add() of each number, for a column at once.
  void add_all(std::span<const double> values);
  /// add() of each text (nullopt: missing), for a column at once.
  void add_all(std::span<const std::optional<std::string>> texts);
  void add_missing();
  uint64_t count() const;
  uint64_t missing() const;

  /// Error when the kinds, bins or sketch parameters differ.
  Status merge(const FeatureProfile& other);
  std::string serialize() const;
  static Result<FeatureProfile> deserialize(std::string_view bytes);
  nlohmann::json to_json() const;
  /// The same kind and bins, nothing counted: what a new window starts from.
  FeatureProfile empty_like() const;

 private:
  std::variant<NumericProfile, CategoricalProfile> profile_;
};

}  // namespace cairn::stats
