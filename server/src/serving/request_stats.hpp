#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <vector>

namespace cairn::serving {

/// One time bucket of a deployment's traffic.
struct StatsBucket {
  int64_t at = 0;  ///< bucket start, ms since the epoch
  int64_t requests = 0;
  int64_t errors = 0;
  int64_t cache_hits = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  double mean_batch_size = 0;
};

/// One 10-second bucket as a replica counts it: what replicas publish to each other.
struct StatsSlot {
  static constexpr int kLatencyBins = 80;
  int64_t start = -1;  ///< bucket start in ms; -1: unused
  int64_t requests = 0;
  int64_t errors = 0;
  int64_t cache_hits = 0;
  int64_t batches = 0;
  int64_t batch_rows = 0;
  std::array<int32_t, kLatencyBins> bins{};
  uint64_t changed = 0;  ///< RequestStats' change counter at the slot's last change (not published)

  /// Adds `other`'s counts (the same bucket, counted by another replica).
  void add(const StatsSlot& other);
};

struct StatsSummary {
  int window_seconds = 0;
  int bucket_seconds = 0;
  std::vector<StatsBucket> buckets;  ///< oldest first, empty buckets included
  StatsBucket totals;                ///< over the window
};

/// Live traffic of one deployment for its page and list: 10-second buckets over the last hour,
/// each with a log-scale latency histogram (about 10 % relative error on percentiles), merged
/// for any window. This replica's count: replicas share their slots through the database
/// (service::DeploymentStatsSharing) and summary() adds the others'. Cumulative counts feed
/// /metrics (per replica, as Prometheus scrapes each). The monitor's persisted series cover
/// longer ranges.
class RequestStats {
 public:
  static constexpr int kBucketSeconds = 10;
  static constexpr int kBuckets = 360;
  /// Latency histogram bounds grow by 1.2x from 50 us: the last finite one is ~ 60 s.
  static constexpr int kLatencyBins = StatsSlot::kLatencyBins;

  /// Batch sizes go to power-of-two bins: 1, 2, 4 ... 4096 rows and more.
  static constexpr int kBatchBins = 14;

  void record(int64_t now_ms, double latency_ms, bool error, bool cache_hit);
  /// A batch sent to a worker: its rows and how long each of its requests waited in the queue.
  void record_batch(int64_t now_ms, int64_t rows, const std::vector<std::chrono::microseconds>& queue_waits = {});
  /// The window's buckets, with `others` (other replicas' slots of the same deployment) added
  /// to this replica's own.
  StatsSummary summary(int64_t now_ms, int window_seconds, const std::vector<StatsSlot>& others = {}) const;
  /// The slots changed since change counter `after` (0: all in use), and the counter now: a
  /// replica publishes what changed since its last publish.
  std::vector<StatsSlot> changed_since(uint64_t after, uint64_t& now) const;

  struct Totals {
    int64_t requests = 0;
    int64_t errors = 0;
    int64_t cache_hits = 0;
    double latency_sum_ms = 0;
    std::array<int64_t, kLatencyBins> latency_bins{};  ///< not cumulative
    int64_t batches = 0;
    int64_t batch_rows = 0;
    std::array<int64_t, kBatchBins> batch_bins{};  ///< not cumulative
    int64_t queue_waits = 0;
    double queue_wait_sum_ms = 0;
    std::array<int64_t, kLatencyBins> queue_wait_bins{};  ///< on the latency bins' bounds
  };
  Totals totals() const;
  /// Requests accepted and not yet answered (the autoscaling signal).
  std::atomic<int64_t> in_flight{0};
  /// Requests copied to a shadow revision, by how its answer compared with the one returned
  /// (requests whose served answer failed are not compared).
  std::atomic<int64_t> shadow_matches{0};
  std::atomic<int64_t> shadow_mismatches{0};
  std::atomic<int64_t> shadow_errors{0};
  /// The upper bound (ms) of latency bin `i`.
  static double bin_upper_ms(int i);
  /// The most rows batch bin `i` holds (the last one has no bound).
  static int64_t batch_bin_upper(int i) { return int64_t{1} << i; }

 private:
  using Slot = StatsSlot;
  Slot* slot_for(int64_t now_ms);
  static int bin_of(double latency_ms);
  static double percentile(const std::array<int64_t, kLatencyBins>& bins, int64_t count, double q);

  mutable std::mutex mutex_;
  std::array<Slot, kBuckets> slots_{};
  uint64_t changes_ = 0;  ///< bumped by every record; a slot keeps the value of its last change
  Totals totals_;
};

}  // namespace cairn::serving
