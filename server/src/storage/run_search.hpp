#pragma once

#include <string>
#include <vector>

#include "storage/database.hpp"
#include "storage/experiment_store.hpp"
#include "storage/tracking_records.hpp"
#include "tracking/search_filter.hpp"

namespace cairn::storage::runs {

struct RunSearch {
  std::vector<std::string> experiment_ids;  ///< already checked to be visible to the caller
  experiments::ViewType view = experiments::ViewType::active_only;
  tracking::SearchFilter filter;
  std::vector<tracking::OrderBy> order_by;  ///< empty: newest start_time first
  int64_t offset = 0;
  int limit = 1000;  ///< one more row is fetched to tell whether a next page exists
};

/// Translates MLflow's filter and order-by (parsed by tracking/search_filter) into one SQL query.
/// Metric conditions read latest_metrics, never the histories.
Result<std::vector<RunRecord>> search(Connection& c, const RunSearch& search);

}  // namespace cairn::storage::runs
