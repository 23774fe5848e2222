#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "storage/registry/registry_records.hpp"

/// Versions of registered models: their files, tags, metrics, aliases and stage history.
namespace cairn::storage::model_versions {

/// The version with its files (in one transaction with the caller's other writes).
Status insert(Connection& c, const ModelVersionRecord& version, const std::vector<ModelFileRecord>& files);
/// With tags, metrics and aliases.
Result<std::optional<ModelVersionRecord>> find(Connection& c, const std::string& model_id, int64_t version);
Result<std::optional<ModelVersionRecord>> find_by_idempotency_key(Connection& c, const std::string& model_id,
                                                                  const std::string& key);
/// Newest first; `stage` empty for all. Fetches `limit + 1` rows from `offset` to tell whether more follow.
Result<std::vector<ModelVersionRecord>> list(Connection& c, const std::string& model_id, const std::string& stage,
                                             int64_t offset, int limit);

/// The registry's version search (MLflow's search_model_versions) over a project.
struct VersionSearch {
  std::string project_id;
  std::optional<std::string> name;
  std::string name_like;
  bool name_ilike = false;
  std::vector<std::string> run_ids;  ///< any of them
  std::optional<std::string> stage;
  std::optional<int64_t> version;
  std::vector<std::pair<std::string, std::string>> tags;
  std::vector<std::pair<std::string, std::string>> tags_not;  ///< absent tags match, as in MLflow
  bool newest_first = true;
  int64_t offset = 0;
  int limit = 100;
};
/// Each with the model's name in `model_name`.
struct NamedVersion {
  std::string model_name;
  ModelVersionRecord version;
};
Result<std::vector<NamedVersion>> search(Connection& c, const VersionSearch& query);

Status set_description(Connection& c, const std::string& model_id, int64_t version, const std::string& description,
                       int64_t now);
Status set_stage(Connection& c, const std::string& model_id, int64_t version, const std::string& stage, int64_t now);
/// Versions other than `except` in `stage`.
Result<std::vector<int64_t>> versions_in_stage(Connection& c, const std::string& model_id, const std::string& stage,
                                               int64_t except);
Status remove(Connection& c, const std::string& model_id, int64_t version);
Result<std::vector<ModelFileRecord>> files(Connection& c, const std::string& model_id, int64_t version);
/// Storage locations of uploaded versions, to delete their files with the model.
Result<std::vector<std::string>> upload_locations(Connection& c, const std::string& model_id);

Status set_tag(Connection& c, const std::string& model_id, int64_t version, const std::string& key,
               const std::string& value);
Status delete_tag(Connection& c, const std::string& model_id, int64_t version, const std::string& key);
/// Upserts a metric; `source` is "run" (copied at registration) or "user".
Status set_metric(Connection& c, const std::string& model_id, int64_t version, const std::string& key, double value,
                  const std::string& source);
Status delete_metric(Connection& c, const std::string& model_id, int64_t version, const std::string& key);

Status set_alias(Connection& c, const std::string& model_id, const std::string& alias, int64_t version);
Status delete_alias(Connection& c, const std::string& model_id, const std::string& alias);
Result<std::optional<int64_t>> alias_version(Connection& c, const std::string& model_id, const std::string& alias);

Status add_transition(Connection& c, const StageTransitionRecord& transition);
/// Newest first; `version` 0 for every version. Fetches `limit + 1` rows.
Result<std::vector<StageTransitionRecord>> transitions(Connection& c, const std::string& model_id, int64_t version,
                                                       int64_t offset, int limit);

}  // namespace cairn::storage::model_versions
