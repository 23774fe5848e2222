#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/tracking/metric_store.hpp"
#include "storage/tracking/tracking_records.hpp"

/// Runs side by side: what the native API's runs/compare answers.
namespace cairn::service {

/// One param across the compared runs.
struct ParamComparison {
  std::string key;
  std::vector<std::optional<std::string>> values;  ///< per run, in the runs' order; nullopt: not logged
  bool differs = false;  ///< the runs do not all have the same value (a missing param differs from any value)
};

/// One metric of one run.
struct MetricSummary {
  storage::MetricRecord last;  ///< the latest point: highest step, then timestamp
  double min = 0;              ///< over the whole history, NaN points aside; NaN when every point is NaN
  double max = 0;
};

/// One metric across the compared runs.
struct MetricComparison {
  std::string key;
  std::vector<std::optional<MetricSummary>> values;  ///< per run; nullopt: never logged
  bool differs = false;                              ///< the last values are not all the same (NaN equals NaN here)
};

struct RunComparison {
  std::vector<storage::RunView> runs;
  std::vector<ParamComparison> params;    ///< ordered by key
  std::vector<MetricComparison> metrics;  ///< ordered by key
};

/// Lines up the params and metrics of `runs`. `ranges` are their histories' minima and maxima
/// (storage::metrics::ranges_for_runs); a metric without a range takes its last value as both.
RunComparison compare_runs(std::vector<storage::RunView> runs,
                           const std::vector<storage::metrics::MetricRange>& ranges);

}  // namespace cairn::service
