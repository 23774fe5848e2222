#include <filesystem>
#include <iostream>

#include "api/api.hpp"
#include "api/deployments/deployment_routes.hpp"
#include "api/monitoring/monitor_routes.hpp"
#include "api/tenancy/onboarding_routes.hpp"
#include "api/tracking/saved_view_routes.hpp"
#include "app/alerting_setup.hpp"
#include "app/app.hpp"
#include "app/demo_account.hpp"
#include "app/tracking_gc_job.hpp"
#include "common/crypto.hpp"
#include "common/log.hpp"
#include "http/server.hpp"
#include "jobs/scheduler.hpp"
#include "runtime/python/python_runtime.hpp"
#include "runtime/xgboost/xgboost_runtime.hpp"
#include "service/deployments/deployment_stats_sharing.hpp"
#include "service/deployments/deployment_supervisor.hpp"
#include "service/deployments/inference_service.hpp"
#include "service/monitoring/gateway_records.hpp"
#include "service/monitoring/monitor_jobs.hpp"

namespace cairn::app {
namespace {

std::string default_static_dir() {
  namespace fs = std::filesystem;
  std::error_code ec;
  // Beside the binary when installed (<prefix>/bin/cairn -> <prefix>/share/cairn/web), else the
  // checkout's web/dist (build/cairn -> web/dist).
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  for (const fs::path& candidate :
       {exe.parent_path() / "../share/cairn/web", exe.parent_path() / "../web/dist", fs::path("web/dist")}) {
    if (fs::exists(candidate / "index.html", ec) || fs::exists(candidate / "docs", ec)) {
      return fs::weakly_canonical(candidate, ec).string();
    }
  }
  return "web/dist";
}

void add_all_routes(api::Api& api) {
  api::add_auth_routes(api);
  api::add_account_routes(api);
  api::add_org_routes(api);
  api::add_invitation_routes(api);
  api::add_project_routes(api);
  api::add_api_key_routes(api);
  api::add_mlflow_experiment_routes(api);
  api::add_mlflow_run_routes(api);
  api::add_tracking_experiment_routes(api);
  api::add_tracking_run_routes(api);
  api::add_tracking_run_group_routes(api);
}

void add_service_routes(api::Api& api, App& app, const std::string& spool_dir) {
  api::add_onboarding_routes(api, *app.onboarding);
  api::add_saved_view_routes(api, *app.saved_views);
  api::add_mlflow_artifact_routes(api, *app.artifacts);
  api::add_mlflow_multipart_routes(api, *app.artifacts);
  api::add_mlflow_logged_model_routes(api, *app.logged_models);
  api::add_tracking_artifact_routes(api, *app.artifacts);
  api::add_registry_model_routes(api, *app.registered_models, *app.model_versions);
  api::add_registry_version_routes(api, *app.model_versions, *app.model_files, spool_dir);
  api::add_mlflow_registry_routes(api, *app.registered_models, *app.model_versions);
}

/// The interpreter that runs Python model workers: CAIRN_RUNTIME_PYTHON, else the checkout's
/// virtual environment (build/cairn -> .venv/bin/python, where `make` installs the cairn package),
/// else python3 on the PATH.
std::string runtime_python() {
  if (const char* configured = std::getenv("CAIRN_RUNTIME_PYTHON"); configured && *configured) return configured;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  for (const auto& candidate : {exe.parent_path() / "../.venv/bin/python", std::filesystem::path(".venv/bin/python")})
    if (std::filesystem::exists(candidate, ec))
      return std::filesystem::absolute(candidate, ec).lexically_normal().string();
  return "python3";
}

/// Monitoring: statistics of every prediction, their background jobs, and the monitors' routes.
struct Monitoring {
  service::MonitorIngest ingest;
  service::MonitorService monitors;
  service::MonitorWatch watch;
  jobs::Scheduler scheduler;

  Monitoring(App& app, const config::Settings& settings)
      : ingest(*app.db, "w-" + crypto::random_hex(6)),
        monitors(*app.context, ingest, app.artifacts.get()),
        watch(*app.db, std::chrono::milliseconds(std::clamp(settings.monitoring_interval_seconds * 200, 500, 2000))),
        scheduler(*app.db, ingest.writer(), std::min<int64_t>(1000, settings.monitoring_interval_seconds * 200)) {
    const int64_t interval = settings.monitoring_interval_seconds * int64_t{1000};
    const service::monitor_jobs::Retention retention{settings.retention_minute_days, settings.retention_hour_days,
                                                     settings.retention_day_days, settings.retention_series_days,
                                                     settings.retention_record_days};
    auto& db = *app.db;
    scheduler.add(
        {"monitoring.flush", std::clamp<int64_t>(interval / 5, 1000, 5000), [this] { return ingest.flush(); }, true});
    scheduler.add({"monitoring.rollup", interval, [&db] { return service::monitor_jobs::roll_up(db); }});
    scheduler.add({"monitoring.evaluate", interval, [&db] { return service::monitor_jobs::evaluate(db); }});
    scheduler.add({"monitoring.retention", std::max<int64_t>(interval, 3'600'000),
                   [&db, retention] { return service::monitor_jobs::apply_retention(db, retention); }});
  }

  void add_routes(api::Api& api, App& app) { api::add_monitor_routes(api, monitors, watch, *app.db); }
  std::string metrics_text(App& app) {
    return ingest.metrics_text() + service::monitor_jobs::metrics_text(*app.db) +
           "# HELP cairn_monitor_live_watchers Live dashboards following a monitor's updates (SSE).\n"
           "# TYPE cairn_monitor_live_watchers gauge\ncairn_monitor_live_watchers " +
           std::to_string(watch.watchers()) + "\n";
  }
};

/// Deployments: the supervisor that runs them here, their routes and the inference API.
struct Serving {
  runtime::xgboost::XgboostRuntime xgboost;
  runtime::python::PythonRuntime python;
  serving::ResponseCache cache;  ///< in process, shared by the deployments (256 MiB), before Redis's tier
  service::GatewayRecordSink record_sink;
  serving::RequestRecorder recorder;  ///< prediction records for monitoring, written off the request path
  service::DeploymentSupervisor supervisor;
  service::InferenceService inference;
  service::DeploymentStatsSharing stats_sharing;  ///< the deployments' live /stats across replicas
  jobs::Scheduler scheduler;

  Serving(App& app, TimerQueue& timers, const std::string& data_dir, service::MonitorIngest& ingest)
      : python(runtime_python()),
        record_sink(*app.db, ingest),
        recorder(record_sink),
        supervisor(*app.context, *app.deployments, *app.artifact_store, {&xgboost, &python}, timers,
                   {data_dir, runtime_python(), std::chrono::milliseconds(2000),
                    [this](const std::string& id) { cache.drop_deployment(id); }}),
        inference(*app.context, supervisor, cache, app.shared_cache.get(), recorder),
        stats_sharing(*app.db, supervisor, "replica-" + crypto::random_hex(6)),
        scheduler(*app.db, "serving-" + crypto::random_hex(6)) {
    scheduler.add({"deployments.stats.publish", service::DeploymentStatsSharing::kPublishIntervalMs,
                   [this] { return stats_sharing.publish(); }, true});
    scheduler.add({"deployments.stats.prune", 600'000, [this] { return stats_sharing.prune(); }});
  }

  void add_routes(api::Api& api, App& app) {
    api::add_environment_routes(api, *app.environments);
    api::add_deployment_routes(api, *app.deployments, [this](const std::string& id) { return supervisor.workers(id); });
    api::add_inference_routes(api, inference);
    api::add_deployment_runtime_routes(api, *app.deployments, supervisor, stats_sharing);
  }
};

/// Request bodies that go to a temporary file rather than memory: uploads.
bool spooled(std::string_view method, std::string_view path) {
  return api::is_artifact_upload(method, path) || api::is_model_upload(method, path);
}

}  // namespace

int run_routes() {
  // Route registration needs only references; nothing is called.
  config::Settings settings;
  settings.secret_key = std::string(32, 'x');
  settings.database_url = "sqlite::memory:";
  settings.artifact_root = (std::filesystem::temp_directory_path() / "cairn-routes-artifacts").string();
  auto app = build_app(settings, false);
  if (!app.ok()) return 1;
  api::Api api({*(*app)->accounts, *(*app)->orgs, *(*app)->projects, *(*app)->keys, *(*app)->experiments, *(*app)->runs,
                *(*app)->context->access_epoch},
               false);
  http::HttpMetrics metrics;
  api::add_ops_routes(api, *(*app)->db, metrics);
  api::add_static_files(api, "web/dist");
  add_all_routes(api);
  add_service_routes(api, **app, std::filesystem::temp_directory_path().string());
  TimerQueue timers;
  Monitoring monitoring(**app, settings);
  Serving serving(**app, timers, settings.artifact_root, monitoring.ingest);
  serving.add_routes(api, **app);
  monitoring.add_routes(api, **app);
  Alerting alerting(**app);
  alerting.add_routes(api);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : api.router().routes()) {
    // OpenAPI has no multi-segment parameter: `{path...}` is written `{path}` there.
    std::string path = r.path;
    for (auto at = path.find("...}"); at != std::string::npos; at = path.find("...}")) path.erase(at, 3);
    out.push_back({{"method", r.method}, {"path", path}});
  }
  std::cout << out.dump(2) << std::endl;
  return 0;
}

int run_serve(const config::Settings& settings) {
  log::setup(settings.log_level);
  auto built = build_app(settings, true);
  if (!built.ok()) {
    log::error("cannot start", {{"error", built.error().message}});
    return 1;
  }
  auto& app = **built;
  if (settings.demo) {
    if (auto demo = ensure_demo_account(app); !demo.ok()) {
      log::error("could not create the demo account", {{"error", demo.error().message}});
    }
  }

  // Blocking work runs here, never on the I/O threads: API calls on one pool, transfers of
  // artifact and model-file bodies on another so long downloads cannot starve short calls.
  WorkPool workers("api", static_cast<std::size_t>(settings.worker_threads),
                   static_cast<std::size_t>(settings.worker_queue));
  WorkPool transfers("transfer", static_cast<std::size_t>(settings.transfer_threads),
                     static_cast<std::size_t>(settings.worker_queue));
  TimerQueue timers;

  http::HttpMetrics metrics;
  api::Api api(
      {*app.accounts, *app.orgs, *app.projects, *app.keys, *app.experiments, *app.runs, *app.context->access_epoch},
      settings.public_url.starts_with("https://"));
  api.set_pools(&workers, &transfers);
  Monitoring monitoring(app, settings);
  Serving serving(app, timers, settings.data_dir, monitoring.ingest);
  Alerting alerting(app);
  // Purging deleted runs and experiments: off unless retention_deleted_days is set.
  jobs::Scheduler maintenance(*app.db, "maintenance-" + crypto::random_hex(6));
  if (settings.retention_deleted_days > 0) {
    maintenance.add(tracking_gc_job(*app.db, *app.artifact_store, settings.retention_deleted_days));
  }
  api::add_ops_routes(api, *app.db, metrics, {&workers, &transfers},
                      [&serving, &monitoring, &alerting, &maintenance, &app] {
                        return serving.supervisor.metrics_text() + serving.recorder.metrics_text() +
                               monitoring.metrics_text(app) + alerting.metrics_text() + app.onboarding->metrics_text() +
                               jobs::metrics_text({&monitoring.scheduler, &serving.scheduler, &alerting.scheduler,
                                                   &alerting.delivery_scheduler, &maintenance});
                      });
  if (settings.debug_routes) {
    log::warn("debug routes enabled (/_debug/...): for testing the server, never for production");
    api::add_debug_routes(api, timers);
  }
  api::add_static_files(api, settings.static_dir.empty() ? default_static_dir() : settings.static_dir);
  add_all_routes(api);
  const std::string spool_dir = (std::filesystem::path(settings.data_dir) / "tmp").string();
  add_service_routes(api, app, spool_dir);
  log::info("artifact store", {{"store", app.artifact_store->describe()}});
  serving.add_routes(api, app);
  monitoring.add_routes(api, app);
  alerting.add_routes(api);
  monitoring.scheduler.start();
  serving.scheduler.start();
  maintenance.start();
  alerting.start();
  app.deployments->set_on_change([&serving](const std::string&) { serving.supervisor.nudge(); });
  serving.supervisor.start();

  http::ServerOptions options;
  options.host = settings.host;
  options.port = static_cast<uint16_t>(settings.port);
  options.threads = settings.threads;
  options.body_limit = static_cast<std::size_t>(settings.max_body_bytes);
  options.spool_body = spooled;
  options.spool_limit = static_cast<std::size_t>(settings.max_upload_bytes);
  options.spool_dir = spool_dir;
  std::filesystem::create_directories(options.spool_dir);
  // Uploads cut off by a crash leave their spool files behind; nothing else lives there.
  for (const auto& entry : std::filesystem::directory_iterator(options.spool_dir)) {
    if (entry.path().filename().string().starts_with("cairn-upload-")) std::filesystem::remove(entry.path());
  }
  options.offload = [&transfers](std::function<void()> task) { return transfers.try_submit(std::move(task)); };
  http::Server server(
      options, [&api](http::Request& req, http::Responder responder) { api.handle(req, std::move(responder)); },
      metrics);
  try {
    server.run([&](uint16_t port) {
      log::info("listening", {{"url", "http://" + settings.host + ":" + std::to_string(port)},
                              {"database", app.db->dialect() == storage::Dialect::sqlite ? "sqlite" : "postgresql"},
                              {"threads", settings.threads},
                              {"worker_threads", settings.worker_threads},
                              {"transfer_threads", settings.transfer_threads}});
    });
  } catch (const std::exception& e) {
    log::error("cannot listen", {{"host", settings.host}, {"port", settings.port}, {"error", e.what()}});
    return 1;
  }
  // The I/O threads have stopped: let running calls finish, drop what is queued, then the timers.
  workers.stop();
  transfers.stop();
  serving.supervisor.stop();  // model workers get SIGTERM before the timers go
  serving.recorder.stop();    // the last records reach the database before it closes
  serving.scheduler.stop();
  (void)serving.stats_sharing.publish();  // the last seconds' traffic stays in the others' /stats
  monitoring.scheduler.stop();
  maintenance.stop();
  alerting.stop();
  (void)monitoring.ingest.flush();  // and the statistics of the last seconds
  timers.stop();
  log::info("stopped");
  return 0;
}

}  // namespace cairn::app
