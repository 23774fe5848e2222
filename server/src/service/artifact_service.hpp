#pragma once

#include <memory>
#include <string>
#include <vector>

#include "artifacts/artifact_store.hpp"
#include "service/service_context.hpp"
#include "service/tracking_access.hpp"

namespace cairn::service {

/// A file to send: its stream and size.
struct ArtifactDownload {
  std::unique_ptr<artifacts::ReadStream> stream;
  int64_t size = 0;
};

/// Artifacts of experiments, runs and logged models, addressed as MLflow's proxy addresses them:
/// `<experiment_id>/<run_id>/artifacts/<path>` or `<experiment_id>/models/<model_id>/artifacts/<path>`.
/// The experiment decides the tenant; the store key is `<org_id>/<experiment path>`.
class ArtifactService {
 public:
  ArtifactService(ServiceContext& ctx, artifacts::ArtifactStore& store) : ctx_(ctx), store_(store) {}

  /// Streams the file at `source_file` (a spooled request body) into the store.
  Status upload(const Caller& caller, const std::string& path, const std::string& source_file);
  Result<ArtifactDownload> download(const Caller& caller, const std::string& path);
  /// One level of a directory (an empty path lists nothing: MLflow lists below an experiment).
  Result<std::vector<artifacts::ArtifactInfo>> list(const Caller& caller, const std::string& path);
  Status remove(const Caller& caller, const std::string& path);

  /// The proxy path of a run's artifact directory plus `relative` (from the run's artifact_uri).
  static Result<std::string> run_artifact_path(const std::string& artifact_uri, const std::string& relative);

 private:
  /// The checked store key for a proxy path, after the caller's access to its experiment.
  Result<std::string> key_for(const Caller& caller, const std::string& path, Action action);
  Result<std::string> registry_key(storage::Connection& c, const Principal& p, const std::string& clean, Action action);

  ServiceContext& ctx_;
  artifacts::ArtifactStore& store_;
};

}  // namespace cairn::service
