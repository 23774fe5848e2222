#pragma once

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "common/timer_queue.hpp"
#include "serving/table.hpp"

namespace cairn::serving {

using Clock = std::chrono::steady_clock;
using PredictionDone = std::function<void(Result<Prediction>)>;

/// One request to a model: its rows, its params, when it must be answered by, whom to tell.
struct InferenceCall {
  Table inputs;
  std::string params_json;
  Clock::time_point deadline;
  PredictionDone done;
};

struct BatcherOptions {
  int max_batch_size = 32;  ///< rows per batch; 1 turns batching off
  std::vector<int> preferred_batch_sizes;
  std::chrono::milliseconds max_queue_delay{5};
  std::size_t max_queue_size = 1024;  ///< requests waiting; beyond it submit answers 503
};

/// How long a request waited and how big its batch was (for the deployment's statistics).
struct BatchObservation {
  int requests = 0;
  int64_t rows = 0;
  std::vector<std::chrono::microseconds> queue_waits;
};

/// Triton's dynamic batcher: requests with the same layout and params wait up to
/// `max_queue_delay` to be executed together, up to `max_batch_size` rows (sooner when a
/// preferred size is reached); a batch goes out only when an execution slot (a ready model
/// instance) is free. A failed batch of several requests is retried one request at a time, so that
/// one bad request fails only itself; a prediction that cannot be split by rows turns batching
/// off. A request past its deadline answers 504 whether it waits or runs; a full queue answers
/// 503 with Retry-After (load shedding instead of unbounded memory).
class Batcher : public std::enable_shared_from_this<Batcher> {
 public:
  using BatchExecute = std::function<void(Table inputs, std::string params_json, PredictionDone done)>;

  static std::shared_ptr<Batcher> create(BatcherOptions options, BatchExecute execute, TimerQueue& timers);
  ~Batcher();

  /// Queues the call; its `done` runs exactly once, from any thread.
  Status submit(InferenceCall call);
  /// How many batches may run at once (the ready instances); more slots dispatch at once.
  void set_slots(int slots);
  /// Fails every waiting call with `why` and refuses new ones.
  void close(const Error& why);

  void set_observer(std::function<void(const BatchObservation&)> observer) { observer_ = std::move(observer); }
  std::size_t queued() const;
  int in_flight() const;
  bool batching_disabled() const { return batching_disabled_.load(); }

 private:
  struct Pending;
  Batcher(BatcherOptions options, BatchExecute execute, TimerQueue& timers);

  /// Sends out every batch that is ready while slots are free; arms the delay timer otherwise.
  void pump();
  void on_batch_done(std::vector<std::shared_ptr<Pending>> calls, Result<Prediction> result);
  void expire(const std::shared_ptr<Pending>& call);

  BatcherOptions options_;
  BatchExecute execute_;
  TimerQueue& timers_;
  std::function<void(const BatchObservation&)> observer_;

  mutable std::mutex mutex_;
  std::deque<std::shared_ptr<Pending>> queue_;
  int slots_ = 0;
  int in_flight_ = 0;
  bool closed_ = false;
  Error closed_error_;
  TimerQueue::Id delay_timer_ = 0;
  Clock::time_point delay_due_{};
  std::atomic<bool> batching_disabled_{false};
};

}  // namespace cairn::serving
