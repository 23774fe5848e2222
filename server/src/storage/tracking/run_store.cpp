#include "storage/tracking/run_store.hpp"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "common/crypto.hpp"
#include "storage/tag_table.hpp"
#include "storage/tracking/metric_store.hpp"

namespace cairn::storage::runs {
namespace {

const TagTable kRunTags("run_tags", {"run_id"});

}  // namespace

const char* const kRunColumns =
    "r.id, r.org_id, r.project_id, r.experiment_id, r.name, r.user_id, r.status, r.start_time, r.end_time,"
    " r.lifecycle_stage, r.artifact_uri, r.created_by";

RunRecord run_from_row(const Row& r) {
  RunRecord run;
  run.id = r.text(0);
  run.org_id = r.text(1);
  run.project_id = r.text(2);
  run.experiment_id = r.text(3);
  run.name = r.text(4);
  run.user_id = r.text(5);
  run.status = r.text(6);
  run.start_time = r.int64(7);
  run.end_time = r.opt_int64(8);
  run.lifecycle_stage = r.text(9);
  run.artifact_uri = r.text(10);
  run.created_by = r.text(11);
  return run;
}

Status insert(Connection& c, const RunRecord& r) {
  return as_status(
      c.execute("INSERT INTO runs (id, org_id, project_id, experiment_id, name, user_id, status, start_time,"
                " end_time, lifecycle_stage, artifact_uri, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                {r.id, r.org_id, r.project_id, r.experiment_id, r.name, r.user_id, r.status, r.start_time,
                 optional_int(r.end_time), r.lifecycle_stage, r.artifact_uri, r.created_by}));
}

Result<std::optional<RunRecord>> find(Connection& c, const std::string& id) {
  CAIRN_TRY_ASSIGN(auto rows, c.query(std::string("SELECT ") + kRunColumns + " FROM runs r WHERE r.id = ?", {id}));
  if (rows.empty()) return std::optional<RunRecord>{};
  return std::optional<RunRecord>(run_from_row(rows[0]));
}

Result<std::vector<RunRecord>> find_many(Connection& c, const std::vector<std::string>& ids) {
  std::vector<RunRecord> out;
  if (ids.empty()) return out;
  std::vector<Value> params;
  CAIRN_TRY_ASSIGN(
      auto rows,
      c.query(std::string("SELECT ") + kRunColumns + " FROM runs r WHERE r.id IN " + in_list(ids, params), params));
  out.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(run_from_row(rows[i]));
  return out;
}

Result<ExperimentKeys> keys_in_experiment(Connection& c, const std::string& experiment_id) {
  ExperimentKeys out;
  // latest_metrics holds one row per (run, key): the keys without scanning histories.
  const std::pair<const char*, std::vector<std::string>*> sources[] = {
      {"run_params", &out.params}, {"latest_metrics", &out.metrics}, {"run_tags", &out.tags}};
  for (const auto& [table, keys] : sources) {
    CAIRN_TRY_ASSIGN(auto rows, c.query(std::string("SELECT DISTINCT x.key FROM ") + table +
                                            " x JOIN runs r ON r.id = x.run_id WHERE r.experiment_id = ?",
                                        {experiment_id}));
    keys->reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) keys->push_back(rows[i].text(0));
    // Sorted here, not by SQL: PostgreSQL's collation would order them differently from SQLite's.
    std::sort(keys->begin(), keys->end());
  }
  return out;
}

Status update(Connection& c, const RunRecord& r) {
  return as_status(c.execute("UPDATE runs SET name = ?, status = ?, end_time = ? WHERE id = ?",
                             {r.name, r.status, optional_int(r.end_time), r.id}));
}

Status set_lifecycle(Connection& c, const std::string& id, const std::string& stage, int64_t now) {
  return as_status(c.execute("UPDATE runs SET lifecycle_stage = ?, deleted_at = ? WHERE id = ?",
                             {stage, stage == "deleted" ? Value(now) : Value(std::monostate{}), id}));
}

Status log_params(Connection& c, const std::string& run_id, const KeyValues& params) {
  for (const auto& [key, value] : params) {
    CAIRN_TRY(
        c.execute("INSERT INTO run_params (run_id, key, value) VALUES (?, ?, ?)"
                  " ON CONFLICT (run_id, key) DO NOTHING",
                  {run_id, key, value}));
    CAIRN_TRY_ASSIGN(auto rows, c.query("SELECT value FROM run_params WHERE run_id = ? AND key = ?", {run_id, key}));
    if (!rows.empty() && rows[0].text(0) != value) {
      return Error{ErrorCode::validation_failed,
                   "Changing param values is not allowed. Param with key='" + key +
                       "' was already logged with value='" + rows[0].text(0) + "' for run ID='" + run_id +
                       "'. Attempted logging new value '" + value + "'.",
                   "params"};
    }
  }
  return {};
}

Status set_tags(Connection& c, const std::string& run_id, const KeyValues& tags) {
  for (const auto& [key, value] : tags) {
    CAIRN_TRY(kRunTags.set(c, {run_id}, key, value));
    // The run name lives in a column and in the mlflow.runName tag; keep them the same.
    if (key == "mlflow.runName") CAIRN_TRY(c.execute("UPDATE runs SET name = ? WHERE id = ?", {value, run_id}));
  }
  return {};
}

Result<bool> delete_tag(Connection& c, const std::string& run_id, const std::string& key) {
  return kRunTags.remove(c, {run_id}, key);
}

Status log_inputs(Connection& c, const RunRecord& run, const std::vector<DatasetInput>& inputs) {
  for (const auto& input : inputs) {
    const auto& d = input.dataset;
    CAIRN_TRY(c.execute(
        "INSERT INTO datasets (id, experiment_id, name, digest, source_type, source, schema, profile)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (experiment_id, name, digest) DO NOTHING",
        {crypto::new_id(), run.experiment_id, d.name, d.digest, d.source_type, d.source, d.schema, d.profile}));
    CAIRN_TRY_ASSIGN(auto rows, c.query("SELECT id FROM datasets WHERE experiment_id = ? AND name = ? AND digest = ?",
                                        {run.experiment_id, d.name, d.digest}));
    if (rows.empty()) return Error::internal("dataset vanished while linking it");
    nlohmann::json tags = nlohmann::json::array();
    for (const auto& [k, v] : input.tags) tags.push_back({{"key", k}, {"value", v}});
    CAIRN_TRY(
        c.execute("INSERT INTO run_inputs (run_id, dataset_id, tags) VALUES (?, ?, ?)"
                  " ON CONFLICT (run_id, dataset_id) DO UPDATE SET tags = excluded.tags",
                  {run.id, rows[0].text(0), tags.dump()}));
  }
  return {};
}

Result<std::vector<RunView>> load_views(Connection& c, std::vector<RunRecord> runs) {
  std::vector<RunView> views;
  views.reserve(runs.size());
  std::unordered_map<std::string, std::size_t> index;
  for (auto& run : runs) {
    index.emplace(run.id, views.size());
    views.push_back(RunView{std::move(run), {}, {}, {}, {}, {}});
  }
  if (views.empty()) return views;
  std::vector<std::string> ids;
  for (const auto& v : views) ids.push_back(v.info.id);
  {
    // Params, tags and latest metrics in one round trip (what a run page and runs/get show).
    std::vector<Value> params;
    const auto in_params = in_list(ids, params);
    const auto in_tags = in_list(ids, params);
    const auto in_metrics = in_list(ids, params);
    const std::string sql =
        "SELECT 0, run_id, key, value, CAST(NULL AS DOUBLE PRECISION), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT),"
        " CAST(NULL AS BIGINT) FROM run_params WHERE run_id IN " +
        in_params + " UNION ALL SELECT 1, run_id, key, value, NULL, NULL, NULL, NULL FROM run_tags WHERE run_id IN " +
        in_tags +
        " UNION ALL SELECT 2, run_id, key, NULL, value, is_nan, timestamp, step FROM latest_metrics WHERE run_id IN " +
        in_metrics + " ORDER BY 1, 3";
    CAIRN_TRY(c.for_each_row(sql, params, [&](const Row& row) -> Status {
      auto& view = views[index[row.text(1)]];
      switch (row.int64(0)) {
        case 0:
          view.params.emplace_back(row.text(2), row.text(3));
          break;
        case 1:
          view.tags.emplace_back(row.text(2), row.text(3));
          break;
        default: {
          MetricRecord m;
          m.key = row.text(2);
          m.value = row.int64(5) ? std::numeric_limits<double>::quiet_NaN() : row.real(4);
          m.timestamp = row.int64(6);
          m.step = row.int64(7);
          view.latest_metrics.push_back(std::move(m));
        }
      }
      return {};
    }));
  }
  {
    std::vector<Value> params;
    auto in = in_list(ids, params);
    CAIRN_TRY_ASSIGN(auto rows,
                     c.query("SELECT ri.run_id, d.name, d.digest, d.source_type, d.source, d.schema, d.profile,"
                             " ri.tags FROM run_inputs ri JOIN datasets d ON d.id = ri.dataset_id"
                             " WHERE ri.run_id IN " +
                                 in + " ORDER BY d.name, d.digest",
                             params));
    for (std::size_t i = 0; i < rows.size(); ++i) {
      DatasetInput input;
      input.dataset = DatasetRecord{rows[i].text(1), rows[i].text(2), rows[i].text(3),
                                    rows[i].text(4), rows[i].text(5), rows[i].text(6)};
      auto tags = nlohmann::json::parse(rows[i].text(7), nullptr, false);
      if (tags.is_array()) {
        for (const auto& t : tags) {
          if (t.is_object() && t.contains("key") && t.contains("value")) {
            input.tags.emplace_back(t["key"].get<std::string>(), t["value"].get<std::string>());
          }
        }
      }
      views[index[rows[i].text(0)]].inputs.push_back(std::move(input));
    }
  }
  {
    std::vector<Value> params;
    auto in = in_list(ids, params);
    CAIRN_TRY_ASSIGN(
        auto rows,
        c.query("SELECT run_id, model_id, step FROM run_outputs WHERE run_id IN " + in + " ORDER BY model_id", params));
    for (std::size_t i = 0; i < rows.size(); ++i) {
      views[index[rows[i].text(0)]].outputs.push_back(ModelOutput{rows[i].text(1), rows[i].int64(2)});
    }
  }
  return views;
}

}  // namespace cairn::storage::runs
