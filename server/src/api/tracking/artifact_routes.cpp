// The native tracking API's run artifacts: /api/v1/orgs/{org}/projects/{project}/runs/{run_id}/artifacts[/{path...}].
// Paths are relative to the run's artifact root; ArtifactService::run_artifact_path normalizes them and
// refuses '..', absolute paths, NUL and backslashes (400). ArtifactService::run_artifact looks the run up once:
// that lookup checks the action (read or write) and gives the run's artifact root.
#include <filesystem>

#include "api/api.hpp"
#include "api/artifact_responses.hpp"
#include "api/tracking/tracking_input.hpp"
#include "api/tracking/tracking_views.hpp"

namespace cairn::api {
namespace {

constexpr std::size_t kMaxPathLength = 1024;

}  // namespace

void add_tracking_artifact_routes(Api& api, service::ArtifactService& artifacts) {
  const std::string base = "/api/v1/orgs/{org}/projects/{project}/runs/{run_id}/artifacts";
  using service::Action;

  api.add_in_project(
      "GET", base, [&artifacts](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        std::string dir = req.query("path").value_or("");
        if (dir.size() > kMaxPathLength) return Error::bad_request("path is too long", "path");
        while (dir.ends_with('/')) dir.pop_back();
        CAIRN_TRY_ASSIGN(auto folder, artifacts.run_artifact(caller, req.param("run_id"), dir, Action::tracking_read));
        CAIRN_TRY_ASSIGN(auto entries, artifacts.list(folder));
        nlohmann::json items = nlohmann::json::array();
        for (const auto& entry : entries) items.push_back(views::artifact_entry(entry, dir));
        return json_result(200, {{"root_uri", folder.root_uri}, {"path", dir}, {"items", std::move(items)}});
      });

  api.add_in_project(
      "GET", base + "/{path...}",
      [&artifacts](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        const std::string& path = req.param("path");
        CAIRN_TRY_ASSIGN(auto file, artifacts.run_artifact(caller, req.param("run_id"), path, Action::tracking_read));
        CAIRN_TRY_ASSIGN(auto download, artifacts.download(file));
        return artifact_download_response(path, std::move(download));
      },
      Lane::transfer);

  api.add_in_project(
      "PUT", base + "/{path...}",
      [&artifacts](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        if (req.body_path.empty()) return Error::internal("artifact upload was not spooled");
        const std::string& path = req.param("path");
        CAIRN_TRY_ASSIGN(auto file, artifacts.run_artifact(caller, req.param("run_id"), path, Action::tracking_write));
        CAIRN_TRY(artifacts.upload(file, req.body_path));
        std::error_code ec;
        const auto size = std::filesystem::file_size(req.body_path, ec);
        std::string clean = path;
        if (clean.ends_with('/')) clean.pop_back();
        return json_result(201, {{"path", clean}, {"size", ec ? 0 : static_cast<int64_t>(size)}});
      },
      Lane::transfer);

  api.add_in_project(
      "DELETE", base + "/{path...}",
      [&artifacts](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        const std::string& path = req.param("path");
        CAIRN_TRY_ASSIGN(auto file, artifacts.run_artifact(caller, req.param("run_id"), path, Action::tracking_write));
        CAIRN_TRY(artifacts.remove(file));
        return http::Response::no_content();
      });
}

}  // namespace cairn::api
