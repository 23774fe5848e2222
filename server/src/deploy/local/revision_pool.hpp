#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
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

/// One revision of a deployment running on this server: its model instances (`workers.min` of
/// them), the batcher in front of them, and their supervision: a worker that exits restarts after
/// 1, 2, 4 ... 60 s (the pool is degraded meanwhile); a model that never loads leaves it failed
/// with the worker's own reason.
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

  PoolHealth health() const;
  std::string reason() const;
  /// [{index, pid, state, restarts, started_at, reason}]
  nlohmann::json workers() const;
  int64_t revision() const { return spec_.revision; }
  const Spec& spec() const { return spec_; }
  void set_batch_observer(std::function<void(const serving::BatchObservation&)> observer);

 private:
  struct Worker {
    int index = 0;
    std::unique_ptr<runtime::ModelInstance> instance;
    runtime::InstanceState state = runtime::InstanceState::starting;
    int pid = 0;
    int restarts = 0;
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
};

}  // namespace cairn::deploy
