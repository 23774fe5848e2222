#include "service/tracking_project.hpp"

#include "storage/experiment_store.hpp"
#include "storage/run_store.hpp"

namespace cairn::service {

Result<ProjectContext> project_for(storage::Connection& c, const Principal& p, const TrackingScope& scope,
                                   Action action) {
  CAIRN_TRY_ASSIGN(auto project, resolve_scope(c, p, scope));
  CAIRN_TRY(authorize(p, action, project.project.role));
  return project;
}

Result<storage::ExperimentRecord> experiment_in(storage::Connection& c, const ProjectContext& project,
                                                const std::string& experiment_id) {
  auto missing = [&] { return Error::not_found("experiment '" + experiment_id + "'"); };
  if (experiment_id.empty() || experiment_id.size() > 64) return missing();
  CAIRN_TRY_ASSIGN(auto experiment, storage::experiments::find(c, experiment_id));
  if (!experiment || experiment->project_id != project.project.project.id) return missing();
  return *experiment;
}

Result<storage::RunRecord> run_in(storage::Connection& c, const ProjectContext& project, const std::string& run_id) {
  auto missing = [&] { return Error::not_found("run '" + run_id + "'"); };
  if (run_id.empty() || run_id.size() > 64) return missing();
  CAIRN_TRY_ASSIGN(auto run, storage::runs::find(c, run_id));
  if (!run || run->project_id != project.project.project.id) return missing();
  return *run;
}

}  // namespace cairn::service
