#pragma once

#include <cstdint>
#include <string>

#include "artifacts/artifact_store.hpp"

namespace cairn::artifacts {

struct CopyStats {
  int64_t files = 0;
  int64_t bytes = 0;
};

/// Copies every file under `dir_key` ("" for everything) of one store into another under the same
/// keys, streaming (at most one read chunk and one write part held at a time). Works between any
/// two stores, which is how a backup takes a bucket's or a folder's artifacts into a local folder
/// and a restore puts them into whichever store the restored server uses. A file that vanishes
/// between its listing and its read (removed meanwhile) is skipped, not an error.
Result<CopyStats> copy_tree(ArtifactStore& from, ArtifactStore& to, const std::string& dir_key = "");

}  // namespace cairn::artifacts
