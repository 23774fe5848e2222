#include "service/tracking/tracking_gc.hpp"

#include "service/tracking/orphan_artifacts.hpp"

namespace cairn::service {

namespace purge = storage::purge;

namespace {

void add_counts(purge::RowCounts& total, const purge::RowCounts& more) {
  total.runs += more.runs;
  total.params += more.params;
  total.tags += more.tags;
  total.metric_points += more.metric_points;
}

class GarbageCollector {
 public:
  GarbageCollector(storage::Connection& c, artifacts::ArtifactStore& store, const GcOptions& options)
      : c_(c), store_(store), options_(options) {}

  Status experiment(const purge::Expired& e) {
    if (e.held) {
      report.held.push_back("experiment " + e.id);
      return {};
    }
    // Counted and deleted in one transaction, so the counts are what went.
    return purge_one(
        report.experiments, e, artifacts::join_key(e.org_id, e.id),
        [&](storage::Connection& c) { return purge::count_experiment_rows(c, e.id); },
        [&](storage::Connection& c) { return purge::delete_experiment(c, e.id, options_.cutoff_ms); });
  }

  Status run(const purge::Expired& r) {
    if (r.held) {
      report.held.push_back("run " + r.id);
      return {};
    }
    const std::string folder = artifacts::join_key(r.org_id, r.experiment_id + "/" + r.id);
    return purge_one(
        report.runs, r, folder, [&](storage::Connection& c) { return purge::count_run_rows(c, r.id); },
        [&](storage::Connection& c) { return purge::delete_run(c, r.id, options_.cutoff_ms); });
  }

  Status orphans() {
    CAIRN_TRY_ASSIGN(report.orphaned_folders, find_orphaned_folders(c_, store_));
    if (options_.dry_run) return {};
    for (const auto& key : report.orphaned_folders) remove_folder(key);
    return {};
  }

  GcReport report;

 private:
  template <class Count, class Delete>
  Status purge_one(std::vector<std::string>& purged, const purge::Expired& target, const std::string& folder,
                   Count count, Delete remove) {
    if (options_.dry_run) {
      CAIRN_TRY_ASSIGN(auto rows, count(c_));
      add_counts(report.rows, rows);
      purged.push_back(target.id);
      report.artifact_folders.push_back(folder);
      return {};
    }
    purge::RowCounts rows;
    CAIRN_TRY_ASSIGN(bool deleted, storage::in_transaction<bool>(c_, true, [&](storage::Connection& c) -> Result<bool> {
                       CAIRN_TRY_ASSIGN(rows, count(c));
                       return remove(c);
                     }));
    if (!deleted) return {};  // restored (or purged by another gc) since it was listed
    add_counts(report.rows, rows);
    purged.push_back(target.id);
    report.artifact_folders.push_back(folder);
    // The rows are gone first: a folder whose removal fails is an orphan the next pass removes.
    remove_folder(folder);
    return {};
  }

  void remove_folder(const std::string& key) {
    if (auto removed = store_.remove(key); !removed.ok()) {
      report.failures.push_back(key + ": " + removed.error().message);
    }
  }

  storage::Connection& c_;
  artifacts::ArtifactStore& store_;
  const GcOptions& options_;
};

}  // namespace

Result<GcReport> collect_garbage(storage::Database& db, artifacts::ArtifactStore& store, const GcOptions& options) {
  CAIRN_TRY_ASSIGN(auto conn, db.acquire());
  GarbageCollector collector(*conn, store, options);
  CAIRN_TRY_ASSIGN(auto experiments, purge::expired_experiments(*conn, options.cutoff_ms));
  CAIRN_TRY_ASSIGN(auto runs, purge::expired_runs(*conn, options.cutoff_ms));
  for (const auto& e : experiments) CAIRN_TRY(collector.experiment(e));
  for (const auto& r : runs) CAIRN_TRY(collector.run(r));
  CAIRN_TRY(collector.orphans());
  return std::move(collector.report);
}

}  // namespace cairn::service
