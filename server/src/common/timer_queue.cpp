#include "common/timer_queue.hpp"

namespace cairn {

TimerQueue::TimerQueue() : thread_([this] { loop(); }) {}

TimerQueue::~TimerQueue() {
  stop();
}

TimerQueue::Id TimerQueue::schedule(std::chrono::milliseconds delay, std::function<void()> callback) {
  const auto due = Clock::now() + delay;
  Id id;
  {
    std::lock_guard lock(mutex_);
    id = next_id_++;
    pending_.emplace(std::make_pair(due, id), std::move(callback));
    due_of_.emplace(id, due);
  }
  changed_.notify_one();
  return id;
}

bool TimerQueue::cancel(Id id) {
  std::lock_guard lock(mutex_);
  auto it = due_of_.find(id);
  if (it == due_of_.end()) return false;
  pending_.erase({it->second, id});
  due_of_.erase(it);
  return true;
}

void TimerQueue::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    pending_.clear();
    due_of_.clear();
  }
  changed_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void TimerQueue::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (pending_.empty()) {
      changed_.wait(lock);
      continue;
    }
    auto first = pending_.begin();
    // A copy: while this thread waits, the entry may be cancelled and its node freed.
    const Clock::time_point due = first->first.first;
    if (due > Clock::now()) {
      changed_.wait_until(lock, due);
      continue;
    }
    auto callback = std::move(first->second);
    due_of_.erase(first->first.second);
    pending_.erase(first);
    lock.unlock();
    try {
      callback();
    } catch (...) {
      // A callback's failure is its own; the queue keeps running for the others.
    }
    callback = nullptr;
    lock.lock();
  }
}

}  // namespace cairn
