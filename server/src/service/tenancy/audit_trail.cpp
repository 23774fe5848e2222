#include "service/tenancy/audit_trail.hpp"

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "storage/identity/user_store.hpp"
#include "storage/tenancy/api_key_store.hpp"
#include "storage/tenancy/audit_store.hpp"
#include "storage/tenancy/org_store.hpp"
#include "storage/tenancy/project_store.hpp"

namespace cairn::service {
namespace {

Result<std::string> user_name(storage::Connection& c, const std::string& user_id) {
  CAIRN_TRY_ASSIGN(auto user, storage::users::find_by_id(c, user_id));
  if (!user) return std::string();
  return user->name.empty() ? user->email : user->name;
}

Result<std::string> key_name(storage::Connection& c, const std::optional<std::string>& org_id,
                             const std::string& key_id) {
  if (!org_id) return std::string();
  CAIRN_TRY_ASSIGN(auto key, storage::api_keys::find(c, *org_id, key_id));
  if (!key) return std::string();
  CAIRN_TRY_ASSIGN(auto owner, user_name(c, key->user_id));
  return owner.empty() ? key->name + " key" : key->name + " key of " + owner;
}

std::string string_field(const nlohmann::json& details, const char* key) {
  auto it = details.find(key);
  return it != details.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Result<std::string> actor_display_name(storage::Connection& c, const std::optional<std::string>& org_id,
                                       const std::string& type, const std::string& id) {
  if (id.empty()) return std::string();
  if (type == "user") return user_name(c, id);
  if (type == "api_key") return key_name(c, org_id, id);
  if (type == "system") return id;
  return std::string();
}

Result<std::string> target_display_name(storage::Connection& c, const std::optional<std::string>& org_id,
                                        const std::string& type, const std::string& id, const nlohmann::json& details) {
  if (auto given = string_field(details, "target_name"); !given.empty()) return given;
  if (!id.empty()) {
    if (type == "user") return user_name(c, id);
    if (type == "api_key") {
      // The key's own name: "of <owner>" is for keys acting, not keys acted upon.
      if (!org_id) return std::string();
      CAIRN_TRY_ASSIGN(auto key, storage::api_keys::find(c, *org_id, id));
      if (key) return key->name;
    }
    if (type == "project" && org_id) {
      CAIRN_TRY_ASSIGN(auto project, storage::projects::find(c, *org_id, id));
      if (project) return project->name;
    }
    if (type == "organization") {
      CAIRN_TRY_ASSIGN(auto org, storage::orgs::find(c, id));
      if (org) return org->name;
    }
  }
  if (type == "invitation") return string_field(details, "email");
  return string_field(details, "name");
}

}  // namespace

Status record_audit_as(storage::Connection& c, const Caller& caller, const std::optional<std::string>& org_id,
                       std::string actor_type, std::string actor_id, std::string action, std::string target_type,
                       std::string target_id, nlohmann::json details) {
  storage::AuditRecord e;
  e.id = crypto::new_id();
  e.org_id = org_id;
  e.created_at = now_ms();
  e.action = std::move(action);
  e.actor_type = std::move(actor_type);
  e.actor_id = std::move(actor_id);
  e.target_type = std::move(target_type);
  e.target_id = std::move(target_id);
  e.ip = caller.ip;
  e.request_id = caller.request_id;
  if (!details.is_object()) details = nlohmann::json::object();
  CAIRN_TRY_ASSIGN(auto actor_name, actor_display_name(c, org_id, e.actor_type, e.actor_id));
  CAIRN_TRY_ASSIGN(auto target_name, target_display_name(c, org_id, e.target_type, e.target_id, details));
  details["actor_name"] = std::move(actor_name);
  details["target_name"] = std::move(target_name);
  e.details = details.dump();
  return storage::audit::insert(c, e);
}

Status record_audit(storage::Connection& c, const Caller& caller, const std::optional<std::string>& org_id,
                    std::string action, std::string target_type, std::string target_id, nlohmann::json details) {
  std::string actor_type = "anonymous";
  std::string actor_id;
  if (caller.principal) {
    actor_type = caller.principal->is_key() ? "api_key" : "user";
    actor_id = caller.principal->is_key() ? caller.principal->api_key_id : caller.principal->user_id;
    if (caller.principal->is_key()) details["on_behalf_of"] = caller.principal->user_id;
  }
  return record_audit_as(c, caller, org_id, actor_type, actor_id, std::move(action), std::move(target_type),
                         std::move(target_id), std::move(details));
}

Status record_user_event(storage::Connection& c, const Caller& caller, const std::string& user_id,
                         const std::string& action, const nlohmann::json& details) {
  CAIRN_TRY_ASSIGN(auto orgs, storage::orgs::list_for_user(c, user_id));
  if (orgs.empty()) return record_audit_as(c, caller, std::nullopt, "user", user_id, action, "user", user_id, details);
  for (const auto& org : orgs) {
    CAIRN_TRY(record_audit_as(c, caller, org.id, "user", user_id, action, "user", user_id, details));
  }
  return {};
}

}  // namespace cairn::service
