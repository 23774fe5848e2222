#pragma once

#include "api/api.hpp"
#include "api/deployments/deployment_views.hpp"
#include "service/deployments/deployment_service.hpp"
#include "service/deployments/deployment_stats_sharing.hpp"
#include "service/deployments/environment_service.hpp"
#include "service/deployments/inference_service.hpp"

namespace cairn::api {

/// A project's environments (list, add, rename, delete).
void add_environment_routes(Api& api, service::EnvironmentService& environments);
/// Deployments: CRUD, start/stop, revisions and their diff, rollback, traffic, events. `live`
/// gives the workers' status that only the supervisor knows.
void add_deployment_routes(Api& api, service::DeploymentService& deployments, const deployment_views::LiveStatus& live);

/// The inference API: `.../deployments/{deployment}/invocations` (MLflow scoring) and the Open
/// Inference Protocol v2 under /v2 (health, server and model metadata, readiness, infer).
void add_inference_routes(Api& api, service::InferenceService& inference);
/// Logs (search and a live SSE tail) and traffic statistics of a running deployment.
void add_deployment_runtime_routes(Api& api, service::DeploymentService& deployments,
                                   service::DeploymentSupervisor& supervisor, service::DeploymentStatsSharing& stats);

}  // namespace cairn::api
