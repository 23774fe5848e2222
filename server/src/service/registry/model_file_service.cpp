#include "service/registry/model_file_service.hpp"

#include "modelfiles/inspect.hpp"
#include "storage/registry/model_version_store.hpp"

// Reading a version's files back: the list recorded at registration, one file streamed, or the
// whole version as a zip archive.
namespace cairn::service {

Result<std::vector<storage::ModelFileRecord>> ModelFileService::files(const Caller& caller, const TrackingScope& scope,
                                                                      const std::string& model_ref, int64_t version) {
  return ctx_.read(caller,
                   [&](storage::Connection& c, const Principal& p) -> Result<std::vector<storage::ModelFileRecord>> {
                     CAIRN_TRY_ASSIGN(auto model, model_for(c, p, scope, model_ref, Action::registry_read));
                     CAIRN_TRY(version_of(c, model, version));
                     return storage::model_versions::files(c, model.model.id, version);
                   });
}

Result<ModelFileDownload> ModelFileService::open_file(const Caller& caller, const TrackingScope& scope,
                                                      const std::string& model_ref, int64_t version,
                                                      const std::string& path) {
  return ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<ModelFileDownload> {
    CAIRN_TRY_ASSIGN(auto clean, artifacts::normalize_relative_path(path));
    CAIRN_TRY_ASSIGN(auto model, model_for(c, p, scope, model_ref, Action::registry_read));
    CAIRN_TRY_ASSIGN(auto found, version_of(c, model, version));
    CAIRN_TRY_ASSIGN(auto listed, storage::model_versions::files(c, model.model.id, version));
    // Only files recorded at registration: the version's folder may be a run's, which can grow later.
    const bool recorded = std::any_of(listed.begin(), listed.end(), [&](const auto& f) { return f.path == clean; });
    auto missing = [&] { return Error::not_found("file '" + clean + "' of version " + std::to_string(version)); };
    if (!recorded) return missing();
    auto stream = store_.open_read(artifacts::join_key(model.model.org_id, found.storage_location + "/" + clean));
    if (!stream.ok()) return stream.error().code == ErrorCode::not_found ? missing() : std::move(stream).error();
    ModelFileDownload out;
    out.size = (*stream)->size();
    out.stream = std::move(*stream);
    out.file_name = clean.substr(clean.rfind('/') == std::string::npos ? 0 : clean.rfind('/') + 1);
    return out;
  });
}

Status ModelFileService::write_zip(const Caller& caller, const TrackingScope& scope, const std::string& model_ref,
                                   int64_t version, const std::string& zip_path) {
  struct Listing {
    std::string prefix;  // the version's folder in the store
    std::vector<storage::ModelFileRecord> files;
  };
  // The archive may take a while: the connection goes back to the pool first.
  CAIRN_TRY_ASSIGN(auto listing, ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<Listing> {
    CAIRN_TRY_ASSIGN(auto model, model_for(c, p, scope, model_ref, Action::registry_read));
    CAIRN_TRY_ASSIGN(auto found, version_of(c, model, version));
    CAIRN_TRY_ASSIGN(auto files, storage::model_versions::files(c, model.model.id, version));
    return Listing{artifacts::join_key(model.model.org_id, found.storage_location), std::move(files)};
  }));
  const std::string& prefix = listing.prefix;
  std::vector<modelfiles::ZipMember> members;
  for (const auto& f : listing.files) {
    const std::string key = artifacts::join_key(prefix, f.path);
    members.push_back({f.path, f.size, [this, key]() -> Result<modelfiles::ReadFn> {
                         CAIRN_TRY_ASSIGN(auto stream, store_.open_read(key));
                         std::shared_ptr<artifacts::ReadStream> shared(std::move(stream));
                         return modelfiles::ReadFn(
                             [shared](char* buffer, std::size_t capacity) { return shared->read(buffer, capacity); });
                       }});
  }
  return modelfiles::write_zip(zip_path, members);
}

}  // namespace cairn::service
