#include "storage/tracking/purge_store.hpp"

namespace cairn::storage::purge {
namespace {

// `||` concatenates in both dialects; ids hold no LIKE wildcards (digits, hex).
constexpr const char* kRunHeld =
    "EXISTS (SELECT 1 FROM model_versions v JOIN registered_models m ON m.id = v.model_id"
    " WHERE m.org_id = r.org_id AND v.storage_location LIKE r.experiment_id || '/' || r.id || '/%')";
constexpr const char* kExperimentHeld =
    "EXISTS (SELECT 1 FROM model_versions v JOIN registered_models m ON m.id = v.model_id"
    " WHERE m.org_id = e.org_id AND v.storage_location LIKE e.id || '/%')";

Expired purge_target_from(const Row& r) {
  Expired out;
  out.id = r.text(0);
  out.org_id = r.text(1);
  out.experiment_id = r.text(2);
  out.held = r.int64(3) != 0;
  return out;
}

Result<std::vector<Expired>> select_purge_targets(Connection& c, const std::string& sql, int64_t cutoff_ms) {
  std::vector<Expired> out;
  CAIRN_TRY(c.for_each_row(sql, {cutoff_ms}, [&](const Row& r) -> Status {
    out.push_back(purge_target_from(r));
    return {};
  }));
  return out;
}

Result<RowCounts> count_purged_rows(Connection& c, const std::string& runs_condition, const std::string& id) {
  const std::string runs = "(SELECT id FROM runs WHERE " + runs_condition + ")";
  CAIRN_TRY_ASSIGN(auto rows, c.query("SELECT (SELECT COUNT(*) FROM runs WHERE " + runs_condition +
                                          "), (SELECT COUNT(*) FROM run_params WHERE run_id IN " + runs +
                                          "), (SELECT COUNT(*) FROM run_tags WHERE run_id IN " + runs +
                                          "), (SELECT COUNT(*) FROM metrics WHERE run_id IN " + runs + ")",
                                      {id, id, id, id}));
  RowCounts out;
  if (rows.empty()) return out;
  out.runs = rows[0].int64(0);
  out.params = rows[0].int64(1);
  out.tags = rows[0].int64(2);
  out.metric_points = rows[0].int64(3);
  return out;
}

}  // namespace

Result<std::vector<Expired>> expired_experiments(Connection& c, int64_t cutoff_ms) {
  return select_purge_targets(c,
                              std::string("SELECT e.id, e.org_id, e.id, ") + kExperimentHeld +
                                  " FROM experiments e WHERE e.lifecycle_stage = 'deleted' AND e.updated_at <= ?"
                                  " ORDER BY e.id",
                              cutoff_ms);
}

Result<std::vector<Expired>> expired_runs(Connection& c, int64_t cutoff_ms) {
  // Runs of a deleted experiment carry the experiment's deletion time, so an expired experiment's
  // runs are expired too; they are left to the experiment (and its hold) here.
  return select_purge_targets(
      c,
      std::string("SELECT r.id, r.org_id, r.experiment_id, ") + kRunHeld +
          " FROM runs r JOIN experiments e ON e.id = r.experiment_id"
          " WHERE r.lifecycle_stage = 'deleted' AND r.deleted_at IS NOT NULL AND r.deleted_at <= ?"
          " AND e.lifecycle_stage = 'active' ORDER BY r.id",
      cutoff_ms);
}

Result<RowCounts> count_run_rows(Connection& c, const std::string& run_id) {
  return count_purged_rows(c, "id = ?", run_id);
}

Result<RowCounts> count_experiment_rows(Connection& c, const std::string& experiment_id) {
  return count_purged_rows(c, "experiment_id = ?", experiment_id);
}

Result<bool> delete_run(Connection& c, const std::string& run_id, int64_t cutoff_ms) {
  CAIRN_TRY_ASSIGN(auto n, c.execute("DELETE FROM runs WHERE id = ? AND lifecycle_stage = 'deleted'"
                                     " AND deleted_at IS NOT NULL AND deleted_at <= ?",
                                     {run_id, cutoff_ms}));
  return n > 0;
}

Result<bool> delete_experiment(Connection& c, const std::string& experiment_id, int64_t cutoff_ms) {
  CAIRN_TRY_ASSIGN(auto n, c.execute("DELETE FROM experiments WHERE id = ? AND lifecycle_stage = 'deleted'"
                                     " AND updated_at <= ?",
                                     {experiment_id, cutoff_ms}));
  return n > 0;
}

}  // namespace cairn::storage::purge
