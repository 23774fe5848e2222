// The native registry's versions: /api/v1/orgs/{org}/projects/{project}/models/{model}/versions/...
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <set>

#include "api/api.hpp"
#include "api/artifact_responses.hpp"
#include "api/multipart_form.hpp"
#include "api/registry/registry_input.hpp"
#include "api/registry/registry_views.hpp"
#include "api/tracking/tracking_input.hpp"
#include "common/crypto.hpp"

namespace cairn::api {
namespace {

namespace ri = registry_input;

constexpr std::string_view kVersionsSuffix = "/versions";
constexpr std::size_t kMaxJsonBody = 1 << 20;

/// The Idempotency-Key header: up to 128 visible ASCII characters.
Result<std::optional<std::string>> idempotency_key(const http::Request& req) {
  auto header = req.header("idempotency-key");
  if (!header) return std::optional<std::string>{};
  if (header->empty() || header->size() > 128 ||
      std::any_of(header->begin(), header->end(), [](char ch) { return ch <= 0x20 || ch >= 0x7f; })) {
    return Error::bad_request("Idempotency-Key must be 1 to 128 visible ASCII characters", "Idempotency-Key");
  }
  return std::optional<std::string>(std::string(*header));
}

/// The form of an upload: `file` parts (their filenames are paths inside the version), and the
/// optional `description` and `tags` (a JSON object) fields.
Result<service::VersionCreate> upload_form(const http::Request& req, const std::string& boundary) {
  CAIRN_TRY_ASSIGN(auto parts, parse_multipart_file(req.body_path, boundary));
  service::VersionCreate input;
  std::set<std::string> paths;
  for (const auto& part : parts) {
    if (part.name == "file") {
      if (!part.filename || part.filename->empty()) return Error::validation("file", "a file part needs a filename");
      auto path = artifacts::normalize_relative_path(*part.filename);
      if (!path.ok()) return Error::validation("file", "filename '" + *part.filename + "': " + path.error().message);
      if (!paths.insert(*path).second) return Error::validation("file", "the file '" + *path + "' is given twice");
      input.uploads.push_back({*path, req.body_path, part.offset, part.length});
    } else if (part.name == "description") {
      CAIRN_TRY_ASSIGN(input.description, read_part(req.body_path, part, ri::kMaxDescription * 4));
      if (utf8_length(input.description) > ri::kMaxDescription) {
        return Error::validation("description", "at most 5000 characters");
      }
    } else if (part.name == "tags") {
      CAIRN_TRY_ASSIGN(auto text, read_part(req.body_path, part, 64 * 1024));
      CAIRN_TRY_ASSIGN(auto body, JsonBody::parse("{\"tags\":" + (text.empty() ? std::string("{}") : text) + "}"));
      CAIRN_TRY_ASSIGN(input.tags, tracking_input::string_map(body, "tags", ri::kMaxTagKey, ri::kMaxTagValue));
    } else {
      return Error::validation(part.name, "unknown form field '" + part.name + "': use file, description and tags");
    }
  }
  if (input.uploads.empty()) return Error::validation("file", "upload at least one file part named 'file'");
  return input;
}

/// A JSON body naming a run or a logged model (read from the spool when it went there).
Result<service::VersionCreate> source_request(const http::Request& req) {
  std::string text = req.body;
  if (!req.body_path.empty()) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(req.body_path, ec);
    if (ec) return Error::internal("the spooled body is missing");
    if (size > kMaxJsonBody)
      return Error::bad_request("a JSON body is at most 1 MiB; upload files as multipart/form-data");
    CAIRN_TRY_ASSIGN(text, read_part(req.body_path, FormPart{"body", std::nullopt, "", 0, static_cast<int64_t>(size)},
                                     kMaxJsonBody));
  }
  CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(text));
  service::VersionCreate input;
  CAIRN_TRY_ASSIGN(input.run_id, body.optional_string("run_id", 1, 64));
  CAIRN_TRY_ASSIGN(auto artifact_path, body.optional_string("artifact_path", 1, 1024));
  if (artifact_path) input.artifact_path = *artifact_path;
  CAIRN_TRY_ASSIGN(input.logged_model_id, body.optional_string("logged_model_id", 1, 64));
  CAIRN_TRY_ASSIGN(auto description, body.optional_string("description", 0, ri::kMaxDescription));
  input.description = description.value_or("");
  CAIRN_TRY_ASSIGN(input.tags, tracking_input::string_map(body, "tags", ri::kMaxTagKey, ri::kMaxTagValue));
  return input;
}

/// Streams a file and removes it: it is unlinked once open, so nothing is left behind whatever
/// happens to the connection.
Result<http::Response> stream_temp_file(const std::string& path, const std::string& download_name) {
  std::shared_ptr<FILE> in(std::fopen(path.c_str(), "rb"), [](FILE* f) {
    if (f) std::fclose(f);
  });
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  ::unlink(path.c_str());
  if (!in || ec) return Error::internal("the archive could not be read back");
  http::Response response;
  response.status = 200;
  response.set_header("Content-Type", "application/zip");
  response.set_header("Content-Disposition", "attachment; filename=\"" + download_name + "\"");
  response.set_header("X-Content-Type-Options", "nosniff");
  response.body_length = static_cast<int64_t>(size);
  response.body_source = [in](char* buffer, std::size_t capacity) -> Result<std::size_t> {
    const auto n = std::fread(buffer, 1, capacity, in.get());
    if (n == 0 && std::ferror(in.get())) return Error::internal("reading the archive failed");
    return n;
  };
  return response;
}

/// A file name safe inside a quoted Content-Disposition parameter.
std::string safe_file_name(const std::string& name) {
  std::string out;
  for (unsigned char ch : name)
    out += (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.') ? static_cast<char>(ch) : '_';
  return out.empty() ? "model" : out;
}

}  // namespace

bool is_model_upload(std::string_view method, std::string_view path) {
  // POST /api/v1/orgs/<org>/projects/<project>/models/<model>/versions
  if (method != "POST" || !path.starts_with("/api/v1/orgs/") || !path.ends_with(kVersionsSuffix)) return false;
  const auto models = path.find("/models/");
  return models != std::string_view::npos && path.find("/projects/") < models &&
         path.substr(models + 8, path.size() - models - 8 - kVersionsSuffix.size()).find('/') == std::string_view::npos;
}

void add_registry_version_routes(Api& api, service::ModelVersionService& model_versions,
                                 service::ModelFileService& model_files, const std::string& spool_dir) {
  const std::string base = "/api/v1/orgs/{org}/projects/{project}/models/{model}/versions";

  api.add_in_project(
      "GET", base, [&model_versions](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto page, ri::offset_page(req));
        CAIRN_TRY_ASSIGN(auto stage, ri::stage_query(req));
        CAIRN_TRY_ASSIGN(auto list, model_versions.list_versions(caller, tracking_scope(req), req.param("model"), stage,
                                                                 page.offset, page.limit));
        nlohmann::json items = nlohmann::json::array();
        for (const auto& v : list.versions) items.push_back(registry_views::version(v));
        return json_result(
            200, {{"items", items},
                  {"next_cursor", list.next_token ? nlohmann::json(*list.next_token) : nlohmann::json(nullptr)}});
      });

  api.add_in_project(
      "POST", base,
      [&model_versions](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        service::VersionCreate input;
        const auto boundary = multipart_boundary(req.header("content-type").value_or(""));
        if (boundary) {
          if (req.body_path.empty()) return Error::internal("the upload was not spooled");
          CAIRN_TRY_ASSIGN(input, upload_form(req, *boundary));
        } else {
          CAIRN_TRY_ASSIGN(input, source_request(req));
        }
        CAIRN_TRY_ASSIGN(input.idempotency_key, idempotency_key(req));
        CAIRN_TRY_ASSIGN(auto created,
                         model_versions.create_version(caller, tracking_scope(req), req.param("model"), input));
        return json_result(created.second ? 201 : 200, registry_views::version(created.first));
      },
      Lane::transfer);

  api.add_in_project("GET", base + "/{version}",
                     [&model_versions](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto version, ri::version_param(req));
                       CAIRN_TRY_ASSIGN(auto view, model_versions.get_version(caller, tracking_scope(req),
                                                                              req.param("model"), version));
                       return json_result(200, registry_views::version(view));
                     });

  api.add_in_project("PATCH", base + "/{version}",
                     [&model_versions](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto version, ri::version_param(req));
                       CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
                       CAIRN_TRY_ASSIGN(auto description, body.required_string("description", 0, ri::kMaxDescription));
                       CAIRN_TRY_ASSIGN(auto view,
                                        model_versions.update_version(caller, tracking_scope(req), req.param("model"),
                                                                      version, description));
                       return json_result(200, registry_views::version(view));
                     });

  api.add_in_project(
      "DELETE", base + "/{version}",
      [&model_versions](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto version, ri::version_param(req));
        CAIRN_TRY(model_versions.delete_version(caller, tracking_scope(req), req.param("model"), version));
        return http::Response::no_content();
      });

  api.add_in_project("PUT", base + "/{version}/tags/{key}",
                     [&model_versions](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto version, ri::version_param(req));
                       CAIRN_TRY(ri::check_tag_key(req.param("key")));
                       CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
                       CAIRN_TRY_ASSIGN(auto value, body.required_string("value", 0, ri::kMaxTagValue));
                       CAIRN_TRY(model_versions.set_version_tag(caller, tracking_scope(req), req.param("model"),
                                                                version, req.param("key"), value));
                       return http::Response::no_content();
                     });

  api.add_in_project("DELETE", base + "/{version}/tags/{key}",
                     [&model_versions](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto version, ri::version_param(req));
                       CAIRN_TRY(ri::check_tag_key(req.param("key")));
                       CAIRN_TRY(model_versions.delete_version_tag(caller, tracking_scope(req), req.param("model"),
                                                                   version, req.param("key")));
                       return http::Response::no_content();
                     });

  api.add_in_project(
      "PATCH", base + "/{version}/metrics",
      [&model_versions](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto version, ri::version_param(req));
        CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
        const auto& metrics = body.json().contains("metrics") ? body.json()["metrics"] : nlohmann::json();
        if (!metrics.is_object()) return Error::validation("metrics", "metrics must be an object of numbers");
        if (metrics.size() > 1000) return Error::validation("metrics", "at most 1000 metrics at once");
        std::vector<std::pair<std::string, std::optional<double>>> changes;
        for (const auto& [key, value] : metrics.items()) {
          if (key.empty() || utf8_length(key) > 250)
            return Error::validation("metrics", "metric keys have 1 to 250 characters");
          if (value.is_null()) {
            changes.emplace_back(key, std::nullopt);
            continue;
          }
          CAIRN_TRY_ASSIGN(auto number, tracking_input::metric_value(value, "metrics." + key));
          changes.emplace_back(key, number);
        }
        CAIRN_TRY_ASSIGN(auto view, model_versions.set_version_metrics(caller, tracking_scope(req), req.param("model"),
                                                                       version, changes));
        return json_result(200, registry_views::version(view));
      });

  api.add_in_project("POST", base + "/{version}/stage",
                     [&model_versions](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto version, ri::version_param(req));
                       CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
                       CAIRN_TRY_ASSIGN(auto stage, body.required_string("stage", 1, 32));
                       CAIRN_TRY_ASSIGN(auto comment, body.optional_string("comment", 0, 1000));
                       bool archive_existing = false;
                       if (body.has("archive_existing")) {
                         const auto& flag = body.json()["archive_existing"];
                         if (!flag.is_boolean())
                           return Error::validation("archive_existing", "archive_existing must be true or false");
                         archive_existing = flag.get<bool>();
                       }
                       CAIRN_TRY_ASSIGN(auto view, model_versions.transition_stage(
                                                       caller, tracking_scope(req), req.param("model"), version, stage,
                                                       comment.value_or(""), archive_existing));
                       return json_result(200, registry_views::version(view));
                     });

  api.add_in_project("GET", base + "/{version}/files",
                     [&model_files](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto version, ri::version_param(req));
                       CAIRN_TRY_ASSIGN(auto files,
                                        model_files.files(caller, tracking_scope(req), req.param("model"), version));
                       nlohmann::json items = nlohmann::json::array();
                       for (const auto& f : files) items.push_back(registry_views::file(f));
                       return json_result(200, {{"items", items}});
                     });

  api.add_in_project(
      "GET", base + "/{version}/files/{path...}",
      [&model_files](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto version, ri::version_param(req));
        CAIRN_TRY_ASSIGN(auto file, model_files.open_file(caller, tracking_scope(req), req.param("model"), version,
                                                          req.param("path")));
        service::ArtifactDownload download{std::move(file.stream), file.size};
        return artifact_download_response(req.param("path"), std::move(download));
      },
      Lane::transfer);

  api.add_in_project(
      "GET", base + "/{version}/download",
      [&model_files, spool_dir](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto version, ri::version_param(req));
        const std::string zip_path = spool_dir + "/version-" + crypto::random_hex(12) + ".zip";
        auto written = model_files.write_zip(caller, tracking_scope(req), req.param("model"), version, zip_path);
        if (!written.ok()) {
          std::error_code ec;
          std::filesystem::remove(zip_path, ec);
          return std::move(written).error();
        }
        return stream_temp_file(zip_path, safe_file_name(req.param("model")) + "-v" + std::to_string(version) + ".zip");
      },
      Lane::transfer);
}

}  // namespace cairn::api
