#include "service/deployments/inference_service.hpp"

#include "common/clock.hpp"
#include "storage/deployments/deployment_store.hpp"

namespace cairn::service {

Result<InferenceRoute> InferenceService::route_by_name(const Caller& caller, const TrackingScope& scope,
                                                       const std::string& name) {
  CAIRN_TRY_ASSIGN(const Principal* p, signed_in(caller));
  std::string id;
  {
    CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
    CAIRN_TRY_ASSIGN(auto ctx, deployment_for(*conn, *p, scope, name, Action::predict));
    id = ctx.deployment.id;
  }
  return route_for(id);
}

Result<InferenceRoute> InferenceService::route_by_endpoint(const Caller& caller, const std::string& endpoint_name,
                                                           bool to_predict) {
  CAIRN_TRY_ASSIGN(const Principal* p, signed_in(caller));
  auto missing = [&] { return Error::not_found("model '" + endpoint_name + "'"); };
  if (endpoint_name.empty() || endpoint_name.size() > 63) return missing();
  std::string id;
  {
    CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
    CAIRN_TRY_ASSIGN(auto found, storage::deployments::find_by_endpoint(*conn, endpoint_name));
    if (!found) return missing();
    // Visibility as for any project resource: a caller who cannot see the project gets the same 404.
    const TrackingScope scope{found->org_id, found->project_id};
    auto ctx = deployment_for(*conn, *p, scope, found->id, Action::predict);
    if (!to_predict && !ctx.ok() && ctx.error().code == ErrorCode::forbidden)
      ctx = deployment_for(*conn, *p, scope, found->id, Action::deployment_read);
    if (!ctx.ok()) return ctx.error().code == ErrorCode::not_found ? missing() : ctx.error();
    id = found->id;
  }
  return route_for(id);
}

Result<bool> InferenceService::ready(const Caller& caller, const std::string& endpoint_name) {
  auto route = route_by_endpoint(caller, endpoint_name, false);
  if (!route.ok()) {
    if (route.error().code == ErrorCode::unavailable) return false;
    return route.error();
  }
  return route->target.pool->health() == deploy::PoolHealth::healthy ||
         route->target.pool->health() == deploy::PoolHealth::degraded;
}

Result<InferenceRoute> InferenceService::route_for(const std::string& deployment_id) {
  CAIRN_TRY_ASSIGN(auto target, supervisor_.target(deployment_id));
  InferenceRoute route;
  route.deployment_id = deployment_id;
  route.signature = target.parsed_signature;
  route.target = std::move(target);
  return route;
}

std::optional<std::string> InferenceService::cache_key(const InferenceRoute& route, const serving::Table& inputs,
                                                       std::string_view params_json, std::string_view protocol,
                                                       std::string_view cache_control) const {
  if (!route.target.config.cache_enabled) return std::nullopt;
  if (cache_control.find("no-cache") != std::string_view::npos ||
      cache_control.find("no-store") != std::string_view::npos)
    return std::nullopt;
  std::string scope(protocol);
  scope += '\n';
  scope += params_json;
  return serving::ResponseCache::key(route.deployment_id, route.target.revision, inputs, scope);
}

std::optional<std::string> InferenceService::cached(const InferenceRoute& route, const std::string& key) {
  const auto started = std::chrono::steady_clock::now();
  auto body = cache_.get(key, now_ms());
  if (body && route.target.stats) {
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    route.target.stats->record(now_ms(), ms, false, true);
  }
  return body;
}

void InferenceService::remember(const InferenceRoute& route, const std::string& key, std::string body) {
  cache_.put(key, std::move(body), now_ms(), route.target.config.cache_ttl_seconds,
             static_cast<std::size_t>(route.target.config.cache_max_entries));
}

void InferenceService::predict(const InferenceRoute& route, serving::Table inputs, std::string params_json,
                               std::function<void(Result<serving::Prediction>)> done) {
  const auto started = std::chrono::steady_clock::now();
  auto stats = route.target.stats;
  if (route.target.shadow) {
    // A copy for the shadow revision: its answer is only logged, never returned.
    auto logs = supervisor_.logs(route.deployment_id);
    serving::InferenceCall copy{
        inputs, params_json,
        std::chrono::steady_clock::now() + std::chrono::milliseconds(route.target.config.timeout_ms),
        [logs, rev = route.target.shadow->revision()](Result<serving::Prediction> r) {
          if (logs)
            logs->append(
                {now_ms(), -1, "cairn",
                 "shadow revision " + std::to_string(rev) + (r.ok() ? " answered" : " failed: " + r.error().message)});
        }};
    (void)route.target.shadow->submit(std::move(copy));
  }
  serving::InferenceCall call;
  call.inputs = std::move(inputs);
  call.params_json = std::move(params_json);
  call.deadline = started + std::chrono::milliseconds(route.target.config.timeout_ms);
  if (stats) ++stats->in_flight;
  call.done = [stats, started, done](Result<serving::Prediction> result) {
    if (stats) --stats->in_flight;
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    if (stats) stats->record(now_ms(), ms, !result.ok(), false);
    done(std::move(result));
  };
  auto done_copy = call.done;
  auto submitted = route.target.pool->submit(std::move(call));
  if (!submitted.ok()) done_copy(submitted.error());
}

}  // namespace cairn::service
