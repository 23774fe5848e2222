#include "app/serve_model.hpp"

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "common/log.hpp"
#include "common/text.hpp"
#include "common/timer_queue.hpp"
#include "common/work_pool.hpp"
#include "http/server.hpp"
#include "modelserver/model_download.hpp"
#include "modelserver/model_server.hpp"
#include "modelserver/record_reporter.hpp"
#include "runtime/model_source.hpp"
#include "runtime/python/python_environment.hpp"
#include "runtime/python/python_runtime.hpp"
#include "runtime/xgboost/xgboost_runtime.hpp"

namespace cairn::app {
namespace {

using modelserver::ModelServerSettings;

/// Fetches the model, starts its workers and hands them to `server`; watches them until one is
/// ready or the model is known not to load.
class ModelLoader {
 public:
  /// `shutdown` ends the HTTP server (the way SIGTERM does) when the model cannot be served.
  ModelLoader(const ModelServerSettings& settings, const modelserver::CairnClient& cairn,
              modelserver::ModelServer& server, TimerQueue& timers, std::function<void()> shutdown)
      : settings_(settings),
        cairn_(cairn),
        server_(server),
        timers_(timers),
        shutdown_(std::move(shutdown)),
        python_(settings.python) {
    // The workers' output goes to our standard output, where `kubectl logs` reads it.
    logs_->subscribe([](const deploy::LogLine& line) {
      log::info(line.line, {{"worker", line.worker}, {"stream", line.stream}});
      return true;
    });
  }

  void start() {
    thread_ = std::thread([this] { load(); });
  }
  /// Stops loading (or the workers once loaded); after the HTTP server has drained.
  void stop() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
    if (pool_) pool_->stop();
  }
  bool failed() const { return failed_; }

 private:
  /// Logs why and ends the server; the exit code becomes 1 (the pod restarts, its log says why).
  void fail(const std::string& message, nlohmann::json fields) {
    log::error(message, std::move(fields));
    failed_ = true;
    shutdown_();
  }

  void load() {
    bool downloaded = false;
    auto model = modelserver::fetch_model_version(cairn_, settings_, stopping_, downloaded);
    if (stopping_) return;
    if (!model.ok()) return fail("cannot fetch the model", {{"error", model.error().message}});
    log::info(downloaded ? "downloaded the model's files" : "found the model's files in the work dir",
              {{"model", settings_.model}, {"version", settings_.model_version}, {"dir", model->model_dir}});

    std::string why_not;
    runtime::Runtime* runtime =
        runtime::choose_runtime({&xgboost_, &python_}, settings_.config.runtime, *model, why_not);
    if (!runtime) return fail("cannot serve the model", {{"error", why_not}});
    deploy::RevisionPool::Spec spec;
    spec.deployment_id = settings_.org + "/" + settings_.project + "/" + settings_.deployment;
    spec.revision = settings_.revision;
    spec.model = *model;
    spec.config = settings_.config;
    spec.runtime = runtime;
    spec.python = settings_.python;
    if (settings_.config.env_manager == "virtualenv" && runtime->name() == "python") {
      log::info("preparing a virtual environment from the model's requirements");
      auto python = runtime::python::prepare_environment(
          settings_.python, model->model_dir, (std::filesystem::path(settings_.work_dir) / "environments").string());
      if (!python.ok()) return fail("cannot prepare the model's environment", {{"error", python.error().message}});
      spec.python = *python;
    }
    log::info("starting the model's worker", {{"runtime", runtime->name()}, {"revision", settings_.revision}});
    pool_ = deploy::RevisionPool::start(std::move(spec), timers_, logs_);
    server_.set_pool(pool_, runtime::model_signature(*model));

    // A model that cannot load would leave the pod unready for ever: exit instead, so that
    // Kubernetes shows the worker's reason and restarts the pod with backoff.
    while (!stopping_) {
      const auto health = pool_->health();
      if (health == deploy::PoolHealth::healthy) {
        log::info("ready", {{"endpoint", settings_.endpoint_name}});
        return;
      }
      if (health == deploy::PoolHealth::failed) return fail("the model does not load", {{"error", pool_->reason()}});
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }

  const ModelServerSettings& settings_;
  const modelserver::CairnClient& cairn_;
  modelserver::ModelServer& server_;
  TimerQueue& timers_;
  std::function<void()> shutdown_;
  runtime::xgboost::XgboostRuntime xgboost_;
  runtime::python::PythonRuntime python_;
  std::shared_ptr<deploy::DeploymentLogs> logs_ = std::make_shared<deploy::DeploymentLogs>("");
  std::shared_ptr<deploy::RevisionPool> pool_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> failed_{false};
  std::thread thread_;
};

}  // namespace

int run_serve_model(const modelserver::ModelServerFlags& flags) {
  auto settings = modelserver::read_model_server_settings(flags, [](const char* name) { return std::getenv(name); });
  if (!settings.ok()) {
    log::error("invalid settings", {{"setting", settings.error().field}, {"error", settings.error().message}});
    return 2;
  }
  std::error_code ec;
  std::filesystem::create_directories(settings->work_dir, ec);
  if (ec) {
    log::error("invalid settings", {{"setting", "--work-dir"}, {"error", "cannot create it: " + ec.message()}});
    return 2;
  }

  modelserver::CairnClient cairn(settings->cairn_url);
  // Access checks wait on Cairn: on threads of their own, never on the I/O threads.
  WorkPool checks("access", 2, 1024);
  TimerQueue timers;
  const std::string deployment_path = "/api/v1/orgs/" + uri_encode(settings->org, false) + "/projects/" +
                                      uri_encode(settings->project, false) + "/deployments/" +
                                      uri_encode(settings->deployment, false);
  modelserver::PredictAccess access(cairn, deployment_path + "/access", checks);
  // Every prediction is reported to Cairn for monitoring, in batches off the request path: at most
  // one call a second per pod, so that many pods sharing one key stay within its rate limit.
  modelserver::CairnRecordSink record_sink(cairn, deployment_path + "/request-records", settings->token);
  serving::RequestRecorder recorder(record_sink, 65536, 512, std::chrono::seconds(1));
  modelserver::ModelServer server(*settings, access, recorder);

  http::ServerOptions options;
  options.host = "0.0.0.0";
  options.port = static_cast<uint16_t>(settings->port);
  options.threads = 2;
  // Requests in flight at SIGTERM may take up to the deployment's timeout; the pod's grace period
  // is longer than this (kubernetes_manifests.cpp).
  options.shutdown_grace = std::chrono::seconds(settings->config.timeout_ms / 1000 + 5);
  http::HttpMetrics metrics;
  http::Server http(
      options, [&server](http::Request& req, http::Responder responder) { server.handle(req, std::move(responder)); },
      metrics);
  ModelLoader loader(*settings, cairn, server, timers, [&http] { http.stop(); });
  try {
    http.run([&](uint16_t port) {
      log::info("model server listening",
                {{"port", port},
                 {"deployment", settings->org + "/" + settings->project + "/" + settings->deployment},
                 {"cairn_url", settings->cairn_url}});
      loader.start();
    });
  } catch (const std::exception& e) {
    log::error("cannot listen", {{"port", settings->port}, {"error", e.what()}});
    loader.stop();
    return 1;
  }
  // In-flight requests have been answered: stop what produced them.
  loader.stop();
  checks.stop();
  timers.stop();
  recorder.stop();  // what is queued goes to Cairn before the pod exits
  log::info("stopped");
  return loader.failed() ? 1 : 0;
}

}  // namespace cairn::app
