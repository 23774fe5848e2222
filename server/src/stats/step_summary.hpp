#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "stats/metric_point.hpp"

namespace cairn::stats {

// A long metric history is downsampled from per-bucket summaries instead of from every point, so that charting a
// million-point series reads about a thousand rows (storage/tracking/metric_buckets.hpp keeps them). A summary
// keeps four real points of its bucket; downsampling picks among those, so every point shown was logged, and each
// bucket's extremes (the spikes a chart must not lose) are among the candidates.

/// Steps per summary bucket: large enough that a summary row replaces many points, small enough that the 4 points
/// per 1,024 steps still outnumber the points a chart asks for (320 to a few thousand) on long series.
inline constexpr int64_t kStepsPerSummary = 1024;

/// The bucket a step falls in: the quotient truncated toward zero, as SQL's integer division computes it (the
/// migration that backfills summaries does so in SQL). Bucket 0 thus spans -1023..1023; each bucket is still one
/// contiguous range of steps.
constexpr int64_t summary_bucket(int64_t step) {
  return step / kStepsPerSummary;
}

/// Four points that stand for a bucket: the first and last (by step, then timestamp, then value) and the lowest
/// and highest value, ranked -inf < finite < +inf < NaN as downsample_min_max ranks them (a bucket holding a NaN
/// shows it; equal values go to the earliest point). Every order is total, so the summary of a set of points does
/// not depend on the order they arrive in, and folding the same points again changes nothing.
struct StepSummary {
  MetricPoint first, last, low, high;
};

/// The summary of a non-empty set of points, in any order.
StepSummary summarize(std::span<const MetricPoint> points);

/// Folds `point` into `summary` (what the database's upsert does for a stored summary).
void fold(StepSummary& summary, const MetricPoint& point);

/// The summaries' points sorted by step then timestamp, each distinct point once: the input a downsampler takes in
/// place of the raw history.
std::vector<MetricPoint> summary_points(std::span<const StepSummary> summaries);

}  // namespace cairn::stats
