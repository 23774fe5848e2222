#include "service/tenancy/audit_trail.hpp"

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "storage/tenancy/audit_store.hpp"
#include "storage/tenancy/org_store.hpp"

namespace cairn::service {

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

Status record_user_event(storage::Connection& c, const Caller& caller, const std::string& user_id, std::string action,
                         nlohmann::json details) {
  CAIRN_TRY_ASSIGN(auto orgs, storage::orgs::list_for_user(c, user_id));
  if (orgs.empty()) return record_audit_as(c, caller, std::nullopt, "user", user_id, action, "user", user_id, details);
  for (const auto& org : orgs) {
    CAIRN_TRY(record_audit_as(c, caller, org.id, "user", user_id, action, "user", user_id, details));
  }
  return {};
}

}  // namespace cairn::service
