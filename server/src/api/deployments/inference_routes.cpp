// The inference API: MLflow's scoring protocol per deployment, and the Open Inference Protocol v2
// at the server root (KServe, Triton, MLServer clients), both answering asynchronously: a request
// waits for its batch and a model worker without holding a thread.
#include "api/api.hpp"
#include "api/deployments/deployment_routes.hpp"
#include "api/json_input.hpp"
#include "common/clock.hpp"
#include "serving/inference_request.hpp"
#include "serving/request_record_wire.hpp"

namespace cairn::api {
namespace {

http::Response v2_answer(const serving::V2Response& answer, int64_t revision) {
  auto response = http::Response::text(200, answer.body, std::string(serving::v2_content_type(answer)));
  response.set_header("X-Cairn-Revision", std::to_string(revision));
  if (answer.header_length)
    response.set_header("Inference-Header-Content-Length", std::to_string(*answer.header_length));
  return response;
}

service::RequestContext request_context(const http::Request& req, const service::Caller& caller) {
  return {req.request_id, caller.principal ? caller.principal->log_id() : std::string()};
}

/// A JSON answer naming the revision that answered (a canary's clients can tell); with the
/// deployment's cache on, X-Cairn-Cache says whether it came from it.
http::Response answer(std::string body, int64_t revision, bool cache_on, bool hit = false) {
  auto response = http::Response::text(200, std::move(body), "application/json");
  response.set_header("X-Cairn-Revision", std::to_string(revision));
  if (cache_on) response.set_header("X-Cairn-Cache", hit ? "hit" : "miss");
  return response;
}

}  // namespace

void add_inference_routes(Api& api, service::InferenceService& inference) {
  api.add_async_in_project(
      "POST", "/api/v1/orgs/{org}/projects/{project}/deployments/{deployment}/invocations",
      [&inference](http::Request& req, const service::Caller& caller, const Reply& reply) {
        auto route = inference.route_by_name(caller, tracking_scope(req), req.param("deployment"));
        if (!route.ok()) return reply(route.error());
        auto input = serving::parse_mlflow_invocation(req.header("content-type").value_or("application/json"), req.body,
                                                      *route->signature, route->target.config.max_rows);
        const auto rc = request_context(req, caller);
        if (!input.ok()) {
          auto answered = serving::mlflow_input_error(input.error());
          inference.rejected(*route, rc, input.error(), http_status(answered.code), 0);
          return reply(std::move(answered));
        }
        auto key = inference.cache_key(*route, input->table, input->params_json, "mlflow",
                                       req.header("cache-control").value_or(""));
        if (key) {
          if (auto body = inference.cached(*route, *key, rc, input->table.rows))
            return reply(answer(std::move(*body), route->target.revision, true, true));
        }
        inference.predict(*route, rc, std::move(input->table), std::move(input->params_json),
                          [&inference, reply, key, route = *route](Result<serving::Prediction> result) {
                            if (!result.ok()) return reply(result.error());
                            std::string body = serving::render_mlflow_predictions(*result);
                            if (key) inference.remember(route, *key, body);
                            reply(answer(std::move(body), route.target.revision, key.has_value()));
                          });
      });

  // What the model servers of the kubernetes target answered (they report in batches): recorded as
  // the gateway records its own requests.
  api.add_in_project("POST", "/api/v1/orgs/{org}/projects/{project}/deployments/{deployment}/request-records",
                     [&inference](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
                       CAIRN_TRY_ASSIGN(auto records, serving::records_from_wire(body.json(), now_ms()));
                       CAIRN_TRY_ASSIGN(auto accepted, inference.report(caller, tracking_scope(req),
                                                                        req.param("deployment"), std::move(records)));
                       return json_result(202, {{"accepted", accepted}});
                     });

  // Liveness and readiness of the server itself, without credentials (probes).
  api.add(
      "GET", "/v2/health/live", AuthMode::none,
      [](http::Request&, const service::Caller&) -> Result<http::Response> {
        return json_result(200, {{"live", true}});
      },
      ErrorStyle::native, Lane::io_thread);
  api.add(
      "GET", "/v2/health/ready", AuthMode::none,
      [](http::Request&, const service::Caller&) -> Result<http::Response> {
        return json_result(200, {{"ready", true}});
      },
      ErrorStyle::native, Lane::io_thread);
  api.add(
      "GET", "/v2", AuthMode::none,
      [](http::Request&, const service::Caller&) -> Result<http::Response> {
        return http::Response::text(200, serving::render_v2_server_metadata("cairn", CAIRN_SERVER_VERSION),
                                    "application/json");
      },
      ErrorStyle::native, Lane::io_thread);

  auto metadata = [&inference](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
    CAIRN_TRY_ASSIGN(auto route, inference.route_by_endpoint(caller, req.param("model_name"), false));
    const std::string version = std::to_string(route.target.model_version);
    return http::Response::text(
        200, serving::render_v2_model_metadata(req.param("model_name"), {version}, "mlflow", *route.signature),
        "application/json");
  };
  api.add("GET", "/v2/models/{model_name}", AuthMode::required, metadata, ErrorStyle::open_inference);
  api.add("GET", "/v2/models/{model_name}/versions/{model_version}", AuthMode::required, metadata,
          ErrorStyle::open_inference);
  auto ready = [&inference](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
    CAIRN_TRY_ASSIGN(bool is_ready, inference.ready(caller, req.param("model_name")));
    return json_result(is_ready ? 200 : 503, {{"name", req.param("model_name")}, {"ready", is_ready}});
  };
  api.add("GET", "/v2/models/{model_name}/ready", AuthMode::required, ready, ErrorStyle::open_inference);
  api.add("GET", "/v2/models/{model_name}/versions/{model_version}/ready", AuthMode::required, ready,
          ErrorStyle::open_inference);

  auto infer = [&inference](http::Request& req, const service::Caller& caller, const Reply& reply) {
    auto route = inference.route_by_endpoint(caller, req.param("model_name"));
    if (!route.ok()) return reply(route.error());
    auto call = serving::parse_v2_call(req.body, req.header("inference-header-content-length"), *route->signature,
                                       route->target.config.max_rows, req.param("model_name"),
                                       std::to_string(route->target.model_version));
    if (!call.ok()) {
      inference.rejected(*route, request_context(req, caller), call.error(), http_status(call.error().code), 0);
      return reply(call.error());
    }
    serving::V2ResponseContext context = std::move(call->context);
    auto signature = route->signature;
    const int64_t revision = route->target.revision;
    inference.predict(*route, request_context(req, caller), std::move(call->table), std::move(call->params_json),
                      [reply, context, signature, revision](Result<serving::Prediction> result) mutable {
                        if (!result.ok()) return reply(result.error());
                        context.signature = signature.get();
                        auto answer = serving::render_v2_infer_response(*result, context);
                        if (!answer.ok()) return reply(answer.error());
                        reply(v2_answer(*answer, revision));
                      });
  };
  api.add_async("POST", "/v2/models/{model_name}/infer", AuthMode::required, infer, ErrorStyle::open_inference);
  api.add_async("POST", "/v2/models/{model_name}/versions/{model_version}/infer", AuthMode::required, infer,
                ErrorStyle::open_inference);
}

}  // namespace cairn::api
