#include "storage/tracking/logged_model_store.hpp"

#include <cmath>
#include <limits>

namespace cairn::storage::logged_models {
namespace {

constexpr const char* kColumns =
    "m.id, m.org_id, m.project_id, m.experiment_id, m.name, m.artifact_uri, m.model_type, m.source_run_id, m.status,"
    " m.status_message, m.lifecycle_stage, m.created_at, m.updated_at";

LoggedModelRecord from_row(const Row& r) {
  LoggedModelRecord m;
  m.id = r.text(0);
  m.org_id = r.text(1);
  m.project_id = r.text(2);
  m.experiment_id = r.text(3);
  m.name = r.text(4);
  m.artifact_uri = r.text(5);
  m.model_type = r.text(6);
  m.source_run_id = r.opt_text(7);
  m.status = r.text(8);
  m.status_message = r.text(9);
  m.lifecycle_stage = r.text(10);
  m.created_at = r.int64(11);
  m.updated_at = r.int64(12);
  return m;
}

Status load_children(Connection& c, LoggedModelRecord& m) {
  CAIRN_TRY_ASSIGN(auto metrics,
                   c.query("SELECT key, value, is_nan, timestamp, step, run_id, dataset_name, dataset_digest"
                           " FROM logged_model_metrics WHERE model_id = ? ORDER BY key, step, timestamp",
                           {m.id}));
  for (std::size_t i = 0; i < metrics.size(); ++i) {
    MetricRecord p;
    p.key = metrics[i].text(0);
    p.value = metrics[i].int64(2) ? std::numeric_limits<double>::quiet_NaN() : metrics[i].real(1);
    p.timestamp = metrics[i].int64(3);
    p.step = metrics[i].int64(4);
    p.run_id = metrics[i].text(5);
    p.dataset_name = metrics[i].text(6);
    p.dataset_digest = metrics[i].text(7);
    p.model_id = m.id;
    m.metrics.push_back(std::move(p));
  }
  CAIRN_TRY_ASSIGN(auto params,
                   c.query("SELECT key, value FROM logged_model_params WHERE model_id = ? ORDER BY key", {m.id}));
  for (std::size_t i = 0; i < params.size(); ++i) m.params.emplace_back(params[i].text(0), params[i].text(1));
  CAIRN_TRY_ASSIGN(auto tags,
                   c.query("SELECT key, value FROM logged_model_tags WHERE model_id = ? ORDER BY key", {m.id}));
  for (std::size_t i = 0; i < tags.size(); ++i) m.tags.emplace_back(tags[i].text(0), tags[i].text(1));
  return {};
}

}  // namespace

Status insert(Connection& c, const LoggedModelRecord& m) {
  CAIRN_TRY(c.execute(
      "INSERT INTO logged_models (id, org_id, project_id, experiment_id, name, artifact_uri, model_type,"
      " source_run_id, status, status_message, lifecycle_stage, created_at, updated_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {m.id, m.org_id, m.project_id, m.experiment_id, m.name, m.artifact_uri, m.model_type,
       optional_text(m.source_run_id), m.status, m.status_message, m.lifecycle_stage, m.created_at, m.updated_at}));
  CAIRN_TRY(log_params(c, m.id, m.params));
  return set_tags(c, m.id, m.tags);
}

Result<std::optional<LoggedModelRecord>> find(Connection& c, const std::string& id) {
  CAIRN_TRY_ASSIGN(auto rows,
                   c.query(std::string("SELECT ") + kColumns + " FROM logged_models m WHERE m.id = ?", {id}));
  if (rows.empty()) return std::optional<LoggedModelRecord>{};
  auto model = from_row(rows[0]);
  CAIRN_TRY(load_children(c, model));
  return std::optional<LoggedModelRecord>(std::move(model));
}

Status set_status(Connection& c, const std::string& id, const std::string& status, int64_t now) {
  return as_status(c.execute("UPDATE logged_models SET status = ?, updated_at = ? WHERE id = ?", {status, now, id}));
}

Status set_deleted(Connection& c, const std::string& id, int64_t now) {
  return as_status(
      c.execute("UPDATE logged_models SET lifecycle_stage = 'deleted', updated_at = ? WHERE id = ?", {now, id}));
}

Status log_params(Connection& c, const std::string& id, const KeyValues& params) {
  for (const auto& [key, value] : params) {
    CAIRN_TRY(
        c.execute("INSERT INTO logged_model_params (model_id, key, value) VALUES (?, ?, ?)"
                  " ON CONFLICT (model_id, key) DO UPDATE SET value = excluded.value",
                  {id, key, value}));
  }
  return {};
}

Status set_tags(Connection& c, const std::string& id, const KeyValues& tags) {
  for (const auto& [key, value] : tags) {
    CAIRN_TRY(
        c.execute("INSERT INTO logged_model_tags (model_id, key, value) VALUES (?, ?, ?)"
                  " ON CONFLICT (model_id, key) DO UPDATE SET value = excluded.value",
                  {id, key, value}));
  }
  return {};
}

Result<bool> delete_tag(Connection& c, const std::string& id, const std::string& key) {
  CAIRN_TRY_ASSIGN(auto n, c.execute("DELETE FROM logged_model_tags WHERE model_id = ? AND key = ?", {id, key}));
  return n > 0;
}

Result<std::vector<LoggedModelRecord>> search(Connection& c, const ModelQuery& q) {
  std::vector<LoggedModelRecord> out;
  if (q.experiment_ids.empty()) return out;
  std::vector<Value> params;
  std::string sql = std::string("SELECT ") + kColumns +
                    " FROM logged_models m WHERE m.lifecycle_stage = 'active'"
                    " AND m.experiment_id IN " +
                    in_list(q.experiment_ids, params);
  for (const auto& clause : q.filter.clauses) {
    const auto* text = std::get_if<std::string>(&clause.value);
    const char* op = clause.op == search::Comparator::eq     ? " = ?"
                     : clause.op == search::Comparator::ne   ? " <> ?"
                     : clause.op == search::Comparator::like ? " LIKE ?"
                                                             : nullptr;
    if (!text || !op) return Error::bad_request("logged models filter on text fields with =, != or LIKE", "filter");
    if (clause.type == search::EntityType::tag || clause.type == search::EntityType::param) {
      const std::string table = clause.type == search::EntityType::tag ? "logged_model_tags" : "logged_model_params";
      sql += " AND EXISTS (SELECT 1 FROM " + table + " t WHERE t.model_id = m.id AND t.key = ? AND t.value" + op + ")";
      params.emplace_back(clause.key);
    } else if (clause.type == search::EntityType::attribute) {
      static const std::vector<std::pair<std::string, std::string>> kColumnsByKey = {
          {"name", "m.name"},
          {"model_id", "m.id"},
          {"model_type", "m.model_type"},
          {"status", "m.status"},
          {"source_run_id", "m.source_run_id"}};
      std::string column;
      for (const auto& [key, col] : kColumnsByKey) {
        if (key == clause.key) column = col;
      }
      if (column.empty()) return Error::bad_request("cannot filter logged models on '" + clause.key + "'", "filter");
      sql += " AND " + column + op;
    } else {
      return Error::bad_request("logged models cannot be filtered on metrics here", "filter");
    }
    params.emplace_back(*text);
  }
  sql += q.newest_first ? " ORDER BY m.created_at DESC, m.id" : " ORDER BY m.created_at ASC, m.id";
  sql += " LIMIT ? OFFSET ?";
  params.emplace_back(static_cast<int64_t>(q.limit + 1));
  params.emplace_back(q.offset);
  CAIRN_TRY_ASSIGN(auto rows, c.query(sql, params));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    out.push_back(from_row(rows[i]));
    CAIRN_TRY(load_children(c, out.back()));
  }
  return out;
}

Status log_model_metrics(Connection& c, const std::string& run_id, const std::vector<MetricRecord>& points) {
  for (const auto& p : points) {
    if (p.model_id.empty()) continue;
    const bool nan = std::isnan(p.value);
    CAIRN_TRY(
        c.execute("INSERT INTO logged_model_metrics (model_id, run_id, key, step, timestamp, value, is_nan,"
                  " dataset_name, dataset_digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                  {p.model_id, run_id, p.key, p.step, p.timestamp, nan ? 0.0 : p.value,
                   static_cast<int64_t>(nan ? 1 : 0), p.dataset_name, p.dataset_digest}));
  }
  return {};
}

Status log_outputs(Connection& c, const std::string& run_id, const std::vector<ModelOutput>& outputs) {
  for (const auto& o : outputs) {
    CAIRN_TRY(
        c.execute("INSERT INTO run_outputs (run_id, model_id, step) VALUES (?, ?, ?)"
                  " ON CONFLICT (run_id, model_id) DO UPDATE SET step = excluded.step",
                  {run_id, o.model_id, o.step}));
  }
  return {};
}

Result<std::vector<ModelOutput>> outputs_of(Connection& c, const std::string& run_id) {
  CAIRN_TRY_ASSIGN(auto rows,
                   c.query("SELECT model_id, step FROM run_outputs WHERE run_id = ? ORDER BY model_id", {run_id}));
  std::vector<ModelOutput> out;
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back({rows[i].text(0), rows[i].int64(1)});
  return out;
}

}  // namespace cairn::storage::logged_models
