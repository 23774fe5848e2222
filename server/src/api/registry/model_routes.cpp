// The native registry's models: /api/v1/orgs/{org}/projects/{project}/models/...
#include "api/api.hpp"
#include "api/registry/registry_input.hpp"
#include "api/registry/registry_views.hpp"
#include "api/tracking/tracking_input.hpp"

namespace cairn::api {
namespace {

namespace ri = registry_input;

nlohmann::json offset_page_json(nlohmann::json items, const std::optional<std::string>& next) {
  return {{"items", std::move(items)}, {"next_cursor", next ? nlohmann::json(*next) : nlohmann::json(nullptr)}};
}

/// `?tag=key` or `?tag=key=value`, repeatable.
Result<std::vector<std::pair<std::string, std::optional<std::string>>>> tag_filters(const http::Request& req) {
  std::vector<std::pair<std::string, std::optional<std::string>>> out;
  const auto values = req.query_all("tag");
  if (values.size() > 10) return Error::bad_request("at most 10 tag filters", "tag");
  for (const auto& text : values) {
    const auto eq = text.find('=');
    std::string key = text.substr(0, eq);
    CAIRN_TRY(ri::check_tag_key(key));
    out.emplace_back(std::move(key), eq == std::string::npos ? std::nullopt : std::optional(text.substr(eq + 1)));
  }
  return out;
}

Result<std::vector<int64_t>> version_list(const std::optional<std::string>& text) {
  if (!text || text->empty()) return Error::bad_request("versions is required: 2 to 10 version numbers", "versions");
  std::vector<int64_t> out;
  std::size_t start = 0;
  while (start <= text->size()) {
    const auto comma = text->find(',', start);
    const std::string item = text->substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    int64_t v = 0;
    try {
      std::size_t used = 0;
      v = std::stoll(item, &used);
      if (used != item.size() || v < 1) throw std::invalid_argument(item);
    } catch (const std::exception&) {
      return Error::bad_request("versions must be comma-separated version numbers", "versions");
    }
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
    if (out.size() > 10) break;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (out.size() < 2 || out.size() > 10) return Error::bad_request("compare 2 to 10 different versions", "versions");
  return out;
}

}  // namespace

void add_registry_model_routes(Api& api, service::RegisteredModelService& registered_models,
                               service::ModelVersionService& model_versions) {
  const std::string base = "/api/v1/orgs/{org}/projects/{project}/models";

  api.add_in_project(
      "GET", base, [&registered_models](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto page, page_request(req, "-updated_at"));
        storage::registered_models::ModelListFilter filter;
        filter.text = req.query("q").value_or("");
        if (utf8_length(filter.text) > 200) return Error::bad_request("q must be at most 200 characters", "q");
        CAIRN_TRY_ASSIGN(filter.stage, ri::stage_query(req));
        filter.framework = req.query("framework").value_or("");
        if (filter.framework.size() > 100)
          return Error::bad_request("framework must be at most 100 characters", "framework");
        CAIRN_TRY_ASSIGN(filter.tags, tag_filters(req));
        CAIRN_TRY_ASSIGN(auto list, registered_models.list_models(caller, tracking_scope(req), filter, page));
        nlohmann::json items = nlohmann::json::array();
        for (const auto& m : list.models) items.push_back(registry_views::model(m));
        return json_result(200, offset_page_json(std::move(items), list.next_cursor));
      });

  api.add_in_project(
      "POST", base, [&registered_models](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
        service::ModelCreate input;
        CAIRN_TRY_ASSIGN(input.name, body.required_string("name", 1, 256));
        CAIRN_TRY_ASSIGN(auto description, body.optional_string("description", 0, ri::kMaxDescription));
        input.description = description.value_or("");
        CAIRN_TRY_ASSIGN(input.tags, tracking_input::string_map(body, "tags", ri::kMaxTagKey, ri::kMaxTagValue));
        CAIRN_TRY_ASSIGN(auto created, registered_models.create_model(caller, tracking_scope(req), input));
        return json_result(201, registry_views::model(created));
      });

  api.add_in_project("GET", base + "/{model}",
                     [&registered_models](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto model,
                                        registered_models.get_model(caller, tracking_scope(req), req.param("model")));
                       return json_result(200, registry_views::model(model));
                     });

  api.add_in_project(
      "PATCH", base + "/{model}",
      [&registered_models](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
        service::ModelUpdate update;
        CAIRN_TRY_ASSIGN(update.name, body.optional_string("name", 1, 256));
        CAIRN_TRY_ASSIGN(update.description, body.optional_string("description", 0, ri::kMaxDescription));
        CAIRN_TRY_ASSIGN(auto model,
                         registered_models.update_model(caller, tracking_scope(req), req.param("model"), update));
        return json_result(200, registry_views::model(model));
      });

  api.add_in_project("DELETE", base + "/{model}",
                     [&registered_models](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY(registered_models.delete_model(caller, tracking_scope(req), req.param("model")));
                       return http::Response::no_content();
                     });

  api.add_in_project("PUT", base + "/{model}/tags/{key}",
                     [&registered_models](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY(ri::check_tag_key(req.param("key")));
                       CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
                       CAIRN_TRY_ASSIGN(auto value, body.required_string("value", 0, ri::kMaxTagValue));
                       CAIRN_TRY(registered_models.set_model_tag(caller, tracking_scope(req), req.param("model"),
                                                                 req.param("key"), value));
                       return http::Response::no_content();
                     });

  api.add_in_project("DELETE", base + "/{model}/tags/{key}",
                     [&registered_models](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY(ri::check_tag_key(req.param("key")));
                       CAIRN_TRY(registered_models.delete_model_tag(caller, tracking_scope(req), req.param("model"),
                                                                    req.param("key")));
                       return http::Response::no_content();
                     });

  api.add_in_project("PUT", base + "/{model}/aliases/{alias}",
                     [&model_versions](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
                       CAIRN_TRY_ASSIGN(auto version, body.optional_int("version", 1, INT64_MAX));
                       if (!version) return Error::validation("version", "version is required");
                       CAIRN_TRY_ASSIGN(auto view,
                                        model_versions.set_alias(caller, tracking_scope(req), req.param("model"),
                                                                 req.param("alias"), *version));
                       return json_result(200, registry_views::version(view));
                     });

  api.add_in_project("GET", base + "/{model}/aliases/{alias}",
                     [&model_versions](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto view,
                                        model_versions.version_by_alias(caller, tracking_scope(req), req.param("model"),
                                                                        req.param("alias")));
                       return json_result(200, registry_views::version(view));
                     });

  api.add_in_project(
      "DELETE", base + "/{model}/aliases/{alias}",
      [&model_versions](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY(model_versions.delete_alias(caller, tracking_scope(req), req.param("model"), req.param("alias")));
        return http::Response::no_content();
      });

  api.add_in_project("GET", base + "/{model}/stage-history",
                     [&model_versions](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto page, ri::offset_page(req));
                       CAIRN_TRY_ASSIGN(auto version, query_int(req, "version"));
                       if (version && *version < 1)
                         return Error::bad_request("version must be a positive integer", "version");
                       CAIRN_TRY_ASSIGN(auto history,
                                        model_versions.stage_history(caller, tracking_scope(req), req.param("model"),
                                                                     version.value_or(0), page.offset, page.limit));
                       nlohmann::json items = nlohmann::json::array();
                       for (const auto& t : history.transitions) items.push_back(registry_views::transition(t));
                       return json_result(200, offset_page_json(std::move(items), history.next_token));
                     });

  api.add_in_project("GET", base + "/{model}/compare",
                     [&model_versions](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto versions, version_list(req.query("versions")));
                       CAIRN_TRY_ASSIGN(auto comparison, model_versions.compare(caller, tracking_scope(req),
                                                                                req.param("model"), versions));
                       nlohmann::json rendered = nlohmann::json::array();
                       for (const auto& v : comparison.versions) rendered.push_back(registry_views::version(v));
                       return json_result(200, {{"versions", rendered}, {"rows", comparison.rows}});
                     });
}

}  // namespace cairn::api
