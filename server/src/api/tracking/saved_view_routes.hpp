#pragma once

#include "api/api.hpp"
#include "service/tracking/saved_view_service.hpp"

namespace cairn::api {

/// .../experiments/{experiment_id}/views: the runs grid's saved views, private or shared.
void add_saved_view_routes(Api& api, service::SavedViewService& views);

}  // namespace cairn::api
