#pragma once

#include <memory>
#include <string>

#include "artifacts/artifact_store.hpp"

namespace cairn::artifacts {

/// A store in a bucket of an S3-compatible server, `root` = "s3://bucket[/prefix]"; keys are put
/// under the prefix. Requests are signed by libcurl (SigV4), no AWS SDK. Uploads hold one part in
/// memory: under one part they are a single PUT, beyond it a multipart upload, aborted when the
/// stream is dropped or fails. Downloads fetch ranges of `read_chunk_size` bytes pinned to the
/// object's ETag (If-Match), so an object replaced mid-read fails the read instead of mixing two
/// versions. Credentials and the region fall back to the AWS environment variables.
Result<std::unique_ptr<ArtifactStore>> open_s3_artifact_store(const std::string& root, const S3Options& options);

}  // namespace cairn::artifacts
