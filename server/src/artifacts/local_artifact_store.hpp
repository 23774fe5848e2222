#pragma once

#include <memory>
#include <string>

#include "artifacts/artifact_store.hpp"

namespace cairn::artifacts {

/// A store in a folder of the local file system: key "a/b/c.txt" is the file <root>/a/b/c.txt.
/// Uploads go to a hidden temporary file beside their target and are renamed into place when
/// finished, so readers see the old object or the new one, never a part. Every path is resolved
/// and checked to stay inside the root, so a symbolic link pointing out of it is refused.
/// Directories are created on write and pruned when a removal or an aborted upload leaves them
/// empty, so listings match an object store, where folders exist only through their files.
/// `root` is created when missing.
Result<std::unique_ptr<ArtifactStore>> open_local_artifact_store(const std::string& root);

}  // namespace cairn::artifacts
