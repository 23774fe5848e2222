#pragma once

#include <string>
#include <vector>

#include "artifacts/artifact_store.hpp"
#include "storage/database.hpp"

/// The artifact store's folders that no row owns any more: left by an organization, experiment,
/// run, logged model or registered model removed without its files, or by a purge whose file
/// removal failed. The layout is the services' (artifact_service.hpp):
///   <org_id>/<experiment_id>/<run_id>/...            a run's artifacts
///   <org_id>/<experiment_id>/models/<model_id>/...   a logged model's
///   <org_id>/registry/<registered_model_id>/...      files uploaded to the registry
/// Only folders named like those ids are judged; anything else is kept. Every owner row is
/// written before its first file, and the store is listed before the rows are read, so a folder
/// being filled while the scan runs always has its row and is never taken for an orphan.
/// Upload folders inside a registered model (registry/<model>/<upload>) are not judged: their
/// files are stored before the version row that names them commits.
namespace cairn::service {

/// Store keys of orphaned folders, in the store's listing order.
Result<std::vector<std::string>> find_orphaned_folders(storage::Connection& c, artifacts::ArtifactStore& store);

/// The folder names the scan judges: 32 lowercase hex (organizations, runs, registered models),
/// digits (experiments), "m-" + 32 hex (logged models).
bool is_hex_id(std::string_view name);
bool is_experiment_id(std::string_view name);
bool is_logged_model_id(std::string_view name);

}  // namespace cairn::service
