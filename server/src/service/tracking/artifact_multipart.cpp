// MLflow's proxied multipart upload (ArtifactService): the client asks for an upload, sends each part
// to the URL it was given, then completes or aborts it. Parts go through Cairn to the store, so the
// client needs neither the store's credentials nor a route to it.
#include "common/clock.hpp"
#include "service/tracking/artifact_service.hpp"

namespace cairn::service {
namespace {

constexpr std::size_t kMaxUploadIdLength = 1024;
constexpr std::size_t kMaxEtagLength = 1024;

Status check_upload_id(const std::string& upload_id) {
  if (upload_id.empty() || upload_id.size() > kMaxUploadIdLength) {
    return Error::validation("upload_id",
                             "upload_id must be 1 to " + std::to_string(kMaxUploadIdLength) + " characters");
  }
  for (unsigned char c : upload_id) {
    if (c < 0x20 || c == 0x7f) return Error::validation("upload_id", "upload_id must not contain control characters");
  }
  return {};
}

Status check_parts(const std::vector<artifacts::UploadedPart>& parts) {
  if (parts.empty() || parts.size() > static_cast<std::size_t>(artifacts::kMaxUploadParts)) {
    return Error::validation("parts", "parts must list 1 to " + std::to_string(artifacts::kMaxUploadParts) + " parts");
  }
  int previous = 0;
  for (const auto& part : parts) {
    if (part.number <= previous || part.number > artifacts::kMaxUploadParts) {
      return Error::validation("parts", "part numbers must be ascending, distinct and between 1 and " +
                                            std::to_string(artifacts::kMaxUploadParts));
    }
    if (part.etag.empty() || part.etag.size() > kMaxEtagLength) {
      return Error::validation("parts", "part " + std::to_string(part.number) + " needs the ETag its upload answered");
    }
    previous = part.number;
  }
  return {};
}

}  // namespace

Result<MultipartUpload> ArtifactService::start_multipart(const Caller& caller, const std::string& path, int num_parts) {
  if (num_parts < 1 || num_parts > artifacts::kMaxUploadParts) {
    return Error::validation("num_parts",
                             "num_parts must be between 1 and " + std::to_string(artifacts::kMaxUploadParts));
  }
  CAIRN_TRY_ASSIGN(auto key, upload_key_for(caller, path));
  MultipartUpload upload;
  CAIRN_TRY_ASSIGN(upload.upload_id, store_.start_multipart(key));
  const int64_t now = now_ms();
  upload.part_tokens.reserve(static_cast<std::size_t>(num_parts));
  for (int part = 1; part <= num_parts; ++part) {
    upload.part_tokens.push_back(part_tokens_.issue(UploadPartGrant{key, upload.upload_id, part}, now));
  }
  return upload;
}

Result<std::string> ArtifactService::upload_part(const std::string& part_token, std::string body) {
  CAIRN_TRY_ASSIGN(auto grant, part_tokens_.verify(part_token, now_ms()));
  return store_.upload_part(grant.key, grant.upload_id, grant.part_number, std::move(body));
}

Status ArtifactService::complete_multipart(const Caller& caller, const std::string& path, const std::string& upload_id,
                                           const std::vector<artifacts::UploadedPart>& parts) {
  CAIRN_TRY(check_upload_id(upload_id));
  CAIRN_TRY(check_parts(parts));
  // The upload belongs to the key: an upload id of another file (or tenant) is unknown to the store there.
  CAIRN_TRY_ASSIGN(auto key, upload_key_for(caller, path));
  return store_.complete_multipart(key, upload_id, parts);
}

Status ArtifactService::abort_multipart(const Caller& caller, const std::string& path, const std::string& upload_id) {
  CAIRN_TRY(check_upload_id(upload_id));
  CAIRN_TRY_ASSIGN(auto key, upload_key_for(caller, path));
  return store_.abort_multipart(key, upload_id);
}

}  // namespace cairn::service
