#pragma once

#include <string>
#include <vector>

#include "storage/database.hpp"
#include "storage/listing.hpp"
#include "storage/tracking/experiment_store.hpp"
#include "storage/tracking/tracking_records.hpp"

/// The native API's experiment listing: keyset pages (`limit`, `cursor`, `sort`) over one project,
/// where MLflow's search (experiment_store.hpp) pages by offset with its filter grammar.
namespace cairn::storage::experiments {

/// Sortable columns: name, created_at, updated_at.
const Listing<ExperimentRecord>& experiment_sorts();

struct ExperimentListFilter {
  std::string project_id;
  ViewType view = ViewType::active_only;
  std::string query;  ///< case-insensitive substring of the name; empty: any
};

/// One page (one row more than `page.limit` when another page follows), with tags.
Result<std::vector<ExperimentRecord>> list(Connection& c, const ExperimentListFilter& filter, const PageRequest& page,
                                           const SortKey<ExperimentRecord>& sort);

/// Ids of every experiment of a project, deleted ones included.
Result<std::vector<std::string>> ids_in_project(Connection& c, const std::string& project_id);

}  // namespace cairn::storage::experiments
