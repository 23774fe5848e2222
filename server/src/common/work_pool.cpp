#include "common/work_pool.hpp"

#include <fmt/format.h>
#include <pthread.h>

namespace cairn {

WorkPool::WorkPool(std::string name, std::size_t threads, std::size_t queue_capacity)
    : name_(std::move(name)), capacity_(queue_capacity) {
  stats_.threads = std::max<std::size_t>(1, threads);
  stats_.capacity = capacity_;
  for (std::size_t i = 0; i < stats_.threads; ++i) {
    threads_.emplace_back([this, i] {
      // Linux thread names are at most 15 characters; "cairn-api-3" reads well in top and gdb.
      pthread_setname_np(pthread_self(), fmt::format("cairn-{}-{}", name_, i).substr(0, 15).c_str());
      work();
    });
  }
}

WorkPool::~WorkPool() {
  stop();
}

bool WorkPool::try_submit(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= capacity_) {
      ++stats_.rejected;
      return false;
    }
    queue_.push_back({std::move(task), std::chrono::steady_clock::now()});
  }
  ready_.notify_one();
  return true;
}

void WorkPool::stop() {
  std::deque<Item> dropped;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    dropped.swap(queue_);
  }
  ready_.notify_all();
  // Dropped tasks are destroyed here, outside the lock: their captures (a responder) answer for
  // themselves. Running tasks finish; the threads then end.
  dropped.clear();
  for (auto& t : threads_) {
    if (t.joinable() && t.get_id() != std::this_thread::get_id()) t.join();
  }
}

void WorkPool::work() {
  std::unique_lock lock(mutex_);
  while (true) {
    ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping and drained
    Item item = std::move(queue_.front());
    queue_.pop_front();
    const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - item.queued_at).count();
    for (std::size_t i = 0; i < kWaitBuckets.size(); ++i) {
      if (waited <= kWaitBuckets[i]) ++stats_.wait_buckets[i];
    }
    stats_.wait_seconds_sum += waited;
    ++stats_.busy;
    lock.unlock();
    try {
      item.task();
    } catch (...) {
      // Tasks report their own failures; one that throws must not take a worker with it.
    }
    item.task = nullptr;  // release captures (a responder, a connection) before counting it done
    lock.lock();
    --stats_.busy;
    ++stats_.completed;
  }
}

WorkPool::Stats WorkPool::stats() const {
  std::lock_guard lock(mutex_);
  Stats s = stats_;
  s.queued = queue_.size();
  return s;
}

std::string WorkPool::render_help() {
  return "# HELP cairn_worker_threads Threads of a worker pool.\n# TYPE cairn_worker_threads gauge\n"
         "# HELP cairn_worker_busy Threads of a worker pool running a task.\n# TYPE cairn_worker_busy gauge\n"
         "# HELP cairn_worker_queue_depth Tasks waiting for a worker.\n# TYPE cairn_worker_queue_depth gauge\n"
         "# HELP cairn_worker_queue_capacity Tasks a pool queues before it refuses (503).\n"
         "# TYPE cairn_worker_queue_capacity gauge\n"
         "# HELP cairn_worker_rejected_total Tasks refused because the queue was full.\n"
         "# TYPE cairn_worker_rejected_total counter\n"
         "# HELP cairn_worker_completed_total Tasks run to completion.\n# TYPE cairn_worker_completed_total counter\n"
         "# HELP cairn_worker_queue_wait_seconds Time a task waited in the queue.\n"
         "# TYPE cairn_worker_queue_wait_seconds histogram\n";
}

std::string WorkPool::render_metrics() const {
  const Stats s = stats();
  const std::string pool = fmt::format("pool=\"{}\"", name_);
  std::string out;
  out += fmt::format("cairn_worker_threads{{{}}} {}\n", pool, s.threads);
  out += fmt::format("cairn_worker_busy{{{}}} {}\n", pool, s.busy);
  out += fmt::format("cairn_worker_queue_depth{{{}}} {}\n", pool, s.queued);
  out += fmt::format("cairn_worker_queue_capacity{{{}}} {}\n", pool, s.capacity);
  out += fmt::format("cairn_worker_rejected_total{{{}}} {}\n", pool, s.rejected);
  out += fmt::format("cairn_worker_completed_total{{{}}} {}\n", pool, s.completed);
  for (std::size_t i = 0; i < kWaitBuckets.size(); ++i) {
    out += fmt::format("cairn_worker_queue_wait_seconds_bucket{{{},le=\"{}\"}} {}\n", pool, kWaitBuckets[i],
                       s.wait_buckets[i]);
  }
  const uint64_t count = s.completed + s.busy;  // every task that left the queue was observed once
  out += fmt::format("cairn_worker_queue_wait_seconds_bucket{{{},le=\"+Inf\"}} {}\n", pool, count);
  out += fmt::format("cairn_worker_queue_wait_seconds_sum{{{}}} {}\n", pool, s.wait_seconds_sum);
  out += fmt::format("cairn_worker_queue_wait_seconds_count{{{}}} {}\n", pool, count);
  return out;
}

}  // namespace cairn
