#pragma once

#include <optional>
#include <string>
#include <vector>

#include "search/search_filter.hpp"
#include "storage/database.hpp"
#include "storage/sql_where.hpp"
#include "storage/tracking/tracking_records.hpp"

/// Experiments and their tags.
namespace cairn::storage::experiments {

/// The columns experiment_from_row reads (tags apart), qualified with the alias `e`.
extern const char* const kExperimentColumns;
ExperimentRecord experiment_from_row(const Row& row);
/// Reads the tags of `experiments` in one query.
Status load_tags(Connection& c, std::vector<ExperimentRecord>& experiments);

/// ErrorCode::conflict when the project already has an experiment of that name.
Status insert(Connection& c, const ExperimentRecord& experiment);
/// By id, with tags; nullopt when missing.
Result<std::optional<ExperimentRecord>> find(Connection& c, const std::string& id);
/// By name within a project (names are unique per project, deleted ones included); with tags.
Result<std::optional<ExperimentRecord>> find_by_name(Connection& c, const std::string& project_id,
                                                     const std::string& name);

enum class ViewType { active_only, deleted_only, all };
/// The condition of `view` on a lifecycle_stage column (experiments' or runs'); none for `all`.
void add_view(SqlWhere& where, std::string_view lifecycle_column, ViewType view);

struct ExperimentQuery {
  std::string project_id;
  ViewType view = ViewType::active_only;
  search::SearchFilter filter;            ///< parsed with SearchTarget::experiments
  std::vector<search::OrderBy> order_by;  ///< empty: newest first
  int64_t offset = 0;
  int limit = 100;  ///< one more row is fetched to tell whether a next page exists
};
Result<std::vector<ExperimentRecord>> search(Connection& c, const ExperimentQuery& query);

Status rename(Connection& c, const std::string& id, const std::string& name, int64_t now);
Status set_lifecycle(Connection& c, const std::string& id, const std::string& stage, int64_t now);
Status set_tag(Connection& c, const std::string& id, const std::string& key, const std::string& value);
Status delete_tag(Connection& c, const std::string& id, const std::string& key);

/// A new experiment id: a random 15-digit number, the shape MLflow clients expect.
std::string new_experiment_id();

}  // namespace cairn::storage::experiments
