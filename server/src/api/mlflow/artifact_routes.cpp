// MLflow's artifact proxy (/api/2.0/mlflow-artifacts/artifacts/...) and artifacts/list: clients
// upload and download through Cairn and never hold the store's credentials.
#include "api/api.hpp"
#include "api/artifact_responses.hpp"
#include "api/mlflow/mlflow_json.hpp"
#include "api/mlflow/mlflow_routes.hpp"
#include "artifacts/artifact_store.hpp"

namespace cairn::api {
namespace {

using namespace mlflow;

constexpr std::string_view kProxyPrefix = "/api/2.0/mlflow-artifacts/artifacts/";

std::string content_type_of(std::string_view path) {
  static const std::vector<std::pair<std::string_view, std::string_view>> types = {
      {".txt", "text/plain; charset=utf-8"},
      {".log", "text/plain; charset=utf-8"},
      {".json", "application/json"},
      {".yaml", "text/plain; charset=utf-8"},
      {".yml", "text/plain; charset=utf-8"},
      {".csv", "text/csv; charset=utf-8"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".svg", "image/svg+xml"},
      {".html", "text/plain; charset=utf-8"},
      {"MLmodel", "text/plain; charset=utf-8"}};
  for (const auto& [suffix, type] : types) {
    if (path.ends_with(suffix)) return std::string(type);
  }
  return "application/octet-stream";
}

// RFC 6266 with an RFC 5987 encoded name, so any file name survives.
std::string content_disposition(std::string_view path) {
  std::string_view name = path.substr(path.rfind('/') == std::string_view::npos ? 0 : path.rfind('/') + 1);
  std::string ascii;
  std::string encoded;
  static const char* hex = "0123456789ABCDEF";
  for (unsigned char c : name) {
    ascii += (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') ? static_cast<char>(c) : '_';
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += hex[c >> 4];
      encoded += hex[c & 15];
    }
  }
  return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
}

nlohmann::json files_json(const std::vector<artifacts::ArtifactInfo>& entries, const std::string& prefix) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& e : entries) {
    nlohmann::json f = {{"path", prefix.empty() ? e.path : prefix + "/" + e.path}, {"is_dir", e.is_dir}};
    if (!e.is_dir) f["file_size"] = e.size;
    files.push_back(std::move(f));
  }
  return files;
}

// The native API's run artifact files:
// /api/v1/orgs/<org>/projects/<project>/runs/<run_id>/artifacts/<path...> (a file below the root).
bool is_native_artifact_path(std::string_view path) {
  static constexpr std::string_view kLiterals[] = {"api", "v1", "orgs", "", "projects", "", "runs", "", "artifacts"};
  if (!path.starts_with('/')) return false;
  path.remove_prefix(1);
  for (std::string_view literal : kLiterals) {
    const auto slash = path.find('/');
    if (slash == std::string_view::npos) return false;
    const std::string_view segment = path.substr(0, slash);
    if (segment.empty() || (!literal.empty() && segment != literal)) return false;
    path.remove_prefix(slash + 1);
  }
  return !path.empty();
}

}  // namespace

http::Response artifact_download_response(const std::string& path, service::ArtifactDownload download) {
  http::Response response;
  response.status = 200;
  response.set_header("Content-Type", content_type_of(path));
  response.set_header("Content-Disposition", content_disposition(path));
  response.set_header("X-Content-Type-Options", "nosniff");
  response.body_length = download.size;
  auto stream = std::shared_ptr<artifacts::ReadStream>(std::move(download.stream));
  response.body_source = [stream](char* buffer, std::size_t capacity) { return stream->read(buffer, capacity); };
  return response;
}

bool is_artifact_upload(std::string_view method, std::string_view path) {
  if (method != "PUT") return false;
  if (is_native_artifact_path(path)) return true;
  if (path.starts_with("/p/")) {
    // /p/<org>/<project>/api/2.0/...
    auto third = path.find('/', path.find('/', 3) + 1);
    if (third == std::string_view::npos) return false;
    path.remove_prefix(third);
  }
  return path.starts_with(kProxyPrefix);
}

void add_mlflow_artifact_routes(Api& api, service::ArtifactService& artifacts) {
  std::vector<MlflowRoute> routes = {
      {"PUT", std::string(kProxyPrefix) + "{path...}",
       [&artifacts](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
         if (req.body_path.empty()) return Error::internal("artifact upload was not spooled");
         CAIRN_TRY(artifacts.upload(caller, req.param("path"), req.body_path));
         return json_result(200, nlohmann::json::object());
       },
       Lane::transfer},
      {"GET", std::string(kProxyPrefix) + "{path...}",
       [&artifacts](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
         const std::string& path = req.param("path");
         CAIRN_TRY_ASSIGN(auto download, artifacts.download(caller, path));
         return artifact_download_response(path, std::move(download));
       },
       Lane::transfer},
      {"DELETE", std::string(kProxyPrefix) + "{path...}",
       [&artifacts](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
         CAIRN_TRY(artifacts.remove(caller, req.param("path")));
         return json_result(200, nlohmann::json::object());
       }},
      {"GET", "/api/2.0/mlflow-artifacts/artifacts",
       [&artifacts](http::Request& req, const service::Caller& caller,
                    const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto path, optional_string(f, "path", 1024));
         std::string dir = path.value_or("");
         while (dir.ends_with('/')) dir.pop_back();
         CAIRN_TRY_ASSIGN(auto entries, artifacts.list(caller, dir));
         // The proxy lists paths relative to the listed directory's own prefix, as MLflow does.
         nlohmann::json out = nlohmann::json::object();
         if (!entries.empty()) out["files"] = files_json(entries, "");
         return json_result(200, out);
       }},
      {"GET", "/api/2.0/mlflow/artifacts/list",
       [&artifacts, &api](http::Request& req, const service::Caller& caller,
                          const nlohmann::json& f) -> Result<http::Response> {
         CAIRN_TRY_ASSIGN(auto run_id, optional_string(f, "run_id", 64));
         if (!run_id || run_id->empty()) {
           CAIRN_TRY_ASSIGN(run_id, optional_string(f, "run_uuid", 64));
         }
         if (!run_id || run_id->empty()) {
           return Error{ErrorCode::validation_failed, "Missing value for required parameter 'run_id'.", "run_id"};
         }
         CAIRN_TRY_ASSIGN(auto relative, optional_string(f, "path", 1024));
         std::string rel = relative.value_or("");
         while (rel.ends_with('/')) rel.pop_back();
         CAIRN_TRY_ASSIGN(auto run, api.services().runs.get(caller, *run_id));
         CAIRN_TRY_ASSIGN(auto dir, service::ArtifactService::run_artifact_path(run.info.artifact_uri, rel));
         CAIRN_TRY_ASSIGN(auto entries, artifacts.list(caller, dir));
         nlohmann::json out = {{"root_uri", run.info.artifact_uri}};
         if (!entries.empty()) out["files"] = files_json(entries, rel);
         return json_result(200, out);
       }},
  };
  add_mlflow_routes(api, std::move(routes));
}

}  // namespace cairn::api
