#include "api/views.hpp"

#include <sstream>

namespace cairn::api::views {
namespace {

nlohmann::json nullable(const std::optional<int64_t>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}
nlohmann::json nullable(const std::optional<std::string>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json user(const storage::UserRecord& u) {
  return {{"id", u.id},
          {"email", u.email},
          {"name", u.name},
          {"email_verified", u.email_verified_at.has_value()},
          {"created_at", u.created_at}};
}

nlohmann::json me(const service::MeView& me) {
  auto out = user(me.user);
  nlohmann::json orgs = nlohmann::json::array();
  for (const auto& o : me.organizations) {
    orgs.push_back({{"id", o.id}, {"slug", o.slug}, {"name", o.name}, {"role", o.role}});
  }
  out["organizations"] = std::move(orgs);
  return out;
}

nlohmann::json token_pair(const service::TokenPair& t) {
  return {{"access_token", t.access_token},
          {"token_type", "Bearer"},
          {"expires_in", t.expires_in},
          {"refresh_token", t.refresh_token},
          {"user", user(t.user)}};
}

nlohmann::json session(const storage::SessionRecord& s, const std::string& current_session_id) {
  return {{"id", s.id},
          {"created_at", s.created_at},
          {"last_used_at", s.last_used_at},
          {"expires_at", s.expires_at},
          {"user_agent", s.user_agent},
          {"ip", s.ip},
          {"current", s.id == current_session_id}};
}

nlohmann::json organization(const storage::OrgRecord& o, std::string_view role) {
  auto settings = nlohmann::json::parse(o.settings, nullptr, false);
  if (!settings.is_object()) settings = nlohmann::json::object();
  if (!settings.contains("production_promotion")) settings["production_promotion"] = "admins";
  return {{"id", o.id},
          {"slug", o.slug},
          {"name", o.name},
          {"created_at", o.created_at},
          {"updated_at", o.updated_at},
          {"role", role},
          {"settings", settings}};
}

nlohmann::json member(const storage::MemberRecord& m) {
  return {{"user_id", m.user_id}, {"email", m.email}, {"name", m.name}, {"role", m.role}, {"joined_at", m.joined_at}};
}

nlohmann::json project_member(const storage::MemberRecord& m) {
  return {{"user_id", m.user_id}, {"email", m.email}, {"name", m.name}, {"role", m.role}, {"added_at", m.joined_at}};
}

nlohmann::json invitation(const storage::InvitationRecord& i, int64_t now,
                          const std::optional<std::string>& accept_url) {
  std::string status = "pending";
  if (i.accepted_at)
    status = "accepted";
  else if (i.revoked_at)
    status = "revoked";
  else if (i.expires_at <= now)
    status = "expired";
  nlohmann::json out = {{"id", i.id},
                        {"email", i.email},
                        {"role", i.role},
                        {"invited_by", i.invited_by},
                        {"created_at", i.created_at},
                        {"expires_at", i.expires_at},
                        {"status", status}};
  if (accept_url) out["accept_url"] = *accept_url;
  return out;
}

nlohmann::json project(const storage::ProjectRecord& p) {
  return {{"id", p.id},
          {"org_id", p.org_id},
          {"slug", p.slug},
          {"name", p.name},
          {"description", p.description},
          {"visibility", p.visibility},
          {"created_by", p.created_by},
          {"created_at", p.created_at},
          {"updated_at", p.updated_at}};
}

nlohmann::json project_stats(const storage::projects::ProjectStats& s) {
  return {{"experiments", s.experiments}, {"runs", s.runs}, {"models", s.models}, {"deployments", s.deployments}};
}

nlohmann::json api_key(const storage::ApiKeyRecord& k) {
  nlohmann::json scopes = nlohmann::json::array();
  std::istringstream in(k.scopes);
  std::string word;
  while (in >> word) scopes.push_back(word);
  return {{"id", k.id},
          {"name", k.name},
          {"prefix", k.prefix},
          {"scopes", scopes},
          {"project_id", nullable(k.project_id)},
          {"user_id", k.user_id},
          {"created_at", k.created_at},
          {"expires_at", nullable(k.expires_at)},
          {"revoked_at", nullable(k.revoked_at)},
          {"last_used_at", nullable(k.last_used_at)},
          {"last_used_ip", nullable(k.last_used_ip)}};
}

nlohmann::json api_key_with_secret(const service::ApiKeyWithSecret& k) {
  auto out = api_key(k.key);
  out["secret"] = k.secret;
  return out;
}

nlohmann::json api_key_usage(const service::ApiKeyUsage& u) {
  nlohmann::json days = nlohmann::json::array();
  for (const auto& [day, requests] : u.days) days.push_back({{"day", day}, {"requests", requests}});
  return {{"key_id", u.key_id},
          {"days", days},
          {"last_used_at", nullable(u.last_used_at)},
          {"last_used_ip", nullable(u.last_used_ip)}};
}

nlohmann::json audit_event(const storage::AuditRecord& e) {
  auto details = nlohmann::json::parse(e.details, nullptr, false);
  if (details.is_discarded() || !details.is_object()) details = nlohmann::json::object();
  // Names kept when the event was written (service/tenancy/audit_trail.hpp); empty for events
  // older than that.
  auto take = [&details](const char* key) {
    auto it = details.find(key);
    std::string value = it != details.end() && it->is_string() ? it->get<std::string>() : std::string();
    if (it != details.end()) details.erase(it);
    return value;
  };
  std::string actor_name = take("actor_name");
  std::string target_name = take("target_name");
  return {{"id", e.id},
          {"actor_name", actor_name},
          {"target_name", target_name},
          {"created_at", e.created_at},
          {"action", e.action},
          {"actor_type", e.actor_type},
          {"actor_id", e.actor_id},
          {"target_type", e.target_type},
          {"target_id", e.target_id},
          {"ip", e.ip},
          {"request_id", e.request_id},
          {"details", details}};
}

}  // namespace cairn::api::views
