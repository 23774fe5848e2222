#pragma once

#include "artifacts/artifact_store.hpp"
#include "jobs/scheduler.hpp"
#include "storage/database.hpp"

/// The background form of `cairn admin gc` (retention_deleted_days): once a day, on one replica
/// (DESIGN D13), runs and experiments deleted longer ago than the setting go for good with their
/// artifacts, and orphaned artifact folders with them.
namespace cairn::app {

inline constexpr int64_t kTrackingGcIntervalMs = 24LL * 3'600'000;

/// The job "tracking.gc"; `days` > 0.
jobs::Job tracking_gc_job(storage::Database& db, artifacts::ArtifactStore& store, int days);

}  // namespace cairn::app
