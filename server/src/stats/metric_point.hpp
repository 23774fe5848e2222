#pragma once

#include <cstdint>

namespace cairn::stats {

/// One logged value of a metric. `value` may be NaN or +-inf: MLflow stores them, and a diverging loss is exactly
/// what a chart must show. Numbers only, so a million-point series is read without a string per point; the stored
/// row (storage::MetricRecord) adds the key and what the value measured.
struct MetricPoint {
  int64_t step = 0;
  int64_t timestamp = 0;
  double value = 0;
};

}  // namespace cairn::stats
