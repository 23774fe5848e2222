#include "storage/jobs/job_slots.hpp"

namespace cairn::storage::jobs {

Status ensure_slot(Connection& c, const std::string& name, int64_t first_run_at) {
  return as_status(c.execute("INSERT INTO job_slots (name, next_run_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                             {name, first_run_at}));
}

Result<bool> claim(Connection& c, const std::string& name, int64_t now, int64_t next_run_at, const std::string& owner) {
  CAIRN_TRY_ASSIGN(auto changed, c.execute("UPDATE job_slots SET next_run_at = ?, owner = ?, last_started_at = ?"
                                           " WHERE name = ? AND next_run_at <= ?",
                                           {next_run_at, owner, now, name, now}));
  return changed == 1;
}

Status record_run(Connection& c, const std::string& name, int64_t started_at, double duration_ms,
                  const std::string& error) {
  return as_status(
      c.execute("UPDATE job_slots SET last_duration_ms = ?, last_error = ? WHERE name = ? AND last_started_at = ?",
                {duration_ms, error, name, started_at}));
}

Result<std::optional<JobSlot>> find_slot(Connection& c, const std::string& name) {
  CAIRN_TRY_ASSIGN(auto rows, c.query("SELECT name, next_run_at, owner, last_started_at, last_duration_ms, last_error"
                                      " FROM job_slots WHERE name = ?",
                                      {name}));
  if (rows.empty()) return std::optional<JobSlot>{};
  auto r = rows[0];
  return std::optional<JobSlot>(JobSlot{r.text(0), r.int64(1), r.text(2), r.int64(3), r.real(4), r.text(5)});
}

}  // namespace cairn::storage::jobs
