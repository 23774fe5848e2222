#include "storage/tracking/run_groups.hpp"

#include <map>

namespace cairn::storage::runs {
namespace {

/// FROM runs r and the group's value as column `gv` (a LEFT JOIN keeps the runs without it).
struct GroupSource {
  std::string from;
  std::vector<Value> values;
  std::string column;
};

GroupSource source_of(const GroupBy& by) {
  if (by.kind == GroupKind::status) return {"FROM runs r", {}, "r.status"};
  const std::string table = by.kind == GroupKind::param ? "run_params" : "run_tags";
  return {"FROM runs r LEFT JOIN " + table + " g ON g.run_id = r.id AND g.key = ?", {by.key}, "g.value"};
}

std::string placeholders(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

}  // namespace

Result<RunGroups> group(Connection& c, const RunSearch& search, const GroupBy& by,
                        const std::vector<std::string>& metric_keys, int max_groups) {
  RunGroups out;
  if (search.experiment_ids.empty()) return out;
  SqlWhere where;
  CAIRN_TRY(add_search_conditions(where, c.dialect(), search));
  const GroupSource source = source_of(by);

  // The groups: largest first; NULL (runs without the key) sorts after the values in both dialects.
  auto counted = where.statement("SELECT " + source.column + ", COUNT(*) " + source.from, source.values);
  counted.sql += " GROUP BY " + source.column + " ORDER BY COUNT(*) DESC, (" + source.column + " IS NULL), " +
                 source.column + " LIMIT ?";
  counted.params.emplace_back(static_cast<int64_t>(max_groups) + 1);
  CAIRN_TRY_ASSIGN(auto rows, c.query(counted.sql, counted.params));
  out.truncated = static_cast<int>(rows.size()) > max_groups;
  for (std::size_t i = 0; i < rows.size() && static_cast<int>(i) < max_groups; ++i) {
    out.groups.push_back({rows[i].opt_text(0), rows[i].int64(1), {}});
  }
  CAIRN_TRY_ASSIGN(out.total_runs, count(c, search));
  if (metric_keys.empty() || out.groups.empty()) return out;

  // The aggregates of each group and key over the runs' latest values (NaN left out, as a mean of
  // them would be NaN).
  std::vector<Value> head_values = source.values;
  for (const auto& key : metric_keys) head_values.emplace_back(key);
  auto aggregated =
      where.statement("SELECT " + source.column + ", m.key, COUNT(*), AVG(m.value), MIN(m.value), MAX(m.value) " +
                          source.from + " JOIN latest_metrics m ON m.run_id = r.id AND m.is_nan = 0 AND m.key IN (" +
                          placeholders(metric_keys.size()) + ")",
                      head_values);
  aggregated.sql += " GROUP BY " + source.column + ", m.key";
  CAIRN_TRY_ASSIGN(auto metric_rows, c.query(aggregated.sql, aggregated.params));
  std::map<std::optional<std::string>, std::size_t> index;
  for (std::size_t i = 0; i < out.groups.size(); ++i) index[out.groups[i].value] = i;
  for (std::size_t i = 0; i < metric_rows.size(); ++i) {
    const Row row = metric_rows[i];
    auto found = index.find(row.opt_text(0));
    if (found == index.end()) continue;  // a group past the cap
    out.groups[found->second].metrics[row.text(1)] = {row.int64(2), row.real(3), row.real(4), row.real(5)};
  }
  return out;
}

}  // namespace cairn::storage::runs
