#pragma once

#include "service/monitoring/monitor_service.hpp"
#include "service/monitoring/monitor_watch.hpp"
#include "storage/database.hpp"

namespace cairn::api {

class Api;

/// Monitors: /api/v1/orgs/{org}/projects/{project}/monitors/... and a deployment's monitor.
void add_monitor_routes(Api& api, service::MonitorService& monitors, service::MonitorWatch& watch,
                        storage::Database& db);

}  // namespace cairn::api
