#pragma once

#include <string>

#include "http/response.hpp"
#include "service/tracking/artifact_service.hpp"

namespace cairn::api {

/// A download streamed from the store: Content-Type by the file's extension (never HTML, so an
/// artifact cannot script the origin), Content-Disposition: attachment with the file's name, and
/// X-Content-Type-Options: nosniff. `path` is the artifact's path; its last segment names the file.
http::Response artifact_download_response(const std::string& path, service::ArtifactDownload download);

}  // namespace cairn::api
