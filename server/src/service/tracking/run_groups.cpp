// RunService::group: the runs grid's "Group by" over every run the search matches.
#include "search/search_filter.hpp"
#include "service/tracking/run_service.hpp"
#include "storage/tracking/experiment_list.hpp"

namespace cairn::service {

namespace runs = storage::runs;

namespace {
/// Enough for any group-by a grid shows; beyond it the answer says `truncated`.
constexpr int kMaxRunGroups = 1000;
}  // namespace

Result<runs::RunGroups> RunService::group(const Caller& caller, const TrackingScope& scope,
                                          const RunGroupRequest& request) {
  return ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<runs::RunGroups> {
    runs::RunSearch s;
    CAIRN_TRY_ASSIGN(s.filter, search::parse_search_filter(request.filter));
    s.view = request.view;
    // As the native search: no experiment ids means the whole project; one the caller cannot see, 404.
    if (request.experiment_ids.empty()) {
      CAIRN_TRY_ASSIGN(auto project, resolve_scope(c, p, scope, Action::tracking_read));
      CAIRN_TRY_ASSIGN(s.experiment_ids, storage::experiments::ids_in_project(c, project.project.project.id));
    }
    for (const auto& id : request.experiment_ids) {
      CAIRN_TRY_ASSIGN(auto experiment, experiment_for(c, p, scope, id, Action::tracking_read));
      s.experiment_ids.push_back(experiment.id);
    }
    return runs::group(c, s, request.by, request.metric_keys, kMaxRunGroups);
  });
}

}  // namespace cairn::service
