#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace cairn {

/// Runs short callbacks at given times on one thread of its own: deadlines and ticks of work that
/// waits without holding a worker (a request completed later, a stream's next event, a batch's
/// maximum delay). Callbacks must be quick; blocking work goes to a WorkPool.
class TimerQueue {
 public:
  using Id = uint64_t;

  TimerQueue();
  ~TimerQueue();
  TimerQueue(const TimerQueue&) = delete;
  TimerQueue& operator=(const TimerQueue&) = delete;

  /// Calls `callback` once `delay` has passed. The id cancels it.
  Id schedule(std::chrono::milliseconds delay, std::function<void()> callback);
  /// True when the callback had not run yet and now never will.
  bool cancel(Id id);
  /// Drops what is pending and joins the thread. Idempotent.
  void stop();

 private:
  using Clock = std::chrono::steady_clock;
  void loop();

  std::mutex mutex_;
  std::condition_variable changed_;
  // Keyed by (due time, id): ordered by deadline, ties in scheduling order.
  std::map<std::pair<Clock::time_point, Id>, std::function<void()>> pending_;
  std::map<Id, Clock::time_point> due_of_;
  Id next_id_ = 1;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace cairn
