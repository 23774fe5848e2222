#include "artifacts/s3_multipart.hpp"

#include "artifacts/s3_xml.hpp"

namespace cairn::artifacts::s3_multipart {
namespace {

// A request naming an upload S3 no longer has; clients send upload ids, so this is their error.
bool no_such_upload(const S3Response& response) {
  return response.status == 404 && xml::text(response.body, "Code").value_or("") == "NoSuchUpload";
}

Error upload_gone(std::string_view key, const std::string& upload_id) {
  return Error::not_found("multipart upload '" + upload_id + "' of '" + std::string(key) + "'");
}

}  // namespace

Result<std::string> start(S3Client& client, const std::string& object_key, std::string_view key) {
  S3Request request;
  request.method = "POST";
  request.key = object_key;
  request.query = {{"uploads", ""}};
  request.headers.push_back("Content-Type: application/octet-stream");
  request.idempotent = false;  // a retry could leave an orphaned upload behind
  CAIRN_TRY_ASSIGN(S3Response response, client.perform(request));
  if (response.status != 200) return client.error_for(response, "start the upload of", key);
  auto upload_id = xml::text(response.body, "UploadId").value_or("");
  if (upload_id.empty())
    return Error::unavailable("S3 started an upload of '" + std::string(key) + "' without an UploadId");
  return upload_id;
}

Result<std::string> upload_part(S3Client& client, const std::string& object_key, std::string_view key,
                                const std::string& upload_id, int number, std::string_view body) {
  S3Request request;
  request.method = "PUT";
  request.key = object_key;
  request.query = {{"partNumber", std::to_string(number)}, {"uploadId", upload_id}};
  request.body = body;
  CAIRN_TRY_ASSIGN(S3Response response, client.perform(request));
  if (no_such_upload(response)) return upload_gone(key, upload_id);
  if (response.status != 200) return client.error_for(response, "upload a part of", key);
  if (response.etag.empty())
    return Error::unavailable("S3 accepted a part of '" + std::string(key) + "' without an ETag");
  return response.etag;
}

Status complete(S3Client& client, const std::string& object_key, std::string_view key, const std::string& upload_id,
                const std::vector<UploadedPart>& parts) {
  std::string body = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";
  for (const auto& part : parts) {
    body += "<Part><PartNumber>" + std::to_string(part.number) + "</PartNumber><ETag>" + xml::escape(part.etag) +
            "</ETag></Part>";
  }
  body += "</CompleteMultipartUpload>";
  S3Request request;
  request.method = "POST";
  request.key = object_key;
  request.query = {{"uploadId", upload_id}};
  request.headers.push_back("Content-Type: application/xml");
  request.body = body;
  CAIRN_TRY_ASSIGN(S3Response response, client.perform(request));
  if (no_such_upload(response)) return upload_gone(key, upload_id);
  const auto code = xml::text(response.body, "Code").value_or("");
  if (response.status == 400 && (code == "InvalidPart" || code == "InvalidPartOrder" || code == "EntityTooSmall")) {
    return Error::bad_request("S3 refused the parts of '" + std::string(key) + "' (" + code +
                                  "): every part but the last must be at least 5 MiB, listed in ascending order "
                                  "with the ETag its upload answered",
                              "parts");
  }
  // S3 may answer 200 and report the failure in the body (it starts streaming before it knows).
  if (response.status != 200 || !code.empty()) {
    if (response.status == 200) response.status = 500;
    return client.error_for(response, "complete the upload of", key);
  }
  return {};
}

Status abort(S3Client& client, const std::string& object_key, std::string_view key, const std::string& upload_id) {
  S3Request request;
  request.method = "DELETE";
  request.key = object_key;
  request.query = {{"uploadId", upload_id}};
  CAIRN_TRY_ASSIGN(S3Response response, client.perform(request));
  if (response.status == 204 || response.status == 200 || response.status == 404) return {};
  return client.error_for(response, "abort the upload of", key);
}

}  // namespace cairn::artifacts::s3_multipart
