#include "stats/downsample.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

namespace cairn::stats {

namespace {

// The cases both downsamplers answer the same way; nullopt when there is real work to do.
std::optional<std::vector<MetricPoint>> trivial(std::span<const MetricPoint> points, std::size_t max_points) {
  if (points.size() <= max_points) return std::vector<MetricPoint>(points.begin(), points.end());
  if (max_points == 0) return std::vector<MetricPoint>{};
  if (max_points == 1) return std::vector<MetricPoint>{points.back()};
  if (max_points == 2) return std::vector<MetricPoint>{points.front(), points.back()};
  return std::nullopt;
}

// 128-bit so that index * count and step differences cannot overflow, whatever the input size or step range.
using Wide = unsigned __int128;

}  // namespace

std::vector<MetricPoint> downsample_lttb(std::span<const MetricPoint> points, std::size_t max_points) {
  if (auto done = trivial(points, max_points)) return std::move(*done);

  // The n - 2 middle points split into max_points - 2 buckets as evenly as integers allow; bucket i is
  // [edge(i), edge(i + 1)). Every bucket is non-empty because n > max_points.
  const std::size_t n = points.size();
  const std::size_t buckets = max_points - 2;
  auto edge = [&](std::size_t i) -> std::size_t {
    if (i > buckets) return n;  // the "bucket" after the last is the last point alone
    return 1 + static_cast<std::size_t>(static_cast<Wide>(i) * (n - 2) / buckets);
  };

  std::vector<MetricPoint> out;
  out.reserve(max_points);
  out.push_back(points.front());
  // The anchor is the previously kept point. Its value is replaced by the last finite one kept, if it is not
  // finite itself, so that the areas stay numbers.
  double anchor_x = static_cast<double>(points.front().step);
  std::optional<double> anchor_y;
  if (std::isfinite(points.front().value)) anchor_y = points.front().value;

  for (std::size_t i = 0; i < buckets; ++i) {
    const std::size_t begin = edge(i), end = edge(i + 1), next_end = edge(i + 2);

    double sum_x = 0, sum_y = 0;
    std::size_t finite = 0;
    for (std::size_t j = end; j < next_end; ++j) {
      sum_x += static_cast<double>(points[j].step);
      if (std::isfinite(points[j].value)) {
        sum_y += points[j].value;
        ++finite;
      }
    }
    const double avg_x = sum_x / static_cast<double>(next_end - end);
    // With no finite value ahead (or behind), fall back to a flat line: areas then rank by distance in value.
    const double avg_y = finite ? sum_y / static_cast<double>(finite) : anchor_y.value_or(0.0);
    const double ay = anchor_y.value_or(avg_y);

    std::size_t pick = begin;
    double best = -1;  // a NaN area (inf - inf on huge values) never beats this, so it cannot be picked
    for (std::size_t j = begin; j < end; ++j) {
      const double y = points[j].value;
      if (!std::isfinite(y)) {
        pick = j;
        break;
      }
      const double x = static_cast<double>(points[j].step);
      const double area = std::abs((anchor_x - avg_x) * (y - ay) - (anchor_x - x) * (avg_y - ay));
      if (area > best) {
        best = area;
        pick = j;
      }
    }
    out.push_back(points[pick]);
    anchor_x = static_cast<double>(points[pick].step);
    if (std::isfinite(points[pick].value)) anchor_y = points[pick].value;
  }
  out.push_back(points.back());
  return out;
}

std::vector<MetricPoint> downsample_min_max(std::span<const MetricPoint> points, std::size_t max_points) {
  if (auto done = trivial(points, max_points)) return std::move(*done);

  // Two slots per bucket, two for the first and last points.
  const std::size_t n = points.size();
  const std::size_t buckets = (max_points - 2) / 2;
  std::vector<MetricPoint> out;
  out.reserve(2 + 2 * buckets);
  out.push_back(points.front());
  if (buckets == 0) {
    out.push_back(points.back());
    return out;
  }

  // NaN ranks above everything, so it is never lost as "incomparable".
  auto below = [](double a, double b) { return !std::isnan(a) && (std::isnan(b) || a < b); };
  const auto first_step = static_cast<uint64_t>(points.front().step);
  const Wide range = static_cast<Wide>(static_cast<uint64_t>(points.back().step) - first_step) + 1;

  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::size_t bucket = 0, lo = kNone, hi = kNone;
  // The first distance that belongs to the next bucket, so that most points cost a comparison, not a division.
  auto start_of = [&](std::size_t b) -> Wide { return (static_cast<Wide>(b) * range + buckets - 1) / buckets; };
  Wide next_start = start_of(1);
  auto flush = [&] {
    if (lo == kNone) return;
    out.push_back(points[std::min(lo, hi)]);
    if (lo != hi) out.push_back(points[std::max(lo, hi)]);
    lo = hi = kNone;
  };
  for (std::size_t j = 1; j + 1 < n; ++j) {
    // Unsigned subtraction gives the true distance for sorted input. Buckets only move forward and stop at the
    // last, so the point budget holds even for unsorted input (a step behind the first wraps to a huge distance).
    const Wide distance = static_cast<uint64_t>(points[j].step) - first_step;
    if (distance >= next_start && bucket + 1 < buckets) {
      flush();
      bucket = std::max(bucket + 1, static_cast<std::size_t>(std::min<Wide>(distance * buckets / range, buckets - 1)));
      next_start = start_of(bucket + 1);
    }
    const double v = points[j].value;
    if (lo == kNone) {
      lo = hi = j;
    } else {
      if (below(v, points[lo].value)) lo = j;
      if (below(points[hi].value, v)) hi = j;
    }
  }
  flush();
  out.push_back(points.back());
  return out;
}

}  // namespace cairn::stats
