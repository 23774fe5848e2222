#include "storage/tracking/metric_buckets.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <utility>

#include "stats/step_summary.hpp"
#include "storage/sql_where.hpp"
#include "storage/tracking/metric_store.hpp"

namespace cairn::storage::metric_buckets {
namespace {

using stats::MetricPoint;
using stats::StepSummary;

// Below this many buckets in range the raw history is read: it is short (under 64 Ki steps), and downsampling it
// exactly costs little.
constexpr std::size_t kMinBuckets = 64;

constexpr const char* kPoints[] = {"first", "last", "low", "high"};

// Whether the incoming point replaces the stored one, per point of a summary: stats::fold's orders as row-value
// comparisons (NaN is stored as value 0 with is_nan 1, so (is_nan, value) ranks it above +inf). `excluded` is the
// incoming summary, `metric_buckets` the stored one.
std::string replaces(const std::string& point) {
  auto fields = [&](const std::string& table, std::initializer_list<const char*> names) {
    std::string out = "(";
    for (const char* name : names) out += (out.size() > 1 ? ", " : "") + table + "." + point + name;
    return out + ")";
  };
  const std::string in = "excluded", old = "metric_buckets";
  if (point == "first" || point == "last") {
    const auto position = {"_step", "_timestamp", "_is_nan", "_value"};
    return fields(in, position) + (point == "first" ? " < " : " > ") + fields(old, position);
  }
  const auto value = {"_is_nan", "_value"}, when = {"_step", "_timestamp"};
  if (point == "low")
    return fields(in, {"_is_nan", "_value", "_step", "_timestamp"}) + " < " +
           fields(old, {"_is_nan", "_value", "_step", "_timestamp"});
  return fields(in, value) + " > " + fields(old, value) + " OR (" + fields(in, value) + " = " + fields(old, value) +
         " AND " + fields(in, when) + " < " + fields(old, when) + ")";
}

const std::string& upsert_sql() {
  static const std::string sql = [] {
    std::string columns = "run_id, key, bucket", updates;
    for (const std::string point : kPoints) {
      const std::string condition = replaces(point);
      for (const char* field : {"_step", "_timestamp", "_value", "_is_nan"}) {
        const std::string column = point + field;
        columns += ", " + column;
        if (!updates.empty()) updates += ", ";
        updates += column + " = CASE WHEN " + condition + " THEN excluded." + column + " ELSE metric_buckets." +
                   column + " END";
      }
    }
    std::string placeholders = "?";
    for (int i = 1; i < 19; ++i) placeholders += ", ?";
    return "INSERT INTO metric_buckets (" + columns + ") VALUES (" + placeholders +
           ") ON CONFLICT (run_id, key, bucket) DO UPDATE SET " + updates;
  }();
  return sql;
}

void bind(std::vector<Value>& params, const MetricPoint& p) {
  const bool nan = std::isnan(p.value);
  params.emplace_back(p.step);
  params.emplace_back(p.timestamp);
  params.emplace_back(nan ? 0.0 : p.value);  // stored as in metrics: 0 with the flag set
  params.emplace_back(static_cast<int64_t>(nan ? 1 : 0));
}

MetricPoint point_at(const Row& row, std::size_t first) {
  return {row.int64(first), row.int64(first + 1),
          row.int64(first + 3) ? std::numeric_limits<double>::quiet_NaN() : row.real(first + 2)};
}

}  // namespace

Status record(Connection& c, const std::string& run_id, const std::vector<MetricRecord>& points) {
  std::map<std::pair<std::string, int64_t>, StepSummary> touched;
  for (const auto& p : points) {
    const MetricPoint point{p.step, p.timestamp, p.value};
    auto [it, fresh] =
        touched.try_emplace({p.key, stats::summary_bucket(p.step)}, StepSummary{point, point, point, point});
    if (!fresh) stats::fold(it->second, point);
  }
  for (const auto& [where, summary] : touched) {
    std::vector<Value> params = {run_id, where.first, where.second};
    params.reserve(19);
    for (const auto* point : {&summary.first, &summary.last, &summary.low, &summary.high}) bind(params, *point);
    CAIRN_TRY(c.execute(upsert_sql(), params));
  }
  return {};
}

Result<std::vector<MetricPoint>> points_to_downsample(Connection& c, const std::string& run_id, const std::string& key,
                                                      std::optional<int64_t> min_step, std::optional<int64_t> max_step,
                                                      std::size_t max_points) {
  auto raw = [&] { return metrics::series(c, run_id, key, min_step, max_step); };
  if (min_step && max_step && *max_step < *min_step) return raw();

  std::optional<int64_t> first_bucket, last_bucket;
  if (min_step) first_bucket = stats::summary_bucket(*min_step);
  if (max_step) last_bucket = stats::summary_bucket(*max_step);
  SqlWhere where;
  where.add("run_id = ?", {run_id}).add("key = ?", {key});
  where.add_if(first_bucket, "bucket >= ?").add_if(last_bucket, "bucket <= ?").order_by("bucket");
  const auto statement = where.statement(
      "SELECT first_step, first_timestamp, first_value, first_is_nan, last_step, last_timestamp, last_value,"
      " last_is_nan, low_step, low_timestamp, low_value, low_is_nan, high_step, high_timestamp, high_value,"
      " high_is_nan FROM metric_buckets");
  std::vector<StepSummary> summaries;
  CAIRN_TRY(c.for_each_row(statement.sql, statement.params, [&](const Row& row) -> Status {
    summaries.push_back({point_at(row, 0), point_at(row, 4), point_at(row, 8), point_at(row, 12)});
    return {};
  }));
  if (summaries.size() < kMinBuckets || summaries.size() * 4 < max_points) return raw();

  // The buckets the range's ends cut through stand for steps outside it: summarise their points inside it.
  auto cut = [&](std::size_t i) -> Status {
    const StepSummary& s = summaries[i];
    const int64_t lo = std::max(s.first.step, min_step.value_or(s.first.step));
    const int64_t hi = std::min(s.last.step, max_step.value_or(s.last.step));
    if (lo == s.first.step && hi == s.last.step) return {};
    CAIRN_TRY_ASSIGN(auto inside, metrics::series(c, run_id, key, lo, hi));
    if (inside.empty()) {
      summaries.erase(summaries.begin() + static_cast<std::ptrdiff_t>(i));
    } else {
      summaries[i] = stats::summarize(inside);
    }
    return {};
  };
  CAIRN_TRY(cut(summaries.size() - 1));
  if (!summaries.empty()) CAIRN_TRY(cut(0));

  auto candidates = stats::summary_points(summaries);
  if (candidates.size() <= max_points) return raw();
  return candidates;
}

}  // namespace cairn::storage::metric_buckets
