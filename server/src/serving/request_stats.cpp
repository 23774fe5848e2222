#include "serving/request_stats.hpp"

#include <algorithm>
#include <cmath>

namespace cairn::serving {

double RequestStats::bin_upper_ms(int i) {
  return 0.05 * std::pow(1.2, i);
}

int RequestStats::bin_of(double latency_ms) {
  if (latency_ms <= 0.05) return 0;
  int i = static_cast<int>(std::ceil(std::log(latency_ms / 0.05) / std::log(1.2)));
  return std::clamp(i, 0, kLatencyBins - 1);
}

RequestStats::Slot* RequestStats::slot_for(int64_t now_ms) {
  const int64_t start = now_ms - now_ms % (kBucketSeconds * 1000);
  Slot& s = slots_[static_cast<size_t>((start / (kBucketSeconds * 1000)) % kBuckets)];
  // A record from before the ring's hour (a pod's late report) would reuse a newer bucket's slot.
  if (s.start > start) return nullptr;
  if (s.start != start) s = Slot{start};
  s.changed = ++changes_;
  return &s;
}

void StatsSlot::add(const StatsSlot& other) {
  requests += other.requests;
  errors += other.errors;
  cache_hits += other.cache_hits;
  batches += other.batches;
  batch_rows += other.batch_rows;
  for (std::size_t i = 0; i < bins.size(); ++i) bins[i] += other.bins[i];
}

std::vector<StatsSlot> RequestStats::changed_since(uint64_t after, uint64_t& now) const {
  std::lock_guard lock(mutex_);
  now = changes_;
  std::vector<StatsSlot> out;
  for (const auto& s : slots_)
    if (s.start >= 0 && s.changed > after) out.push_back(s);
  return out;
}

void RequestStats::record(int64_t now_ms, double latency_ms, bool error, bool cache_hit) {
  std::lock_guard lock(mutex_);
  const int bin = bin_of(latency_ms);
  if (Slot* s = slot_for(now_ms)) {
    ++s->requests;
    ++s->bins[static_cast<size_t>(bin)];
    s->errors += error ? 1 : 0;
    s->cache_hits += cache_hit ? 1 : 0;
  }
  ++totals_.requests;
  ++totals_.latency_bins[static_cast<size_t>(bin)];
  totals_.latency_sum_ms += latency_ms;
  totals_.errors += error ? 1 : 0;
  totals_.cache_hits += cache_hit ? 1 : 0;
}

void RequestStats::record_batch(int64_t now_ms, int64_t rows,
                                const std::vector<std::chrono::microseconds>& queue_waits) {
  int batch_bin = 0;
  while (batch_bin < kBatchBins - 1 && batch_bin_upper(batch_bin) < rows) ++batch_bin;
  std::lock_guard lock(mutex_);
  if (Slot* s = slot_for(now_ms)) {
    ++s->batches;
    s->batch_rows += rows;
  }
  ++totals_.batches;
  totals_.batch_rows += rows;
  ++totals_.batch_bins[static_cast<size_t>(batch_bin)];
  for (auto wait : queue_waits) {
    const double ms = static_cast<double>(wait.count()) / 1000.0;
    ++totals_.queue_waits;
    totals_.queue_wait_sum_ms += ms;
    ++totals_.queue_wait_bins[static_cast<size_t>(bin_of(ms))];
  }
}

double RequestStats::percentile(const std::array<int64_t, kLatencyBins>& bins, int64_t count, double q) {
  if (count == 0) return 0;
  const auto rank = static_cast<int64_t>(std::ceil(q * static_cast<double>(count)));
  int64_t seen = 0;
  for (int i = 0; i < kLatencyBins; ++i) {
    seen += bins[static_cast<size_t>(i)];
    if (seen >= rank) {
      // The bin's geometric middle: within about 10 % of any value in it.
      const double lower = i == 0 ? 0.0 : bin_upper_ms(i - 1);
      return i == 0 ? bin_upper_ms(0) : std::sqrt(lower * bin_upper_ms(i));
    }
  }
  return bin_upper_ms(kLatencyBins - 1);
}

StatsSummary RequestStats::summary(int64_t now_ms, int window_seconds, const std::vector<StatsSlot>& others) const {
  StatsSummary out;
  window_seconds = std::clamp(window_seconds, kBucketSeconds, kBucketSeconds * kBuckets);
  out.window_seconds = window_seconds;
  // At most 60 points on a chart: merge 10 s buckets into wider ones for long windows.
  const int per_point = std::max(1, window_seconds / kBucketSeconds / 60);
  out.bucket_seconds = per_point * kBucketSeconds;
  const int64_t bucket_ms = kBucketSeconds * 1000;
  const int64_t newest = now_ms - now_ms % bucket_ms;
  const int count = window_seconds / kBucketSeconds;
  // This replica's slots, then the others' added to the ones of the same bucket start.
  std::array<Slot, kBuckets> slots;
  {
    std::lock_guard lock(mutex_);
    slots = slots_;
  }
  const int64_t oldest = newest - static_cast<int64_t>(count - 1) * bucket_ms;
  for (const auto& other : others) {
    if (other.start < oldest || other.start > newest || other.start % bucket_ms != 0) continue;
    Slot& s = slots[static_cast<size_t>((other.start / bucket_ms) % kBuckets)];
    if (s.start != other.start) s = Slot{other.start};
    s.add(other);
  }
  std::array<int64_t, kLatencyBins> all{};
  int64_t all_batches = 0;
  int64_t all_rows = 0;
  for (int first = count - 1; first >= 0; first -= per_point) {
    StatsBucket point;
    std::array<int64_t, kLatencyBins> bins{};
    int64_t batches = 0;
    int64_t rows = 0;
    for (int k = first; k > first - per_point && k >= 0; --k) {
      const int64_t start = newest - static_cast<int64_t>(k) * bucket_ms;
      if (k == first) point.at = start;
      const Slot& s = slots[static_cast<size_t>((start / bucket_ms) % kBuckets)];
      if (s.start != start) continue;
      point.requests += s.requests;
      point.errors += s.errors;
      point.cache_hits += s.cache_hits;
      batches += s.batches;
      rows += s.batch_rows;
      for (int i = 0; i < kLatencyBins; ++i) bins[static_cast<size_t>(i)] += s.bins[static_cast<size_t>(i)];
    }
    point.p50_ms = percentile(bins, point.requests, 0.5);
    point.p99_ms = percentile(bins, point.requests, 0.99);
    point.mean_batch_size = batches ? static_cast<double>(rows) / static_cast<double>(batches) : 0;
    out.totals.requests += point.requests;
    out.totals.errors += point.errors;
    out.totals.cache_hits += point.cache_hits;
    all_batches += batches;
    all_rows += rows;
    for (int i = 0; i < kLatencyBins; ++i) all[static_cast<size_t>(i)] += bins[static_cast<size_t>(i)];
    out.buckets.push_back(point);
  }
  out.totals.at = out.buckets.empty() ? newest : out.buckets.front().at;
  out.totals.p50_ms = percentile(all, out.totals.requests, 0.5);
  out.totals.p99_ms = percentile(all, out.totals.requests, 0.99);
  out.totals.mean_batch_size = all_batches ? static_cast<double>(all_rows) / static_cast<double>(all_batches) : 0;
  return out;
}

RequestStats::Totals RequestStats::totals() const {
  std::lock_guard lock(mutex_);
  return totals_;
}

}  // namespace cairn::serving
