#include "service/tracking/run_compare.hpp"

#include <cmath>
#include <map>
#include <unordered_map>

namespace cairn::service {
namespace {

bool same_value(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || a == b;
}

}  // namespace

RunComparison compare_runs(std::vector<storage::RunView> runs,
                           const std::vector<storage::metrics::MetricRange>& ranges) {
  const std::size_t n = runs.size();
  std::map<std::string, ParamComparison> params;
  std::map<std::string, MetricComparison> metrics;
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < n; ++i) {
    index.emplace(runs[i].info.id, i);
    for (const auto& [key, value] : runs[i].params) {
      auto& row = params[key];
      if (row.values.empty()) {
        row.key = key;
        row.values.resize(n);
      }
      row.values[i] = value;
    }
    for (const auto& point : runs[i].latest_metrics) {
      auto& row = metrics[point.key];
      if (row.values.empty()) {
        row.key = point.key;
        row.values.resize(n);
      }
      row.values[i] = MetricSummary{point, point.value, point.value};
    }
  }
  for (const auto& range : ranges) {
    auto run = index.find(range.run_id);
    auto row = metrics.find(range.key);
    if (run == index.end() || row == metrics.end() || !row->second.values[run->second]) continue;
    auto& summary = *row->second.values[run->second];
    summary.min = range.min;
    summary.max = range.max;
  }

  RunComparison out;
  for (auto& [key, row] : params) {
    for (const auto& value : row.values) row.differs = row.differs || value != row.values.front();
    out.params.push_back(std::move(row));
  }
  for (auto& [key, row] : metrics) {
    const auto& first = row.values.front();
    for (const auto& value : row.values) {
      const bool same =
          value.has_value() == first.has_value() && (!value || same_value(value->last.value, first->last.value));
      row.differs = row.differs || !same;
    }
    out.metrics.push_back(std::move(row));
  }
  out.runs = std::move(runs);
  return out;
}

}  // namespace cairn::service
