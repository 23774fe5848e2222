#pragma once

#include <string>

#include "common/result.hpp"

namespace cairn::modelfiles {

/// Unpacks the zip archive at `zip_path` into the existing directory `dir` (a model version's
/// download). Each member's checksum is verified; a member whose name would land outside `dir`
/// (absolute, "..", a backslash) fails the whole extraction, as does a corrupt archive.
Status extract_zip(const std::string& zip_path, const std::string& dir);

}  // namespace cairn::modelfiles
