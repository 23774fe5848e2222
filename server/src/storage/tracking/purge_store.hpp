#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/database.hpp"

/// What `cairn admin gc` removes for good: runs and experiments in the deleted lifecycle stage
/// whose deletion is older than a cutoff (MLflow's `mlflow gc`), over the whole instance.
///
/// A run's deletion time is runs.deleted_at (set by every delete, MLflow's deleted_time); a
/// deleted run without one (never the case for runs deleted through Cairn) is never expired on
/// its own, as in MLflow. An experiment's is its updated_at, which the delete sets: MLflow's rule
/// too (last_update_time). Reads the registry's model_versions for a named reason: a version
/// registered from a run or a logged model serves its files from that run's or experiment's
/// artifact folder, so such a run or experiment is held, never purged.
namespace cairn::storage::purge {

/// A deleted run or experiment old enough to purge.
struct Expired {
  std::string id;
  std::string org_id;
  std::string experiment_id;  ///< the run's experiment; the experiment's own id
  bool held = false;          ///< a model version's files live under its artifact folder
};

/// The rows a purge removes beside the runs themselves.
struct RowCounts {
  int64_t runs = 0;
  int64_t params = 0;
  int64_t tags = 0;
  int64_t metric_points = 0;
};

/// Experiments deleted at or before `cutoff_ms` (updated_at), by id.
Result<std::vector<Expired>> expired_experiments(Connection& c, int64_t cutoff_ms);
/// Runs deleted at or before `cutoff_ms` (deleted_at) in experiments that are not themselves
/// expired (those go with their experiment), by id.
Result<std::vector<Expired>> expired_runs(Connection& c, int64_t cutoff_ms);

/// The rows of one run, or of every run of one experiment.
Result<RowCounts> count_run_rows(Connection& c, const std::string& run_id);
Result<RowCounts> count_experiment_rows(Connection& c, const std::string& experiment_id);

/// Deletes the run with its params, tags, metrics and inputs (foreign keys cascade), checking the
/// rule again in the DELETE: false when the run was restored (or removed) meanwhile.
Result<bool> delete_run(Connection& c, const std::string& run_id, int64_t cutoff_ms);
/// Deletes the experiment with its runs, datasets, logged models and tags; false as above.
Result<bool> delete_experiment(Connection& c, const std::string& experiment_id, int64_t cutoff_ms);

}  // namespace cairn::storage::purge
