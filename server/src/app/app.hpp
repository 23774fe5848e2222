#pragma once

#include <memory>

#include "artifacts/artifact_store.hpp"
#include "config/settings.hpp"
#include "limits/limit_store.hpp"
#include "notify/mailer.hpp"
#include "service/deployments/deployment_service.hpp"
#include "service/deployments/environment_service.hpp"
#include "service/identity/account_service.hpp"
#include "service/registry/model_file_service.hpp"
#include "service/registry/model_version_service.hpp"
#include "service/registry/registered_model_service.hpp"
#include "service/tenancy/api_key_service.hpp"
#include "service/tenancy/onboarding_service.hpp"
#include "service/tenancy/org_service.hpp"
#include "service/tenancy/project_service.hpp"
#include "service/tenancy/usage_recorder.hpp"
#include "service/tracking/artifact_service.hpp"
#include "service/tracking/experiment_service.hpp"
#include "service/tracking/logged_model_service.hpp"
#include "service/tracking/run_service.hpp"
#include "service/tracking/saved_view_service.hpp"
#include "serving/shared_response_cache.hpp"
#include "storage/database.hpp"

namespace cairn::app {

/// Every long-lived part of a running Cairn, built from Settings. The only place that picks
/// implementations (SQLite or PostgreSQL, SMTP or log mailer, Redis or in-process limits).
struct App {
  config::Settings settings;
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<notify::Mailer> mailer;
  std::unique_ptr<limits::LimitStore> limits;
  /// The response cache's tier shared by the replicas (Redis, when configured), else null.
  std::unique_ptr<serving::SharedResponseCache> shared_cache;
  std::unique_ptr<service::ServiceContext> context;
  std::unique_ptr<service::UsageRecorder> usage;
  std::unique_ptr<service::AccountService> accounts;
  std::unique_ptr<service::OrgService> orgs;
  std::unique_ptr<service::ProjectService> projects;
  std::unique_ptr<service::OnboardingService> onboarding;
  std::unique_ptr<service::ApiKeyService> keys;
  std::unique_ptr<service::ExperimentService> experiments;
  std::unique_ptr<service::SavedViewService> saved_views;
  std::unique_ptr<service::RunService> runs;
  std::unique_ptr<artifacts::ArtifactStore> artifact_store;
  std::unique_ptr<service::ArtifactService> artifacts;
  std::unique_ptr<service::LoggedModelService> logged_models;
  std::unique_ptr<service::RegisteredModelService> registered_models;
  std::unique_ptr<service::ModelVersionService> model_versions;
  std::unique_ptr<service::ModelFileService> model_files;
  std::unique_ptr<service::EnvironmentService> environments;
  std::unique_ptr<service::DeploymentService> deployments;

  ~App();  ///< flushes usage counts and queued emails before the database closes
};

/// The artifact store the settings name (a local folder or S3), as the server opens it.
Result<std::unique_ptr<artifacts::ArtifactStore>> open_configured_store(const config::Settings& settings);

/// Opens the database (applying migrations when `migrate`) and builds the services.
Result<std::unique_ptr<App>> build_app(const config::Settings& settings, bool migrate);

int run_serve(const config::Settings& settings);
int run_migrate(const config::Settings& settings);
int run_routes();

}  // namespace cairn::app
