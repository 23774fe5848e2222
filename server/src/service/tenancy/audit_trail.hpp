#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "service/principal.hpp"
#include "storage/database.hpp"

namespace cairn::service {

/// Writes security events. Called inside the transaction of the change it describes, so an
/// event exists exactly when the change does.
Status record_audit(storage::Connection& c, const Caller& caller, const std::optional<std::string>& org_id,
                    std::string action, std::string target_type, std::string target_id,
                    nlohmann::json details = nlohmann::json::object());

/// As record_audit, with an explicit actor (for events before anyone is signed in, such as a
/// failed login: actor_type "anonymous" or "user").
Status record_audit_as(storage::Connection& c, const Caller& caller, const std::optional<std::string>& org_id,
                       std::string actor_type, std::string actor_id, std::string action, std::string target_type,
                       std::string target_id, nlohmann::json details = nlohmann::json::object());

/// Records a user-level event (sign-in, password change) once in each organization the user
/// belongs to, so every admin who can see the user sees it; with no organization, once unscoped.
Status record_user_event(storage::Connection& c, const Caller& caller, const std::string& user_id, std::string action,
                         nlohmann::json details = nlohmann::json::object());

}  // namespace cairn::service
