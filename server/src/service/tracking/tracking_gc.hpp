#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "artifacts/artifact_store.hpp"
#include "storage/database.hpp"
#include "storage/tracking/purge_store.hpp"

/// `cairn admin gc`: MLflow's `mlflow gc` over the whole instance (an operator's command, every
/// organization alike). Runs and experiments in the deleted stage whose deletion is older than
/// the cutoff go for good, with their params, tags, metrics, datasets, logged models and artifact
/// folders (the rule: storage/tracking/purge_store.hpp); then the store's orphaned folders go
/// (orphan_artifacts.hpp). A dry run reports the same and changes nothing.
namespace cairn::service {

struct GcOptions {
  int64_t cutoff_ms = 0;  ///< deletions at or before this time (ms since the epoch) expire
  bool dry_run = true;
};

struct GcReport {
  std::vector<std::string> experiments;  ///< purged (or, in a dry run, to purge), with their runs
  std::vector<std::string> runs;         ///< purged on their own, their experiment kept
  storage::purge::RowCounts rows;        ///< rows of all the runs above, those of experiments included
  std::vector<std::string> held;         ///< "experiment <id>" / "run <id>": kept, a model version uses their files
  std::vector<std::string> artifact_folders;  ///< store keys of the purged runs' and experiments' folders
  std::vector<std::string> orphaned_folders;  ///< store keys no row owns
  std::vector<std::string> failures;          ///< folders whose removal failed (an orphan next time)
};

Result<GcReport> collect_garbage(storage::Database& db, artifacts::ArtifactStore& store, const GcOptions& options);

}  // namespace cairn::service
