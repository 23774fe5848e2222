// Onboarding: /api/v1/orgs/{org}/onboarding (the first-run checklist), .../feedback, and the web
// app's error reports (/api/v1/client-errors, read back per organization by its admins).
#include "api/tenancy/onboarding_routes.hpp"

#include <algorithm>
#include <cctype>

#include "api/json_input.hpp"
#include "api/views.hpp"
#include "common/request_id.hpp"

namespace cairn::api {
namespace {

using nlohmann::json;

json feedback_view(const storage::onboarding::FeedbackRecord& f) {
  return {{"id", f.id},
          {"message", f.message},
          {"page", f.page},
          {"version", f.version},
          {"user", {{"id", f.user_id}, {"name", f.user_name}, {"email", f.user_email}}},
          {"created_at", f.created_at}};
}

json client_error_view(const storage::onboarding::ClientErrorRecord& e) {
  return {{"fingerprint", e.fingerprint},
          {"kind", e.kind},
          {"message", e.message},
          {"stack", e.stack},
          {"page", e.page},
          {"status", e.status ? json(*e.status) : json()},
          {"last_request_id", e.last_request_id ? json(*e.last_request_id) : json()},
          {"version", e.version},
          {"count", e.count},
          {"first_seen", e.first_seen},
          {"last_seen", e.last_seen}};
}

/// An app path: starts with '/', at most 500 characters.
Result<std::string> page_of(const JsonBody& body) {
  CAIRN_TRY_ASSIGN(auto page, body.required_string("page", 1, 500));
  if (page.front() != '/') return Error::validation("page", "page must be the app's path, starting with /");
  return page;
}

/// `newest` is the only order of these lists.
Result<storage::PageRequest> newest_first(const http::Request& req, const char* sort) {
  CAIRN_TRY_ASSIGN(auto page, page_request(req, sort));
  if (page.sort != sort) return Error::bad_request(std::string("this list is sorted by ") + sort + " only", "sort");
  return page;
}

}  // namespace

void add_onboarding_routes(Api& api, service::OnboardingService& onboarding) {
  api.add("GET", "/api/v1/orgs/{org}/onboarding", AuthMode::required,
          [&onboarding](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto state, onboarding.onboarding(caller, req.param("org")));
            json steps = json::array();
            for (const auto& s : state.steps) steps.push_back({{"id", s.id}, {"done", s.done}});
            json first = state.first_project ? json{{"id", state.first_project->id},
                                                    {"slug", state.first_project->slug},
                                                    {"name", state.first_project->name}}
                                             : json();
            return json_result(200, {{"steps", steps}, {"first_project", first}});
          });

  api.add("POST", "/api/v1/orgs/{org}/feedback", AuthMode::required,
          [&onboarding](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
            CAIRN_TRY(body.allow_only({"message", "page", "version"}));
            CAIRN_TRY(body.reject_nulls());
            service::FeedbackInput input;
            CAIRN_TRY_ASSIGN(input.message, body.required_string("message", 1, 4000));
            CAIRN_TRY_ASSIGN(input.page, page_of(body));
            CAIRN_TRY_ASSIGN(input.version, body.required_string("version", 1, 50));
            CAIRN_TRY_ASSIGN(auto stored, onboarding.send_feedback(caller, req.param("org"), input));
            return json_result(201, feedback_view(stored));
          });
  api.add("GET", "/api/v1/orgs/{org}/feedback", AuthMode::required,
          [&onboarding](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto page, newest_first(req, "-created_at"));
            CAIRN_TRY_ASSIGN(auto items, onboarding.list_feedback(caller, req.param("org"), page));
            return json_result(200, views::page(items, feedback_view));
          });

  api.add("POST", "/api/v1/client-errors", AuthMode::optional,
          [&onboarding](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
            CAIRN_TRY(body.allow_only({"kind", "message", "stack", "page", "request_id", "status", "version", "org"}));
            CAIRN_TRY(body.reject_nulls());
            service::ClientErrorReport report;
            CAIRN_TRY_ASSIGN(auto kind, body.optional_enum("kind", {"uncaught", "request"}));
            if (!kind) return Error::validation("kind", "kind is required: uncaught or request");
            report.kind = *kind;
            CAIRN_TRY_ASSIGN(report.message, body.required_string("message", 1, 1000));
            CAIRN_TRY_ASSIGN(auto stack, body.optional_string("stack", 0, 8000));
            report.stack = stack.value_or("");
            CAIRN_TRY_ASSIGN(report.page, page_of(body));
            CAIRN_TRY_ASSIGN(report.request_id, body.optional_string("request_id", 1, 128));
            if (report.request_id && !is_valid_request_id(*report.request_id))
              return Error::validation("request_id", "request_id must be 1-128 of letters, digits and . _ : -");
            CAIRN_TRY_ASSIGN(report.status, body.optional_int("status", 0, 599));
            CAIRN_TRY_ASSIGN(report.version, body.required_string("version", 1, 50));
            CAIRN_TRY_ASSIGN(report.org_ref, body.optional_string("org", 1, 64));
            CAIRN_TRY_ASSIGN(auto group, onboarding.report_client_error(caller, std::move(report)));
            return json_result(202, {{"fingerprint", group}});
          });
  api.add("GET", "/api/v1/orgs/{org}/client-errors", AuthMode::required,
          [&onboarding](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto page, newest_first(req, "-last_seen"));
            CAIRN_TRY_ASSIGN(auto items, onboarding.list_client_errors(caller, req.param("org"), page));
            return json_result(200, views::page(items, client_error_view));
          });
}

}  // namespace cairn::api
