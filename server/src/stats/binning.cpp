#include "stats/binning.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <string_view>

#include "stats/drift_tests.hpp"

namespace cairn::stats {

namespace {

constexpr std::size_t kEvidentlyMaxCategories = 20;  // get_binned_data: more distinct values than this -> histogram
// Up to this many edges, counting the edges on one side of a value beats a binary search: the comparisons
// vectorise and no branch mispredicts on data in random order (Sturges gives 20-30 edges for 1e5-1e8 values).
constexpr std::size_t kCountedEdges = 64;

template <class T>
ValueCounts count_union(std::span<const T> reference, std::span<const T> current) {
  std::map<T, std::pair<double, double>> counts;
  for (const auto& v : reference) counts[v].first += 1;
  for (const auto& v : current) counts[v].second += 1;
  ValueCounts out;
  for (const auto& [key, pair] : counts) {
    if constexpr (std::is_same_v<T, double>) {
      out.labels.push_back(number_label(key));
    } else {
      out.labels.push_back(key);
    }
    out.reference.push_back(pair.first);
    out.current.push_back(pair.second);
  }
  return out;
}

BinnedProportions to_proportions(std::vector<std::string> labels, std::vector<double> reference,
                                 std::vector<double> current, double reference_size, double current_size,
                                 bool fill_zeroes) {
  for (double& v : reference) v /= reference_size;
  for (double& v : current) v /= current_size;
  if (fill_zeroes) {
    fill_zero_proportions(reference);
    fill_zero_proportions(current);
  }
  return {std::move(labels), std::move(reference), std::move(current)};
}

std::string range_label(double lo, double hi) {
  return "[" + number_label(lo) + ", " + number_label(hi) + ")";
}

}  // namespace

std::string number_label(double value) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  std::string out(buffer, end);
  if (std::isfinite(value) && out.find_first_of(".e") == std::string::npos) out += ".0";
  return out;
}

std::vector<double> sturges_edges(std::span<const double> values) {
  auto [lo_it, hi_it] = std::minmax_element(values.begin(), values.end());
  return sturges_edges(values.size(), *lo_it, *hi_it);
}

std::vector<double> sturges_edges(std::size_t count, double min, double max) {
  double first = min, last = max;
  const double range = last - first;  // numpy's ptp, before widening
  if (first == last) {
    first -= 0.5;
    last += 0.5;
  }
  std::size_t bins = 1;
  const double width = range / (std::log2(static_cast<double>(count)) + 1.0);
  if (width != 0) bins = static_cast<std::size_t>(std::ceil((last - first) / width));
  // numpy.linspace(first, last, bins + 1): i * step + first, the last edge exactly `last`.
  std::vector<double> edges(bins + 1);
  const double step = (last - first) / static_cast<double>(bins);
  for (std::size_t i = 0; i <= bins; ++i) edges[i] = static_cast<double>(i) * step + first;
  edges.back() = last;
  return edges;
}

std::size_t edges_below(std::span<const double> edges, double value) {
  if (edges.size() > kCountedEdges)
    return static_cast<std::size_t>(std::lower_bound(edges.begin(), edges.end(), value) - edges.begin());
  std::size_t n = 0;
  for (double e : edges) n += static_cast<std::size_t>(e < value);
  return n;
}

std::size_t edges_at_or_below(std::span<const double> edges, double value) {
  if (edges.size() > kCountedEdges)
    return static_cast<std::size_t>(std::upper_bound(edges.begin(), edges.end(), value) - edges.begin());
  std::size_t n = 0;
  for (double e : edges) n += static_cast<std::size_t>(e <= value);
  return n;
}

std::size_t bin_index(std::span<const double> edges, double value) {
  if (edges.empty()) return 0;
  if (value == edges.back()) return edges.size() - 1;  // numpy closes the last bin on the right
  return edges_at_or_below(edges, value);              // 0 below the first edge, edges.size() above the last
}

std::vector<double> histogram_counts(std::span<const double> values, std::span<const double> edges) {
  std::vector<double> counts(edges.size() > 1 ? edges.size() - 1 : 0, 0.0);
  for (double v : values) {
    const std::size_t slot = bin_index(edges, v);
    if (slot == 0 || slot == edges.size()) continue;
    counts[slot - 1] += 1;
  }
  return counts;
}

EdgeLookup::EdgeLookup(std::span<const double> edges) : edges_(edges) {
  if (edges.size() < 3) return;
  const double first = edges.front(), step = (edges.back() - first) / static_cast<double>(edges.size() - 1);
  if (!(step > 0) || !std::isfinite(step)) return;
  for (std::size_t i = 0; i < edges.size(); ++i) {
    if (std::abs(edges[i] - (first + static_cast<double>(i) * step)) > step * 1e-6) return;
  }
  first_ = first;
  bins_per_unit_ = 1 / step;
  equal_widths_ = true;
}

std::size_t EdgeLookup::bin_index(double value) const {
  if (!equal_widths_) return stats::bin_index(edges_, value);
  const std::size_t last = edges_.size() - 1;
  if (value == edges_[last]) return last;  // numpy closes the last bin on the right
  if (value < edges_[0]) return 0;
  if (value > edges_[last]) return last + 1;
  // Bin i holds [edges[i], edges[i+1]) and is slot i + 1; the guess is off by at most one near an edge.
  auto i = static_cast<std::size_t>(std::clamp((value - first_) * bins_per_unit_, 0.0, static_cast<double>(last - 1)));
  while (i > 0 && value < edges_[i]) --i;
  while (i + 1 < last && value >= edges_[i + 1]) ++i;
  return i + 1;
}

ValueCounts value_counts(std::span<const double> reference, std::span<const double> current) {
  return count_union(reference, current);
}
ValueCounts value_counts(std::span<const std::string> reference, std::span<const std::string> current) {
  return count_union(reference, current);
}

BinnedProportions evidently_binned(std::span<const double> reference, std::span<const double> current,
                                   bool fill_zeroes) {
  const auto nr = static_cast<double>(reference.size()), nc = static_cast<double>(current.size());
  if (distinct_count(reference) > kEvidentlyMaxCategories) {
    std::vector<double> combined(reference.begin(), reference.end());
    combined.insert(combined.end(), current.begin(), current.end());
    const auto edges = sturges_edges(combined);
    std::vector<std::string> labels;
    for (std::size_t i = 0; i + 1 < edges.size(); ++i) labels.push_back(range_label(edges[i], edges[i + 1]));
    if (!labels.empty()) labels.back().back() = ']';
    return to_proportions(std::move(labels), histogram_counts(reference, edges), histogram_counts(current, edges), nr,
                          nc, fill_zeroes);
  }
  auto counts = value_counts(reference, current);
  return to_proportions(std::move(counts.labels), std::move(counts.reference), std::move(counts.current), nr, nc,
                        fill_zeroes);
}

BinnedProportions evidently_binned(std::span<const std::string> reference, std::span<const std::string> current,
                                   bool fill_zeroes) {
  auto counts = value_counts(reference, current);
  return to_proportions(std::move(counts.labels), std::move(counts.reference), std::move(counts.current),
                        static_cast<double>(reference.size()), static_cast<double>(current.size()), fill_zeroes);
}

std::size_t distinct_count(std::span<const double> values) {
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  return static_cast<std::size_t>(std::unique(sorted.begin(), sorted.end()) - sorted.begin());
}

std::size_t distinct_count(std::span<const std::string> values) {
  std::vector<std::string_view> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  return static_cast<std::size_t>(std::unique(sorted.begin(), sorted.end()) - sorted.begin());
}

}  // namespace cairn::stats
