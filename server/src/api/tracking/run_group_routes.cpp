// POST /api/v1/orgs/{org}/projects/{project}/runs/groups: the runs grid's "Group by" over every run
// the grid's search matches, aggregated in SQL (storage/tracking/run_groups).
#include "api/api.hpp"
#include "api/json_input.hpp"
#include "api/tracking/tracking_input.hpp"
#include "search/search_filter.hpp"

namespace cairn::api {
namespace {

constexpr std::size_t kMaxGroupMetricKeys = 50;
constexpr std::size_t kMaxGroupKeyLength = 250;

/// `params.<key>`, `tags.<key>` or `attributes.status` (also plain `status`); 422 otherwise.
Result<storage::runs::GroupBy> group_by_of(const std::string& text) {
  using storage::runs::GroupKind;
  if (text == "status" || text == "attributes.status") return storage::runs::GroupBy{GroupKind::status, ""};
  for (const auto& [prefix, kind] : {std::pair{"params.", GroupKind::param}, std::pair{"tags.", GroupKind::tag}}) {
    const std::string_view p(prefix);
    if (text.starts_with(p)) {
      std::string key = text.substr(p.size());
      if (key.empty() || utf8_length(key) > kMaxGroupKeyLength) break;
      return storage::runs::GroupBy{kind, std::move(key)};
    }
  }
  return Error::validation("group_by", "group_by must be params.<key>, tags.<key> or attributes.status");
}

nlohmann::json groups_json(const storage::runs::RunGroups& found, const std::string& group_by) {
  nlohmann::json groups = nlohmann::json::array();
  for (const auto& g : found.groups) {
    nlohmann::json metrics = nlohmann::json::object();
    for (const auto& [key, a] : g.metrics) {
      metrics[key] = {{"runs", a.runs}, {"mean", a.mean}, {"min", a.min}, {"max", a.max}};
    }
    groups.push_back({{"value", g.value ? nlohmann::json(*g.value) : nlohmann::json(nullptr)},
                      {"runs", g.runs},
                      {"metrics", std::move(metrics)}});
  }
  return {{"group_by", group_by},
          {"groups", std::move(groups)},
          {"total_runs", found.total_runs},
          {"truncated", found.truncated}};
}

}  // namespace

void add_tracking_run_group_routes(Api& api) {
  auto& runs = api.services().runs;
  api.add_in_project(
      "POST", "/api/v1/orgs/{org}/projects/{project}/runs/groups",
      [&runs](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
        CAIRN_TRY(body.allow_only({"experiment_ids", "filter", "view", "group_by", "metric_keys"}));
        service::RunGroupRequest request;
        CAIRN_TRY_ASSIGN(request.experiment_ids, tracking_input::string_array(body, "experiment_ids", 1000, 64));
        CAIRN_TRY_ASSIGN(auto filter, body.optional_string("filter", 0, search::kMaxSearchFilterLength));
        request.filter = filter.value_or("");
        CAIRN_TRY_ASSIGN(auto view_text, body.optional_string("view", 0, 16));
        CAIRN_TRY_ASSIGN(request.view, tracking_input::view_type(view_text, "view"));
        CAIRN_TRY_ASSIGN(auto group_by, body.required_string("group_by", 1, kMaxGroupKeyLength + 10));
        CAIRN_TRY_ASSIGN(request.by, group_by_of(group_by));
        CAIRN_TRY_ASSIGN(request.metric_keys,
                         tracking_input::string_array(body, "metric_keys", kMaxGroupMetricKeys, kMaxGroupKeyLength));
        CAIRN_TRY_ASSIGN(auto found, runs.group(caller, tracking_scope(req), request));
        return json_result(200, groups_json(found, group_by));
      });
}

}  // namespace cairn::api
