#pragma once

#include <cstdint>
#include <optional>
#include <string>

/// Rows of the foundation tables as plain structs. Timestamps are ms since the epoch.
namespace cairn::storage {

struct UserRecord {
  std::string id;
  std::string email;  ///< lowercased
  std::string name;
  std::string password_hash;
  std::optional<int64_t> email_verified_at;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct SessionRecord {
  std::string id;
  std::string user_id;
  std::string user_agent;
  std::string ip;
  int64_t created_at = 0;
  int64_t last_used_at = 0;
  int64_t expires_at = 0;
  std::optional<int64_t> revoked_at;
};

struct OrgRecord {
  std::string id;
  std::string slug;
  std::string name;
  std::string settings;  ///< JSON object text
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::string role;  ///< the reading user's role, when read through a membership
};

struct MemberRecord {
  std::string user_id;
  std::string email;
  std::string name;
  std::string role;
  int64_t joined_at = 0;
};

struct InvitationRecord {
  std::string id;
  std::string org_id;
  std::string email;
  std::string role;
  std::string invited_by;
  int64_t created_at = 0;
  int64_t expires_at = 0;
  std::optional<int64_t> accepted_at;
  std::optional<int64_t> revoked_at;
  std::string token_hash;  ///< SHA-256 of the current token (read, never answered)
};

struct ProjectRecord {
  std::string id;
  std::string org_id;
  std::string slug;
  std::string name;
  std::string description;
  std::string visibility;  ///< "org" or "private"
  std::string created_by;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct ApiKeyRecord {
  std::string id;
  std::string org_id;
  std::string user_id;
  std::optional<std::string> project_id;
  std::string name;
  std::string scopes;  ///< space-separated
  std::string prefix;  ///< of the current secret
  int64_t created_at = 0;
  std::optional<int64_t> expires_at;
  std::optional<int64_t> revoked_at;
  std::optional<int64_t> last_used_at;
  std::optional<std::string> last_used_ip;
};

struct AuditRecord {
  std::string id;
  std::optional<std::string> org_id;
  int64_t created_at = 0;
  std::string action;
  std::string actor_type;  ///< "user", "api_key", "system", "anonymous"
  std::string actor_id;
  std::string target_type;
  std::string target_id;
  std::string ip;
  std::string request_id;
  std::string details = "{}";  ///< JSON object text
};

}  // namespace cairn::storage
