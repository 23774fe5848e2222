#include "service/deployments/inference_service.hpp"

#include <fmt/format.h>

#include <cmath>

#include "common/clock.hpp"
#include "service/deployments/shadow_comparison.hpp"
#include "serving/mlflow_scoring.hpp"
#include "serving/request_sampling.hpp"
#include "storage/deployments/deployment_store.hpp"

namespace cairn::service {

Result<InferenceRoute> InferenceService::route_by_name(const Caller& caller, const TrackingScope& scope,
                                                       const std::string& name) {
  CAIRN_TRY_ASSIGN(const Principal* p, signed_in(caller));
  const std::string key =
      route_key(*p, "name", scope.org_ref.value_or("") + '/' + scope.project_ref.value_or("") + '/' + name);
  const uint64_t epoch = ctx_.access_epoch->current();
  std::optional<std::string> id = routes_.get(key, now_ms(), epoch);
  if (!id) {
    CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
    CAIRN_TRY_ASSIGN(auto ctx, deployment_for(*conn, *p, scope, name, Action::predict));
    id = ctx.deployment.id;
    routes_.put(key, *id, now_ms(), epoch);
  }
  return route_for(*id, true);
}

Result<InferenceRoute> InferenceService::route_by_endpoint(const Caller& caller, const std::string& endpoint_name,
                                                           bool to_predict) {
  CAIRN_TRY_ASSIGN(const Principal* p, signed_in(caller));
  auto missing = [&] { return Error::not_found("model '" + endpoint_name + "'"); };
  if (endpoint_name.empty() || endpoint_name.size() > 63) return missing();
  const std::string key = route_key(*p, to_predict ? "predict" : "read", endpoint_name);
  const uint64_t epoch = ctx_.access_epoch->current();
  if (auto id = routes_.get(key, now_ms(), epoch)) return route_for(*id, to_predict);
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
  routes_.put(key, id, now_ms(), epoch);
  return route_for(id, to_predict);
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

std::string InferenceService::route_key(const Principal& p, std::string_view how, const std::string& what) {
  // Everything the access decision depends on: who (a key's scopes and bindings come with its id),
  // through which URL scope, and for what.
  std::string key = p.log_id();
  for (const auto* part : {&p.scope_org_ref, &p.scope_project_ref}) {
    key += '\n';
    key += part->value_or("");
  }
  key += '\n';
  key += how;
  key += '\n';
  key += what;
  return key;
}

Result<InferenceRoute> InferenceService::route_for(const std::string& deployment_id, bool to_predict) {
  CAIRN_TRY_ASSIGN(auto target, supervisor_.target(deployment_id));
  InferenceRoute route;
  route.deployment_id = deployment_id;
  route.signature = target.signature;
  route.target = std::move(target);
  if (to_predict) CAIRN_TRY(admit(route));
  return route;
}

Status InferenceService::admit(const InferenceRoute& route) {
  const auto& config = route.target.config;
  const auto cell = deploy::rate_cell(config);
  if (!cell) return {};
  auto decision = ctx_.limits.take("deployment:" + route.deployment_id, cell->interval_us, cell->burst);
  if (decision.allowed) return {};
  return Error::rate_limited(
      static_cast<int>((decision.retry_after_ms + 999) / 1000),
      fmt::format("deployment rate limit exceeded ({:g} requests per second)", config.rate_limit_per_second));
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

namespace {

serving::RequestRecord record_of(const InferenceRoute& route, const RequestContext& rc, int64_t at, int64_t rows) {
  serving::RequestRecord r;
  r.request_id = rc.request_id;
  r.principal = rc.principal;
  r.org_id = route.target.org_id;
  r.project_id = route.target.project_id;
  r.deployment_id = route.deployment_id;
  r.revision = route.target.revision;
  r.at_ms = at;
  r.rows = rows;
  return r;
}

}  // namespace

std::optional<std::string> InferenceService::cached(const InferenceRoute& route, const std::string& key,
                                                    const RequestContext& rc, int64_t rows) {
  const auto started = std::chrono::steady_clock::now();
  const int64_t at = now_ms();
  auto body = cache_.get(key, at);
  if (!body && shared_cache_) {
    body = shared_cache_->get(key);
    if (body) remember_locally(route, key, *body);
  }
  if (body) {
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    for (const auto& stats : {route.target.stats, route.target.revision_stats})
      if (stats) stats->record(at, ms, false, true);
    auto r = record_of(route, rc, at, rows);
    r.latency_ms = ms;
    r.cache_hit = true;
    recorder_.record(std::move(r));
  }
  return body;
}

void InferenceService::rejected(const InferenceRoute& route, const RequestContext& rc, const Error& error,
                                int answered_status, int64_t rows) {
  auto r = record_of(route, rc, now_ms(), rows);
  r.status = answered_status;
  r.error_code = std::string(to_string(error.code));
  r.error_field = error.field;
  recorder_.record(std::move(r));
}

void InferenceService::remember(const InferenceRoute& route, const std::string& key, std::string body) {
  if (shared_cache_) shared_cache_->put(key, body, route.target.config.cache_ttl_seconds);
  remember_locally(route, key, std::move(body));
}

void InferenceService::remember_locally(const InferenceRoute& route, const std::string& key, std::string body) {
  cache_.put(key, std::move(body), now_ms(), route.target.config.cache_ttl_seconds,
             static_cast<std::size_t>(route.target.config.cache_max_entries));
}

void InferenceService::predict(const InferenceRoute& route, const RequestContext& rc, serving::Table inputs,
                               std::string params_json, std::function<void(Result<serving::Prediction>)> done) {
  const auto started = std::chrono::steady_clock::now();
  auto record = std::make_shared<serving::RequestRecord>(record_of(route, rc, now_ms(), inputs.rows));
  record->input_table = std::make_shared<const serving::Table>(inputs);
  const bool keep_data = serving::sampled(route.target.config.sampling_rate);
  // The inputs as records, rendered before they move into the batch.
  if (keep_data) record->inputs_json = serving::inputs_as_records_json(inputs);
  auto stats = route.target.stats;
  auto revision_stats = route.target.revision_stats;
  std::shared_ptr<ShadowComparison> shadow;
  if (route.target.shadow) {
    // A copy for the shadow revision: its answer is compared with the served one, never returned.
    shadow = std::make_shared<ShadowComparison>(stats, supervisor_.logs(route.deployment_id), route.target.revision,
                                                route.target.shadow->revision());
    serving::InferenceCall copy{
        inputs, params_json,
        std::chrono::steady_clock::now() + std::chrono::milliseconds(route.target.config.timeout_ms),
        [shadow](const Result<serving::Prediction>& r) { shadow->shadowed(r); }};
    auto copy_done = copy.done;
    auto submitted = route.target.shadow->submit(std::move(copy));
    if (!submitted.ok()) copy_done(submitted.error());
  }
  serving::InferenceCall call;
  call.inputs = std::move(inputs);
  call.params_json = std::move(params_json);
  call.deadline = started + std::chrono::milliseconds(route.target.config.timeout_ms);
  if (stats) ++stats->in_flight;
  call.done = [this, stats, revision_stats, started, done = std::move(done), record, keep_data,
               shadow](Result<serving::Prediction> result) {
    if (stats) --stats->in_flight;
    if (shadow) shadow->served(result);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    const int64_t at = now_ms();
    if (stats) stats->record(at, ms, !result.ok(), false);
    if (revision_stats) revision_stats->record(at, ms, !result.ok(), false);
    record->latency_ms = ms;
    if (result.ok()) {
      record->prediction = std::make_shared<const serving::Prediction>(*result);
      if (keep_data) record->outputs_json = serving::predictions_json(*result);
    } else {
      record->status = http_status(result.error().code);
      record->error_code = std::string(to_string(result.error().code));
    }
    recorder_.record(std::move(*record));
    done(std::move(result));
  };
  auto done_copy = call.done;
  auto submitted = route.target.pool->submit(std::move(call));
  if (!submitted.ok()) done_copy(submitted.error());
}

}  // namespace cairn::service
