#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/timer_queue.hpp"
#include "deploy/deployment_config.hpp"
#include "deploy/deployment_logs.hpp"
#include "runtime/runtime.hpp"
#include "serving/batcher.hpp"

namespace cairn::deploy {

/// Health of a revision's workers, in the deployment's state machine's words.
enum class PoolHealth { starting, healthy, degraded, failed, stopped };
std::string_view to_string(PoolHealth health);

/// One revision of a deployment running on this server: its model instances (`workers.min` to
/// `workers.max` of them, see autoscale()), the batcher in front of them, and their supervision:
/// a worker that exits restarts after 1, 2, 4 ... 60 s (the pool is degraded meanwhile); a model
/// that never loads leaves it failed with the worker's own reason.
class RevisionPool : public std::enable_shared_from_this<RevisionPool> {
 public:
  struct Spec {
    std::string deployment_id;
    int64_t revision = 0;
    runtime::ModelSource model;
    DeploymentConfig config;
    runtime::Runtime* runtime = nullptr;
    std::string python;  ///< the interpreter for the python runtime
  };

  static std::shared_ptr<RevisionPool> start(Spec spec, TimerQueue& timers, std::shared_ptr<DeploymentLogs> logs);
  ~RevisionPool();

  /// Queues a prediction (503 when the queue is full or no worker can ever come up).
  Status submit(serving::InferenceCall call);
  /// Stops the workers (SIGTERM, then SIGKILL after the grace) and fails what waits.
  void stop();

  /// Concurrency autoscaling (Knative's rule): the workers needed are the time-weighted mean of
  /// requests in flight since the last call divided by `autoscaling.target_in_flight`, rounded up
  /// and kept within workers.min..max. More start at once; idle ones stop only after the need has
  /// stayed lower for `scale_down_delay_seconds`. Returns what changed, for the event list.
  std::optional<std::string> autoscale();
  /// Workers the pool runs now (starting ones included).
  int worker_count() const;
  /// Requests submitted and not yet answered.
  int64_t in_flight() {
    std::lock_guard lock(load_mutex_);
    return in_flight_;
  }

  PoolHealth health() const;
  std::string reason() const;
  /// [{index, pid, state, restarts, started_at, reason}]
  nlohmann::json workers() const;
  int64_t revision() const { return spec_.revision; }
  const Spec& spec() const { return spec_; }
  void set_batch_observer(std::function<void(const serving::BatchObservation&)> observer);
  /// Workers that exited on their own (crashed, not stopped by the pool) since it started, and
  /// why the last one did: the supervisor turns them into events a restart rule can count.
  struct Crashes {
    int64_t count = 0;
    std::string last_reason;
  };
  Crashes crashes() const;

 private:
  struct Worker {
    int index = 0;
    std::unique_ptr<runtime::ModelInstance> instance;
    runtime::InstanceState state = runtime::InstanceState::starting;
    int pid = 0;
    int launches = 0;
    /// Pool-wide launch number: tells a current instance's callbacks from those of one it replaced
    /// (or of a worker that scaling removed and added again at the same index).
    int generation = 0;
    int64_t started_at = 0;
    std::string reason;
    std::string last_exit;  ///< why it last exited (kept across its restart)
    bool busy = false;
    bool ever_ready = false;
    TimerQueue::Id restart_timer = 0;
  };

  RevisionPool(Spec spec, TimerQueue& timers, std::shared_ptr<DeploymentLogs> logs);
  void launch(int index);
  void on_state(int index, int generation, const runtime::InstanceStatus& status);
  /// Runs a batch on an idle ready worker (the batcher only sends one when a slot is free).
  void execute(serving::Table inputs, std::string params, serving::PredictionDone done);
  void update_slots_locked();
  void note(int worker, const std::string& line);
  /// Requests in flight changed by `delta`: integrates the count over time for autoscale().
  void track_in_flight(int delta);
  /// Adds the requests in flight times the time since the last change to the area (load_mutex_ held).
  void integrate_load_locked(std::chrono::steady_clock::time_point now);
  /// Stops the idle workers at the end until `target` remain (busy ones stay until idle).
  int shrink_to(int target, std::vector<std::unique_ptr<runtime::ModelInstance>>& stopped);

  Spec spec_;
  TimerQueue& timers_;
  std::shared_ptr<DeploymentLogs> logs_;
  std::shared_ptr<serving::Batcher> batcher_;

  mutable std::mutex mutex_;
  std::vector<Worker> workers_;
  /// Exited instances wait here to be destroyed off their own thread (the destructor joins it).
  std::vector<std::unique_ptr<runtime::ModelInstance>> retired_;
  bool stopped_ = false;
  int load_failures_ = 0;  ///< exits of workers that never became ready, in a row
  Crashes crashes_;
  int generations_ = 0;

  std::mutex load_mutex_;  ///< guards the in-flight integral (kept apart from the workers' lock)
  int64_t in_flight_ = 0;
  double in_flight_area_ = 0;  ///< request-milliseconds since the last autoscale()
  std::chrono::steady_clock::time_point load_changed_at_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point measured_since_ = std::chrono::steady_clock::now();
  std::optional<std::chrono::steady_clock::time_point> lower_since_;  ///< fewer workers wanted since
};

}  // namespace cairn::deploy
