#include "storage/tracking/run_search.hpp"

#include <cmath>

#include "storage/sql_where.hpp"
#include "storage/tracking/filter_sql.hpp"
#include "storage/tracking/run_store.hpp"

namespace cairn::storage::runs {
namespace {

using search::Comparator;
using search::EntityType;

class SqlBuilder {
 public:
  explicit SqlBuilder(Dialect dialect) : dialect_(dialect) {}

  Status text_condition(std::string& sql, const std::string& column, const search::Comparison& cmp) {
    return filter_sql::text_condition(dialect_, sql, params, column, cmp);
  }

  Status condition(std::string& sql, const search::Comparison& cmp) {
    switch (cmp.type) {
      case EntityType::metric: {
        if (cmp.op == Comparator::is_null || cmp.op == Comparator::is_not_null) {
          sql += std::string(cmp.op == Comparator::is_null ? "r.id NOT IN" : "r.id IN") +
                 " (SELECT m.run_id FROM latest_metrics m WHERE m.key = ?)";
          params.emplace_back(cmp.key);
          return {};
        }
        const double* number = std::get_if<double>(&cmp.value);
        if (!number) return Error::bad_request("metric " + cmp.key + " must be compared with a number", "filter");
        // Uncorrelated IN subqueries: evaluated once through the (key, value) indexes, instead of
        // once per candidate run.
        sql += "r.id IN (SELECT m.run_id FROM latest_metrics m WHERE m.key = ? AND m.is_nan = 0 AND m.value ";
        sql += filter_sql::comparison_operator(cmp.op);
        sql += " ?)";
        params.emplace_back(cmp.key);
        params.emplace_back(*number);
        return {};
      }
      case EntityType::param:
      case EntityType::tag: {
        const std::string table = cmp.type == EntityType::param ? "run_params" : "run_tags";
        if (cmp.op == Comparator::is_null || cmp.op == Comparator::is_not_null) {
          sql += std::string(cmp.op == Comparator::is_null ? "r.id NOT IN" : "r.id IN") + " (SELECT x.run_id FROM " +
                 table + " x WHERE x.key = ?)";
          params.emplace_back(cmp.key);
          return {};
        }
        sql += "r.id IN (SELECT x.run_id FROM " + table + " x WHERE x.key = ? AND ";
        params.emplace_back(cmp.key);
        CAIRN_TRY(text_condition(sql, "x.value", cmp));
        sql += ")";
        return {};
      }
      case EntityType::attribute:
        return attribute_condition(sql, cmp);
      case EntityType::dataset: {
        std::string column;
        if (cmp.key == "name")
          column = "d.name";
        else if (cmp.key == "digest")
          column = "d.digest";
        else if (cmp.key == "context")
          column = "ri.tags";
        else
          return Error::bad_request("unknown dataset field '" + cmp.key + "'", "filter");
        sql +=
            "EXISTS (SELECT 1 FROM run_inputs ri JOIN datasets d ON d.id = ri.dataset_id WHERE ri.run_id = r.id AND ";
        if (cmp.key == "context") {
          // Context is stored as the input's tags; match the mlflow.data.context tag's value.
          sql += "ri.tags LIKE ?";
          params.emplace_back("%\"mlflow.data.context\",\"value\":\"" + filter_sql::comparison_text(cmp) + "\"%");
        } else {
          CAIRN_TRY(text_condition(sql, column, cmp));
        }
        sql += ")";
        return {};
      }
    }
    return Error::bad_request("unsupported filter", "filter");
  }

  Status attribute_condition(std::string& sql, const search::Comparison& cmp) {
    const std::string& key = cmp.key;
    if (key == "start_time" || key == "end_time" || key == "created") {
      const double* number = std::get_if<double>(&cmp.value);
      if (!number) return Error::bad_request("attribute " + key + " must be compared with a number", "filter");
      const std::string column = key == "end_time" ? "r.end_time" : "r.start_time";
      sql += column + " " + filter_sql::comparison_operator(cmp.op) + " ?";
      params.emplace_back(static_cast<int64_t>(std::llround(*number)));
      return {};
    }
    std::string column;
    if (key == "run_id")
      column = "r.id";
    else if (key == "run_name")
      column = "r.name";
    else if (key == "status")
      column = "r.status";
    else if (key == "artifact_uri")
      column = "r.artifact_uri";
    else if (key == "user_id")
      column = "r.user_id";
    else if (key == "lifecycle_stage")
      column = "r.lifecycle_stage";
    else
      return Error::bad_request("unknown attribute '" + key + "'", "filter");
    return text_condition(sql, column, cmp);
  }

  std::vector<Value> params;

 private:
  Dialect dialect_;
};

}  // namespace

// common/text.hpp's plain_number as a PostgreSQL regular expression (SQLite calls the function).
constexpr const char* kPlainNumberRegex = "^[-+]?([0-9]{1,30}([.][0-9]{0,30})?|[.][0-9]{1,30})([eE][-+]?[0-9]{1,2})?$";

// The number a text column spells, or NULL.
std::string number_of(Dialect dialect, const std::string& column) {
  if (dialect == Dialect::sqlite) return "cairn_number(" + column + ")";
  return std::string("(CASE WHEN ") + column + " ~ '" + kPlainNumberRegex + "' THEN CAST(" + column +
         " AS DOUBLE PRECISION) END)";
}

// The WHERE clause a search and its count share: experiments, lifecycle view, filter.
Status add_search_conditions(SqlWhere& where, Dialect dialect, const RunSearch& s) {
  where.add_in("r.experiment_id", s.experiment_ids);
  experiments::add_view(where, "r.lifecycle_stage", s.view);
  for (const auto& cmp : s.filter.clauses) {
    SqlBuilder b(dialect);
    std::string condition;
    CAIRN_TRY(b.condition(condition, cmp));
    where.add(std::move(condition), std::move(b.params));
  }
  return {};
}

Result<int64_t> count(Connection& c, const RunSearch& s) {
  if (s.experiment_ids.empty()) return int64_t{0};
  SqlWhere where;
  CAIRN_TRY(add_search_conditions(where, c.dialect(), s));
  CAIRN_TRY_ASSIGN(auto rows, where.query(c, "SELECT COUNT(*) FROM runs r"));
  return rows.empty() ? int64_t{0} : rows[0].int64(0);
}

Result<std::vector<RunRecord>> search(Connection& c, const RunSearch& s) {
  std::vector<RunRecord> out;
  if (s.experiment_ids.empty()) return out;
  std::vector<Value> join_params;
  std::string joins;
  std::string order;
  // Order-by on a metric, param or tag joins that one key; runs without it sort last.
  for (std::size_t i = 0; i < s.order_by.size(); ++i) {
    const auto& o = s.order_by[i];
    const std::string alias = "o" + std::to_string(i);
    std::string column;
    switch (o.type) {
      case EntityType::metric:
        joins += " LEFT JOIN latest_metrics " + alias + " ON " + alias + ".run_id = r.id AND " + alias + ".key = ?";
        join_params.emplace_back(o.key);
        column = alias + ".value";
        break;
      case EntityType::param:
      case EntityType::tag:
        joins += std::string(" LEFT JOIN ") + (o.type == EntityType::param ? "run_params " : "run_tags ") + alias +
                 " ON " + alias + ".run_id = r.id AND " + alias + ".key = ?";
        join_params.emplace_back(o.key);
        column = alias + ".value";
        break;
      case EntityType::attribute:
        if (o.key == "start_time" || o.key == "created")
          column = "r.start_time";
        else if (o.key == "end_time")
          column = "r.end_time";
        else if (o.key == "run_name")
          column = "r.name";
        else if (o.key == "status")
          column = "r.status";
        else if (o.key == "run_id")
          column = "r.id";
        else if (o.key == "user_id")
          column = "r.user_id";
        else if (o.key == "artifact_uri")
          column = "r.artifact_uri";
        else
          return Error::bad_request("cannot order by attribute '" + o.key + "'", "order_by");
        break;
      case EntityType::dataset:
        return Error::bad_request("cannot order by a dataset field", "order_by");
    }
    const std::string direction = o.ascending ? " ASC NULLS LAST" : " DESC NULLS LAST";
    if (o.type == EntityType::param && s.numeric_params) {
      // Numbers first, by value; then the texts; runs without the param last.
      order += (order.empty() ? "" : ", ") + number_of(c.dialect(), column) + direction;
    }
    order += (order.empty() ? "" : ", ") + column + direction;
  }
  order += std::string(order.empty() ? "" : ", ") + "r.start_time DESC, r.id ASC";

  SqlWhere where;
  CAIRN_TRY(add_search_conditions(where, c.dialect(), s));
  where.offset_page(order, s.limit, s.offset);
  CAIRN_TRY_ASSIGN(
      auto rows, where.query(c, std::string("SELECT ") + kRunColumns + " FROM runs r" + joins, std::move(join_params)));
  out.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(run_from_row(rows[i]));
  return out;
}

}  // namespace cairn::storage::runs
