#include "deploy/local/revision_pool.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "common/clock.hpp"

namespace cairn::deploy {

std::string_view to_string(PoolHealth health) {
  switch (health) {
    case PoolHealth::starting:
      return "starting";
    case PoolHealth::healthy:
      return "healthy";
    case PoolHealth::degraded:
      return "degraded";
    case PoolHealth::failed:
      return "failed";
    case PoolHealth::stopped:
      return "stopped";
  }
  return "unknown";
}

std::shared_ptr<RevisionPool> RevisionPool::start(Spec spec, TimerQueue& timers, std::shared_ptr<DeploymentLogs> logs) {
  auto pool = std::shared_ptr<RevisionPool>(new RevisionPool(std::move(spec), timers, std::move(logs)));
  serving::BatcherOptions options;
  const auto& c = pool->spec_.config;
  options.max_batch_size = c.max_batch_size;
  options.preferred_batch_sizes = c.preferred_batch_sizes;
  options.max_queue_delay = std::chrono::milliseconds(c.max_queue_delay_ms);
  options.max_queue_size = static_cast<std::size_t>(c.max_queue_size);
  std::weak_ptr<RevisionPool> weak = pool;
  pool->batcher_ = serving::Batcher::create(
      options,
      [weak](serving::Table inputs, std::string params, serving::PredictionDone done) {
        if (auto self = weak.lock())
          self->execute(std::move(inputs), std::move(params), std::move(done));
        else
          done(Error::unavailable("the deployment was stopped"));
      },
      timers);
  {
    std::lock_guard lock(pool->mutex_);
    pool->workers_.resize(static_cast<size_t>(std::max(1, c.workers_min)));
    for (size_t i = 0; i < pool->workers_.size(); ++i) pool->workers_[i].index = static_cast<int>(i);
  }
  for (size_t i = 0; i < pool->workers_.size(); ++i) pool->launch(static_cast<int>(i));
  return pool;
}

RevisionPool::RevisionPool(Spec spec, TimerQueue& timers, std::shared_ptr<DeploymentLogs> logs)
    : spec_(std::move(spec)), timers_(timers), logs_(std::move(logs)) {}

RevisionPool::~RevisionPool() {
  stop();
}

void RevisionPool::note(int worker, const std::string& line) {
  if (logs_) logs_->append({now_ms(), worker, "cairn", line});
}

void RevisionPool::launch(int index) {
  std::vector<std::unique_ptr<runtime::ModelInstance>> retired;
  int generation = 0;
  {
    std::lock_guard lock(mutex_);
    retired.swap(retired_);
    if (stopped_ || index >= static_cast<int>(workers_.size())) return;
    Worker& w = workers_[static_cast<size_t>(index)];
    w.restart_timer = 0;
    w.state = runtime::InstanceState::starting;
    w.started_at = now_ms();
    w.reason.clear();
    w.pid = 0;
    ++w.launches;  // restarts are launches minus one
    generation = w.generation = ++generations_;
  }
  retired.clear();  // joins the exited instances' threads, outside the lock

  runtime::InstanceOptions options;
  options.environment = spec_.config.env;
  for (const auto& [k, v] : spec_.config.secrets) options.environment[k] = v;
  options.python = spec_.python;
  std::weak_ptr<RevisionPool> weak = weak_from_this();
  auto logs = logs_;
  options.on_log = [logs, index](std::string_view stream, std::string_view line) {
    if (logs) logs->append({now_ms(), index, std::string(stream), std::string(line)});
  };
  options.on_state = [weak, index, generation](const runtime::InstanceStatus& status) {
    if (auto self = weak.lock()) self->on_state(index, generation, status);
  };
  note(index, "starting worker " + std::to_string(index) + " (" + std::string(spec_.runtime->name()) + " runtime)");
  auto instance = spec_.runtime->start(spec_.model, options);
  if (!instance.ok()) {
    runtime::InstanceStatus failed;
    failed.state = runtime::InstanceState::exited;
    failed.reason = instance.error().message;
    on_state(index, generation, failed);
    return;
  }
  const auto status = (*instance)->status();
  {
    std::lock_guard lock(mutex_);
    if (stopped_ || index >= static_cast<int>(workers_.size()) ||
        workers_[static_cast<size_t>(index)].generation != generation) {
      retired_.push_back(std::move(*instance));
    } else {
      workers_[static_cast<size_t>(index)].instance = std::move(*instance);
    }
  }
  // An in-process runtime is ready at once and reports nothing more.
  if (status.state == runtime::InstanceState::ready) on_state(index, generation, status);
}

void RevisionPool::on_state(int index, int generation, const runtime::InstanceStatus& status) {
  int ready = 0;
  {
    std::lock_guard lock(mutex_);
    if (index >= static_cast<int>(workers_.size())) return;
    Worker& w = workers_[static_cast<size_t>(index)];
    if (w.generation != generation || w.state == status.state) return;
    w.state = status.state;
    if (status.pid) w.pid = status.pid;
    w.reason = status.reason;
    if (status.state == runtime::InstanceState::ready) {
      w.ever_ready = true;
      load_failures_ = 0;
    } else if (status.state == runtime::InstanceState::exited) {
      w.busy = false;
      w.last_exit = status.reason;
      if (w.instance) retired_.push_back(std::move(w.instance));
      if (!stopped_) {
        if (!w.ever_ready) ++load_failures_;
        ++crashes_.count;
        crashes_.last_reason = status.reason;
        // 1, 2, 4 ... 60 s between restarts of a worker that keeps exiting.
        const int shift = std::min(w.launches - 1, 6);
        const auto delay = std::min(std::chrono::milliseconds(1000LL << shift), std::chrono::milliseconds(60000));
        std::weak_ptr<RevisionPool> weak = weak_from_this();
        w.restart_timer = timers_.schedule(delay, [weak, index] {
          if (auto self = weak.lock()) self->launch(index);
        });
      }
    }
    for (const auto& other : workers_) ready += other.state == runtime::InstanceState::ready ? 1 : 0;
  }
  if (status.state == runtime::InstanceState::ready)
    note(index, "worker " + std::to_string(index) + " ready (pid " + std::to_string(status.pid) + ")");
  else if (status.state == runtime::InstanceState::exited)
    note(index, "worker " + std::to_string(index) + ": " + status.reason);
  batcher_->set_slots(ready);
}

void RevisionPool::execute(serving::Table inputs, std::string params, serving::PredictionDone done) {
  runtime::ModelInstance* instance = nullptr;
  int index = -1;
  int generation = 0;
  {
    std::lock_guard lock(mutex_);
    for (auto& w : workers_) {
      if (w.state == runtime::InstanceState::ready && !w.busy && w.instance) {
        w.busy = true;
        instance = w.instance.get();
        index = w.index;
        generation = w.generation;
        break;
      }
    }
  }
  if (!instance) {
    done(Error::unavailable("no model worker is free"));
    return;
  }
  std::weak_ptr<RevisionPool> weak = weak_from_this();
  instance->execute({std::move(inputs), std::move(params)},
                    [weak, index, generation, done = std::move(done)](Result<serving::Prediction> result) {
                      if (auto self = weak.lock()) {
                        std::lock_guard lock(self->mutex_);
                        if (index < static_cast<int>(self->workers_.size())) {
                          Worker& w = self->workers_[static_cast<size_t>(index)];
                          if (w.generation == generation) w.busy = false;
                        }
                      }
                      done(std::move(result));
                    });
}

Status RevisionPool::submit(serving::InferenceCall call) {
  if (health() == PoolHealth::failed) return Error::unavailable("the deployment cannot serve: " + reason());
  track_in_flight(+1);
  std::weak_ptr<RevisionPool> weak = weak_from_this();
  call.done = [weak, done = std::move(call.done)](Result<serving::Prediction> result) {
    if (auto self = weak.lock()) self->track_in_flight(-1);
    done(std::move(result));
  };
  auto queued = batcher_->submit(std::move(call));
  if (!queued.ok()) track_in_flight(-1);  // refused: its done is never called
  return queued;
}

void RevisionPool::integrate_load_locked(std::chrono::steady_clock::time_point now) {
  in_flight_area_ +=
      static_cast<double>(in_flight_) * std::chrono::duration<double, std::milli>(now - load_changed_at_).count();
  load_changed_at_ = now;
}

void RevisionPool::track_in_flight(int delta) {
  std::lock_guard lock(load_mutex_);
  integrate_load_locked(std::chrono::steady_clock::now());
  in_flight_ += delta;
}

int RevisionPool::worker_count() const {
  std::lock_guard lock(mutex_);
  return static_cast<int>(workers_.size());
}

std::optional<std::string> RevisionPool::autoscale() {
  const auto& c = spec_.config;
  double mean_in_flight = 0;
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(load_mutex_);
    integrate_load_locked(now);
    const double span_ms = std::chrono::duration<double, std::milli>(now - measured_since_).count();
    mean_in_flight = span_ms > 0 ? in_flight_area_ / span_ms : static_cast<double>(in_flight_);
    in_flight_area_ = 0;
    measured_since_ = now;
  }
  const int wanted = std::clamp(static_cast<int>(std::ceil(mean_in_flight / std::max(1, c.target_in_flight))),
                                std::max(1, c.workers_min), std::max(c.workers_min, c.workers_max));
  const int current = worker_count();
  char load[96];
  std::snprintf(load, sizeof load, "mean in-flight %.1f, target %d per worker", mean_in_flight, c.target_in_flight);
  if (wanted > current) {
    lower_since_.reset();
    int first = 0;
    {
      std::lock_guard lock(mutex_);
      if (stopped_) return std::nullopt;
      first = static_cast<int>(workers_.size());
      workers_.resize(static_cast<size_t>(wanted));
      for (int i = first; i < wanted; ++i) workers_[static_cast<size_t>(i)].index = i;
    }
    for (int i = first; i < wanted; ++i) launch(i);
    std::string text = "revision " + std::to_string(spec_.revision) + " scaled up from " + std::to_string(current) +
                       " to " + std::to_string(wanted) + " workers (" + load + ")";
    note(-1, text);
    return text;
  }
  if (wanted == current) {
    lower_since_.reset();
    return std::nullopt;
  }
  if (!lower_since_) lower_since_ = now;
  if (now - *lower_since_ < std::chrono::seconds(c.scale_down_delay_seconds)) return std::nullopt;
  std::vector<std::unique_ptr<runtime::ModelInstance>> stopped;
  const int remaining = shrink_to(wanted, stopped);
  for (auto& instance : stopped) instance->stop(std::chrono::milliseconds(2000));
  if (remaining == current) return std::nullopt;  // the workers to stop were busy: next time
  lower_since_.reset();
  std::string text = "revision " + std::to_string(spec_.revision) + " scaled down from " + std::to_string(current) +
                     " to " + std::to_string(remaining) + " workers (" + load + ")";
  note(-1, text);
  return text;
}

int RevisionPool::shrink_to(int target, std::vector<std::unique_ptr<runtime::ModelInstance>>& stopped) {
  int ready = 0;
  int remaining = 0;
  {
    std::lock_guard lock(mutex_);
    while (static_cast<int>(workers_.size()) > target && !workers_.back().busy) {
      Worker& w = workers_.back();
      if (w.restart_timer) timers_.cancel(w.restart_timer);
      if (w.instance) stopped.push_back(std::move(w.instance));
      workers_.pop_back();
    }
    for (const auto& w : workers_) ready += w.state == runtime::InstanceState::ready ? 1 : 0;
    remaining = static_cast<int>(workers_.size());
  }
  batcher_->set_slots(ready);
  return remaining;
}

void RevisionPool::stop() {
  std::vector<std::unique_ptr<runtime::ModelInstance>> instances;
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    stopped_ = true;
    for (auto& w : workers_) {
      if (w.restart_timer) timers_.cancel(w.restart_timer);
      if (w.instance) instances.push_back(std::move(w.instance));
    }
    for (auto& r : retired_) instances.push_back(std::move(r));
    retired_.clear();
  }
  if (batcher_) batcher_->close(Error::unavailable("the deployment's revision was stopped"));
  for (auto& i : instances) i->stop(std::chrono::milliseconds(5000));
  instances.clear();
}

PoolHealth RevisionPool::health() const {
  std::lock_guard lock(mutex_);
  if (stopped_) return PoolHealth::stopped;
  int ready = 0;
  bool crashed = false;
  bool crashed_down = false;  ///< a worker that exited and has not come back yet
  for (const auto& w : workers_) {
    const bool is_ready = w.state == runtime::InstanceState::ready;
    ready += is_ready ? 1 : 0;
    crashed = crashed || w.launches > 1;
    crashed_down = crashed_down || (w.launches > 1 && !is_ready);
  }
  if (ready == static_cast<int>(workers_.size())) return PoolHealth::healthy;
  // Workers a scale-up is still starting do not make the revision any less healthy.
  if (ready >= spec_.config.workers_min && !crashed_down) return PoolHealth::healthy;
  if (ready > 0) return PoolHealth::degraded;
  if (load_failures_ > 0) return PoolHealth::failed;
  return crashed ? PoolHealth::degraded : PoolHealth::starting;
}

std::string RevisionPool::reason() const {
  std::lock_guard lock(mutex_);
  int ready = 0;
  std::string last;
  for (const auto& w : workers_) {
    if (w.state == runtime::InstanceState::ready)
      ++ready;
    else if (!w.reason.empty())
      last = "worker " + std::to_string(w.index) + ": " + w.reason;
  }
  if (ready == static_cast<int>(workers_.size())) return "";
  std::string text = std::to_string(ready) + " of " + std::to_string(workers_.size()) + " workers ready";
  return last.empty() ? text : text + "; " + last;
}

nlohmann::json RevisionPool::workers() const {
  std::lock_guard lock(mutex_);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& w : workers_) {
    out.push_back({{"index", w.index},
                   {"pid", w.pid},
                   {"state", runtime::to_string(w.state)},
                   {"restarts", std::max(0, w.launches - 1)},
                   {"started_at", w.started_at},
                   {"reason", w.reason.empty() ? w.last_exit : w.reason},
                   {"revision", spec_.revision}});
  }
  return out;
}

RevisionPool::Crashes RevisionPool::crashes() const {
  std::lock_guard lock(mutex_);
  return crashes_;
}

void RevisionPool::set_batch_observer(std::function<void(const serving::BatchObservation&)> observer) {
  batcher_->set_observer(std::move(observer));
}

}  // namespace cairn::deploy
