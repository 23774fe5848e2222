// MLflow's proxied multipart upload: POST /api/2.0/mlflow-artifacts/mpu/{create,complete,abort}/<dir>
// (what mlflow's HttpArtifactRepository calls when MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD is set), and
// the part URLs handed out by create. The client PUTs each part to its URL with the headers it was
// given and no credentials of its own, so a part request is authorised by its signed part token.
#include "api/api.hpp"
#include "api/mlflow/mlflow_json.hpp"
#include "api/mlflow/mlflow_routes.hpp"
#include "artifacts/artifact_store.hpp"

namespace cairn::api {
namespace {

using namespace mlflow;

constexpr std::string_view kPrefix = "/api/2.0/mlflow-artifacts/mpu/";
constexpr std::string_view kPartPath = "/api/2.0/mlflow-artifacts/mpu/part";
constexpr std::string_view kPartTokenHeader = "X-Cairn-Upload-Token";

// The file's proxy path: the route's directory plus the file name of the client's local path (the
// client sends its own path, and MLflow's server keeps only the name).
Result<std::string> file_path(const http::Request& req, const nlohmann::json& fields) {
  CAIRN_TRY_ASSIGN(auto local, required_string(fields, "path", 4096));
  const auto slash = local.find_last_of("/\\");
  std::string name = slash == std::string::npos ? local : local.substr(slash + 1);
  if (name.empty()) return Error::validation("path", "path must name a file");
  return req.param("path") + "/" + name;
}

// Where the client reached us (its Host header), so part URLs work from wherever it is.
Result<std::string> base_url(const http::Request& req, bool https) {
  auto host = req.header("host");
  if (!host || host->empty() || host->size() > 255) return Error::bad_request("a Host header is required");
  for (char c : *host) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != ':' && c != '[' && c != ']') {
      return Error::bad_request("the Host header is malformed");
    }
  }
  const auto proto = req.header("x-forwarded-proto");
  const bool secure = https || (proto && *proto == "https");
  return std::string(secure ? "https://" : "http://") + std::string(*host);
}

Result<std::vector<artifacts::UploadedPart>> parts_of(const nlohmann::json& fields) {
  auto it = fields.find("parts");
  if (it == fields.end() || !it->is_array()) {
    return Error::validation("parts", "Missing value for required parameter 'parts'.");
  }
  std::vector<artifacts::UploadedPart> parts;
  for (const auto& item : *it) {
    if (!item.is_object()) return Error::validation("parts", "Invalid value for parameter 'parts': expected objects.");
    CAIRN_TRY_ASSIGN(auto number, optional_int64(item, "part_number"));
    CAIRN_TRY_ASSIGN(auto etag, optional_string(item, "etag", 1024));
    if (!number || *number < 1 || *number > artifacts::kMaxUploadParts) {
      return Error::validation("parts",
                               "Invalid value for parameter 'parts': every part needs a part_number "
                               "between 1 and " +
                                   std::to_string(artifacts::kMaxUploadParts) + ".");
    }
    parts.push_back(artifacts::UploadedPart{static_cast<int>(*number), etag.value_or("")});
  }
  return parts;
}

}  // namespace

void add_mlflow_multipart_routes(Api& api, service::ArtifactService& artifacts) {
  const std::string prefix(kPrefix);
  const bool https = api.secure_cookies();

  std::vector<MlflowRoute> routes = {
      {"POST", prefix + "create/{path...}",
       [&artifacts, https](http::Request& req, const service::Caller& caller,
                           const nlohmann::json& fields) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto path, file_path(req, fields));
         CAIRN_TRY_ASSIGN(auto num_parts, optional_int64(fields, "num_parts"));
         if (num_parts && (*num_parts < 1 || *num_parts > artifacts::kMaxUploadParts)) {
           return Error::validation("num_parts", "Invalid value for parameter 'num_parts': it must be between 1 and " +
                                                     std::to_string(artifacts::kMaxUploadParts) + ".");
         }
         CAIRN_TRY_ASSIGN(auto base, base_url(req, https));
         CAIRN_TRY_ASSIGN(auto upload,
                          artifacts.start_multipart(caller, path, static_cast<int>(num_parts.value_or(1))));
         nlohmann::json credentials = nlohmann::json::array();
         for (std::size_t i = 0; i < upload.part_tokens.size(); ++i) {
           credentials.push_back({{"url", base + std::string(kPartPath)},
                                  {"part_number", static_cast<int>(i) + 1},
                                  {"headers", {{std::string(kPartTokenHeader), upload.part_tokens[i]}}}});
         }
         return json_result(200, {{"upload_id", upload.upload_id}, {"credentials", std::move(credentials)}});
       }},
      {"POST", prefix + "complete/{path...}",
       [&artifacts](http::Request& req, const service::Caller& caller,
                    const nlohmann::json& fields) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto path, file_path(req, fields));
         CAIRN_TRY_ASSIGN(auto upload_id, required_string(fields, "upload_id", 1024));
         CAIRN_TRY_ASSIGN(auto parts, parts_of(fields));
         CAIRN_TRY(artifacts.complete_multipart(caller, path, upload_id, parts));
         return empty_ok();
       }},
      {"POST", prefix + "abort/{path...}",
       [&artifacts](http::Request& req, const service::Caller& caller,
                    const nlohmann::json& fields) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto path, file_path(req, fields));
         CAIRN_TRY_ASSIGN(auto upload_id, required_string(fields, "upload_id", 1024));
         CAIRN_TRY(artifacts.abort_multipart(caller, path, upload_id));
         return empty_ok();
       }},
  };
  add_mlflow_routes(api, std::move(routes));

  // No API key here: the part token in the header is the grant (checked by the service).
  api.add(
      "PUT", std::string(kPartPath), AuthMode::none,
      [&artifacts](http::Request& req, const service::Caller&) -> Result<http::Response> {
        auto token = req.header("x-cairn-upload-token");
        if (!token)
          return Error::unauthenticated("a part upload needs the " + std::string(kPartTokenHeader) + " header");
        CAIRN_TRY_ASSIGN(auto etag, artifacts.upload_part(std::string(*token), std::move(req.body)));
        auto response = json_result(200, nlohmann::json::object());
        response.set_header("ETag", etag);
        return response;
      },
      ErrorStyle::mlflow, Lane::transfer);
}

}  // namespace cairn::api
