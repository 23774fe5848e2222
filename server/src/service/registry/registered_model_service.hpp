#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "artifacts/artifact_store.hpp"
#include "service/registry/registry_access.hpp"
#include "service/service_context.hpp"
#include "storage/pagination.hpp"
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

/// MLflow's search_registered_models as the client sends it; the service reads the filter
/// language, as run search does.
struct ModelSearchRequest {
  std::string filter;                     ///< name =, LIKE, ILIKE; tags.<key> = and !=
  std::vector<std::string> order_by;      ///< at most one of name, creation_timestamp, last_updated_timestamp
  std::optional<int64_t> max_results;     ///< 1 to 1000, 100 when absent
  std::optional<std::string> page_token;  ///< a cursor from an earlier page
};

/// Registered models: the named containers of versions, with their tags. Every call names the
/// project through a TrackingScope (the native path's project, or MLflow's scope) and addresses
/// models by name or id within it. Versions are ModelVersionService's, their files ModelFileService's.
class RegisteredModelService {
 public:
  RegisteredModelService(ServiceContext& ctx, artifacts::ArtifactStore& store) : ctx_(ctx), store_(store) {}

  Result<storage::RegisteredModelRecord> create_model(const Caller& caller, const TrackingScope& scope,
                                                      const ModelCreate& input);
  Result<storage::RegisteredModelRecord> get_model(const Caller& caller, const TrackingScope& scope,
                                                   const std::string& model_ref);
  Result<ModelPage> list_models(const Caller& caller, const TrackingScope& scope,
                                storage::registered_models::ModelListFilter filter, const storage::PageRequest& page);
  /// list_models for MLflow's search: the filter, order and page token translated here.
  Result<ModelPage> search_models(const Caller& caller, const TrackingScope& scope, const ModelSearchRequest& request);
  Result<storage::RegisteredModelRecord> update_model(const Caller& caller, const TrackingScope& scope,
                                                      const std::string& model_ref, const ModelUpdate& update);
  /// Removes the model with its versions, and the files uploaded to it.
  Status delete_model(const Caller& caller, const TrackingScope& scope, const std::string& model_ref);
  Status set_model_tag(const Caller& caller, const TrackingScope& scope, const std::string& model_ref,
                       const std::string& key, const std::string& value);
  Status delete_model_tag(const Caller& caller, const TrackingScope& scope, const std::string& model_ref,
                          const std::string& key);

 private:
  ServiceContext& ctx_;
  artifacts::ArtifactStore& store_;
};

}  // namespace cairn::service
