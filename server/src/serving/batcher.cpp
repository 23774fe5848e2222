#include "serving/batcher.hpp"

#include <algorithm>

namespace cairn::serving {

struct Batcher::Pending {
  InferenceCall call;
  Clock::time_point enqueued;
  std::string key;     ///< layout and params: what may share a batch
  bool alone = false;  ///< retried on its own after a failed or unsplittable batch
  int retries = 0;     ///< sent again because the instance running it died
  std::atomic<bool> answered{false};
  TimerQueue::Id deadline_timer = 0;
  TimerQueue* timers = nullptr;

  void answer(Result<Prediction> result) {
    if (answered.exchange(true)) return;
    if (deadline_timer) timers->cancel(deadline_timer);
    call.done(std::move(result));
  }
};

std::shared_ptr<Batcher> Batcher::create(BatcherOptions options, BatchExecute execute, TimerQueue& timers) {
  return std::shared_ptr<Batcher>(new Batcher(std::move(options), std::move(execute), timers));
}

Batcher::Batcher(BatcherOptions options, BatchExecute execute, TimerQueue& timers)
    : options_(std::move(options)), execute_(std::move(execute)), timers_(timers) {
  if (options_.max_batch_size < 1) options_.max_batch_size = 1;
}

Batcher::~Batcher() {
  if (delay_timer_) timers_.cancel(delay_timer_);
}

Status Batcher::submit(InferenceCall call) {
  auto p = std::make_shared<Pending>();
  p->call = std::move(call);
  p->enqueued = Clock::now();
  p->key = layout_key(p->call.inputs) + '\n' + p->call.params_json;
  p->timers = &timers_;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return closed_error_;
    if (queue_.size() >= options_.max_queue_size)
      return Error::unavailable("the deployment's queue is full (" + std::to_string(options_.max_queue_size) +
                                " requests); retry shortly");
    auto delay = std::chrono::duration_cast<std::chrono::milliseconds>(p->call.deadline - p->enqueued);
    std::weak_ptr<Batcher> self = weak_from_this();
    std::weak_ptr<Pending> weak = p;
    p->deadline_timer = timers_.schedule(std::max(delay, std::chrono::milliseconds(0)), [self, weak] {
      auto batcher = self.lock();
      auto pending = weak.lock();
      if (batcher && pending) batcher->expire(pending);
    });
    queue_.push_back(p);
  }
  pump();
  return {};
}

void Batcher::expire(const std::shared_ptr<Pending>& p) {
  {
    std::lock_guard lock(mutex_);
    auto it = std::find(queue_.begin(), queue_.end(), p);
    if (it != queue_.end()) queue_.erase(it);
  }
  p->deadline_timer = 0;  // this is the timer firing
  p->answer(Error::timeout("the prediction did not finish within the deployment's timeout"));
}

void Batcher::set_slots(int slots) {
  {
    std::lock_guard lock(mutex_);
    slots_ = std::max(0, slots);
  }
  pump();
}

void Batcher::close(const Error& why) {
  std::deque<std::shared_ptr<Pending>> dropped;
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    closed_error_ = why;
    dropped.swap(queue_);
  }
  for (auto& p : dropped) p->answer(why);
}

std::size_t Batcher::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

int Batcher::in_flight() const {
  std::lock_guard lock(mutex_);
  return in_flight_;
}

void Batcher::pump() {
  std::vector<std::vector<std::shared_ptr<Pending>>> ready;
  {
    std::lock_guard lock(mutex_);
    while (in_flight_ < slots_ && !queue_.empty()) {
      if (queue_.front()->answered) {
        queue_.pop_front();
        continue;
      }
      const auto& first = queue_.front();
      const bool single = first->alone || batching_disabled_ || options_.max_batch_size == 1;
      std::vector<std::shared_ptr<Pending>> group{first};
      int64_t rows = first->call.inputs.rows;
      if (!single) {
        for (auto it = std::next(queue_.begin()); it != queue_.end() && rows < options_.max_batch_size; ++it) {
          const auto& p = *it;
          if (p->answered || p->alone || p->key != first->key) continue;
          if (rows + p->call.inputs.rows > options_.max_batch_size) break;
          group.push_back(p);
          rows += p->call.inputs.rows;
        }
      }
      const bool full = rows >= options_.max_batch_size;
      const bool preferred = std::find(options_.preferred_batch_sizes.begin(), options_.preferred_batch_sizes.end(),
                                       static_cast<int>(rows)) != options_.preferred_batch_sizes.end();
      const auto due = first->enqueued + options_.max_queue_delay;
      if (!single && !full && !preferred && Clock::now() < due) {
        // Wait for more requests until the oldest has waited its delay.
        if (!delay_timer_ || delay_due_ != due) {
          if (delay_timer_) timers_.cancel(delay_timer_);
          delay_due_ = due;
          auto wait =
              std::chrono::duration_cast<std::chrono::milliseconds>(due - Clock::now()) + std::chrono::milliseconds(1);
          std::weak_ptr<Batcher> self = weak_from_this();
          delay_timer_ = timers_.schedule(wait, [self] {
            if (auto batcher = self.lock()) {
              {
                std::lock_guard lock(batcher->mutex_);
                batcher->delay_timer_ = 0;
              }
              batcher->pump();
            }
          });
        }
        break;
      }
      for (const auto& p : group) queue_.erase(std::find(queue_.begin(), queue_.end(), p));
      ++in_flight_;
      ready.push_back(std::move(group));
    }
  }
  for (auto& group : ready) {
    std::vector<const Table*> parts;
    parts.reserve(group.size());
    for (const auto& p : group) parts.push_back(&p->call.inputs);
    auto inputs = concat(parts);
    if (!inputs.ok()) {
      on_batch_done(std::move(group), inputs.error());
      continue;
    }
    std::string params = group.front()->call.params_json;
    std::weak_ptr<Batcher> self = weak_from_this();
    execute_(std::move(*inputs), std::move(params), [self, group](Result<Prediction> result) mutable {
      if (auto batcher = self.lock()) {
        batcher->on_batch_done(std::move(group), std::move(result));
      } else {
        for (auto& p : group) p->answer(Error::unavailable("the deployment was stopped"));
      }
    });
  }
}

void Batcher::on_batch_done(std::vector<std::shared_ptr<Pending>> group, Result<Prediction> result) {
  {
    std::lock_guard lock(mutex_);
    --in_flight_;
  }
  if (observer_) {
    BatchObservation seen;
    seen.requests = static_cast<int>(group.size());
    const auto now = Clock::now();
    for (const auto& p : group) {
      seen.rows += p->call.inputs.rows;
      seen.queue_waits.push_back(std::chrono::duration_cast<std::chrono::microseconds>(now - p->enqueued));
    }
    observer_(seen);
  }
  if (!result.ok() && result.error().code == ErrorCode::unavailable && group.front()->retries < 2) {
    // The instance died under the batch (a crash, a kill): another one runs it, so a worker's
    // crash costs its requests latency, not an error. Deadlines still hold.
    bool requeued = false;
    {
      std::lock_guard lock(mutex_);
      if (!closed_) {
        for (auto it = group.rbegin(); it != group.rend(); ++it) {
          ++(*it)->retries;
          if (!(*it)->answered) queue_.push_front(*it);
        }
        requeued = true;
      }
    }
    if (requeued) {
      pump();
      return;
    }
  }
  int64_t total = 0;
  for (const auto& p : group) total += p->call.inputs.rows;
  const bool split_fails = result.ok() && group.size() > 1 && result->rows() != total;
  if (group.size() > 1 && (!result.ok() || split_fails)) {
    // Run each request on its own: one bad request must fail only itself, and a prediction that
    // is not one entry per row cannot be divided among requests.
    if (split_fails) batching_disabled_ = true;
    {
      std::lock_guard lock(mutex_);
      for (auto it = group.rbegin(); it != group.rend(); ++it) {
        (*it)->alone = true;
        if (!(*it)->answered) queue_.push_front(*it);
      }
    }
    pump();
    return;
  }
  if (!result.ok() || group.size() == 1) {
    group.front()->answer(std::move(result));
  } else {
    int64_t offset = 0;
    for (const auto& p : group) {
      const int64_t rows = p->call.inputs.rows;
      p->answer(slice(*result, offset, offset + rows));
      offset += rows;
    }
  }
  pump();
}

}  // namespace cairn::serving
