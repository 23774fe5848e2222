#pragma once

#include <optional>
#include <string>

#include "storage/database.hpp"

/// The scheduler's coordination through the database (DESIGN D13): one row per job holds when it
/// runs next. A replica runs a due job only if it is the one that moves next_run_at forward (a
/// compare-and-set), so with N replicas each run happens once, with no lock held while it runs.
namespace cairn::storage::jobs {

/// Adds the job's row if missing (first run due at `first_run_at`).
Status ensure_slot(Connection& c, const std::string& name, int64_t first_run_at);
/// True when this caller claimed the run due at or before `now`: next_run_at moved to `next_run_at`.
Result<bool> claim(Connection& c, const std::string& name, int64_t now, int64_t next_run_at, const std::string& owner);
Status record_run(Connection& c, const std::string& name, int64_t started_at, double duration_ms,
                  const std::string& error);

struct JobSlot {
  std::string name;
  int64_t next_run_at = 0;
  std::string owner;
  int64_t last_started_at = 0;
  double last_duration_ms = 0;
  std::string last_error;
};
Result<std::optional<JobSlot>> find_slot(Connection& c, const std::string& name);

}  // namespace cairn::storage::jobs
