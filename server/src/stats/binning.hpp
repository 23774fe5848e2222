#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "stats/raw_column.hpp"

namespace cairn::stats {

/// numpy.histogram_bin_edges(values, bins="sturges"): ceil(range / (range / (log2(n) + 1))) equal bins from min to
/// max (a zero range widened by 0.5 each side), edges as numpy.linspace computes them. `values` non-empty, finite.
std::vector<double> sturges_edges(std::span<const double> values);
/// The same edges from what they depend on: the count of values and their min and max (count > 0).
std::vector<double> sturges_edges(std::size_t count, double min, double max);

/// numpy.histogram(values, edges)[0]: bin i holds [edges[i], edges[i+1]), the last bin also its right edge; values
/// outside [edges.front(), edges.back()] are not counted. O(n log bins).
std::vector<double> histogram_counts(std::span<const double> values, std::span<const double> edges);

/// Index of `value` among edges.size() + 1 slots: 0 below edges.front(), i for [edges[i-1], edges[i]), the last
/// inner bin closed on the right (numpy), edges.size() above edges.back(). No allocation; up to 64 edges a
/// branch-free count of the edges at or below the value, beyond that a binary search.
std::size_t bin_index(std::span<const double> edges, double value);

/// bin_index over fixed edges, computed instead of searched when the edges have equal widths (sturges_edges'):
/// the bin is guessed from the value and then checked against the edges themselves, so the answer is bin_index's
/// exactly, whatever rounding the guess suffers. For a column of values at once.
class EdgeLookup {
 public:
  explicit EdgeLookup(std::span<const double> edges);
  std::size_t bin_index(double value) const;

 private:
  std::span<const double> edges_;
  double first_ = 0, bins_per_unit_ = 0;
  bool equal_widths_ = false;
};

/// How many of the ascending `edges` are below `value` (std::lower_bound's index), or at most `value` (upper_bound's).
std::size_t edges_below(std::span<const double> edges, double value);
std::size_t edges_at_or_below(std::span<const double> edges, double value);

/// Two samples' counts over the union of their values, in sorted order (numbers numerically, texts by bytes, as
/// Python sorts str), with printable labels.
struct ValueCounts {
  std::vector<std::string> labels;
  std::vector<double> reference, current;
};
ValueCounts value_counts(std::span<const double> reference, std::span<const double> current);
ValueCounts value_counts(std::span<const std::string> reference, std::span<const std::string> current);

/// Evidently's get_binned_data: for a numeric feature whose reference has more than 20 distinct values, histograms
/// over numpy 'sturges' edges of reference and current combined; otherwise value counts over the union. Proportions
/// of each sample's size, zero-filled (fill_zero_proportions) when `fill_zeroes`.
struct BinnedProportions {
  std::vector<std::string> labels;
  std::vector<double> reference, current;
};
BinnedProportions evidently_binned(std::span<const double> reference, std::span<const double> current,
                                   bool fill_zeroes);
BinnedProportions evidently_binned(std::span<const std::string> reference, std::span<const std::string> current,
                                   bool fill_zeroes);

/// The number of distinct values (pandas nunique, missing values already dropped).
std::size_t distinct_count(std::span<const double> values);
std::size_t distinct_count(std::span<const std::string> values);

/// A number as Python's repr would print it, for labels.
std::string number_label(double value);

}  // namespace cairn::stats
