#include "service/tracking/tracking_access.hpp"

#include "common/clock.hpp"
#include "storage/tracking/experiment_store.hpp"
#include "storage/tracking/run_store.hpp"

namespace cairn::service {

constexpr const char* kDefaultExperimentName = "Default";

Result<ProjectContext> resolve_scope(storage::Connection& c, const Principal& p, const TrackingScope& scope,
                                     Action action) {
  std::string org_ref;
  std::string project_ref;
  if (scope.org_ref && scope.project_ref) {
    org_ref = *scope.org_ref;
    project_ref = *scope.project_ref;
  } else if (p.is_key() && p.key_project_id) {
    org_ref = p.key_org_id;
    project_ref = *p.key_project_id;
  } else {
    return Error::bad_request(
        "no project: use an API key restricted to a project, or a tracking URI naming one "
        "(http://<host>/p/<org>/<project>)");
  }
  CAIRN_TRY_ASSIGN(auto org, resolve_org(c, p, org_ref));
  CAIRN_TRY_ASSIGN(auto project, resolve_project(c, p, org, project_ref));
  CAIRN_TRY(authorize(p, action, project.role));
  return ProjectContext{std::move(org), std::move(project)};
}

Result<ProjectContext> resolve_owner(storage::Connection& c, const Principal& p, const std::string& org_id,
                                     const std::string& project_id, Action action) {
  auto org = resolve_org(c, p, org_id);
  if (!org.ok()) return Error::not_found("resource");
  auto project = resolve_project(c, p, *org, project_id);
  if (!project.ok()) return Error::not_found("resource");
  CAIRN_TRY(authorize(p, action, project->role));
  return ProjectContext{std::move(*org), std::move(*project)};
}

Result<storage::ExperimentRecord> default_experiment(storage::Connection& c, const ProjectContext& project) {
  const auto& project_id = project.project.project.id;
  CAIRN_TRY_ASSIGN(auto found, storage::experiments::find_by_name(c, project_id, kDefaultExperimentName));
  if (found) return *found;
  storage::ExperimentRecord e;
  e.id = storage::experiments::new_experiment_id();
  e.org_id = project.org.org.id;
  e.project_id = project_id;
  e.name = kDefaultExperimentName;
  e.artifact_location = "mlflow-artifacts:/" + e.id;
  e.created_at = e.updated_at = now_ms();
  auto inserted = storage::experiments::insert(c, e);
  if (!inserted.ok()) {
    // Another request created it first: use theirs.
    if (inserted.error().code != ErrorCode::conflict) return std::move(inserted).error();
    CAIRN_TRY_ASSIGN(auto again, storage::experiments::find_by_name(c, project_id, kDefaultExperimentName));
    if (!again) return Error::internal("default experiment vanished");
    return *again;
  }
  return e;
}

Result<storage::ExperimentRecord> experiment_for(storage::Connection& c, const Principal& p, const TrackingScope& scope,
                                                 const std::string& experiment_id, Action action) {
  if (experiment_id == "0") {
    CAIRN_TRY_ASSIGN(auto project, resolve_scope(c, p, scope, action));
    return default_experiment(c, project);
  }
  auto missing = [&] { return Error::not_found("experiment '" + experiment_id + "'"); };
  if (experiment_id.empty() || experiment_id.size() > 64) return missing();
  CAIRN_TRY_ASSIGN(auto experiment, storage::experiments::find(c, experiment_id));
  if (!experiment) return missing();
  auto owner = resolve_owner(c, p, experiment->org_id, experiment->project_id, action);
  if (!owner.ok()) return owner.error().code == ErrorCode::not_found ? missing() : std::move(owner).error();
  return *experiment;
}

Result<storage::RunRecord> run_for(storage::Connection& c, const Principal& p, const std::string& run_id,
                                   Action action) {
  auto missing = [&] { return Error::not_found("run '" + run_id + "'"); };
  if (run_id.empty() || run_id.size() > 64) return missing();
  CAIRN_TRY_ASSIGN(auto run, storage::runs::find(c, run_id));
  if (!run) return missing();
  auto owner = resolve_owner(c, p, run->org_id, run->project_id, action);
  if (!owner.ok()) return owner.error().code == ErrorCode::not_found ? missing() : std::move(owner).error();
  return *run;
}

}  // namespace cairn::service
