#include "storage/tracking/logged_model_store.hpp"

#include <cmath>
#include <limits>
#include <tuple>

#include "storage/sql_where.hpp"
#include "storage/tag_table.hpp"
#include "storage/tracking/filter_sql.hpp"

namespace cairn::storage::logged_models {
namespace {

constexpr const char* kColumns =
    "m.id, m.org_id, m.project_id, m.experiment_id, m.name, m.artifact_uri, m.model_type, m.source_run_id, m.status,"
    " m.status_message, m.lifecycle_stage, m.created_at, m.updated_at";

const TagTable kLoggedModelTags("logged_model_tags", {"model_id"});

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
  CAIRN_TRY_ASSIGN(m.tags, kLoggedModelTags.load_one(c, {m.id}));
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
    CAIRN_TRY(kLoggedModelTags.set(c, {id}, key, value));
  }
  return {};
}

Result<bool> delete_tag(Connection& c, const std::string& id, const std::string& key) {
  return kLoggedModelTags.remove(c, {id}, key);
}

namespace {

// The column of an attribute of logged models, and whether it holds a number.
std::optional<std::pair<std::string, bool>> attribute_column(const std::string& key) {
  static const std::vector<std::tuple<std::string, std::string, bool>> kColumnsByKey = {
      {"name", "m.name", false},
      {"model_id", "m.id", false},
      {"model_type", "m.model_type", false},
      {"status", "m.status", false},
      {"source_run_id", "m.source_run_id", false},
      {"creation_timestamp", "m.created_at", true},
      {"last_updated_timestamp", "m.updated_at", true}};
  for (const auto& [name, column, numeric] : kColumnsByKey) {
    if (name == key) return std::make_pair(column, numeric);
  }
  return std::nullopt;
}

// "(x.dataset_name = ? AND x.dataset_digest = ?) OR ..." over the metric rows aliased `x`.
std::string dataset_condition(const std::vector<DatasetRef>& datasets, std::vector<Value>& params) {
  std::string sql;
  for (const auto& d : datasets) {
    sql += (sql.empty() ? "(" : " OR (") + std::string("x.dataset_name = ?");
    params.emplace_back(d.name);
    if (d.digest) {
      sql += " AND x.dataset_digest = ?";
      params.emplace_back(*d.digest);
    }
    sql += ")";
  }
  return "(" + sql + ")";
}

Status clause_condition(Dialect dialect, std::string& sql, std::vector<Value>& params, const search::Comparison& cmp,
                        const std::vector<DatasetRef>& datasets) {
  using search::Comparator;
  using search::EntityType;
  switch (cmp.type) {
    case EntityType::metric: {
      const double* number = std::get_if<double>(&cmp.value);
      if (!number) return Error::bad_request("metric " + cmp.key + " must be compared with a number", "filter");
      sql +=
          "EXISTS (SELECT 1 FROM logged_model_metrics x WHERE x.model_id = m.id AND x.key = ? AND x.is_nan = 0"
          " AND x.value " +
          std::string(filter_sql::comparison_operator(cmp.op)) + " ?";
      params.emplace_back(cmp.key);
      params.emplace_back(*number);
      if (!datasets.empty()) sql += " AND " + dataset_condition(datasets, params);
      sql += ")";
      return {};
    }
    case EntityType::param:
    case EntityType::tag: {
      const std::string table = cmp.type == EntityType::tag ? "logged_model_tags" : "logged_model_params";
      if (cmp.op == Comparator::is_null || cmp.op == Comparator::is_not_null) {
        sql += std::string(cmp.op == Comparator::is_null ? "NOT " : "") + "EXISTS (SELECT 1 FROM " + table +
               " t WHERE t.model_id = m.id AND t.key = ?)";
        params.emplace_back(cmp.key);
        return {};
      }
      sql += "EXISTS (SELECT 1 FROM " + table + " t WHERE t.model_id = m.id AND t.key = ? AND ";
      params.emplace_back(cmp.key);
      CAIRN_TRY(filter_sql::text_condition(dialect, sql, params, "t.value", cmp));
      sql += ")";
      return {};
    }
    case EntityType::attribute: {
      auto column = attribute_column(cmp.key);
      if (!column) return Error::bad_request("cannot filter logged models on '" + cmp.key + "'", "filter");
      if (column->second) {
        const double* number = std::get_if<double>(&cmp.value);
        if (!number) return Error::bad_request("attribute " + cmp.key + " must be compared with a number", "filter");
        sql += column->first + " " + filter_sql::comparison_operator(cmp.op) + " ?";
        params.emplace_back(static_cast<int64_t>(std::llround(*number)));
        return {};
      }
      return filter_sql::text_condition(dialect, sql, params, column->first, cmp);
    }
    case EntityType::dataset:
      break;
  }
  return Error::bad_request("logged models cannot be filtered on datasets in the filter; use datasets", "filter");
}

}  // namespace

Result<std::vector<LoggedModelRecord>> search(Connection& c, const ModelQuery& q) {
  std::vector<LoggedModelRecord> out;
  if (q.experiment_ids.empty()) return out;
  std::vector<Value> join_params;
  std::string joins;
  std::string order;
  bool by_creation = false;
  bool by_id = false;
  // A metric order joins its latest point per model (newest timestamp, then step, then run id,
  // as MLflow's store picks it), on the order's dataset when it names one.
  for (std::size_t i = 0; i < q.order_by.size(); ++i) {
    const auto& o = q.order_by[i];
    std::string column;
    if (o.metric) {
      const std::string alias = "o" + std::to_string(i);
      joins +=
          " LEFT JOIN (SELECT x.model_id, CASE WHEN x.is_nan = 1 THEN NULL ELSE x.value END AS value,"
          " ROW_NUMBER() OVER (PARTITION BY x.model_id ORDER BY x.timestamp DESC, x.step DESC, x.run_id ASC)"
          " AS rn FROM logged_model_metrics x WHERE x.key = ?";
      join_params.emplace_back(o.key);
      if (o.dataset) joins += " AND " + dataset_condition({*o.dataset}, join_params);
      joins += ") " + alias + " ON " + alias + ".model_id = m.id AND " + alias + ".rn = 1";
      column = alias + ".value";
    } else {
      auto attribute = attribute_column(o.key);
      if (!attribute) return Error::bad_request("cannot order logged models by '" + o.key + "'", "order_by");
      column = attribute->first;
      by_creation = by_creation || o.key == "creation_timestamp";
      by_id = by_id || o.key == "model_id";
    }
    order += (order.empty() ? "" : ", ") + column + (o.ascending ? " ASC" : " DESC") + " NULLS LAST";
  }
  if (!by_creation) order += std::string(order.empty() ? "" : ", ") + "m.created_at DESC";
  if (!by_id) order += ", m.id ASC";

  SqlWhere where;
  where.add("m.lifecycle_stage = 'active'").add_in("m.experiment_id", q.experiment_ids);
  bool metric_clause = false;
  for (const auto& clause : q.filter.clauses) {
    std::string condition;
    std::vector<Value> values;
    CAIRN_TRY(clause_condition(c.dialect(), condition, values, clause, q.datasets));
    where.add(std::move(condition), std::move(values));
    metric_clause = metric_clause || clause.type == search::EntityType::metric;
  }
  if (!q.datasets.empty() && !metric_clause) {
    std::vector<Value> values;
    std::string on_datasets = dataset_condition(q.datasets, values);
    where.add("EXISTS (SELECT 1 FROM logged_model_metrics x WHERE x.model_id = m.id AND " + on_datasets + ")",
              std::move(values));
  }
  where.offset_page(order, q.limit, q.offset);
  CAIRN_TRY_ASSIGN(auto rows, where.query(c, std::string("SELECT ") + kColumns + " FROM logged_models m" + joins,
                                          std::move(join_params)));
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
