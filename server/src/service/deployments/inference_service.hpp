#pragma once

#include <functional>
#include <memory>
#include <string>

#include "common/ttl_cache.hpp"
#include "service/deployments/deployment_supervisor.hpp"
#include "serving/model_signature.hpp"
#include "serving/request_recorder.hpp"
#include "serving/response_cache.hpp"
#include "serving/shared_response_cache.hpp"

namespace cairn::service {

/// Who asked, for the request record.
struct RequestContext {
  std::string request_id;
  std::string principal;  ///< "user:<id>" | "key:<id>"
};

/// A deployment resolved for one prediction: where to send it and how to read and answer it.
struct InferenceRoute {
  ServingTarget target;
  std::shared_ptr<const serving::ModelSignature> signature;
  std::string deployment_id;
};

/// The gateway's service half: finds the deployment a prediction names (by project and name, or by
/// its server-wide endpoint name), checks the caller may call it (`predict`; another
/// organization's answers 404), and submits the parsed input to the revision the traffic split
/// picks, recording latency and errors. Parsing and rendering the protocols is the API's.
class InferenceService {
 public:
  /// `shared_cache`: the replicas' common tier behind `cache` (Redis), or null.
  InferenceService(ServiceContext& ctx, DeploymentSupervisor& supervisor, serving::ResponseCache& cache,
                   serving::SharedResponseCache* shared_cache, serving::RequestRecorder& recorder)
      : ctx_(ctx), supervisor_(supervisor), cache_(cache), shared_cache_(shared_cache), recorder_(recorder) {}

  Result<InferenceRoute> route_by_name(const Caller& caller, const TrackingScope& scope, const std::string& name);
  /// `to_predict` false: for metadata and readiness, which a key with `read` or `predict` may ask.
  Result<InferenceRoute> route_by_endpoint(const Caller& caller, const std::string& endpoint_name,
                                           bool to_predict = true);
  /// Whether the endpoint exists and has a ready worker (the v2 readiness probe); 404 as above.
  Result<bool> ready(const Caller& caller, const std::string& endpoint_name);

  /// The response-cache key of a request, or nullopt when the deployment's cache is off or the
  /// client asked to bypass it (`Cache-Control: no-cache`). `protocol` keeps the renderings apart.
  std::optional<std::string> cache_key(const InferenceRoute& route, const serving::Table& inputs,
                                       std::string_view params_json, std::string_view protocol,
                                       std::string_view cache_control) const;
  /// A cached answer body (counted as a request and a cache hit), or nullopt (a miss): in process
  /// first, then in the shared tier (a shared hit is kept in process for the next time).
  std::optional<std::string> cached(const InferenceRoute& route, const std::string& key, const RequestContext& rc,
                                    int64_t rows);
  void remember(const InferenceRoute& route, const std::string& key, std::string body);

  /// Records a request whose input was refused before it reached the model (400: which field).
  /// `answered_status`: what the client got (the MLflow protocol answers every input error with 400).
  void rejected(const InferenceRoute& route, const RequestContext& rc, const Error& error, int answered_status,
                int64_t rows);

  /// Runs the prediction; `done` gets the answer (or 503, 504, 500 with the model's message).
  /// Every call becomes a RequestRecord (inputs and outputs for the sampled share).
  void predict(const InferenceRoute& route, const RequestContext& rc, serving::Table inputs, std::string params_json,
               std::function<void(Result<serving::Prediction>)> done);

  /// Requests a model server answered elsewhere (a pod of the `kubernetes` target), as it reports
  /// them: recorded like the gateway's own (request log, monitoring, the deployment's statistics).
  /// The caller needs `monitor_ingest` on the deployment (the pods' key has the `monitor` scope);
  /// each record's revision must be one the deployment has had. Returns how many were queued.
  Result<std::size_t> report(const Caller& caller, const TrackingScope& scope, const std::string& ref,
                             std::vector<serving::RequestRecord> records);

 private:
  void remember_locally(const InferenceRoute& route, const std::string& key, std::string body);
  static std::string route_key(const Principal& p, std::string_view how, const std::string& what);
  /// `to_predict`: the call will predict, so the deployment's rate limit applies.
  Result<InferenceRoute> route_for(const std::string& deployment_id, bool to_predict);
  /// The deployment's own rate limit (config.rate_limit), across all callers: 429 + Retry-After.
  Status admit(const InferenceRoute& route);

  ServiceContext& ctx_;
  DeploymentSupervisor& supervisor_;
  serving::ResponseCache& cache_;
  serving::SharedResponseCache* shared_cache_;
  serving::RequestRecorder& recorder_;
  /// Which deployment a caller means and may call (route_key -> deployment id): the prediction
  /// path's database round trips, kept briefly (see AccessEpoch).
  TtlCache<std::string> routes_{kAccessCacheTtlMs, 10000};
};

}  // namespace cairn::service
