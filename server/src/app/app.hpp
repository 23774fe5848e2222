#pragma once

#include <memory>

#include "config/settings.hpp"
#include "notify/mailer.hpp"
#include "service/account_service.hpp"
#include "artifacts/artifact_store.hpp"
#include "service/api_key_service.hpp"
#include "service/artifact_service.hpp"
#include "service/experiment_service.hpp"
#include "service/logged_model_service.hpp"
#include "service/limit_store.hpp"
#include "service/model_registry_service.hpp"
#include "service/org_service.hpp"
#include "service/project_service.hpp"
#include "service/run_service.hpp"
#include "service/usage_recorder.hpp"
#include "storage/database.hpp"

namespace cairn::app {

/// Every long-lived part of a running Cairn, built from Settings. The only place that picks
/// implementations (SQLite or PostgreSQL, SMTP or log mailer, Redis or in-process limits).
struct App {
  config::Settings settings;
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<notify::Mailer> mailer;
  std::unique_ptr<service::LimitStore> limits;
  std::unique_ptr<service::ServiceContext> context;
  std::unique_ptr<service::UsageRecorder> usage;
  std::unique_ptr<service::AccountService> accounts;
  std::unique_ptr<service::OrgService> orgs;
  std::unique_ptr<service::ProjectService> projects;
  std::unique_ptr<service::ApiKeyService> keys;
  std::unique_ptr<service::ExperimentService> experiments;
  std::unique_ptr<service::RunService> runs;
  std::unique_ptr<artifacts::ArtifactStore> artifact_store;
  std::unique_ptr<service::ArtifactService> artifacts;
  std::unique_ptr<service::LoggedModelService> logged_models;
  std::unique_ptr<service::ModelRegistryService> registry;

  ~App();  ///< flushes usage counts and queued emails before the database closes
};

/// Opens the database (applying migrations when `migrate`) and builds the services.
Result<std::unique_ptr<App>> build_app(const config::Settings& settings, bool migrate);

int run_serve(const config::Settings& settings);
int run_migrate(const config::Settings& settings);
int run_routes();

}  // namespace cairn::app
