#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "stats/metric_point.hpp"

namespace cairn::stats {

// Both downsamplers take points sorted by step (then timestamp), return a subsequence of them in the same order,
// run in O(n) without allocating beyond the result, and share these rules:
// - no more than max_points come back; input of at most max_points comes back unchanged;
// - max_points 0 gives nothing, 1 the last point (the latest value), 2 the first and last;
// - non-finite values are never dropped silently: every bucket that holds one shows one (see each function), and
//   they never take part in arithmetic, so one NaN cannot poison its neighbours' selection.

/// Largest-Triangle-Three-Buckets (Steinarsson, 2013) over (step, value): keeps the first and last points and one
/// point per bucket, the one making the largest triangle with the previously kept point and the next bucket's
/// average; exactly max_points when the input is longer. A bucket holding a NaN or infinity contributes its first
/// such point instead, and bucket averages use finite values only.
std::vector<MetricPoint> downsample_lttb(std::span<const MetricPoint> points, std::size_t max_points);

/// Min and max per bucket of equal step ranges, plus the first and last points: spikes survive, which is what
/// MLflow's get-history-bulk-interval approximates by sampling steps. At most max_points; fewer when steps are
/// sparse (an empty step range yields nothing). Values rank -inf < finite < +inf < NaN (NaN on top, as IEEE 754
/// totalOrder puts it), so a bucket holding any non-finite value shows one of them as its min or max.
std::vector<MetricPoint> downsample_min_max(std::span<const MetricPoint> points, std::size_t max_points);

}  // namespace cairn::stats
