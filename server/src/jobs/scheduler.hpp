#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/result.hpp"
#include "storage/database.hpp"

namespace cairn::jobs {

/// A background job: run every `interval_ms`, once across all replicas (DESIGN D13).
struct Job {
  std::string name;  ///< unique; the key of its row in job_slots
  int64_t interval_ms = 60'000;
  std::function<Status()> run;
  /// Runs on every replica (work on this process's own state, such as flushing its buffers),
  /// without asking the database.
  bool every_replica = false;
};

/// What /metrics says of one job on this replica.
struct JobStats {
  std::string name;
  uint64_t runs = 0;
  uint64_t failures = 0;
  double last_duration_seconds = 0;
  double last_lag_seconds = 0;
};

/// Runs registered jobs on one thread of its own. Each replica runs the same scheduler; the
/// database decides which one runs a due job (storage/jobs/job_slots). A job that fails is
/// logged and counted, and runs again at its next interval. Jobs run one after another, so a
/// job should finish well within its interval.
class Scheduler {
 public:
  /// `owner` names this process in job_slots (for operators: who ran what last).
  Scheduler(storage::Database& db, std::string owner, int64_t tick_ms = 1000);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  /// Before start().
  void add(Job job);
  void start();
  /// Waits for a running job to finish; idempotent.
  void stop();
  std::vector<JobStats> stats() const;
  /// Prometheus lines: runs, failures, duration and lag (how late a run started) per job.
  std::string metrics_text() const;

 private:
  struct Entry {
    Job job;
    uint64_t runs = 0;
    uint64_t failures = 0;
    double last_duration_seconds = 0;
    double last_lag_seconds = 0;
    int64_t next_check_ms = 0;  ///< when to ask the database again
  };
  void loop();
  void tick(Entry& entry);

  storage::Database& db_;
  std::string owner_;
  int64_t tick_ms_;
  std::vector<Entry> entries_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

/// The job metrics of several schedulers of one process, each family once.
std::string metrics_text(std::initializer_list<const Scheduler*> schedulers);

}  // namespace cairn::jobs
