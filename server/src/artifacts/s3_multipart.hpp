#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "artifacts/artifact_store.hpp"
#include "artifacts/s3_client.hpp"

/// S3's multipart upload calls (internal to the module): the store's write streams send their parts
/// through them, and the store offers them to clients that send parts themselves. `object_key` is
/// the bucket key, `key` the store key (for messages).
namespace cairn::artifacts::s3_multipart {

/// Starts an upload; returns its UploadId.
Result<std::string> start(S3Client& client, const std::string& object_key, std::string_view key);
/// Sends part `number`; returns its ETag. ErrorCode::not_found when the upload is gone.
Result<std::string> upload_part(S3Client& client, const std::string& object_key, std::string_view key,
                                const std::string& upload_id, int number, std::string_view body);
/// Publishes the parts. A part S3 does not know, or a misordered or too small one, is a bad request.
Status complete(S3Client& client, const std::string& object_key, std::string_view key, const std::string& upload_id,
                const std::vector<UploadedPart>& parts);
/// Drops the upload; an upload already gone is not an error.
Status abort(S3Client& client, const std::string& object_key, std::string_view key, const std::string& upload_id);

}  // namespace cairn::artifacts::s3_multipart
