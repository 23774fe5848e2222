#pragma once

#include <string>
#include <vector>

#include "search/search_filter.hpp"
#include "storage/database.hpp"
#include "storage/sql_where.hpp"
#include "storage/tracking/experiment_store.hpp"
#include "storage/tracking/tracking_records.hpp"

namespace cairn::storage::runs {

struct RunSearch {
  std::vector<std::string> experiment_ids;  ///< already checked to be visible to the caller
  experiments::ViewType view = experiments::ViewType::active_only;
  search::SearchFilter filter;
  std::vector<search::OrderBy> order_by;  ///< empty: newest start_time first
  /// Order params that spell numbers by their number (2, 4, 12), before those that do not (by
  /// text); false: by text only, as MLflow's server orders them (its REST API keeps that).
  bool numeric_params = false;
  int64_t offset = 0;
  int limit = 1000;  ///< one more row is fetched to tell whether a next page exists
};

/// Translates MLflow's filter and order-by (parsed by search/search_filter) into one SQL query.
/// Metric conditions read latest_metrics, never the histories.
Result<std::vector<RunRecord>> search(Connection& c, const RunSearch& search);

/// The WHERE conditions a search, its count and its groups share (experiments, view, filter) on `runs r`.
Status add_search_conditions(SqlWhere& where, Dialect dialect, const RunSearch& search);

/// How many runs match the search's experiments, view and filter (order, offset and limit aside).
Result<int64_t> count(Connection& c, const RunSearch& search);

}  // namespace cairn::storage::runs
