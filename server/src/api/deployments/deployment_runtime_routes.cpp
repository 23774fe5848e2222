// What a running deployment shows: its workers' logs (searchable, and live over SSE) and its
// traffic statistics, under /api/v1/orgs/{org}/projects/{project}/deployments/{deployment}.
#include "api/api.hpp"
#include "api/deployments/deployment_routes.hpp"
#include "api/event_stream.hpp"
#include "api/json_input.hpp"
#include "common/clock.hpp"
#include "http/chunk_stream.hpp"
#include "service/tenancy/api_key_service.hpp"

namespace cairn::api {
namespace {

using nlohmann::json;

/// How long the pods' previous secret keeps working once Cairn has issued them a new one: time for
/// a rollout to replace every pod.
constexpr int64_t kPodKeyGraceSeconds = 15 * 60;

json log_json(const deploy::LogLine& l) {
  return {{"at", l.at}, {"worker", l.worker}, {"stream", l.stream}, {"line", l.line}};
}

}  // namespace

void add_deployment_runtime_routes(Api& api, service::DeploymentService& deployments,
                                   service::DeploymentSupervisor& supervisor, service::DeploymentStatsSharing& shared) {
  const std::string one = "/api/v1/orgs/{org}/projects/{project}/deployments/{deployment}";

  api.add_in_project(
      "GET", one + "/logs",
      [&deployments, &supervisor](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto ctx, deployments.authorize_read(caller, tracking_scope(req), req.param("deployment")));
        deploy::LogQuery q;
        CAIRN_TRY_ASSIGN(auto since, query_int(req, "since"));
        CAIRN_TRY_ASSIGN(auto until, query_int(req, "until"));
        CAIRN_TRY_ASSIGN(auto limit, query_int(req, "limit"));
        if (limit && (*limit < 1 || *limit > 5000))
          return Error::bad_request("limit must be between 1 and 5000", "limit");
        q.since = since.value_or(0);
        q.until = until.value_or(INT64_MAX);
        q.limit = static_cast<int>(limit.value_or(500));
        q.text = req.query("q").value_or("");
        if (q.text.size() > 200) return Error::bad_request("q must be at most 200 characters", "q");
        json lines = json::array();
        for (const auto& l : supervisor.logs(ctx.deployment.id)->query(q)) lines.push_back(log_json(l));
        return json_result(200, {{"lines", lines}});
      });

  api.add_in_project(
      "GET", one + "/logs/stream",
      [&deployments, &supervisor](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto ctx, deployments.authorize_read(caller, tracking_scope(req), req.param("deployment")));
        CAIRN_TRY_ASSIGN(auto tail, query_int(req, "tail"));
        if (tail && (*tail < 0 || *tail > 1000)) return Error::bad_request("tail must be between 0 and 1000", "tail");
        CAIRN_TRY_ASSIGN(auto stream, open_event_stream(req));
        auto logs = supervisor.logs(ctx.deployment.id);
        // The newest lines first, then each new one as it comes; a reader that leaves unsubscribes.
        deploy::LogQuery recent;
        recent.limit = static_cast<int>(tail.value_or(100));
        for (const auto& l : logs->query(recent)) stream->write(http::sse_event(log_json(l).dump(), "log"));
        std::weak_ptr<http::ChunkStream> weak = stream;
        const uint64_t id = logs->subscribe([weak](const deploy::LogLine& l) {
          auto s = weak.lock();
          return s && !s->ended() && s->write(http::sse_event(log_json(l).dump(), "log"));
        });
        std::weak_ptr<deploy::DeploymentLogs> weak_logs = logs;
        stream->on_end([weak_logs, id] {
          if (auto l = weak_logs.lock()) l->unsubscribe(id);
        });
        return http::Response::event_stream(stream);
      });

  api.add_in_project(
      "GET", one + "/manifests",
      [&deployments](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto yaml, deployments.manifests(caller, tracking_scope(req), req.param("deployment"),
                                                          "cairn/model-server:" CAIRN_SERVER_VERSION));
        auto response = http::Response::text(200, std::move(yaml), "application/yaml");
        response.set_header("Content-Disposition", "attachment; filename=\"" + req.param("deployment") + ".yaml\"");
        return response;
      });

  api.add_in_project(
      "POST", one + "/kubernetes/apply",
      [&api, &deployments](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
        CAIRN_TRY_ASSIGN(auto given, body.optional_string("api_key", 1, 256));
        const auto scope = tracking_scope(req);
        const std::string& ref = req.param("deployment");
        json issued;
        std::string key;
        if (given) {
          key = *given;
        } else {
          // Cairn issues the pods their key (read the model, report requests), rotating the one it
          // issued before: the old secret works while the pods roll to the new Secret.
          CAIRN_TRY_ASSIGN(auto target, deployments.kubernetes_apply_target(caller, scope, ref));
          CAIRN_TRY_ASSIGN(auto pods_key, api.services().keys.issue_service_key(
                                              caller, target.deployment.org_id, target.deployment.project_id,
                                              "model-server pods of " + target.deployment.name,
                                              {service::Scope::read, service::Scope::monitor}, kPodKeyGraceSeconds));
          key = std::move(pods_key.secret);
          issued = {{"id", pods_key.key.id}, {"name", pods_key.key.name}, {"prefix", pods_key.key.prefix}};
        }
        CAIRN_TRY_ASSIGN(auto applied, deployments.apply_to_kubernetes(caller, scope, ref, key));
        applied["api_key"] = issued;  // null when the caller gave the key
        return json_result(200, applied);
      });
  api.add_in_project("GET", one + "/kubernetes/status",
                     [&deployments](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto status, deployments.kubernetes_status(caller, tracking_scope(req),
                                                                                   req.param("deployment")));
                       return json_result(200, status);
                     });

  api.add_in_project(
      "GET", one + "/stats",
      [&deployments, &shared](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto ctx, deployments.authorize_read(caller, tracking_scope(req), req.param("deployment")));
        CAIRN_TRY_ASSIGN(auto window, query_int(req, "window_seconds"));
        if (window && (*window < 60 || *window > 86400))
          return Error::bad_request("window_seconds must be between 60 and 86400", "window_seconds");
        // Every replica's traffic; the shadow comparison below is this replica's.
        CAIRN_TRY_ASSIGN(const auto s, shared.summary(ctx.deployment.id, static_cast<int>(window.value_or(300))));
        const auto stats = shared.local(ctx.deployment.id);
        auto bucket = [](const serving::StatsBucket& b) {
          return json{{"at", b.at},         {"requests", b.requests}, {"errors", b.errors},
                      {"p50_ms", b.p50_ms}, {"p99_ms", b.p99_ms},     {"mean_batch_size", b.mean_batch_size}};
        };
        json buckets = json::array();
        for (const auto& b : s.buckets) buckets.push_back(bucket(b));
        const double seconds = std::max(1, s.window_seconds);
        return json_result(200, {{"window_seconds", s.window_seconds},
                                 {"bucket_seconds", s.bucket_seconds},
                                 {"buckets", buckets},
                                 {"totals",
                                  {{"requests", s.totals.requests},
                                   {"errors", s.totals.errors},
                                   {"requests_per_second", static_cast<double>(s.totals.requests) / seconds},
                                   {"p50_ms", s.totals.p50_ms},
                                   {"p99_ms", s.totals.p99_ms},
                                   {"cache_hits", s.totals.cache_hits}}},
                                 // Since the server started: how a shadow revision's answers compared.
                                 {"shadow",
                                  {{"matches", stats->shadow_matches.load()},
                                   {"mismatches", stats->shadow_mismatches.load()},
                                   {"errors", stats->shadow_errors.load()}}}});
      });
}

}  // namespace cairn::api
