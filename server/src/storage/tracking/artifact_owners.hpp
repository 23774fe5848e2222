#pragma once

#include <string>
#include <unordered_set>

#include "storage/database.hpp"

/// The rows that artifact folders belong to, one level of the store's layout at a time
/// (<org_id>/<experiment_id>/<run_id>, <org_id>/<experiment_id>/models/<model_id>,
/// <org_id>/registry/<registered_model_id>): what the orphan scan of `cairn admin gc` compares
/// each folder listing with. Every set is scoped by the folder's parent ids, so a folder placed
/// under another organization than its row's counts as orphaned.
namespace cairn::storage::artifact_owners {

using Ids = std::unordered_set<std::string>;

Result<Ids> organizations(Connection& c);
Result<Ids> experiments_of(Connection& c, const std::string& org_id);
Result<Ids> runs_of(Connection& c, const std::string& experiment_id);
Result<Ids> logged_models_of(Connection& c, const std::string& experiment_id);
/// Reads the registry's table: its uploads live in the same store under registry/.
Result<Ids> registered_models_of(Connection& c, const std::string& org_id);

}  // namespace cairn::storage::artifact_owners
