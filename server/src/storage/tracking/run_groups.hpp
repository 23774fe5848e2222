#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "storage/tracking/run_search.hpp"

/// Runs of a search grouped by a param, a tag or their status, with aggregates of their latest
/// metric values: GROUP BY in SQL over every matching run, not a page of them.
namespace cairn::storage::runs {

enum class GroupKind { param, tag, status };

struct GroupBy {
  GroupKind kind = GroupKind::param;
  std::string key;  ///< the param or tag key (empty for status)
};

struct MetricAggregate {
  int64_t runs = 0;  ///< runs of the group with a (non-NaN) latest value of the key
  double mean = 0;
  double min = 0;
  double max = 0;
};

struct RunGroup {
  std::optional<std::string> value;  ///< nullopt: runs without the param or tag
  int64_t runs = 0;
  std::map<std::string, MetricAggregate> metrics;
};

struct RunGroups {
  std::vector<RunGroup> groups;  ///< most runs first, then by value
  int64_t total_runs = 0;
  bool truncated = false;  ///< more groups than `max_groups` exist
};

/// Groups the runs `search` matches (its order, offset and limit aside); at most `max_groups`.
Result<RunGroups> group(Connection& c, const RunSearch& search, const GroupBy& by,
                        const std::vector<std::string>& metric_keys, int max_groups);

}  // namespace cairn::storage::runs
