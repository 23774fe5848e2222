#pragma once

#include <optional>
#include <string>
#include <vector>

#include "artifacts/artifact_store.hpp"
#include "modelfiles/inspect.hpp"
#include "storage/registry/registry_records.hpp"

/// Reads a version's files once each: SHA-256, detected format, and the small files the registry
/// parses (MLmodel, requirements.txt). Nothing is ever executed or unpickled.
namespace cairn::service {

struct ScannedFile {
  storage::ModelFileRecord record;
  std::string framework;
  nlohmann::json details;
  std::optional<std::string> content;  ///< MLmodel and requirements.txt at the root, whole
};

/// Scans one file read through `read` (`size` bytes).
Result<ScannedFile> scan_file(const std::string& path, int64_t size, const modelfiles::ReadFn& read);

/// A ReadFn over a byte range of a local file (a spooled upload).
Result<modelfiles::ReadFn> read_file_range(const std::string& file, int64_t offset, int64_t length);

/// Every file below `prefix` in the store, with its path relative to it, walking directories.
/// At most `max_files`; more is a 400.
struct StoredFile {
  std::string path;
  int64_t size = 0;
};
Result<std::vector<StoredFile>> list_recursive(artifacts::ArtifactStore& store, const std::string& prefix,
                                               std::size_t max_files);

/// What the registry keeps about a version, from its scanned files.
struct VersionMetadata {
  std::string framework;
  bool executable_code = false;
  int64_t size_bytes = 0;
  nlohmann::json document = nlohmann::json::object();  ///< flavors, signature, input_example, pip_requirements
};
/// 400 when an MLmodel at the root does not parse.
Result<VersionMetadata> version_metadata(const std::vector<ScannedFile>& files);

}  // namespace cairn::service
