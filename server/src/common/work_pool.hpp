#pragma once

#include <array>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace cairn {

/// A fixed set of threads that run blocking work (database, artifact store, file system) so the
/// I/O threads never wait on it. The queue is bounded: when it is full, try_submit refuses and the
/// caller answers 503 with Retry-After instead of letting latency grow without bound.
class WorkPool {
 public:
  static constexpr std::array<double, 12> kWaitBuckets = {0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                          0.025,  0.05,   0.1,   0.25,   1.0,   5.0};
  struct Stats {
    std::size_t threads = 0;
    std::size_t busy = 0;
    std::size_t queued = 0;
    std::size_t capacity = 0;
    uint64_t completed = 0;
    uint64_t rejected = 0;
    std::array<uint64_t, kWaitBuckets.size()> wait_buckets{};  ///< cumulative, as Prometheus wants
    double wait_seconds_sum = 0;
  };

  /// `name` labels the pool in metrics and thread names ("api", "transfer").
  WorkPool(std::string name, std::size_t threads, std::size_t queue_capacity);
  ~WorkPool();
  WorkPool(const WorkPool&) = delete;
  WorkPool& operator=(const WorkPool&) = delete;

  /// Queues `task`; false (and `task` dropped unrun) when the queue is full or the pool stopped.
  bool try_submit(std::function<void()> task);
  /// Stops taking work, drops what is still queued (unrun), lets running tasks finish and joins
  /// the threads. Idempotent.
  void stop();

  const std::string& name() const { return name_; }
  Stats stats() const;
  /// The pool's series in Prometheus text format (without HELP/TYPE lines; see render_help).
  std::string render_metrics() const;
  static std::string render_help();

 private:
  struct Item {
    std::function<void()> task;
    std::chrono::steady_clock::time_point queued_at;
  };
  void work();

  std::string name_;
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Item> queue_;
  std::vector<std::thread> threads_;
  bool stopping_ = false;
  Stats stats_;
};

}  // namespace cairn
