#include "service/tracking/artifact_service.hpp"

#include <fstream>

#include "storage/registry/registered_model_store.hpp"
#include "storage/tracking/experiment_store.hpp"

namespace cairn::service {

using storage::Connection;

Result<std::string> ArtifactService::key_for(const Caller& caller, const std::string& path, Action action) {
  return ctx_.read(caller, [&](Connection& c, const Principal& p) -> Result<std::string> {
    CAIRN_TRY_ASSIGN(auto clean, artifacts::normalize_relative_path(path));
    const auto slash = clean.find('/');
    const std::string experiment_id = clean.substr(0, slash);
    if (experiment_id == "0") return Error::not_found("artifact '" + path + "'");
    if (experiment_id == "registry") return registry_key(c, p, clean, action);
    // Another tenant's experiment answers like a missing file.
    auto experiment = experiment_for(c, p, TrackingScope{}, experiment_id, action);
    if (!experiment.ok()) {
      if (experiment.error().code == ErrorCode::not_found) return Error::not_found("artifact '" + path + "'");
      return std::move(experiment).error();
    }
    return artifacts::join_key(experiment->org_id, clean);
  });
}

// Files uploaded to the model registry: registry/<model_id>/<upload>/<path>, readable by whoever
// may read the model, written only by the registry itself (never through the proxy).
Result<std::string> ArtifactService::registry_key(storage::Connection& c, const Principal& p, const std::string& clean,
                                                  Action action) {
  auto missing = [&] { return Error::not_found("artifact '" + clean + "'"); };
  if (action != Action::tracking_read) return missing();
  const auto first = clean.find('/');
  if (first == std::string::npos) return missing();
  const auto second = clean.find('/', first + 1);
  const std::string model_id =
      clean.substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1);
  CAIRN_TRY_ASSIGN(auto model, storage::registered_models::owner_of(c, model_id));
  if (!model) return missing();
  auto owner = resolve_owner(c, p, model->org_id, model->project_id, Action::registry_read);
  if (!owner.ok()) return owner.error().code == ErrorCode::not_found ? missing() : std::move(owner).error();
  return artifacts::join_key(model->org_id, clean);
}

Result<std::string> ArtifactService::upload_key_for(const Caller& caller, const std::string& path) {
  CAIRN_TRY_ASSIGN(auto key, key_for(caller, path, Action::tracking_write));
  if (key.find('/') == std::string::npos || key.substr(key.find('/') + 1).find('/') == std::string::npos) {
    return Error::bad_request("an artifact path needs a file name below the experiment", "path");
  }
  return key;
}

Status ArtifactService::upload(const Caller& caller, const std::string& path, const std::string& source_file) {
  CAIRN_TRY_ASSIGN(auto key, upload_key_for(caller, path));
  return store_file(key, source_file);
}

Status ArtifactService::store_file(const std::string& key, const std::string& source_file) {
  std::ifstream in(source_file, std::ios::binary);
  if (!in) return Error::internal("the spooled upload is missing");
  CAIRN_TRY_ASSIGN(auto out, store_.open_write(key));
  std::vector<char> buffer(1 << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto n = in.gcount();
    if (n > 0) CAIRN_TRY(out->write(std::string_view(buffer.data(), static_cast<std::size_t>(n))));
  }
  return out->finish();
}

Result<ArtifactDownload> ArtifactService::download(const Caller& caller, const std::string& path) {
  CAIRN_TRY_ASSIGN(auto key, key_for(caller, path, Action::tracking_read));
  return open(key, path);
}

Result<ArtifactDownload> ArtifactService::open(const std::string& key, const std::string& shown_path) {
  auto stream = store_.open_read(key);
  if (!stream.ok()) {
    if (stream.error().code == ErrorCode::not_found) return Error::not_found("artifact '" + shown_path + "'");
    return std::move(stream).error();
  }
  ArtifactDownload out;
  out.size = (*stream)->size();
  out.stream = std::move(*stream);
  return out;
}

Result<std::vector<artifacts::ArtifactInfo>> ArtifactService::list(const Caller& caller, const std::string& path) {
  if (path.empty()) return std::vector<artifacts::ArtifactInfo>{};
  CAIRN_TRY_ASSIGN(auto key, key_for(caller, path, Action::tracking_read));
  return store_.list(key);
}

Status ArtifactService::remove(const Caller& caller, const std::string& path) {
  CAIRN_TRY_ASSIGN(auto key, key_for(caller, path, Action::tracking_write));
  return store_.remove(key);
}

Result<RunArtifact> ArtifactService::run_artifact(const Caller& caller, const std::string& run_id,
                                                  const std::string& relative, Action action) {
  return ctx_.read(caller, [&](Connection& c, const Principal& p) -> Result<RunArtifact> {
    CAIRN_TRY_ASSIGN(auto run, run_for(c, p, run_id, action));
    CAIRN_TRY_ASSIGN(auto proxy_path, run_artifact_path(run.artifact_uri, relative));
    return RunArtifact{run.artifact_uri, relative, artifacts::join_key(run.org_id, proxy_path), action};
  });
}

Result<ArtifactDownload> ArtifactService::download(const RunArtifact& file) {
  return open(file.key, file.path);
}

Result<std::vector<artifacts::ArtifactInfo>> ArtifactService::list(const RunArtifact& folder) {
  return store_.list(folder.key);
}

// A file located for reading must not be written: the check its lookup made is the only one.
Status ArtifactService::upload(const RunArtifact& file, const std::string& source_file) {
  if (file.action != Action::tracking_write) return Error::internal("artifact located for reading, not writing");
  return store_file(file.key, source_file);
}

Status ArtifactService::remove(const RunArtifact& file) {
  if (file.action != Action::tracking_write) return Error::internal("artifact located for reading, not writing");
  return store_.remove(file.key);
}

Result<std::string> ArtifactService::run_artifact_path(const std::string& artifact_uri, const std::string& relative) {
  constexpr std::string_view kScheme = "mlflow-artifacts:/";
  if (!artifact_uri.starts_with(kScheme)) return Error::internal("artifact URI outside the proxy: " + artifact_uri);
  std::string base = artifact_uri.substr(kScheme.size());
  while (base.starts_with('/')) base.erase(0, 1);
  if (relative.empty()) return base;
  CAIRN_TRY_ASSIGN(auto clean, artifacts::normalize_relative_path(relative));
  return base + "/" + clean;
}

}  // namespace cairn::service
