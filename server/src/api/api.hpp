#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "common/timer_queue.hpp"
#include "common/work_pool.hpp"
#include "http/http_metrics.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"
#include "service/identity/account_service.hpp"
#include "service/principal.hpp"
#include "service/registry/model_file_service.hpp"
#include "service/registry/model_version_service.hpp"
#include "service/registry/registered_model_service.hpp"
#include "service/tenancy/api_key_service.hpp"
#include "service/tenancy/org_service.hpp"
#include "service/tenancy/project_service.hpp"
#include "service/tracking/artifact_service.hpp"
#include "service/tracking/experiment_service.hpp"
#include "service/tracking/logged_model_service.hpp"
#include "service/tracking/run_service.hpp"

namespace cairn::api {

struct Services {
  service::AccountService& accounts;
  service::OrgService& orgs;
  service::ProjectService& projects;
  service::ApiKeyService& keys;
  service::ExperimentService& experiments;
  service::RunService& runs;
  /// Bumped after every request that may have changed something (see service::AccessEpoch).
  service::AccessEpoch& access_epoch;
};

enum class AuthMode {
  none,      ///< public; credentials are ignored
  optional,  ///< public, but a valid credential is used when given
  required,  ///< 401 without a valid access token or API key
};

/// Which error body a route answers with: the native one, or MLflow's (its clients parse it).
/// `open_inference`: KServe's {"error": "message"}, which tritonclient and KServe clients read.
enum class ErrorStyle { native, mlflow, open_inference };

/// Where an endpoint runs. Endpoints block (database, artifact store), so they run on a worker
/// pool and never on the I/O threads. Two pools keep long transfers from starving short calls.
enum class Lane {
  worker,     ///< the default: metadata calls (a few database round trips)
  transfer,   ///< artifact and model-file bodies, archives: calls that may take seconds or minutes
  io_thread,  ///< only for handlers that never block and need no credentials (health, metrics)
};

using Endpoint = std::function<Result<http::Response>(http::Request&, const service::Caller&)>;
/// Completes an asynchronous endpoint, from any thread.
using Reply = std::function<void(Result<http::Response>)>;
/// An endpoint that answers later without holding a worker (a prediction waiting for its batch, a
/// stream set up for a producer). It is called on a worker after authentication; `Caller` is valid
/// only during the call, the request until the reply.
using AsyncEndpoint = std::function<void(http::Request&, const service::Caller&, Reply)>;
/// A handler that answers at once (the web UI's files).
using SyncHandler = std::function<http::Response(http::Request&)>;

/// The native API's front door: routing, authentication (access token or API key, as bearer or
/// basic credentials), per-key rate limits, and the one error shape. Endpoints return a Result;
/// errors become {"error": {...}} responses here and nowhere else.
class Api {
 public:
  Api(Services services, bool secure_cookies) : services_(services), secure_cookies_(secure_cookies) {}

  void add(std::string method, std::string path, AuthMode auth, Endpoint endpoint,
           ErrorStyle style = ErrorStyle::native, Lane lane = Lane::worker);
  void add_async(std::string method, std::string path, AuthMode auth, AsyncEndpoint endpoint,
                 ErrorStyle style = ErrorStyle::native);
  /// A signed-in route under `/orgs/{org}/projects/{project}/...`: the caller is narrowed to the path's
  /// project, as a `/p/<org>/<project>` prefix narrows an MLflow call, so every lookup the services
  /// make answers 404 for anything of another project or organization.
  void add_in_project(std::string method, std::string path, Endpoint endpoint, Lane lane = Lane::worker);
  /// add_in_project for an endpoint that answers later (a prediction waiting for its batch).
  void add_async_in_project(std::string method, std::string path, AsyncEndpoint endpoint);
  /// The pools endpoints run on. Without them (route listing, unit tests) endpoints run inline.
  void set_pools(WorkPool* worker, WorkPool* transfer) {
    worker_pool_ = worker;
    transfer_pool_ = transfer;
  }
  /// Entry point for every request the server reads; called on an I/O thread.
  void handle(http::Request& req, http::Responder responder);
  /// Answers GET requests that match no route (the web UI's files); API paths still get a 404.
  void set_fallback(SyncHandler fallback) { fallback_ = std::move(fallback); }
  const http::Router& router() const { return router_; }
  Services& services() { return services_; }
  bool secure_cookies() const { return secure_cookies_; }

 private:
  /// Every route: narrowing, the lane, authentication and limits, the endpoint, the reply.
  /// A synchronous endpoint as an asynchronous one that replies before it returns; a request that
  /// may write bumps the access epoch.
  AsyncEndpoint replying(Endpoint endpoint);
  void add_route(std::string method, std::string path, AuthMode auth, AsyncEndpoint endpoint, ErrorStyle style,
                 Lane lane, bool narrow_to_project);
  /// Runs `task` on the lane's pool, or answers 503 with Retry-After when its queue is full.
  void dispatch(Lane lane, ErrorStyle style, http::Request& req, const http::Responder& responder,
                std::function<void()> task);
  /// Authentication and per-key rate limits: the caller, or the error that ends the request.
  /// `headers` gets the rate-limit fields to add to whatever answers.
  Result<service::Caller> admit(http::Request& req, AuthMode auth,
                                std::vector<std::pair<std::string, std::string>>& headers);
  /// The endpoint's result as the response (errors in the route's style, the common headers).
  http::Response finish(const http::Request& req, ErrorStyle style, Result<http::Response> result,
                        const std::vector<std::pair<std::string, std::string>>& headers);
  /// Strips a `/p/<org>/<project>` prefix from an MLflow path into req.scope_*; false when the
  /// prefix is malformed or names anything but the MLflow API.
  static bool take_project_prefix(http::Request& req);
  /// A browser's GET of `/p/<org>/<project>` or `/p/<org>/<project>/`: the page the "View run at"
  /// links of the MLflow client open (their `#/...` part never reaches the server).
  static bool is_project_app_page(const http::Request& req);
  /// The web UI's file for a GET that matched no route, read on a worker.
  void serve_static(http::Request& req, const http::Responder& responder);
  /// nullopt principal when no credential was presented.
  Result<std::optional<service::Principal>> authenticate(const http::Request& req);

  Services services_;

  bool secure_cookies_;
  http::Router router_;
  SyncHandler fallback_;
  WorkPool* worker_pool_ = nullptr;
  WorkPool* transfer_pool_ = nullptr;
};

/// Renders a result: the value as JSON with `status`, or the error.
http::Response json_result(int status, const nlohmann::json& body);

/// The project a tracking call addresses when it names none by id: the request's
/// `/p/<org>/<project>` prefix or `/orgs/{org}/projects/{project}` path (empty: the API key's project).
service::TrackingScope tracking_scope(const http::Request& req);

// Route families, each in its own file.
/// `extra_metrics` adds series of other parts (the deployments' cairn_deployment_*).
void add_ops_routes(Api& api, storage::Database& db, http::HttpMetrics& metrics,
                    std::vector<const WorkPool*> pools = {}, std::function<std::string()> extra_metrics = nullptr);
/// Routes that exist only to test the server itself (slow handlers, an event stream); added only
/// with --debug-routes, never in production.
void add_debug_routes(Api& api, TimerQueue& timers);
/// Serves the built web UI from `static_dir` (SPA fallback to index.html) and the API reference.
void add_static_files(Api& api, const std::string& static_dir);
void add_auth_routes(Api& api);
void add_account_routes(Api& api);
void add_org_routes(Api& api);
void add_invitation_routes(Api& api);
void add_project_routes(Api& api);
void add_api_key_routes(Api& api);
void add_mlflow_experiment_routes(Api& api);
void add_mlflow_run_routes(Api& api);
void add_mlflow_artifact_routes(Api& api, service::ArtifactService& artifacts);
/// MLflow's proxied multipart upload (mpu/create, complete, abort, and the part URLs it hands out).
void add_mlflow_multipart_routes(Api& api, service::ArtifactService& artifacts);
void add_mlflow_logged_model_routes(Api& api, service::LoggedModelService& models);
/// The native tracking API under /api/v1/orgs/{org}/projects/{project}: experiments, runs and
/// metrics, and run artifacts (the last needs the artifact store, as the MLflow proxy does).
void add_tracking_experiment_routes(Api& api);
void add_tracking_run_group_routes(Api& api);
void add_tracking_run_routes(Api& api);
void add_tracking_artifact_routes(Api& api, service::ArtifactService& artifacts);
/// The model registry: native routes under /api/v1/orgs/{org}/projects/{project}/models (version
/// downloads are zipped into `spool_dir`) and MLflow's registered-models and model-versions.
void add_registry_model_routes(Api& api, service::RegisteredModelService& registered_models,
                               service::ModelVersionService& model_versions);
void add_registry_version_routes(Api& api, service::ModelVersionService& model_versions,
                                 service::ModelFileService& model_files, const std::string& spool_dir);
void add_mlflow_registry_routes(Api& api, service::RegisteredModelService& registered_models,
                                service::ModelVersionService& model_versions);
/// Whether a request uploads a model version (its body goes to a temporary file).
bool is_model_upload(std::string_view method, std::string_view path);
/// Whether a request's body goes to a temporary file (artifact uploads) rather than memory.
bool is_artifact_upload(std::string_view method, std::string_view path);

}  // namespace cairn::api
