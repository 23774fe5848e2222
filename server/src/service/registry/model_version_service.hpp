#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "artifacts/artifact_store.hpp"
#include "service/registry/registry_access.hpp"
#include "service/service_context.hpp"
#include "service/tracking/artifact_service.hpp"
#include "storage/pagination.hpp"
#include "storage/registry/model_version_store.hpp"
#include "storage/registry/registered_model_store.hpp"

namespace cairn::service {

struct ModelCreate {
  std::string name;
  std::string description;
  storage::KeyValues tags;
};

struct ModelUpdate {
  std::optional<std::string> name;
  std::optional<std::string> description;
};

struct ModelPage {
  std::vector<storage::RegisteredModelRecord> models;
  std::optional<std::string> next_cursor;
};

/// One uploaded file: a byte range of a spooled request body.
struct UploadedFile {
  std::string path;       ///< relative path inside the version ("model/MLmodel")
  std::string body_file;  ///< the spooled body
  int64_t offset = 0;
  int64_t length = 0;
};

/// Where a new version's files come from: exactly one of a run's artifact path, a logged model,
/// an MLflow source URI (runs:/, models:/<id>, mlflow-artifacts:/ of the project), or uploads.
struct VersionCreate {
  std::optional<std::string> run_id;
  std::string artifact_path = "model";
  std::optional<std::string> logged_model_id;
  std::optional<std::string> mlflow_source;
  std::vector<UploadedFile> uploads;
  std::string description;
  storage::KeyValues tags;
  std::optional<std::string> idempotency_key;
};

/// A version with what its pages show beside the row: the model's name and lineage.
struct VersionView {
  std::string model_name;
  storage::ModelVersionRecord version;
  nlohmann::json lineage;  ///< {"run": {...} | null, "datasets": [...]}
};

struct VersionPage {
  std::vector<VersionView> versions;
  std::optional<std::string> next_token;
};

struct TransitionPage {
  std::vector<storage::StageTransitionRecord> transitions;
  std::optional<std::string> next_token;
};

/// A file of a version to send.
struct ModelFileDownload {
  std::unique_ptr<artifacts::ReadStream> stream;
  int64_t size = 0;
  std::string file_name;
};

struct VersionComparison {
  std::vector<VersionView> versions;
  nlohmann::json rows;  ///< [{"kind", "key", "values", "differs"}]
};

/// The model registry: registered models, versions and their files, stages, aliases, metrics.
/// Every call names the project through a TrackingScope (the native path's project, or MLflow's
/// scope) and addresses models by name or id within it.
class ModelRegistryService {
 public:
  ModelRegistryService(ServiceContext& ctx, artifacts::ArtifactStore& store) : ctx_(ctx), store_(store) {}

  Result<storage::RegisteredModelRecord> create_model(const Caller& caller, const TrackingScope& scope,
                                                      const ModelCreate& input);
  Result<storage::RegisteredModelRecord> get_model(const Caller& caller, const TrackingScope& scope,
                                                   const std::string& model_ref);
  Result<ModelPage> list_models(const Caller& caller, const TrackingScope& scope,
                                storage::registered_models::ModelListFilter filter, const storage::PageRequest& page);
  Result<storage::RegisteredModelRecord> update_model(const Caller& caller, const TrackingScope& scope,
                                                      const std::string& model_ref, const ModelUpdate& update);
  Status delete_model(const Caller& caller, const TrackingScope& scope, const std::string& model_ref);
  Status set_model_tag(const Caller& caller, const TrackingScope& scope, const std::string& model_ref,
                       const std::string& key, const std::string& value);
  Status delete_model_tag(const Caller& caller, const TrackingScope& scope, const std::string& model_ref,
                          const std::string& key);

  /// The new version, or (second = false) the one an earlier call with the same idempotency key made.
  Result<std::pair<VersionView, bool>> create_version(const Caller& caller, const TrackingScope& scope,
                                                      const std::string& model_ref, const VersionCreate& input);
  Result<VersionView> get_version(const Caller& caller, const TrackingScope& scope, const std::string& model_ref,
                                  int64_t version);
  Result<VersionPage> list_versions(const Caller& caller, const TrackingScope& scope, const std::string& model_ref,
                                    const std::string& stage, int64_t offset, int limit);
  Result<VersionPage> search_versions(const Caller& caller, const TrackingScope& scope,
                                      storage::model_versions::VersionSearch query);
  /// The newest version in each of `stages` (all stages when empty), as MLflow's get-latest-versions.
  Result<std::vector<VersionView>> latest_versions(const Caller& caller, const TrackingScope& scope,
                                                   const std::string& model_ref, const std::vector<std::string>& stages);
  /// The newest version in each stage of each of `models` (records this service just returned for
  /// the same scope), with one access check: what MLflow's registered models carry.
  Result<std::vector<std::vector<VersionView>>> latest_versions_of(
      const Caller& caller, const TrackingScope& scope, const std::vector<storage::RegisteredModelRecord>& models);
  Result<VersionView> update_version(const Caller& caller, const TrackingScope& scope, const std::string& model_ref,
                                     int64_t version, const std::string& description);
  Status delete_version(const Caller& caller, const TrackingScope& scope, const std::string& model_ref,
                        int64_t version);
  Status set_version_tag(const Caller& caller, const TrackingScope& scope, const std::string& model_ref,
                         int64_t version, const std::string& key, const std::string& value);
  Status delete_version_tag(const Caller& caller, const TrackingScope& scope, const std::string& model_ref,
                            int64_t version, const std::string& key);
  /// Sets (value) or removes (nullopt) metrics of a version.
  Result<VersionView> set_version_metrics(const Caller& caller, const TrackingScope& scope,
                                          const std::string& model_ref, int64_t version,
                                          const std::vector<std::pair<std::string, std::optional<double>>>& metrics);

  Result<VersionView> transition_stage(const Caller& caller, const TrackingScope& scope, const std::string& model_ref,
                                       int64_t version, const std::string& stage, const std::string& comment,
                                       bool archive_existing);
  Result<TransitionPage> stage_history(const Caller& caller, const TrackingScope& scope, const std::string& model_ref,
                                       int64_t version, int64_t offset, int limit);

  Result<VersionView> set_alias(const Caller& caller, const TrackingScope& scope, const std::string& model_ref,
                                const std::string& alias, int64_t version);
  Status delete_alias(const Caller& caller, const TrackingScope& scope, const std::string& model_ref,
                      const std::string& alias);
  Result<VersionView> version_by_alias(const Caller& caller, const TrackingScope& scope, const std::string& model_ref,
                                       const std::string& alias);

  Result<std::vector<storage::ModelFileRecord>> files(const Caller& caller, const TrackingScope& scope,
                                                      const std::string& model_ref, int64_t version);
  Result<ModelFileDownload> open_file(const Caller& caller, const TrackingScope& scope, const std::string& model_ref,
                                      int64_t version, const std::string& path);
  /// Writes the whole version into a zip archive at `zip_path` (the caller streams and removes it).
  Status write_zip(const Caller& caller, const TrackingScope& scope, const std::string& model_ref, int64_t version,
                   const std::string& zip_path);
  Result<VersionComparison> compare(const Caller& caller, const TrackingScope& scope, const std::string& model_ref,
                                    const std::vector<int64_t>& versions);

  /// `mlflow-artifacts:/<storage_location>`: where the MLflow client downloads a version from.
  static std::string download_uri(const storage::ModelVersionRecord& version);

 private:
  /// The version's source run with its params and inputs, when it still exists in the model's project.
  static Result<std::optional<storage::RunView>> source_run(storage::Connection& c, const ModelContext& model,
                                                            const std::optional<std::string>& run_id);
  /// A version with its lineage from an already read source run.
  static Result<VersionView> view_with_run(storage::Connection& c, const ModelContext& model,
                                           storage::ModelVersionRecord version,
                                           const std::optional<storage::RunView>& run);
  static Result<VersionView> view_of(storage::Connection& c, const ModelContext& model,
                                     storage::ModelVersionRecord version);
  static Result<std::vector<VersionView>> newest_per_stage(storage::Connection& c, const ModelContext& model,
                                                           const std::vector<std::string>& stages);

  ServiceContext& ctx_;
  artifacts::ArtifactStore& store_;
};

/// Checks an alias: letters, digits, '_' and '-', starting with a letter, at most 255 characters;
/// "latest" and version-like names ("v3", "3") are reserved (MLflow's rules).
Status validate_alias(const std::string& alias);

}  // namespace cairn::service
