#include "app/app.hpp"

#include "common/log.hpp"
#include "redis/redis_response_cache.hpp"
#include "storage/migrator.hpp"

namespace cairn::app {

App::~App() {
  // Members are destroyed in reverse order; make the order explicit where it matters.
  keys.reset();
  usage.reset();   // flushes
  mailer.reset();  // drains its queue
}

Result<std::unique_ptr<artifacts::ArtifactStore>> open_configured_store(const config::Settings& settings) {
  artifacts::S3Options s3;
  s3.endpoint_url = settings.s3_endpoint_url;
  s3.region = settings.s3_region;
  return artifacts::open_artifact_store(settings.artifact_root, s3);
}

Result<std::unique_ptr<App>> build_app(const config::Settings& settings, bool migrate) {
  auto app = std::make_unique<App>();
  app->settings = settings;
  CAIRN_TRY_ASSIGN(app->db, storage::open_database(settings.database_url, settings.db_pool_size));
  if (migrate) {
    CAIRN_TRY_ASSIGN(auto status, storage::apply_migrations(*app->db));
    for (const auto& version : status.applied) log::info("migration applied", {{"version", version}});
  }
  if (settings.smtp_url.empty()) {
    app->mailer = notify::make_async_mailer(notify::make_log_mailer());
  } else {
    app->mailer = notify::make_async_mailer(notify::make_smtp_mailer(
        {settings.smtp_url, settings.smtp_username, settings.smtp_password, settings.smtp_from}));
  }
  if (settings.redis_url.empty()) {
    app->limits = limits::make_memory_limit_store();
  } else {
    CAIRN_TRY_ASSIGN(app->limits, limits::make_redis_limit_store(settings.redis_url));
    CAIRN_TRY_ASSIGN(app->shared_cache, redis::make_redis_response_cache(settings.redis_url));
  }
  service::ServiceConfig config{settings.public_url,         settings.api_key_rate_limit,   settings.api_key_rate_burst,
                                settings.login_max_failures, settings.login_window_seconds, !settings.smtp_url.empty()};
  app->context = std::make_unique<service::ServiceContext>(service::ServiceContext{
      *app->db, *app->mailer, *app->limits, service::AccessTokens(settings.secret_key), config});
  app->usage = std::make_unique<service::UsageRecorder>(*app->db);
  app->accounts = std::make_unique<service::AccountService>(*app->context);
  app->orgs = std::make_unique<service::OrgService>(*app->context, settings.secret_key);
  app->projects = std::make_unique<service::ProjectService>(*app->context);
  app->onboarding = std::make_unique<service::OnboardingService>(*app->context);
  app->keys = std::make_unique<service::ApiKeyService>(*app->context, *app->usage);
  app->experiments = std::make_unique<service::ExperimentService>(*app->context);
  app->runs = std::make_unique<service::RunService>(*app->context);
  app->saved_views = std::make_unique<service::SavedViewService>(*app->context);
  CAIRN_TRY_ASSIGN(app->artifact_store, open_configured_store(settings));
  app->artifacts = std::make_unique<service::ArtifactService>(*app->context, *app->artifact_store, settings.secret_key);
  app->logged_models = std::make_unique<service::LoggedModelService>(*app->context);
  app->environments = std::make_unique<service::EnvironmentService>(*app->context);
  app->deployments = std::make_unique<service::DeploymentService>(*app->context);
  if (!settings.kubeconfig.empty()) {
    app->deployments->set_kubernetes(
        {settings.kubectl, settings.kubeconfig, settings.kubernetes_namespace, std::chrono::seconds(60)},
        settings.model_server_image.empty() ? "cairn/model-server:" CAIRN_VERSION : settings.model_server_image);
  }
  app->registered_models = std::make_unique<service::RegisteredModelService>(*app->context, *app->artifact_store);
  app->model_versions = std::make_unique<service::ModelVersionService>(*app->context, *app->artifact_store);
  app->model_files = std::make_unique<service::ModelFileService>(*app->context, *app->artifact_store);
  return app;
}

int run_migrate(const config::Settings& settings) {
  auto db = storage::open_database(settings.database_url, 1);
  if (!db.ok()) {
    log::error("cannot open the database", {{"error", db.error().message}});
    return 1;
  }
  auto status = storage::apply_migrations(**db);
  if (!status.ok()) {
    log::error("migration failed", {{"error", status.error().message}});
    return 1;
  }
  for (const auto& version : status->applied) log::info("migration applied", {{"version", version}});
  log::info("database is up to date", {{"applied", status->applied.size()}});
  return 0;
}

}  // namespace cairn::app
