#pragma once

#include <string_view>
#include <vector>

/// Files compiled into the binary at build time (see server/cmake/embed_resources.cmake).
namespace cairn::embedded {

struct Resource {
  std::string_view path;  ///< relative path, e.g. "sqlite/0001_foundation.sql"
  std::string_view content;
};

/// All migration files, sorted by path.
const std::vector<Resource>& migrations();

/// api/openapi.yaml as written in the repository.
std::string_view openapi_yaml();

}  // namespace cairn::embedded
