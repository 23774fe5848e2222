#include "app/tracking_gc_job.hpp"

#include "common/clock.hpp"
#include "common/log.hpp"
#include "service/tracking/tracking_gc.hpp"

namespace cairn::app {

jobs::Job tracking_gc_job(storage::Database& db, artifacts::ArtifactStore& store, int days) {
  return {"tracking.gc", kTrackingGcIntervalMs, [&db, &store, days]() -> Status {
            const int64_t cutoff = now_ms() - static_cast<int64_t>(days) * 86'400'000;
            CAIRN_TRY_ASSIGN(auto report, service::collect_garbage(db, store, {cutoff, false}));
            // Each purge names what went: an operator's answer to "where did that run go?".
            if (!report.experiments.empty() || !report.runs.empty() || !report.orphaned_folders.empty()) {
              log::info("deleted runs and experiments purged", {{"experiments", report.experiments},
                                                                {"runs", report.runs},
                                                                {"metric_points", report.rows.metric_points},
                                                                {"orphaned_folders", report.orphaned_folders.size()},
                                                                {"older_than_days", days}});
            }
            if (!report.failures.empty()) {
              return Error::unavailable(std::to_string(report.failures.size()) +
                                        " artifact folders not removed, first: " + report.failures.front());
            }
            return {};
          }};
}

}  // namespace cairn::app
