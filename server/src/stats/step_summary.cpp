#include "stats/step_summary.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace cairn::stats {
namespace {

bool earlier(const MetricPoint& a, const MetricPoint& b) {
  return std::tie(a.step, a.timestamp) < std::tie(b.step, b.timestamp);
}

// The orders a summary picks by, total so that the pick never depends on the order points arrive in; NaN ranks
// above +inf (as its stored form does: value 0 with a flag that sorts before the value). The SQL that keeps the
// stored summaries (storage/tracking/metric_buckets.cpp) and the migration that backfilled them use the same.
auto by_position(const MetricPoint& p) {
  const bool nan = std::isnan(p.value);
  return std::make_tuple(p.step, p.timestamp, nan, nan ? 0.0 : p.value);
}
auto by_value(const MetricPoint& p) {
  const bool nan = std::isnan(p.value);
  return std::make_tuple(nan, nan ? 0.0 : p.value);
}
bool lower(const MetricPoint& a, const MetricPoint& b) {
  return std::tuple_cat(by_value(a), std::tie(a.step, a.timestamp)) <
         std::tuple_cat(by_value(b), std::tie(b.step, b.timestamp));
}
bool higher(const MetricPoint& a, const MetricPoint& b) {
  return by_value(a) > by_value(b) || (by_value(a) == by_value(b) && earlier(a, b));
}

bool same_point(const MetricPoint& a, const MetricPoint& b) {
  return by_position(a) == by_position(b);
}

}  // namespace

void fold(StepSummary& summary, const MetricPoint& point) {
  if (by_position(point) < by_position(summary.first)) summary.first = point;
  if (by_position(point) > by_position(summary.last)) summary.last = point;
  if (lower(point, summary.low)) summary.low = point;
  if (higher(point, summary.high)) summary.high = point;
}

StepSummary summarize(std::span<const MetricPoint> points) {
  StepSummary summary{points.front(), points.front(), points.front(), points.front()};
  for (const auto& point : points.subspan(1)) fold(summary, point);
  return summary;
}

std::vector<MetricPoint> summary_points(std::span<const StepSummary> summaries) {
  std::vector<MetricPoint> out;
  out.reserve(summaries.size() * 4);
  for (const auto& s : summaries) {
    MetricPoint four[] = {s.first, s.low, s.high, s.last};
    std::stable_sort(std::begin(four), std::end(four), earlier);
    const std::size_t bucket_start = out.size();
    for (const auto& point : four) {
      const auto kept = std::span(out).subspan(bucket_start);
      if (std::none_of(kept.begin(), kept.end(), [&](const MetricPoint& k) { return same_point(k, point); })) {
        out.push_back(point);
      }
    }
  }
  // Buckets arrive in step order and do not overlap, so sorting within each bucket sorts the whole; this keeps
  // the guarantee if a caller passes them otherwise.
  if (!std::is_sorted(out.begin(), out.end(), earlier)) std::stable_sort(out.begin(), out.end(), earlier);
  return out;
}

}  // namespace cairn::stats
