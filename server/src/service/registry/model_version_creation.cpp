#include <cmath>

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "service/registry/model_file_scan.hpp"
#include "service/registry/model_version_service.hpp"
#include "service/tracking/artifact_service.hpp"
#include "storage/registry/registered_model_store.hpp"
#include "storage/tracking/experiment_store.hpp"
#include "storage/tracking/logged_model_store.hpp"
#include "storage/tracking/run_store.hpp"

// Creating a model version: where its files are (a run's artifacts, a logged model, an MLflow
// source URI, or files uploaded now), reading them once for checksums and metadata, and the row
// written last, in one transaction, so a failure anywhere leaves no version behind.
namespace cairn::service {
namespace {

constexpr std::size_t kMaxVersionFiles = 10000;
constexpr std::string_view kProxyScheme = "mlflow-artifacts:/";

/// Where the files of a new version are, and what it came from.
struct ResolvedSource {
  std::string type;  ///< run | logged_model | upload
  std::string uri;
  std::optional<std::string> run_id;
  std::optional<std::string> logged_model_id;
  std::string storage_location;
};

std::string strip_proxy_scheme(const std::string& uri) {
  std::string path = uri.substr(kProxyScheme.size());
  while (path.starts_with('/')) path.erase(0, 1);
  return path;
}

Result<ResolvedSource> from_run(storage::Connection& c, const ModelContext& model, const std::string& run_id,
                                const std::string& artifact_path) {
  CAIRN_TRY_ASSIGN(auto run, storage::runs::find(c, run_id));
  if (!run || run->project_id != model.model.project_id) return Error::not_found("run '" + run_id + "'");
  CAIRN_TRY_ASSIGN(auto location, ArtifactService::run_artifact_path(run->artifact_uri, artifact_path));
  return ResolvedSource{"run", "runs:/" + run_id + "/" + artifact_path, run_id, std::nullopt, location};
}

Result<ResolvedSource> from_logged_model(storage::Connection& c, const ModelContext& model, const std::string& id) {
  CAIRN_TRY_ASSIGN(auto logged, storage::logged_models::find(c, id));
  if (!logged || logged->project_id != model.model.project_id || logged->lifecycle_stage != "active") {
    return Error::not_found("logged model '" + id + "'");
  }
  if (!logged->artifact_uri.starts_with(kProxyScheme)) return Error::internal("logged model outside the proxy");
  return ResolvedSource{"logged_model", "models:/" + id, logged->source_run_id, id,
                        strip_proxy_scheme(logged->artifact_uri)};
}

/// MLflow's `source`: runs:/<run>/<path>, models:/<model_id>, or a mlflow-artifacts:/ URI inside
/// the project. Sources outside Cairn's store are refused: the server could neither read their
/// metadata nor serve their files.
Result<ResolvedSource> from_mlflow_source(storage::Connection& c, const ModelContext& model, const std::string& source,
                                          const std::optional<std::string>& run_id) {
  if (source.starts_with("runs:/")) {
    std::string rest = source.substr(6);
    while (rest.starts_with('/')) rest.erase(0, 1);
    const auto slash = rest.find('/');
    const std::string id = rest.substr(0, slash);
    const std::string path = slash == std::string::npos ? "" : rest.substr(slash + 1);
    if (id.empty()) return Error::validation("source", "runs:/ URI without a run id");
    return from_run(c, model, id, path);
  }
  if (source.starts_with("models:/m-")) return from_logged_model(c, model, source.substr(8));
  if (source.starts_with(kProxyScheme)) {
    const std::string path = strip_proxy_scheme(source);
    CAIRN_TRY_ASSIGN(auto clean, artifacts::normalize_relative_path(path));
    const std::string experiment_id = clean.substr(0, clean.find('/'));
    CAIRN_TRY_ASSIGN(auto experiment, storage::experiments::find(c, experiment_id));
    if (!experiment || experiment->project_id != model.model.project_id) {
      return Error::not_found("artifact location '" + source + "'");
    }
    ResolvedSource out{"run", source, run_id, std::nullopt, clean};
    // <experiment>/models/<model_id>/artifacts: a logged model's files.
    const std::string models_prefix = experiment_id + "/models/";
    if (clean.starts_with(models_prefix)) {
      out.type = "logged_model";
      const std::string rest = clean.substr(models_prefix.size());
      out.logged_model_id = rest.substr(0, rest.find('/'));
    }
    return out;
  }
  return Error::validation("source",
                           "the source must be a runs:/, models:/<model_id> or mlflow-artifacts:/ URI of "
                           "this project (files elsewhere cannot be read by Cairn)");
}

/// Streams each upload into the store under `prefix`, then scans it from the local spool.
Result<std::vector<ScannedFile>> store_uploads(artifacts::ArtifactStore& store, const std::string& prefix,
                                               const std::vector<UploadedFile>& uploads) {
  std::vector<ScannedFile> scanned;
  std::vector<char> buffer(1 << 20);
  for (const auto& upload : uploads) {
    CAIRN_TRY_ASSIGN(auto read, read_file_range(upload.body_file, upload.offset, upload.length));
    CAIRN_TRY_ASSIGN(auto out, store.open_write(artifacts::join_key(prefix, upload.path)));
    while (true) {
      CAIRN_TRY_ASSIGN(auto n, read(buffer.data(), buffer.size()));
      if (n == 0) break;
      CAIRN_TRY(out->write(std::string_view(buffer.data(), n)));
    }
    CAIRN_TRY(out->finish());
    CAIRN_TRY_ASSIGN(auto again, read_file_range(upload.body_file, upload.offset, upload.length));
    CAIRN_TRY_ASSIGN(auto file, scan_file(upload.path, upload.length, again));
    scanned.push_back(std::move(file));
  }
  return scanned;
}

Result<std::vector<ScannedFile>> scan_stored(artifacts::ArtifactStore& store, const std::string& prefix,
                                             const std::string& source) {
  CAIRN_TRY_ASSIGN(auto listed, list_recursive(store, prefix, kMaxVersionFiles));
  if (listed.empty()) return Error::validation("source", "no files at '" + source + "'");
  std::vector<ScannedFile> scanned;
  for (const auto& f : listed) {
    CAIRN_TRY_ASSIGN(auto stream, store.open_read(artifacts::join_key(prefix, f.path)));
    auto* raw = stream.get();
    modelfiles::ReadFn read = [raw](char* buffer, std::size_t capacity) { return raw->read(buffer, capacity); };
    CAIRN_TRY_ASSIGN(auto file, scan_file(f.path, stream->size(), read));
    scanned.push_back(std::move(file));
  }
  return scanned;
}

}  // namespace

Result<std::pair<VersionView, bool>> ModelVersionService::create_version(const Caller& caller,
                                                                         const TrackingScope& scope,
                                                                         const std::string& model_ref,
                                                                         const VersionCreate& input) {
  CAIRN_TRY_ASSIGN(const Principal* p, signed_in(caller));
  const int sources = (input.run_id && !input.mlflow_source ? 1 : 0) + (input.logged_model_id ? 1 : 0) +
                      (input.mlflow_source ? 1 : 0) + (input.uploads.empty() ? 0 : 1);
  if (sources != 1) {
    return Error::validation("source", "give exactly one source: run_id, logged_model_id, or uploaded files");
  }
  CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
  CAIRN_TRY_ASSIGN(auto model, model_for(*conn, *p, scope, model_ref, Action::registry_write));
  if (input.idempotency_key) {
    CAIRN_TRY_ASSIGN(auto earlier,
                     storage::model_versions::find_by_idempotency_key(*conn, model.model.id, *input.idempotency_key));
    if (earlier) {
      CAIRN_TRY_ASSIGN(auto view, view_of(*conn, model, std::move(*earlier)));
      return std::make_pair(std::move(view), false);
    }
  }

  ResolvedSource source;
  if (!input.uploads.empty()) {
    const std::string location = "registry/" + model.model.id + "/" + crypto::new_id();
    source = ResolvedSource{"upload", "mlflow-artifacts:/" + location, std::nullopt, std::nullopt, location};
  } else if (input.mlflow_source) {
    CAIRN_TRY_ASSIGN(source, from_mlflow_source(*conn, model, *input.mlflow_source, input.run_id));
  } else if (input.logged_model_id) {
    CAIRN_TRY_ASSIGN(source, from_logged_model(*conn, model, *input.logged_model_id));
  } else {
    CAIRN_TRY_ASSIGN(auto path, artifacts::normalize_relative_path(input.artifact_path));
    CAIRN_TRY_ASSIGN(source, from_run(*conn, model, *input.run_id, path));
  }
  const std::string prefix = artifacts::join_key(model.model.org_id, source.storage_location);
  const bool uploaded = source.type == "upload";
  // Uploaded files are ours: any failure from here on removes them.
  auto discard = [&] {
    if (uploaded) (void)store_.remove(prefix);
  };

  auto scanned = uploaded ? store_uploads(store_, prefix, input.uploads) : scan_stored(store_, prefix, source.uri);
  if (!scanned.ok()) {
    discard();
    return std::move(scanned).error();
  }
  auto metadata = version_metadata(*scanned);
  if (!metadata.ok()) {
    discard();
    return std::move(metadata).error();
  }
  // The source run gives the version its metrics now and its lineage below.
  auto run = source_run(*conn, model, source.run_id);
  auto actor = actor_name(*conn, *p);
  if (!run.ok() || !actor.ok()) {
    discard();
    return !run.ok() ? std::move(run).error() : std::move(actor).error();
  }

  auto written = storage::in_transaction<
      storage::ModelVersionRecord>(*conn, true, [&](storage::Connection& c) -> Result<storage::ModelVersionRecord> {
    // The model may have been deleted while the files were read.
    CAIRN_TRY_ASSIGN(auto current, model_for(c, *p, scope, model.model.id, Action::registry_write));
    storage::ModelVersionRecord v;
    v.model_id = current.model.id;
    CAIRN_TRY_ASSIGN(v.version, storage::registered_models::take_version_number(c, v.model_id));
    v.description = input.description;
    v.source_type = source.type;
    v.source_uri = source.uri;
    v.run_id = source.run_id;
    v.logged_model_id = source.logged_model_id;
    v.storage_location = source.storage_location;
    v.framework = metadata->framework;
    v.metadata = metadata->document.dump();
    v.executable_code = metadata->executable_code;
    v.size_bytes = metadata->size_bytes;
    v.file_count = static_cast<int64_t>(scanned->size());
    v.idempotency_key = input.idempotency_key;
    v.created_by = *actor;
    v.created_at = v.updated_at = now_ms();
    v.tags = input.tags;
    std::vector<storage::ModelFileRecord> files;
    for (const auto& f : *scanned) files.push_back(f.record);
    CAIRN_TRY(storage::model_versions::insert(c, v, files));
    if (*run) {
      for (const auto& m : (*run)->latest_metrics) {
        CAIRN_TRY(storage::model_versions::set_metric(c, v.model_id, v.version, m.key, m.value, "run"));
      }
    }
    CAIRN_TRY(storage::registered_models::touch(c, v.model_id, v.created_at));
    CAIRN_TRY(audit_version(c, caller, current, v.version, "model_version.create", {{"source_type", v.source_type}}));
    return v;
  });
  if (!written.ok()) {
    discard();
    // A concurrent retry with the same idempotency key won: answer its version.
    if (written.error().code == ErrorCode::conflict && input.idempotency_key) {
      CAIRN_TRY_ASSIGN(auto earlier,
                       storage::model_versions::find_by_idempotency_key(*conn, model.model.id, *input.idempotency_key));
      if (earlier) {
        CAIRN_TRY_ASSIGN(auto view, view_of(*conn, model, std::move(*earlier)));
        return std::make_pair(std::move(view), false);
      }
    }
    return std::move(written).error();
  }
  CAIRN_TRY_ASSIGN(auto created, version_of(*conn, model, written->version));
  CAIRN_TRY_ASSIGN(auto view, view_with_run(*conn, model, std::move(created), *run));
  return std::make_pair(std::move(view), true);
}

}  // namespace cairn::service
