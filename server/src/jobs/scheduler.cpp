#include "jobs/scheduler.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "common/clock.hpp"
#include "storage/jobs/job_slots.hpp"

namespace cairn::jobs {

Scheduler::Scheduler(storage::Database& db, std::string owner, int64_t tick_ms)
    : db_(db), owner_(std::move(owner)), tick_ms_(tick_ms) {}

Scheduler::~Scheduler() {
  stop();
}

void Scheduler::add(Job job) {
  entries_.push_back(Entry{std::move(job)});
}

void Scheduler::start() {
  thread_ = std::thread([this] { loop(); });
}

void Scheduler::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Scheduler::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    for (auto& entry : entries_) {
      {
        std::lock_guard check(mutex_);
        if (stopping_) return;
      }
      if (now_ms() >= entry.next_check_ms) tick(entry);
    }
    lock.lock();
    wake_.wait_for(lock, std::chrono::milliseconds(tick_ms_), [this] { return stopping_; });
  }
}

void Scheduler::tick(Entry& entry) {
  const int64_t now = now_ms();
  entry.next_check_ms = now + std::min<int64_t>(entry.job.interval_ms, 5'000);
  int64_t due = now;
  int64_t next = now + entry.job.interval_ms;
  if (!entry.job.every_replica) {
    // The connection goes back to the pool before the job runs: jobs take their own.
    auto conn = db_.acquire();
    if (!conn.ok()) return;  // the database is away: ask again at the next check
    if (auto ensured = storage::jobs::ensure_slot(**conn, entry.job.name, now); !ensured.ok()) {
      spdlog::warn("job {}: {}", entry.job.name, ensured.error().message);
      return;
    }
    auto slot = storage::jobs::find_slot(**conn, entry.job.name);
    if (!slot.ok() || !*slot) return;
    due = (*slot)->next_run_at;
    if (due > now) {
      entry.next_check_ms = std::min(entry.next_check_ms, due);
      return;
    }
    // The next run is one interval after this one was due (not after now), so runs keep their
    // rhythm; a replica that was down for several intervals runs once, not once per missed one.
    next = due + entry.job.interval_ms;
    if (next <= now) next = now + entry.job.interval_ms;
    auto claimed = storage::jobs::claim(**conn, entry.job.name, now, next, owner_);
    if (!claimed.ok() || !*claimed) return;  // another replica runs it
  }
  const auto started = std::chrono::steady_clock::now();
  Status result = entry.job.run();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  {
    std::lock_guard lock(mutex_);
    ++entry.runs;
    if (!result.ok()) ++entry.failures;
    entry.last_duration_seconds = seconds;
    entry.last_lag_seconds = static_cast<double>(now - due) / 1000.0;
  }
  if (!result.ok()) spdlog::warn("job {} failed: {}", entry.job.name, result.error().message);
  if (auto conn = db_.acquire(); conn.ok())
    (void)storage::jobs::record_run(**conn, entry.job.name, now, seconds * 1000.0,
                                    result.ok() ? std::string() : result.error().message);
  entry.next_check_ms = next;
}

std::vector<JobStats> Scheduler::stats() const {
  std::lock_guard lock(mutex_);
  std::vector<JobStats> out;
  for (const auto& e : entries_)
    out.push_back({e.job.name, e.runs, e.failures, e.last_duration_seconds, e.last_lag_seconds});
  return out;
}

std::string Scheduler::metrics_text() const {
  return jobs::metrics_text({this});
}

std::string metrics_text(std::initializer_list<const Scheduler*> schedulers) {
  std::vector<JobStats> all;
  for (const auto* s : schedulers) {
    auto stats = s->stats();
    all.insert(all.end(), stats.begin(), stats.end());
  }
  // Each family's samples together, as the exposition format asks.
  std::string out;
  auto family = [&](const char* name, const char* type, const char* help, auto value) {
    out += fmt::format("# HELP {0} {2}\n# TYPE {0} {1}\n", name, type, help);
    for (const auto& j : all) out += fmt::format("{}{{job=\"{}\"}} {}\n", name, j.name, value(j));
  };
  family("cairn_job_runs_total", "counter", "Background job runs by this replica.",
         [](const JobStats& j) { return j.runs; });
  family("cairn_job_failures_total", "counter", "Background job runs that failed.",
         [](const JobStats& j) { return j.failures; });
  family("cairn_job_duration_seconds", "gauge", "How long the job's last run on this replica took.",
         [](const JobStats& j) { return j.last_duration_seconds; });
  family("cairn_job_lag_seconds", "gauge", "How late the job's last run on this replica started after it was due.",
         [](const JobStats& j) { return j.last_lag_seconds; });
  return out;
}

}  // namespace cairn::jobs
