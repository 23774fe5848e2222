#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "runtime/python/worker_wire.hpp"
#include "runtime/runtime.hpp"

namespace cairn::runtime::python {

/// What a worker process runs: `<python> -m cairn.runtime.worker --model-dir DIR --fd 3`.
struct WorkerCommand {
  std::string python;
  std::string model_dir;
  std::map<std::string, std::string> environment;  ///< added to a minimal inherited set
};

/// One Python runtime worker: a child process that loaded one model, fed batches over a socket
/// pair (docs/adr/0003-deployments-and-serving.md). A thread of its own reads the socket and the
/// child's stdout and stderr (as log lines) and notices the exit; a crash fails only the batches
/// this worker held.
class WorkerProcess : public ModelInstance {
 public:
  static Result<std::unique_ptr<WorkerProcess>> spawn(const WorkerCommand& command, const InstanceOptions& options);
  ~WorkerProcess() override;

  void execute(Batch batch, BatchDone done) override;
  InstanceStatus status() const override;
  void stop(std::chrono::milliseconds grace) override;

 private:
  WorkerProcess(int pid, int socket_fd, int stdout_fd, int stderr_fd, InstanceOptions options);
  void run();
  void handle(WorkerMessage message);
  void log_line(std::string_view stream, std::string& partial, std::string_view bytes);
  void set_state(InstanceState state, std::string reason);
  /// Fails every batch waiting for an answer (the worker is gone).
  void fail_pending(const Error& error);

  const int pid_;
  int socket_fd_;
  int stdout_fd_;
  int stderr_fd_;
  InstanceOptions options_;
  WorkerDecoder decoder_;

  mutable std::mutex mutex_;
  InstanceStatus status_;
  std::map<uint64_t, BatchDone> pending_;
  uint64_t next_id_ = 1;
  std::string failure_;     ///< the FAILED message's error, for the exit reason
  std::string last_error_;  ///< the last stderr line, for an exit without FAILED
  std::atomic<bool> stopping_{false};
  std::atomic<int64_t> kill_at_ms_{0};  ///< steady-clock ms after which SIGKILL follows SIGTERM
  std::mutex write_mutex_;
  std::thread thread_;
};

}  // namespace cairn::runtime::python
