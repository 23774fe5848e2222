#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "artifacts/artifact_store.hpp"
#include "service/registry/registry_access.hpp"
#include "service/service_context.hpp"
#include "storage/registry/model_version_store.hpp"

namespace cairn::service {

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

/// MLflow's search_model_versions as the client sends it; the service reads the filter language,
/// as run search does.
struct VersionSearchRequest {
  std::string filter;                     ///< name, run_id, tags, current_stage, version_number clauses
  std::optional<int64_t> max_results;     ///< 1 to 200000 (at most 10000 come back), 10000 when absent
  std::optional<std::string> page_token;  ///< an offset token from an earlier page
};

struct TransitionPage {
  std::vector<storage::StageTransitionRecord> transitions;
  std::optional<std::string> next_token;
};

struct VersionComparison {
  std::vector<VersionView> versions;
  nlohmann::json rows;  ///< [{"kind", "key", "values", "differs"}]
};

/// The versions of registered models: creating them (from a run, a logged model, an MLflow source
/// or uploads), their stages, aliases, tags and metrics, and comparing them. Addressed like
/// RegisteredModelService: a TrackingScope's project, then the model by name or id.
class ModelVersionService {
 public:
  ModelVersionService(ServiceContext& ctx, artifacts::ArtifactStore& store) : ctx_(ctx), store_(store) {}

  /// The new version, or (second = false) the one an earlier call with the same idempotency key made.
  Result<std::pair<VersionView, bool>> create_version(const Caller& caller, const TrackingScope& scope,
                                                      const std::string& model_ref, const VersionCreate& input);
  Result<VersionView> get_version(const Caller& caller, const TrackingScope& scope, const std::string& model_ref,
                                  int64_t version);
  Result<VersionPage> list_versions(const Caller& caller, const TrackingScope& scope, const std::string& model_ref,
                                    const std::string& stage, int64_t offset, int limit);
  /// MLflow's search across the scope's models: the filter, max_results and page token translated here.
  Result<VersionPage> search_versions(const Caller& caller, const TrackingScope& scope,
                                      const VersionSearchRequest& request);
  /// The newest version in each of `stages` (all stages when empty), as MLflow's get-latest-versions.
  Result<std::vector<VersionView>> latest_versions(const Caller& caller, const TrackingScope& scope,
                                                   const std::string& model_ref,
                                                   const std::vector<std::string>& stages);
  /// The newest version in each stage of each of `models` (records RegisteredModelService just
  /// returned for the same scope), with one access check: what MLflow's registered models carry.
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
