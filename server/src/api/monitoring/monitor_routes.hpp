#pragma once

#include "service/monitoring/monitor_service.hpp"
#include "storage/database.hpp"

namespace cairn::api {

class Api;

/// Monitors: /api/v1/orgs/{org}/projects/{project}/monitors/... and a deployment's monitor.
void add_monitor_routes(Api& api, service::MonitorService& monitors, storage::Database& db);

}  // namespace cairn::api
