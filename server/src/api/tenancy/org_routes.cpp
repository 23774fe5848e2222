#include "api/api.hpp"
#include "api/json_input.hpp"
#include "api/views.hpp"
#include "common/clock.hpp"

namespace cairn::api {
namespace {

Result<service::Role> role_field(const JsonBody& body) {
  CAIRN_TRY_ASSIGN(auto role, body.optional_enum("role", {"admin", "developer", "viewer"}));
  if (!role) return Error::validation("role", "role is required");
  return *service::parse_role(*role);
}

Result<std::optional<nlohmann::json>> settings_field(const JsonBody& body) {
  if (!body.has("settings")) return std::optional<nlohmann::json>{};
  const auto& settings = body.json().at("settings");
  if (!settings.is_object()) return Error::validation("settings", "settings must be an object");
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [key, value] : settings.items()) {
    if (key != "production_promotion") return Error::validation("settings." + key, "unknown setting '" + key + "'");
    if (!value.is_string() || (value != "admins" && value != "developers")) {
      return Error::validation("settings.production_promotion", "production_promotion must be admins or developers");
    }
    out[key] = value;
  }
  return std::optional<nlohmann::json>(out);
}

}  // namespace

void add_org_routes(Api& api) {
  auto& orgs = api.services().orgs;

  api.add("GET", "/api/v1/orgs", AuthMode::required,
          [&orgs](http::Request&, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto list, orgs.list_mine(caller));
            nlohmann::json items = nlohmann::json::array();
            for (const auto& o : list) items.push_back(views::organization(o, o.role));
            return json_result(200, {{"items", items}});
          });

  api.add("POST", "/api/v1/orgs", AuthMode::required,
          [&orgs](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
            CAIRN_TRY_ASSIGN(auto name, body.required_string("name", 1, 100));
            CAIRN_TRY_ASSIGN(auto slug, body.optional_string("slug", 1, 50));
            if (slug) CAIRN_TRY(validate_slug(*slug));
            CAIRN_TRY_ASSIGN(auto created, orgs.create(caller, name, slug.value_or(slugify(name))));
            return json_result(201, views::organization(created.org, service::to_string(created.role)));
          });

  api.add("GET", "/api/v1/orgs/{org}", AuthMode::required,
          [&orgs](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto access, orgs.get(caller, req.param("org")));
            return json_result(200, views::organization(access.org, service::to_string(access.role)));
          });

  api.add("PATCH", "/api/v1/orgs/{org}", AuthMode::required,
          [&orgs](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
            CAIRN_TRY(body.allow_only({"name", "slug", "settings"}));
            service::OrgUpdate update;
            CAIRN_TRY_ASSIGN(update.name, body.optional_string("name", 1, 100));
            CAIRN_TRY_ASSIGN(update.slug, body.optional_string("slug", 1, 50));
            if (update.slug) CAIRN_TRY(validate_slug(*update.slug));
            CAIRN_TRY_ASSIGN(update.settings, settings_field(body));
            CAIRN_TRY_ASSIGN(auto access, orgs.update(caller, req.param("org"), update));
            return json_result(200, views::organization(access.org, service::to_string(access.role)));
          });

  api.add("DELETE", "/api/v1/orgs/{org}", AuthMode::required,
          [&orgs](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            auto confirm = req.query("confirm");
            if (!confirm || confirm->empty()) {
              return Error::validation("confirm", "pass ?confirm=<organization name> to delete the organization");
            }
            CAIRN_TRY(orgs.remove(caller, req.param("org"), *confirm));
            return http::Response::no_content();
          });

  api.add("GET", "/api/v1/orgs/{org}/members", AuthMode::required,
          [&orgs](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto page, page_request(req, "name"));
            CAIRN_TRY_ASSIGN(auto members, orgs.list_members(caller, req.param("org"), page));
            return json_result(200, views::page(members, views::member));
          });

  api.add("PATCH", "/api/v1/orgs/{org}/members/{user_id}", AuthMode::required,
          [&orgs](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
            CAIRN_TRY_ASSIGN(auto role, role_field(body));
            CAIRN_TRY_ASSIGN(auto member, orgs.change_role(caller, req.param("org"), req.param("user_id"), role));
            return json_result(200, views::member(member));
          });

  api.add("DELETE", "/api/v1/orgs/{org}/members/{user_id}", AuthMode::required,
          [&orgs](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY(orgs.remove_member(caller, req.param("org"), req.param("user_id")));
            return http::Response::no_content();
          });

  api.add("GET", "/api/v1/orgs/{org}/audit-log", AuthMode::required,
          [&orgs](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto page, page_request(req, "-created_at"));
            if (page.sort != "-created_at")
              return Error::bad_request("the audit log is sorted newest first only", "sort");
            storage::audit::AuditFilter filter;
            auto text_filter = [&](const char* name, std::optional<std::string>& out) -> Status {
              if (auto v = req.query(name)) {
                if (v->empty() || v->size() > 100)
                  return Error::bad_request(std::string(name) + " must be 1 to 100 characters", name);
                out = *v;
              }
              return {};
            };
            CAIRN_TRY(text_filter("action", filter.action));
            CAIRN_TRY(text_filter("actor_id", filter.actor_id));
            CAIRN_TRY(text_filter("target_type", filter.target_type));
            if (filter.actor_id && !is_id(*filter.actor_id)) {
              return Error::bad_request("actor_id must be a 32-character hex id", "actor_id");
            }
            CAIRN_TRY_ASSIGN(filter.since, query_int(req, "since"));
            CAIRN_TRY_ASSIGN(filter.until, query_int(req, "until"));
            if (filter.since && *filter.since < 0) return Error::bad_request("since must be >= 0", "since");
            if (filter.until && *filter.until < 0) return Error::bad_request("until must be >= 0", "until");
            CAIRN_TRY_ASSIGN(auto events, orgs.audit_log(caller, req.param("org"), filter, page));
            return json_result(200, views::page(events, views::audit_event));
          });
}

namespace {

// A created or resent invitation: whether it was emailed, and its link when it was not (the admin
// passes it on; without SMTP no one could ever accept it otherwise).
nlohmann::json sent_invitation(const service::OrgService& orgs, const storage::InvitationRecord& invitation) {
  const int64_t now = now_ms();
  auto out = views::invitation(invitation, now, orgs.invitation_link(invitation, now));
  out["email_sent"] = orgs.sends_email();
  return out;
}

}  // namespace

void add_invitation_routes(Api& api) {
  auto& orgs = api.services().orgs;

  api.add("GET", "/api/v1/orgs/{org}/invitations", AuthMode::required,
          [&orgs](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto page, page_request(req, "-created_at"));
            CAIRN_TRY_ASSIGN(auto invitations, orgs.list_invitations(caller, req.param("org"), page));
            const int64_t now = now_ms();
            return json_result(200, views::page(invitations, [&orgs, now](const auto& i) {
                                 return views::invitation(i, now, orgs.invitation_link(i, now));
                               }));
          });

  api.add("POST", "/api/v1/orgs/{org}/invitations", AuthMode::required,
          [&orgs](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
            CAIRN_TRY_ASSIGN(auto raw, body.required_string("email", 1, 254));
            CAIRN_TRY_ASSIGN(auto email, validate_email(raw));
            CAIRN_TRY_ASSIGN(auto role, role_field(body));
            CAIRN_TRY_ASSIGN(auto invitation, orgs.invite(caller, req.param("org"), email, role));
            return json_result(201, sent_invitation(orgs, invitation));
          });

  api.add("POST", "/api/v1/orgs/{org}/invitations/{invitation_id}/resend", AuthMode::required,
          [&orgs](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto invitation,
                             orgs.resend_invitation(caller, req.param("org"), req.param("invitation_id")));
            return json_result(200, sent_invitation(orgs, invitation));
          });

  api.add("DELETE", "/api/v1/orgs/{org}/invitations/{invitation_id}", AuthMode::required,
          [&orgs](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY(orgs.revoke_invitation(caller, req.param("org"), req.param("invitation_id")));
            return http::Response::no_content();
          });

  api.add("POST", "/api/v1/invitations/accept", AuthMode::required,
          [&orgs](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
            CAIRN_TRY_ASSIGN(auto token, body.required_string("token", 1, 256));
            CAIRN_TRY_ASSIGN(auto access, orgs.accept_invitation(caller, token));
            return json_result(200, views::organization(access.org, service::to_string(access.role)));
          });
}

}  // namespace cairn::api
