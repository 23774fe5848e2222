#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "service/principal.hpp"
#include "storage/database.hpp"

namespace cairn::service {

/// Writes security events. Called inside the transaction of the change it describes, so an
/// event exists exactly when the change does.
///
/// Each event keeps the display names of its actor and target as they were when it happened
/// (details "actor_name" and "target_name", answered as fields of their own): a deleted model,
/// version or run can no longer be looked up when the log is read, and a log says what a thing was
/// called then. A caller that knows its target's name passes it as details["target_name"];
/// otherwise users, API keys, projects, organizations and invitations are named here, and any
/// other target by details["name"].
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
Status record_user_event(storage::Connection& c, const Caller& caller, const std::string& user_id,
                         const std::string& action, const nlohmann::json& details = nlohmann::json::object());

}  // namespace cairn::service
