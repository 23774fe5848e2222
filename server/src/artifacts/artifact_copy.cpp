#include "artifacts/artifact_copy.hpp"

#include <vector>

namespace cairn::artifacts {
namespace {

constexpr std::size_t kCopyChunk = 1 << 20;

/// Copies one file; false when it no longer exists.
Result<bool> copy_one_file(ArtifactStore& from, ArtifactStore& to, const std::string& key, CopyStats& stats,
                           std::vector<char>& buffer) {
  auto in = from.open_read(key);
  if (!in.ok()) {
    if (in.error().code == ErrorCode::not_found) return false;
    return std::move(in).error();
  }
  CAIRN_TRY_ASSIGN(auto out, to.open_write(key));
  for (;;) {
    CAIRN_TRY_ASSIGN(std::size_t n, (*in)->read(buffer.data(), buffer.size()));
    if (n == 0) break;
    CAIRN_TRY(out->write(std::string_view(buffer.data(), n)));
    stats.bytes += static_cast<int64_t>(n);
  }
  CAIRN_TRY(out->finish());
  ++stats.files;
  return true;
}

Status copy_one_dir(ArtifactStore& from, ArtifactStore& to, const std::string& dir_key, CopyStats& stats,
                    std::vector<char>& buffer) {
  CAIRN_TRY_ASSIGN(auto entries, from.list(dir_key));
  for (const auto& entry : entries) {
    const std::string key = join_key(dir_key, entry.path);
    if (entry.is_dir) {
      CAIRN_TRY(copy_one_dir(from, to, key, stats, buffer));
    } else {
      CAIRN_TRY(copy_one_file(from, to, key, stats, buffer));
    }
  }
  return {};
}

}  // namespace

Result<CopyStats> copy_tree(ArtifactStore& from, ArtifactStore& to, const std::string& dir_key) {
  CopyStats stats;
  std::vector<char> buffer(kCopyChunk);
  CAIRN_TRY(copy_one_dir(from, to, dir_key, stats, buffer));
  return stats;
}

}  // namespace cairn::artifacts
