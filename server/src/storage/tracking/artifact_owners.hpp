#pragma once

#include <string>

#include "storage/database.hpp"

/// Whether the row that an artifact folder belongs to still exists: what the orphan scan of
/// `cairn admin gc` asks of each folder of the store's layout
/// (<org_id>/<experiment_id>/<run_id>, <org_id>/<experiment_id>/models/<model_id>,
/// <org_id>/registry/<registered_model_id>). Each check includes the parent ids, so a folder
/// placed under another organization than its row's counts as orphaned.
namespace cairn::storage::artifact_owners {

Result<bool> org_exists(Connection& c, const std::string& org_id);
Result<bool> experiment_exists(Connection& c, const std::string& org_id, const std::string& experiment_id);
Result<bool> run_exists(Connection& c, const std::string& experiment_id, const std::string& run_id);
Result<bool> logged_model_exists(Connection& c, const std::string& experiment_id, const std::string& model_id);
/// Reads the registry's table: its uploads live in the same store under registry/.
Result<bool> registered_model_exists(Connection& c, const std::string& org_id, const std::string& model_id);

}  // namespace cairn::storage::artifact_owners
