#include "storage/tracking/metric_store.hpp"

#include <cmath>
#include <limits>
#include <map>
#include <tuple>

#include "storage/sql_where.hpp"
#include "storage/tracking/metric_buckets.hpp"

namespace cairn::storage::metrics {
namespace {

constexpr std::size_t kColumnsPerPoint = 6;

// (run_id, key, step, timestamp, value, is_nan); NaN is stored as 0 with the flag set.
void bind_point(std::vector<Value>& params, const std::string& run_id, const MetricRecord& p) {
  const bool nan = std::isnan(p.value);
  params.emplace_back(run_id);
  params.emplace_back(p.key);
  params.emplace_back(p.step);
  params.emplace_back(p.timestamp);
  params.emplace_back(nan ? 0.0 : p.value);
  params.emplace_back(static_cast<int64_t>(nan ? 1 : 0));
}

std::string values_clause(std::size_t rows) {
  std::string out;
  for (std::size_t i = 0; i < rows; ++i) out += i ? ", (?, ?, ?, ?, ?, ?)" : "(?, ?, ?, ?, ?, ?)";
  return out;
}

// Few distinct statement texts (chunks of 100, 10 and 1 rows) so prepared statements are reused.
Status insert_points(Connection& c, const std::string& run_id, const std::vector<MetricRecord>& points) {
  std::size_t i = 0;
  for (std::size_t chunk : {std::size_t{100}, std::size_t{10}, std::size_t{1}}) {
    const std::string sql = "INSERT INTO metrics (run_id, key, step, timestamp, value, is_nan) VALUES " +
                            values_clause(chunk) + " ON CONFLICT DO NOTHING";
    while (points.size() - i >= chunk) {
      std::vector<Value> params;
      params.reserve(chunk * kColumnsPerPoint);
      for (std::size_t k = 0; k < chunk; ++k) bind_point(params, run_id, points[i + k]);
      CAIRN_TRY(c.execute(sql, params));
      i += chunk;
    }
  }
  return {};
}

// MLflow's "latest": the highest step, then timestamp, then value.
bool later(const MetricRecord& a, const MetricRecord& b) {
  auto key = [](const MetricRecord& p) {
    return std::make_tuple(p.step, p.timestamp,
                           std::isnan(p.value) ? -std::numeric_limits<double>::infinity() : p.value);
  };
  return key(a) > key(b);
}

}  // namespace

MetricRecord point_from(const Row& row, std::size_t first) {
  MetricRecord p;
  p.key = row.text(first);
  p.value = row.int64(first + 2) ? std::numeric_limits<double>::quiet_NaN() : row.real(first + 1);
  p.timestamp = row.int64(first + 3);
  p.step = row.int64(first + 4);
  return p;
}

Status log(Connection& c, const std::string& run_id, const std::vector<MetricRecord>& points) {
  if (points.empty()) return {};
  CAIRN_TRY(insert_points(c, run_id, points));
  CAIRN_TRY(metric_buckets::record(c, run_id, points));
  std::map<std::string, const MetricRecord*> latest;
  for (const auto& p : points) {
    auto [it, inserted] = latest.emplace(p.key, &p);
    if (!inserted && later(p, *it->second)) it->second = &p;
  }
  for (const auto& [key, p] : latest) {
    std::vector<Value> params;
    bind_point(params, run_id, *p);
    CAIRN_TRY(c.execute(
        "INSERT INTO latest_metrics (run_id, key, step, timestamp, value, is_nan) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (run_id, key) DO UPDATE SET step = excluded.step, timestamp = excluded.timestamp,"
        " value = excluded.value, is_nan = excluded.is_nan"
        " WHERE excluded.step > latest_metrics.step OR (excluded.step = latest_metrics.step AND"
        " (excluded.timestamp > latest_metrics.timestamp OR (excluded.timestamp = latest_metrics.timestamp AND"
        " excluded.value > latest_metrics.value)))",
        params));
  }
  return {};
}

HistoryPosition position_of(const MetricRecord& point) {
  const bool nan = std::isnan(point.value);
  return HistoryPosition{point.step, point.timestamp, nan ? 0.0 : point.value, nan};
}

Result<std::vector<MetricRecord>> history(Connection& c, const std::string& run_id, const std::string& key,
                                          const std::optional<HistoryPosition>& after, int64_t limit) {
  SqlWhere where;
  where.add("run_id = ?", {run_id}).add("key = ?", {key});
  if (after) {
    // A row-value comparison both dialects answer from the primary key's index.
    where.add("(step, timestamp, value, is_nan) > (?, ?, ?, ?)",
              {after->step, after->timestamp, after->stored_value, static_cast<int64_t>(after->is_nan ? 1 : 0)});
  }
  where.order_limit("step, timestamp, value, is_nan", limit + 1);
  const auto statement = where.statement("SELECT key, value, is_nan, timestamp, step FROM metrics");
  std::vector<MetricRecord> out;
  CAIRN_TRY(c.for_each_row(statement.sql, statement.params, [&](const Row& row) -> Status {
    out.push_back(point_from(row, 0));
    return {};
  }));
  return out;
}

Result<std::vector<stats::MetricPoint>> series(Connection& c, const std::string& run_id, const std::string& key,
                                               std::optional<int64_t> min_step, std::optional<int64_t> max_step) {
  // Numbers only, into a flat struct: a million-point history is read without a string per point.
  SqlWhere where;
  where.add("run_id = ?", {run_id}).add("key = ?", {key}).add_if(min_step, "step >= ?").add_if(max_step, "step <= ?");
  where.order_by("step, timestamp");
  const auto statement = where.statement("SELECT step, timestamp, value, is_nan FROM metrics");
  std::vector<stats::MetricPoint> out;
  CAIRN_TRY(c.for_each_row(statement.sql, statement.params, [&](const Row& r) -> Status {
    out.push_back({r.int64(0), r.int64(1), r.int64(3) ? std::numeric_limits<double>::quiet_NaN() : r.real(2)});
    return {};
  }));
  return out;
}

Result<std::vector<KeyedSeries>> series_of_runs(Connection& c, const std::vector<std::string>& run_ids,
                                                const std::vector<std::string>& keys, std::optional<int64_t> min_step,
                                                std::optional<int64_t> max_step,
                                                std::optional<std::size_t> downsample_to) {
  // One prepared statement per (run, key) rather than one IN query: rows then carry numbers only,
  // where selecting run_id and key made two strings per point (500 runs x 1,000 steps: 4x slower).
  std::vector<KeyedSeries> out;
  for (const auto& run_id : run_ids) {
    for (const auto& key : keys) {
      CAIRN_TRY_ASSIGN(auto points, downsample_to ? metric_buckets::points_to_downsample(c, run_id, key, min_step,
                                                                                         max_step, *downsample_to)
                                                  : series(c, run_id, key, min_step, max_step));
      if (!points.empty()) out.push_back(KeyedSeries{run_id, key, std::move(points)});
    }
  }
  return out;
}

Result<std::vector<MetricRange>> ranges_for_runs(Connection& c, const std::vector<std::string>& run_ids) {
  std::vector<MetricRange> out;
  if (run_ids.empty()) return out;
  // NaN is stored as 0 with is_nan set: CASE keeps those zeros out of MIN and MAX.
  std::string sql =
      "SELECT run_id, key, MIN(CASE WHEN is_nan = 0 THEN value END), MAX(CASE WHEN is_nan = 0 THEN value END),"
      " COUNT(*) FROM metrics WHERE run_id IN ";
  std::vector<Value> params;
  sql += in_list(run_ids, params) + " GROUP BY run_id, key ORDER BY run_id, key";
  CAIRN_TRY_ASSIGN(auto rows, c.query(sql, params));
  out.reserve(rows.size());
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row row = rows[i];
    out.push_back(MetricRange{row.text(0), row.text(1), row.is_null(2) ? kNaN : row.real(2),
                              row.is_null(3) ? kNaN : row.real(3), row.int64(4)});
  }
  return out;
}

}  // namespace cairn::storage::metrics
