#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "storage/records.hpp"

/// Users, sessions with their refresh tokens, and emailed one-time tokens.
namespace cairn::storage::users {

/// ErrorCode::conflict when the email is taken.
Status insert(Connection& c, const UserRecord& user);
Result<std::optional<UserRecord>> find_by_id(Connection& c, const std::string& id);
Result<std::optional<UserRecord>> find_by_email(Connection& c, const std::string& email);
Status update_name(Connection& c, const std::string& id, const std::string& name, int64_t now);
Status update_password(Connection& c, const std::string& id, const std::string& password_hash, int64_t now);
Status mark_email_verified(Connection& c, const std::string& id, int64_t now);
Result<int64_t> count(Connection& c);

Status insert_session(Connection& c, const SessionRecord& session);
Result<std::optional<SessionRecord>> find_session(Connection& c, const std::string& id);
Result<std::vector<SessionRecord>> list_active_sessions(Connection& c, const std::string& user_id, int64_t now);
/// Revokes one session of a user; false when it does not exist or is not theirs.
Result<bool> revoke_session(Connection& c, const std::string& user_id, const std::string& session_id, int64_t now);
/// Revokes every session of a user except `keep_session_id` (may be empty).
Status revoke_all_sessions(Connection& c, const std::string& user_id, const std::string& keep_session_id, int64_t now);
/// Records a use and slides the expiry.
Status touch_session(Connection& c, const std::string& id, int64_t now, int64_t expires_at);

Status insert_refresh_token(Connection& c, const std::string& token_hash, const std::string& session_id, int64_t now);

struct RefreshTokenState {
  std::string session_id;
  std::optional<int64_t> rotated_at;
};
Result<std::optional<RefreshTokenState>> find_refresh_token(Connection& c, const std::string& token_hash);
/// Marks a refresh token used. False when it already was: a concurrent exchange or a replay.
Result<bool> mark_refresh_token_rotated(Connection& c, const std::string& token_hash, int64_t now);

Status insert_one_time_token(Connection& c, const std::string& token_hash, const std::string& user_id,
                             const std::string& purpose, int64_t now, int64_t expires_at);
/// Uses a live token of `purpose` once; the user id it was issued to, or nullopt.
Result<std::optional<std::string>> consume_one_time_token(Connection& c, const std::string& token_hash,
                                                          const std::string& purpose, int64_t now);

}  // namespace cairn::storage::users
