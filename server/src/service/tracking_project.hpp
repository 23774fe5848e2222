#pragma once

#include <string>

#include "service/tracking_access.hpp"

/// Access for the native tracking API, whose routes name the project in the path
/// (`/api/v1/orgs/{org}/projects/{project}/...`): an experiment or run addressed by id must belong to
/// that project, else it answers 404 like a missing one, even when the caller may see its real project.
namespace cairn::service {

/// The path's project (404 when the caller cannot see it), checked for `action` (403).
Result<ProjectContext> project_for(storage::Connection& c, const Principal& p, const TrackingScope& scope,
                                   Action action);

/// An experiment of `project` (404 otherwise).
Result<storage::ExperimentRecord> experiment_in(storage::Connection& c, const ProjectContext& project,
                                                const std::string& experiment_id);

/// A run of `project` (404 otherwise).
Result<storage::RunRecord> run_in(storage::Connection& c, const ProjectContext& project, const std::string& run_id);

}  // namespace cairn::service
