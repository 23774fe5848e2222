#pragma once

#include "api/api.hpp"
#include "api/deployments/deployment_views.hpp"
#include "service/deployments/deployment_service.hpp"
#include "service/deployments/environment_service.hpp"

namespace cairn::api {

/// A project's environments (list, add, rename, delete).
void add_environment_routes(Api& api, service::EnvironmentService& environments);
/// Deployments: CRUD, start/stop, revisions and their diff, rollback, traffic, events. `live`
/// gives the workers' status that only the supervisor knows.
void add_deployment_routes(Api& api, service::DeploymentService& deployments, deployment_views::LiveStatus live);

}  // namespace cairn::api
