#pragma once

#include <memory>
#include <string>
#include <vector>

#include "artifacts/artifact_store.hpp"
#include "service/service_context.hpp"
#include "service/tracking/tracking_access.hpp"
#include "service/tracking/upload_part_tokens.hpp"

namespace cairn::service {

/// A file to send: its stream and size.
struct ArtifactDownload {
  std::unique_ptr<artifacts::ReadStream> stream;
  int64_t size = 0;
};

/// A multipart upload the client drives: its id, and one token per part (in part order).
struct MultipartUpload {
  std::string upload_id;
  std::vector<std::string> part_tokens;
};

/// A run's file or folder (the native API addresses them by run id), its access checked once, for
/// `action`, when it was located.
struct RunArtifact {
  std::string root_uri;  ///< the run's artifact_uri
  std::string path;      ///< relative to the root, as asked
  std::string key;       ///< the store key
  Action action = Action::tracking_read;
};

/// Artifacts of experiments, runs and logged models, addressed as MLflow's proxy addresses them:
/// `<experiment_id>/<run_id>/artifacts/<path>` or `<experiment_id>/models/<model_id>/artifacts/<path>`.
/// The experiment decides the tenant; the store key is `<org_id>/<experiment path>`.
class ArtifactService {
 public:
  ArtifactService(ServiceContext& ctx, artifacts::ArtifactStore& store, const std::string& server_secret)
      : ctx_(ctx), store_(store), part_tokens_(server_secret) {}

  /// Streams the file at `source_file` (a spooled request body) into the store.
  Status upload(const Caller& caller, const std::string& path, const std::string& source_file);
  Result<ArtifactDownload> download(const Caller& caller, const std::string& path);
  /// One level of a directory (an empty path lists nothing: MLflow lists below an experiment).
  Result<std::vector<artifacts::ArtifactInfo>> list(const Caller& caller, const std::string& path);
  Status remove(const Caller& caller, const std::string& path);

  // MLflow's proxied multipart upload of the file at proxy path `path` (in artifact_multipart.cpp).
  // A store that takes whole files only answers ErrorCode::not_implemented, and the client falls back.

  /// Starts an upload of `num_parts` parts (1..10000), checked for the caller's write access.
  Result<MultipartUpload> start_multipart(const Caller& caller, const std::string& path, int num_parts);
  /// Stores one part; the token is the grant (the part request carries no credentials). Returns its ETag.
  Result<std::string> upload_part(const std::string& part_token, std::string body);
  /// Publishes the parts (ascending part numbers, each with the ETag its upload answered).
  Status complete_multipart(const Caller& caller, const std::string& path, const std::string& upload_id,
                            const std::vector<artifacts::UploadedPart>& parts);
  Status abort_multipart(const Caller& caller, const std::string& path, const std::string& upload_id);

  /// A run's file or folder, after one lookup of the run that checks the caller's `action` on it; the
  /// run's own artifact root confines the path. The four calls below take what it answers.
  Result<RunArtifact> run_artifact(const Caller& caller, const std::string& run_id, const std::string& relative,
                                   Action action);
  Result<ArtifactDownload> download(const RunArtifact& file);
  Result<std::vector<artifacts::ArtifactInfo>> list(const RunArtifact& folder);
  Status upload(const RunArtifact& file, const std::string& source_file);
  Status remove(const RunArtifact& file);

  /// The proxy path of a run's artifact directory plus `relative` (from the run's artifact_uri).
  static Result<std::string> run_artifact_path(const std::string& artifact_uri, const std::string& relative);

 private:
  /// The checked store key for a proxy path, after the caller's access to its experiment.
  Result<std::string> key_for(const Caller& caller, const std::string& path, Action action);
  Result<std::string> registry_key(storage::Connection& c, const Principal& p, const std::string& clean, Action action);

  Status store_file(const std::string& key, const std::string& source_file);
  Result<ArtifactDownload> open(const std::string& key, const std::string& shown_path);

  /// The key of a file upload (a file name below the experiment), checked for write access.
  Result<std::string> upload_key_for(const Caller& caller, const std::string& path);

  ServiceContext& ctx_;
  artifacts::ArtifactStore& store_;
  UploadPartTokens part_tokens_;
};

}  // namespace cairn::service
