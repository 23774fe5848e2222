#include "service/deployments/deployment_service.hpp"

#include <regex>

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "common/json_number.hpp"
#include "deploy/deployment_config.hpp"
#include "deploy/kubernetes/kubernetes_manifests.hpp"
#include "service/tenancy/audit_trail.hpp"
#include "storage/deployments/deployment_store.hpp"
#include "storage/registry/registered_model_store.hpp"

namespace cairn::service {
namespace {

using nlohmann::json;
namespace store = storage::deployments;

Status check_known(const json& body, std::initializer_list<const char*> names) {
  if (!body.is_object()) return Error::bad_request("the body must be a JSON object");
  for (const auto& [key, value] : body.items())
    if (std::none_of(names.begin(), names.end(), [&](const char* n) { return key == n; }))
      return Error::validation(key, "unknown field");
  return {};
}

Result<std::string> required_text(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || !it->is_string()) return Error::validation(name, "is required (a string)");
  return it->get<std::string>();
}

/// The registered model a source names, in the deployment's project.
Result<storage::RegisteredModelRecord> source_model(storage::Connection& c, const std::string& project_id,
                                                    const std::string& ref) {
  CAIRN_TRY_ASSIGN(auto model, storage::registered_models::find_by_name(c, project_id, ref));
  if (!model) {
    CAIRN_TRY_ASSIGN(model, storage::registered_models::find(c, project_id, ref));
  }
  if (!model) return Error::not_found("registered model '" + ref + "'");
  return std::move(*model);
}

std::string describe_source(const std::string& model, const std::string& kind, const std::string& value) {
  if (kind == "alias") return model + "@" + value;
  if (kind == "stage") return model + " (" + value + ")";
  return model + " version " + value;
}

void collect_changes(const json& a, const json& b, const std::string& path, std::vector<RevisionChange>& out) {
  if (a.is_object() && b.is_object()) {
    std::set<std::string> keys;
    for (const auto& [k, v] : a.items()) keys.insert(k);
    for (const auto& [k, v] : b.items()) keys.insert(k);
    for (const auto& k : keys)
      collect_changes(a.contains(k) ? a[k] : json(), b.contains(k) ? b[k] : json(), path + "." + k, out);
    return;
  }
  if (a != b) out.push_back({path, a, b});
}

Status validate_traffic(const json& body, int64_t newest) {
  CAIRN_TRY(check_known(body, {"routes", "shadow"}));
  auto routes = body.find("routes");
  if (routes == body.end() || !routes->is_array() || routes->empty() || routes->size() > 2)
    return Error::validation("routes", "one or two routes {revision, weight}");
  int64_t sum = 0;
  std::set<int64_t> seen;
  for (size_t i = 0; i < routes->size(); ++i) {
    const json& r = (*routes)[i];
    const std::string field = "routes[" + std::to_string(i) + "]";
    if (!r.is_object()) return Error::validation(field, "must be {revision, weight}");
    CAIRN_TRY(check_known(r, {"revision", "weight"}));
    auto rev = r.find("revision");
    auto weight = r.find("weight");
    const auto revision = rev == r.end() ? std::nullopt : whole_number_in(*rev, 1, newest);
    if (!revision)
      return Error::validation(field + ".revision",
                               "must name an existing revision (1.." + std::to_string(newest) + ")");
    const auto share = weight == r.end() ? std::nullopt : whole_number_in(*weight, 0, 100);
    if (!share) return Error::validation(field + ".weight", "must be an integer between 0 and 100");
    if (!seen.insert(*revision).second) return Error::validation(field + ".revision", "named twice");
    sum += *share;
  }
  if (sum != 100) return Error::validation("routes", "weights must add up to 100");
  auto shadow = body.find("shadow");
  if (shadow != body.end() && !shadow->is_null()) {
    if (!shadow->is_object()) return Error::validation("shadow", "must be {revision, percent} or null");
    CAIRN_TRY(check_known(*shadow, {"revision", "percent"}));
    auto rev = shadow->find("revision");
    auto pct = shadow->find("percent");
    if (rev == shadow->end() || !whole_number_in(*rev, 1, newest))
      return Error::validation("shadow.revision", "must name an existing revision");
    if (pct == shadow->end() || !pct->is_number() || pct->get<double>() < 0 || pct->get<double>() > 100)
      return Error::validation("shadow.percent", "must be between 0 and 100");
  }
  return {};
}

}  // namespace

Status validate_deployment_name(const std::string& name, const std::string& field) {
  static const std::regex kName("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");
  if (!std::regex_match(name, kName))
    return Error::validation(field,
                             "use 1-63 lowercase letters, digits and '-', starting and ending with a letter or digit");
  return {};
}

Result<storage::DeploymentRecord> DeploymentService::create(const Caller& caller, const TrackingScope& scope,
                                                            const json& body) {
  auto created =
      ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Result<storage::DeploymentRecord> {
        CAIRN_TRY(check_known(body, {"name", "environment", "source", "target", "endpoint_name", "config"}));
        CAIRN_TRY_ASSIGN(auto name, required_text(body, "name"));
        CAIRN_TRY(validate_deployment_name(name, "name"));
        CAIRN_TRY_ASSIGN(auto environment, required_text(body, "environment"));
        if (!body.contains("source"))
          return Error::validation("source", "is required: {model, version | alias | stage}");
        CAIRN_TRY_ASSIGN(auto source, parse_source(body["source"]));
        std::string target = "local";
        if (body.contains("target")) {
          if (!body["target"].is_string() || (body["target"] != "local" && body["target"] != "kubernetes"))
            return Error::validation("target", "must be local or kubernetes");
          target = body["target"].get<std::string>();
        }
        deploy::DeploymentConfig config;
        if (body.contains("config")) {
          CAIRN_TRY_ASSIGN(config, deploy::apply_config_patch(config, body["config"]));
        }
        std::optional<std::string> endpoint;
        if (body.contains("endpoint_name")) {
          if (!body["endpoint_name"].is_string()) return Error::validation("endpoint_name", "must be a string");
          endpoint = body["endpoint_name"].get<std::string>();
          CAIRN_TRY(validate_deployment_name(*endpoint, "endpoint_name"));
        }
        CAIRN_TRY_ASSIGN(auto project, resolve_scope(c, p, scope, Action::deployment_read));
        const auto& project_id = project.project.project.id;
        CAIRN_TRY_ASSIGN(auto env, store::find_environment(c, project_id, environment));
        if (!env) return Error::validation("environment", "no environment '" + environment + "' in this project");
        CAIRN_TRY(authorize_environment(p, project, env->tier));
        CAIRN_TRY_ASSIGN(auto model, source_model(c, project_id, source.model));
        CAIRN_TRY_ASSIGN(int64_t version, resolve_version(c, model.id, model.name, source.kind, source.value));
        CAIRN_TRY_ASSIGN(auto actor, actor_name(c, p));
        const int64_t now = now_ms();
        storage::DeploymentRecord d;
        d.id = crypto::new_id();
        d.org_id = project.org.org.id;
        d.project_id = project_id;
        d.environment_id = env->id;
        d.name = name;
        d.endpoint_name = endpoint.value_or(project.project.project.slug + "-" + name);
        if (d.endpoint_name.size() > 63) d.endpoint_name.resize(63);
        while (!d.endpoint_name.empty() && d.endpoint_name.back() == '-') d.endpoint_name.pop_back();
        d.target = target;
        d.model_id = model.id;
        d.source_kind = source.kind;
        d.source_value = source.value;
        d.revision = 0;
        d.desired_state = "running";
        d.traffic = json::object().dump();
        d.state = target == "local" ? "pending" : "stopped";
        d.state_reason = target == "local" ? "waiting for the supervisor" : "apply the manifests to a cluster";
        d.state_since = now;
        d.created_by = actor;
        d.created_at = d.updated_at = now;
        auto inserted = store::insert(c, d);
        if (!inserted.ok()) {
          if (inserted.error().code != ErrorCode::conflict) return inserted.error();
          CAIRN_TRY_ASSIGN(auto same, store::find(c, project_id, name));
          if (same)
            return Error{ErrorCode::conflict, "a deployment named '" + name + "' exists in this project", "name"};
          return Error{ErrorCode::conflict, "the endpoint name '" + d.endpoint_name + "' is taken on this server",
                       "endpoint_name"};
        }
        CAIRN_TRY(add_revision(c, caller, actor, d, model.id, version, deploy::config_to_json(config, true).dump(),
                               "created from " + describe_source(model.name, source.kind, source.value), "created"));
        CAIRN_TRY_ASSIGN(auto again, store::find_by_id(c, d.id));
        return std::move(*again);
      });
  if (created.ok()) changed(created->id);
  return created;
}

Result<std::vector<storage::DeploymentRecord>> DeploymentService::list(const Caller& caller, const TrackingScope& scope,
                                                                       const std::optional<std::string>& environment) {
  return ctx_.read(caller,
                   [&](storage::Connection& c, const Principal& p) -> Result<std::vector<storage::DeploymentRecord>> {
                     CAIRN_TRY_ASSIGN(auto project, resolve_scope(c, p, scope, Action::deployment_read));
                     std::optional<std::string> env_id;
                     if (environment) {
                       CAIRN_TRY_ASSIGN(auto env, store::find_environment(c, project.project.project.id, *environment));
                       if (!env) return Error::not_found("environment '" + *environment + "'");
                       env_id = env->id;
                     }
                     return store::list(c, project.project.project.id, env_id);
                   });
}

Result<storage::DeploymentRecord> DeploymentService::get(const Caller& caller, const TrackingScope& scope,
                                                         const std::string& ref) {
  CAIRN_TRY_ASSIGN(auto ctx, authorize_read(caller, scope, ref));
  return std::move(ctx.deployment);
}

Result<DeploymentContext> DeploymentService::authorize_read(const Caller& caller, const TrackingScope& scope,
                                                            const std::string& ref) {
  return ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<DeploymentContext> {
    return deployment_for(c, p, scope, ref, Action::deployment_read);
  });
}

Result<bool> DeploymentService::may_predict(const Caller& caller, const TrackingScope& scope, const std::string& ref) {
  return ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<bool> {
    auto found = deployment_for(c, p, scope, ref, Action::predict);
    if (found.ok()) return true;
    if (found.error().code == ErrorCode::forbidden) return false;
    return std::move(found).error();
  });
}

Result<storage::DeploymentRecord> DeploymentService::update(const Caller& caller, const TrackingScope& scope,
                                                            const std::string& ref, const json& body) {
  CAIRN_TRY(check_known(body, {"source", "config"}));
  std::optional<ModelSourceRef> source;
  if (body.contains("source")) {
    CAIRN_TRY_ASSIGN(source, parse_source(body["source"]));
  }
  return change(caller, scope, ref,
                [&](storage::Connection& c, const Principal& p, const DeploymentContext& ctx) -> Status {
                  const auto& d = ctx.deployment;
                  auto config = deploy::config_from_stored(d.config);
                  if (body.contains("config")) {
                    CAIRN_TRY_ASSIGN(config, deploy::apply_config_patch(config, body["config"]));
                  }
                  std::string model_id = d.model_id;
                  int64_t version = d.model_version;
                  std::string reason;
                  if (source) {
                    CAIRN_TRY_ASSIGN(auto model, source_model(c, d.project_id, source->model));
                    CAIRN_TRY_ASSIGN(version, resolve_version(c, model.id, model.name, source->kind, source->value));
                    model_id = model.id;
                    if (model_id != d.model_id || source->kind != d.source_kind || source->value != d.source_value) {
                      CAIRN_TRY(store::update_source(c, d.id, model_id, source->kind, source->value, now_ms()));
                      reason = "source set to " + describe_source(model.name, source->kind, source->value);
                    }
                  }
                  const std::string config_json = deploy::config_to_json(config, true).dump();
                  const bool new_version = model_id != d.model_id || version != d.model_version;
                  const bool new_config = json::parse(config_json) != json::parse(d.config.empty() ? "{}" : d.config);
                  if (new_version || new_config) {
                    if (reason.empty())
                      reason = new_version ? "model version " + std::to_string(version) : "configuration changed";
                    else if (new_config)
                      reason += "; configuration changed";
                    CAIRN_TRY_ASSIGN(auto actor, actor_name(c, p));
                    CAIRN_TRY(add_revision(c, caller, actor, d, model_id, version, config_json, reason, "updated"));
                  }
                  return {};
                });
}

Status DeploymentService::remove(const Caller& caller, const TrackingScope& scope, const std::string& ref) {
  CAIRN_TRY_ASSIGN(auto id, ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Result<std::string> {
    CAIRN_TRY_ASSIGN(auto ctx, deployment_for(c, p, scope, ref, Action::deployment_write));
    const auto& d = ctx.deployment;
    CAIRN_TRY(store::remove(c, d.id));
    CAIRN_TRY(record_audit(c, caller, d.org_id, "deployment.delete", "deployment", d.id,
                           {{"name", d.name}, {"project_id", d.project_id}}));
    return d.id;
  }));
  changed(id);
  return {};
}

Result<storage::DeploymentRecord> DeploymentService::change(
    const Caller& caller, const TrackingScope& scope, const std::string& ref,
    const std::function<Status(storage::Connection&, const Principal&, const DeploymentContext&)>& apply) {
  auto changed_record =
      ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Result<storage::DeploymentRecord> {
        CAIRN_TRY_ASSIGN(auto ctx, deployment_for(c, p, scope, ref, Action::deployment_write));
        CAIRN_TRY(apply(c, p, ctx));
        CAIRN_TRY_ASSIGN(auto again, store::find_by_id(c, ctx.deployment.id));
        return std::move(*again);
      });
  if (changed_record.ok()) changed(changed_record->id);
  return changed_record;
}

Result<storage::DeploymentRecord> DeploymentService::set_running(const Caller& caller, const TrackingScope& scope,
                                                                 const std::string& ref, bool running) {
  return change(caller, scope, ref,
                [&](storage::Connection& c, const Principal& p, const DeploymentContext& ctx) -> Status {
                  const auto& d = ctx.deployment;
                  const std::string desired = running ? "running" : "stopped";
                  if (d.desired_state != desired) {
                    const int64_t now = now_ms();
                    CAIRN_TRY(store::set_desired_state(c, d.id, desired, now));
                    CAIRN_TRY_ASSIGN(auto actor, actor_name(c, p));
                    CAIRN_TRY(store::append_event(c, d.id, now, actor, running ? "started" : "stopped",
                                                  running ? "start requested" : "stop requested"));
                    CAIRN_TRY(record_audit(c, caller, d.org_id, running ? "deployment.start" : "deployment.stop",
                                           "deployment", d.id, {{"name", d.name}}));
                  }
                  return {};
                });
}

Result<storage::DeploymentRecord> DeploymentService::rollback(const Caller& caller, const TrackingScope& scope,
                                                              const std::string& ref, int64_t revision) {
  return change(
      caller, scope, ref, [&](storage::Connection& c, const Principal& p, const DeploymentContext& ctx) -> Status {
        const auto& d = ctx.deployment;
        CAIRN_TRY_ASSIGN(auto old, store::find_revision(c, d.id, revision));
        if (!old) return Error::not_found("revision " + std::to_string(revision) + " of deployment '" + d.name + "'");
        CAIRN_TRY_ASSIGN(auto actor, actor_name(c, p));
        // A rollback pins the version: a deployment that followed an alias or a stage would
        // otherwise roll forward again at the next tick.
        std::string reason = "rollback to revision " + std::to_string(revision);
        if (d.source_kind != "version")
          reason += "; pinned to version " + std::to_string(old->model_version) + " (it no longer follows " +
                    (d.source_kind == "alias" ? "@" : "stage ") + d.source_value + ")";
        CAIRN_TRY(
            store::update_source(c, d.id, old->model_id, "version", std::to_string(old->model_version), now_ms()));
        CAIRN_TRY(
            add_revision(c, caller, actor, d, old->model_id, old->model_version, old->config, reason, "rollback"));
        // A rollback is a decision to serve that revision: a canary split would undo it.
        CAIRN_TRY(store::set_traffic(c, d.id, json::object().dump(), now_ms()));
        return {};
      });
}

Result<storage::DeploymentRecord> DeploymentService::set_traffic(const Caller& caller, const TrackingScope& scope,
                                                                 const std::string& ref, const json& body) {
  return change(caller, scope, ref,
                [&](storage::Connection& c, const Principal& p, const DeploymentContext& ctx) -> Status {
                  const auto& d = ctx.deployment;
                  CAIRN_TRY(validate_traffic(body, d.revision));
                  json traffic = {{"routes", body["routes"]}, {"shadow", body.value("shadow", json())}};
                  const int64_t now = now_ms();
                  CAIRN_TRY(store::set_traffic(c, d.id, traffic.dump(), now));
                  CAIRN_TRY_ASSIGN(auto actor, actor_name(c, p));
                  std::string message = "traffic:";
                  for (const auto& r : traffic["routes"])
                    message += " revision " + std::to_string(r["revision"].get<int64_t>()) + " " +
                               std::to_string(r["weight"].get<int64_t>()) + "%";
                  if (traffic["shadow"].is_object())
                    message += "; shadow to revision " + std::to_string(traffic["shadow"]["revision"].get<int64_t>());
                  CAIRN_TRY(store::append_event(c, d.id, now, actor, "traffic", message));
                  CAIRN_TRY(record_audit(c, caller, d.org_id, "deployment.traffic", "deployment", d.id, traffic));
                  return {};
                });
}

Result<std::vector<storage::RevisionRecord>> DeploymentService::revisions(const Caller& caller,
                                                                          const TrackingScope& scope,
                                                                          const std::string& ref) {
  return ctx_.read(caller,
                   [&](storage::Connection& c, const Principal& p) -> Result<std::vector<storage::RevisionRecord>> {
                     CAIRN_TRY_ASSIGN(auto ctx, deployment_for(c, p, scope, ref, Action::deployment_read));
                     return store::list_revisions(c, ctx.deployment.id);
                   });
}

Result<storage::RevisionRecord> DeploymentService::revision(const Caller& caller, const TrackingScope& scope,
                                                            const std::string& ref, int64_t number) {
  return ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<storage::RevisionRecord> {
    CAIRN_TRY_ASSIGN(auto ctx, deployment_for(c, p, scope, ref, Action::deployment_read));
    CAIRN_TRY_ASSIGN(auto found, store::find_revision(c, ctx.deployment.id, number));
    if (!found) return Error::not_found("revision " + std::to_string(number) + " of deployment '" + ref + "'");
    return std::move(*found);
  });
}

Result<std::vector<RevisionChange>> DeploymentService::diff(const Caller& caller, const TrackingScope& scope,
                                                            const std::string& ref, int64_t from, int64_t to) {
  CAIRN_TRY_ASSIGN(auto a, revision(caller, scope, ref, from));
  CAIRN_TRY_ASSIGN(auto b, revision(caller, scope, ref, to));
  auto view = [](const storage::RevisionRecord& r) {
    return json{{"model", r.model_name},
                {"version", r.model_version},
                {"config", deploy::config_to_json(deploy::config_from_stored(r.config), false)}};
  };
  std::vector<RevisionChange> changes;
  collect_changes(view(a), view(b), "", changes);
  for (auto& ch : changes) ch.path.erase(0, 1);  // the leading '.'
  return changes;
}

Result<std::vector<storage::DeploymentEventRecord>> DeploymentService::events(const Caller& caller,
                                                                              const TrackingScope& scope,
                                                                              const std::string& ref, int limit) {
  return ctx_.read(
      caller, [&](storage::Connection& c, const Principal& p) -> Result<std::vector<storage::DeploymentEventRecord>> {
        CAIRN_TRY_ASSIGN(auto ctx, deployment_for(c, p, scope, ref, Action::deployment_read));
        return store::list_events(c, ctx.deployment.id, limit);
      });
}

Result<std::string> DeploymentService::manifests(const Caller& caller, const TrackingScope& scope,
                                                 const std::string& ref, const std::string& image,
                                                 const std::string& cairn_token) {
  return ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<std::string> {
    CAIRN_TRY_ASSIGN(auto ctx, deployment_for(c, p, scope, ref, Action::deployment_write));
    return render_manifests(ctx, image, cairn_token);
  });
}

Result<std::string> DeploymentService::render_manifests(const DeploymentContext& ctx, const std::string& image,
                                                        const std::string& cairn_token) const {
  const auto& d = ctx.deployment;
  const auto c = deploy::config_from_stored(d.config);
  deploy::KubernetesDeployment k;
  k.image = image;
  if (kubectl_) k.namespace_name = kubectl_->namespace_name;
  k.cairn_url = ctx_.config.public_url.empty() ? "http://cairn:8080" : ctx_.config.public_url;
  k.cairn_token = cairn_token.empty() ? "REPLACE-WITH-AN-API-KEY-WITH-SCOPES-READ-AND-MONITOR" : cairn_token;
  k.org = ctx.project.org.org.slug;
  k.project = ctx.project.project.project.slug;
  k.deployment = d.name;
  k.endpoint_name = d.endpoint_name;
  k.revision = static_cast<int>(d.revision);
  k.model = d.model_name;
  k.model_version = std::to_string(d.model_version);
  k.runtime = c.runtime;
  k.env_manager = c.env_manager;
  k.workers_min = c.workers_min;
  k.workers_max = c.workers_max;
  k.target_in_flight = c.target_in_flight;
  k.scale_down_delay_seconds = c.scale_down_delay_seconds;
  k.max_batch_size = c.max_batch_size;
  k.preferred_batch_sizes = c.preferred_batch_sizes;
  k.max_queue_delay_ms = c.max_queue_delay_ms;
  k.max_queue_size = c.max_queue_size;
  k.timeout_ms = c.timeout_ms;
  k.max_rows = c.max_rows;
  k.cache_enabled = c.cache_enabled;
  k.cache_ttl_seconds = c.cache_ttl_seconds;
  k.cache_max_entries = c.cache_max_entries;
  k.sampling_rate = c.sampling_rate;
  k.rate_limit_per_second = c.rate_limit_per_second;
  k.rate_limit_burst = c.rate_limit_burst;
  k.cpu = c.cpu;
  k.memory = c.memory;
  k.env = c.env;
  k.secrets = c.secrets;
  if (k.cpu.empty()) k.scale_metric = deploy::KubernetesScaleMetric::in_flight;
  return deploy::render_kubernetes_manifests(k);
}

Result<std::vector<std::string>> DeploymentService::follow_sources() {
  CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
  CAIRN_TRY_ASSIGN(auto following,
                   storage::deployments::list_active(*conn));  // only running deployments roll out
  std::vector<std::string> rolled;
  for (const auto& d : following) {
    if (d.source_kind == "version") continue;
    auto version = resolve_version(*conn, d.model_id, d.model_name, d.source_kind, d.source_value);
    if (!version.ok() || *version == d.model_version) continue;
    const std::string what = d.source_kind == "alias" ? "alias @" + d.source_value : "stage " + d.source_value;
    auto done = storage::run_in_transaction(*conn, true, [&](storage::Connection& c) -> Status {
      CAIRN_TRY_ASSIGN(auto fresh, store::find_by_id(c, d.id));
      if (!fresh || fresh->model_version == *version) return {};
      Caller system;
      return add_revision(c, system, "cairn", *fresh, fresh->model_id, *version, fresh->config,
                          what + " moved to version " + std::to_string(*version), "alias_moved");
    });
    if (done.ok()) rolled.push_back(d.id);
  }
  for (const auto& id : rolled) changed(id);
  return rolled;
}

Status DeploymentService::add_revision(storage::Connection& c, const Caller& caller, const std::string& actor,
                                       const storage::DeploymentRecord& d, const std::string& model_id, int64_t version,
                                       const std::string& config_json, const std::string& reason,
                                       const std::string& event_kind) {
  const int64_t now = now_ms();
  storage::RevisionRecord r;
  r.deployment_id = d.id;
  r.number = d.revision + 1;
  r.model_id = model_id;
  r.model_version = version;
  r.config = config_json;
  r.reason = reason;
  r.created_by = actor;
  r.created_at = now;
  CAIRN_TRY(store::insert_revision(c, r));
  CAIRN_TRY(store::set_revision(c, d.id, r.number, now));
  CAIRN_TRY(
      store::append_event(c, d.id, now, actor, event_kind, "revision " + std::to_string(r.number) + ": " + reason));
  json details = {{"name", d.name}, {"revision", r.number}, {"model_version", version}, {"reason", reason}};
  // A revision the server rolls out by itself (an alias moved) is the system's act, not anonymous.
  if (!caller.principal)
    return record_audit_as(c, caller, d.org_id, "system", "cairn", "deployment." + event_kind, "deployment", d.id,
                           std::move(details));
  return record_audit(c, caller, d.org_id, "deployment." + event_kind, "deployment", d.id, std::move(details));
}

}  // namespace cairn::service
