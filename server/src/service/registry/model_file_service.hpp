#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "artifacts/artifact_store.hpp"
#include "service/registry/registry_access.hpp"
#include "service/service_context.hpp"
#include "storage/registry/registry_records.hpp"

namespace cairn::service {

/// A file of a version to send.
struct ModelFileDownload {
  std::unique_ptr<artifacts::ReadStream> stream;
  int64_t size = 0;
  std::string file_name;
};

/// Reading a version's files back: the list recorded at registration, one file streamed, or the
/// whole version as a zip archive. (Writing them is part of creating a version: ModelVersionService.)
class ModelFileService {
 public:
  ModelFileService(ServiceContext& ctx, artifacts::ArtifactStore& store) : ctx_(ctx), store_(store) {}

  Result<std::vector<storage::ModelFileRecord>> files(const Caller& caller, const TrackingScope& scope,
                                                      const std::string& model_ref, int64_t version);
  Result<ModelFileDownload> open_file(const Caller& caller, const TrackingScope& scope, const std::string& model_ref,
                                      int64_t version, const std::string& path);
  /// Writes the whole version into a zip archive at `zip_path` (the caller streams and removes it).
  Status write_zip(const Caller& caller, const TrackingScope& scope, const std::string& model_ref, int64_t version,
                   const std::string& zip_path);

 private:
  ServiceContext& ctx_;
  artifacts::ArtifactStore& store_;
};

}  // namespace cairn::service
