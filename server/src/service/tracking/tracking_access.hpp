#pragma once

#include <optional>
#include <string>

#include "service/access.hpp"
#include "service/principal.hpp"
#include "storage/database.hpp"
#include "storage/tracking/tracking_records.hpp"

/// Who may see and change which experiments and runs.
namespace cairn::service {

/// The project a tracking call addresses when it names none by id: from a `/p/<org>/<project>`
/// URL prefix, else the API key's project.
struct TrackingScope {
  std::optional<std::string> org_ref;
  std::optional<std::string> project_ref;
};

struct ProjectContext {
  OrgAccess org;
  ProjectAccess project;
};

/// The caller's project for this scope, checked for `action` (403); 404 when the caller cannot see
/// it; 400 when none can be told (a user session or an unrestricted key without a
/// /p/<org>/<project> prefix).
Result<ProjectContext> resolve_scope(storage::Connection& c, const Principal& p, const TrackingScope& scope,
                                     Action action);

/// The project of an existing experiment or run, checked for visibility (404 otherwise) and for
/// `action` (403).
Result<ProjectContext> resolve_owner(storage::Connection& c, const Principal& p, const std::string& org_id,
                                     const std::string& project_id, Action action);

/// An experiment the caller may act on ("0" is the scope's default experiment, created on demand).
Result<storage::ExperimentRecord> experiment_for(storage::Connection& c, const Principal& p, const TrackingScope& scope,
                                                 const std::string& experiment_id, Action action);

/// A run the caller may act on.
Result<storage::RunRecord> run_for(storage::Connection& c, const Principal& p, const std::string& run_id,
                                   Action action);

/// The default experiment of a project ("Default"), created when missing.
Result<storage::ExperimentRecord> default_experiment(storage::Connection& c, const ProjectContext& project);

}  // namespace cairn::service
