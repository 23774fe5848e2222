#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "deploy/local/revision_pool.hpp"
#include "http/request.hpp"
#include "http/responder.hpp"
#include "http/router.hpp"
#include "limits/limit_store.hpp"
#include "modelserver/model_server_metrics.hpp"
#include "modelserver/model_server_settings.hpp"
#include "modelserver/predict_access.hpp"
#include "serving/model_signature.hpp"
#include "serving/request_recorder.hpp"
#include "serving/response_cache.hpp"

namespace cairn::modelserver {

/// The HTTP face of `cairn serve-model`: one deployment's inference API, answered like Cairn's own
/// gateway answers it and like `mlflow models serve` and KServe servers do, so that clients move
/// between them unchanged.
///
///   GET  /ping, /health                    200 once the model is loaded (mlflow models serve)
///   POST /invocations                      MLflow scoring; errors in MLflow's shape
///   GET  /v2/health/live, /v2/health/ready the probes; ready once a worker is
///   GET  /v2                               server metadata
///   GET  /v2/models/{name}[/versions/{v}][/ready], POST .../infer
///                                          Open Inference v2 for CAIRN_ENDPOINT_NAME; {"error": ...}
///   GET  /metrics                          Prometheus text
///
/// Health and metadata of the server stay open for the probes; the model's routes and /metrics need
/// a token that may predict on the deployment (PredictAccess). Every authorized prediction becomes
/// a request record (with inputs and outputs for the sampled share) for `recorder`, which reports
/// them to Cairn (CairnRecordSink).
class ModelServer {
 public:
  ModelServer(const ModelServerSettings& settings, PredictAccess& access, serving::RequestRecorder& recorder);

  /// Serves what the loaded model answers from now on (until then, prediction routes answer 503).
  void set_pool(std::shared_ptr<deploy::RevisionPool> pool, std::shared_ptr<const serving::ModelSignature> signature);
  /// The http::Server's handler.
  void handle(http::Request& req, http::Responder responder);

 private:
  struct Loaded {
    std::shared_ptr<deploy::RevisionPool> pool;
    std::shared_ptr<const serving::ModelSignature> signature;
  };
  /// The pool and signature once loaded; an error to answer while not.
  Result<Loaded> loaded() const;
  bool ready() const;
  /// Whether `req` names the served model (and version, when it names one).
  Status check_model(const http::Request& req) const;

  void invocations(http::Request& req, const http::Responder& responder);
  void infer(http::Request& req, const http::Responder& responder);
  /// Runs `then` with the caller's principal when the request's token may predict, else answers the refusal.
  void authorized(http::Request& req, const http::Responder& responder, bool mlflow_style,
                  std::function<void(const std::string&)> then);
  /// A record of the prediction `req` asks for, by `principal`; `recorded` sends it once answered.
  std::shared_ptr<serving::RequestRecord> start_record(const http::Request& req, const std::string& principal) const;
  http::Responder recorded(std::shared_ptr<serving::RequestRecord> record, const http::Responder& responder);
  /// The deployment's rate limit, as this pod applies it: 429 with Retry-After beyond it.
  Status admit();
  /// Whether this request is in the deployment's sampled share; if so its inputs go into `record`.
  bool sample_inputs(serving::RequestRecord& record, const serving::Table& inputs) const;

  const ModelServerSettings& settings_;
  PredictAccess& access_;
  serving::RequestRecorder& recorder_;
  ModelServerMetrics metrics_;
  serving::ResponseCache cache_;
  std::unique_ptr<limits::LimitStore> limits_ = limits::make_memory_limit_store();
  http::Router router_;
  mutable std::mutex mutex_;
  Loaded loaded_;
};

}  // namespace cairn::modelserver
