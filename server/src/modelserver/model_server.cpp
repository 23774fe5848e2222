#include "modelserver/model_server.hpp"

#include <chrono>
#include <nlohmann/json.hpp>

#include "common/clock.hpp"
#include "http/error_mapping.hpp"
#include "serving/inference_request.hpp"
#include "serving/request_sampling.hpp"

namespace cairn::modelserver {
namespace {

using nlohmann::json;

http::Response json_text(int status, const json& body) {
  return http::Response::text(status, body.dump(), "application/json");
}

/// What the deployment is called in the pool's keys (the response cache's and the logs').
std::string deployment_key(const ModelServerSettings& s) {
  return s.org + "/" + s.project + "/" + s.deployment;
}

/// MLflow's error shape has no field: the column at fault goes into the message, as Open Inference
/// answers put it ("f0: expected double ...").
http::Response mlflow_error(Error e, const std::string& request_id) {
  if (!e.field.empty()) e.message = e.field + ": " + e.message;
  return http::mlflow_error_response(e, request_id);
}

}  // namespace

ModelServer::ModelServer(const ModelServerSettings& settings, PredictAccess& access, serving::RequestRecorder& recorder)
    : settings_(settings), access_(access), recorder_(recorder) {
  // mlflow models serve: 200 with a newline once the model is loaded.
  auto ping = [this](http::Request&, const http::Responder& responder) {
    responder.send(http::Response::text(ready() ? 200 : 503, "\n", "application/json"));
  };
  router_.add("GET", "/ping", ping);
  router_.add("GET", "/health", ping);
  router_.add("POST", "/invocations", [this](http::Request& req, const http::Responder& r) { invocations(req, r); });

  router_.add("GET", "/v2/health/live", [](http::Request&, const http::Responder& r) {
    r.send(json_text(200, {{"live", true}}));
  });
  router_.add("GET", "/v2/health/ready", [this](http::Request&, const http::Responder& r) {
    const bool is_ready = ready();
    r.send(json_text(is_ready ? 200 : 503, {{"ready", is_ready}}));
  });
  router_.add("GET", "/v2", [](http::Request&, const http::Responder& r) {
    r.send(http::Response::text(200, serving::render_v2_server_metadata("cairn", CAIRN_SERVER_VERSION),
                                "application/json"));
  });

  auto metadata = [this](http::Request& req, const http::Responder& responder) {
    authorized(req, responder, false, [this, &req, responder](const std::string&) {
      auto answer = [&]() -> Result<http::Response> {
        CAIRN_TRY(check_model(req));
        CAIRN_TRY_ASSIGN(auto model, loaded());
        return http::Response::text(
            200,
            serving::render_v2_model_metadata(settings_.endpoint_name, {std::to_string(settings_.model_version)},
                                              "mlflow", *model.signature),
            "application/json");
      }();
      responder.send(answer.ok() ? std::move(*answer)
                                 : http::open_inference_error_response(answer.error(), req.request_id));
    });
  };
  router_.add("GET", "/v2/models/{model_name}", metadata);
  router_.add("GET", "/v2/models/{model_name}/versions/{model_version}", metadata);
  auto model_ready = [this](http::Request& req, const http::Responder& responder) {
    authorized(req, responder, false, [this, &req, responder](const std::string&) {
      if (auto known = check_model(req); !known.ok())
        return responder.send(http::open_inference_error_response(known.error(), req.request_id));
      const bool is_ready = ready();
      responder.send(json_text(is_ready ? 200 : 503, {{"name", settings_.endpoint_name}, {"ready", is_ready}}));
    });
  };
  router_.add("GET", "/v2/models/{model_name}/ready", model_ready);
  router_.add("GET", "/v2/models/{model_name}/versions/{model_version}/ready", model_ready);
  router_.add("POST", "/v2/models/{model_name}/infer",
              [this](http::Request& req, const http::Responder& r) { infer(req, r); });
  router_.add("POST", "/v2/models/{model_name}/versions/{model_version}/infer",
              [this](http::Request& req, const http::Responder& r) { infer(req, r); });

  router_.add("GET", "/metrics", [this](http::Request& req, const http::Responder& responder) {
    authorized(req, responder, false, [this, responder](const std::string&) {
      std::shared_ptr<deploy::RevisionPool> pool;
      {
        std::lock_guard lock(mutex_);
        pool = loaded_.pool;
      }
      responder.send(http::Response::text(200,
                                          metrics_.render(pool ? pool->workers() : json()) + recorder_.metrics_text(),
                                          "text/plain; version=0.0.4; charset=utf-8"));
    });
  });
}

void ModelServer::set_pool(std::shared_ptr<deploy::RevisionPool> pool,
                           std::shared_ptr<const serving::ModelSignature> signature) {
  std::lock_guard lock(mutex_);
  loaded_ = {std::move(pool), std::move(signature)};
}

Result<ModelServer::Loaded> ModelServer::loaded() const {
  std::lock_guard lock(mutex_);
  if (!loaded_.pool) return Error::unavailable("the model is still loading");
  return loaded_;
}

bool ModelServer::ready() const {
  std::shared_ptr<deploy::RevisionPool> pool;
  {
    std::lock_guard lock(mutex_);
    pool = loaded_.pool;
  }
  if (!pool) return false;
  for (const auto& w : pool->workers())
    if (w.value("state", "") == "ready") return true;
  return false;
}

Status ModelServer::check_model(const http::Request& req) const {
  const std::string& name = req.param("model_name");
  if (name != settings_.endpoint_name) return Error::not_found("model '" + name + "'");
  const std::string& version = req.param("model_version");
  if (!version.empty() && version != std::to_string(settings_.model_version))
    return Error::not_found("version " + version + " of model '" + name + "'");
  return {};
}

void ModelServer::handle(http::Request& req, http::Responder responder) {
  auto match = router_.match(req.method, req.path);
  if (match.kind != http::Router::MatchKind::found) {
    if (match.kind == http::Router::MatchKind::method_not_allowed) {
      std::string allowed;
      for (const auto& m : match.allowed_methods) allowed += (allowed.empty() ? "" : ", ") + m;
      auto response = http::error_response(
          {ErrorCode::bad_request, "method " + req.method + " is not allowed here; allowed: " + allowed},
          req.request_id);
      response.status = 405;
      response.set_header("Allow", allowed);
      return responder.send(std::move(response));
    }
    return responder.send(http::error_response(Error::not_found("route " + req.path), req.request_id));
  }
  req.route = match.route;
  req.path_params = std::move(match.params);
  (*match.handler)(req, std::move(responder));
}

void ModelServer::authorized(http::Request& req, const http::Responder& responder, bool mlflow_style,
                             std::function<void(const std::string&)> then) {
  access_.check(req.header("authorization"),
                [&req, responder, mlflow_style, then = std::move(then)](const Result<std::string>& principal) {
                  if (principal.ok()) return then(*principal);
                  responder.send(mlflow_style ? mlflow_error(principal.error(), req.request_id)
                                              : http::open_inference_error_response(principal.error(), req.request_id));
                });
}

std::shared_ptr<serving::RequestRecord> ModelServer::start_record(const http::Request& req,
                                                                  const std::string& principal) const {
  auto r = std::make_shared<serving::RequestRecord>();
  r->request_id = req.request_id;
  r->principal = principal;
  r->revision = settings_.revision;
  r->at_ms = now_ms();
  return r;
}

http::Responder ModelServer::recorded(std::shared_ptr<serving::RequestRecord> record,
                                      const http::Responder& responder) {
  const auto started = std::chrono::steady_clock::now();
  return http::Responder([this, record = std::move(record), responder, started](http::Response&& response) {
    record->status = response.status;
    record->latency_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    recorder_.record(std::move(*record));
    responder.send(std::move(response));
  });
}

namespace {

/// Why a recorded request failed, as Cairn's gateway records it (the code, and the column at fault).
void note_error(serving::RequestRecord& record, const Error& e) {
  record.error_code = std::string(to_string(e.code));
  record.error_field = e.field;
}

/// The most rows of one request whose inputs a record carries (as Cairn takes them).
constexpr int64_t kMaxSampledRows = 10'000;

/// A responder that counts the prediction in the metrics once it is answered.
http::Responder measured(ModelServerMetrics& metrics, std::string protocol, const http::Responder& responder) {
  metrics.started();
  const auto started = std::chrono::steady_clock::now();
  return http::Responder([&metrics, protocol = std::move(protocol), responder, started](http::Response&& response) {
    metrics.finished(protocol, response.status,
                     std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    responder.send(std::move(response));
  });
}

}  // namespace

Status ModelServer::admit() {
  const auto cell = deploy::rate_cell(settings_.config);
  if (!cell) return {};
  const auto decision = limits_->take("deployment", cell->interval_us, cell->burst);
  if (decision.allowed) return {};
  return Error::rate_limited(static_cast<int>((decision.retry_after_ms + 999) / 1000),
                             "deployment rate limit exceeded (" +
                                 nlohmann::json(settings_.config.rate_limit_per_second).dump() +
                                 " requests per second per pod)");
}

bool ModelServer::sample_inputs(serving::RequestRecord& record, const serving::Table& inputs) const {
  if (inputs.rows > kMaxSampledRows || !serving::sampled(settings_.config.sampling_rate)) return false;
  record.inputs_json = serving::inputs_as_records_json(inputs);
  return true;
}

void ModelServer::invocations(http::Request& req, const http::Responder& original) {
  http::Responder measured_responder = measured(metrics_, "mlflow", original);
  authorized(req, measured_responder, true, [this, &req, measured_responder](const std::string& principal) {
    auto record = start_record(req, principal);
    http::Responder responder = recorded(record, measured_responder);
    auto fail = [&req, responder, record](const Error& e, const Error& cause) {
      note_error(*record, cause);
      responder.send(mlflow_error(e, req.request_id));
    };
    if (auto admitted = admit(); !admitted.ok()) return fail(admitted.error(), admitted.error());
    auto model = loaded();
    if (!model.ok()) return fail(model.error(), model.error());
    const auto& config = settings_.config;
    auto input = serving::parse_mlflow_invocation(req.header("content-type").value_or("application/json"), req.body,
                                                  *model->signature, config.max_rows);
    if (!input.ok()) return fail(serving::mlflow_input_error(input.error()), input.error());
    record->rows = input->table.rows;
    // The same cache as Cairn's gateway, in this pod: answers rendered once per distinct input.
    std::optional<std::string> key;
    const auto cache_control = req.header("cache-control").value_or("");
    if (config.cache_enabled && cache_control.find("no-cache") == std::string_view::npos &&
        cache_control.find("no-store") == std::string_view::npos) {
      key = serving::ResponseCache::key(deployment_key(settings_), settings_.revision, input->table,
                                        "mlflow\n" + input->params_json);
      if (auto body = cache_.get(*key, now_ms())) {
        record->cache_hit = true;
        auto response = http::Response::text(200, std::move(*body), "application/json");
        response.set_header("X-Cairn-Cache", "hit");
        return responder.send(std::move(response));
      }
    }
    const bool keep_data = sample_inputs(*record, input->table);
    serving::InferenceCall call;
    call.inputs = std::move(input->table);
    call.params_json = std::move(input->params_json);
    call.deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(config.timeout_ms);
    call.done = [this, &req, responder, key, record, keep_data](Result<serving::Prediction> result) {
      if (!result.ok()) {
        note_error(*record, result.error());
        return responder.send(mlflow_error(result.error(), req.request_id));
      }
      if (keep_data) record->outputs_json = serving::predictions_json(*result);
      std::string body = serving::render_mlflow_predictions(*result);
      if (key)
        cache_.put(*key, body, now_ms(), settings_.config.cache_ttl_seconds,
                   static_cast<std::size_t>(settings_.config.cache_max_entries));
      auto response = http::Response::text(200, std::move(body), "application/json");
      if (key) response.set_header("X-Cairn-Cache", "miss");
      responder.send(std::move(response));
    };
    auto done = call.done;
    if (auto submitted = model->pool->submit(std::move(call)); !submitted.ok()) done(submitted.error());
  });
}

void ModelServer::infer(http::Request& req, const http::Responder& original) {
  http::Responder measured_responder = measured(metrics_, "v2", original);
  authorized(req, measured_responder, false, [this, &req, measured_responder](const std::string& principal) {
    auto record = start_record(req, principal);
    http::Responder responder = recorded(record, measured_responder);
    auto fail = [&req, responder, record](const Error& e) {
      note_error(*record, e);
      responder.send(http::open_inference_error_response(e, req.request_id));
    };
    if (auto known = check_model(req); !known.ok()) return fail(known.error());
    if (auto admitted = admit(); !admitted.ok()) return fail(admitted.error());
    auto model = loaded();
    if (!model.ok()) return fail(model.error());
    auto parsed = serving::parse_v2_call(req.body, req.header("inference-header-content-length"), *model->signature,
                                         settings_.config.max_rows, settings_.endpoint_name,
                                         std::to_string(settings_.model_version));
    if (!parsed.ok()) return fail(parsed.error());
    record->rows = parsed->table.rows;
    const bool keep_data = sample_inputs(*record, parsed->table);
    serving::InferenceCall call;
    call.inputs = std::move(parsed->table);
    call.params_json = std::move(parsed->params_json);
    call.deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(settings_.config.timeout_ms);
    call.done = [&req, responder, record, keep_data, context = std::move(parsed->context),
                 signature = model->signature](Result<serving::Prediction> result) mutable {
      if (!result.ok()) {
        note_error(*record, result.error());
        return responder.send(http::open_inference_error_response(result.error(), req.request_id));
      }
      if (keep_data) record->outputs_json = serving::predictions_json(*result);
      context.signature = signature.get();
      auto answer = serving::render_v2_infer_response(*result, context);
      if (!answer.ok()) return responder.send(http::open_inference_error_response(answer.error(), req.request_id));
      auto response =
          http::Response::text(200, std::move(answer->body), std::string(serving::v2_content_type(*answer)));
      if (answer->header_length)
        response.set_header("Inference-Header-Content-Length", std::to_string(*answer->header_length));
      responder.send(std::move(response));
    };
    auto done = call.done;
    if (auto submitted = model->pool->submit(std::move(call)); !submitted.ok()) done(submitted.error());
  });
}

}  // namespace cairn::modelserver
