#include "storage/identity/user_store.hpp"

namespace cairn::storage::users {
namespace {

constexpr const char* kUserColumns = "id, email, name, password_hash, email_verified_at, created_at, updated_at";
constexpr const char* kSessionColumns = "id, user_id, user_agent, ip, created_at, last_used_at, expires_at, revoked_at";

UserRecord user_from(const Row& r) {
  return UserRecord{r.text(0), r.text(1), r.text(2), r.text(3), r.opt_int64(4), r.int64(5), r.int64(6)};
}

SessionRecord session_from(const Row& r) {
  return SessionRecord{r.text(0), r.text(1), r.text(2), r.text(3), r.int64(4), r.int64(5), r.int64(6), r.opt_int64(7)};
}

}  // namespace

Status insert(Connection& c, const UserRecord& u) {
  auto r = c.execute(
      std::string("INSERT INTO users (") + kUserColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
      {u.id, u.email, u.name, u.password_hash, optional_int(u.email_verified_at), u.created_at, u.updated_at});
  if (!r.ok() && r.error().code == ErrorCode::conflict) return Error::conflict("an account with this email exists");
  return as_status(r);
}

Result<std::optional<UserRecord>> find_by_id(Connection& c, const std::string& id) {
  CAIRN_TRY_ASSIGN(auto rows, c.query(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = ?", {id}));
  if (rows.empty()) return std::optional<UserRecord>{};
  return std::optional<UserRecord>(user_from(rows[0]));
}

Result<std::optional<UserRecord>> find_by_email(Connection& c, const std::string& email) {
  CAIRN_TRY_ASSIGN(auto rows, c.query(std::string("SELECT ") + kUserColumns + " FROM users WHERE email = ?", {email}));
  if (rows.empty()) return std::optional<UserRecord>{};
  return std::optional<UserRecord>(user_from(rows[0]));
}

Status update_name(Connection& c, const std::string& id, const std::string& name, int64_t now) {
  return as_status(c.execute("UPDATE users SET name = ?, updated_at = ? WHERE id = ?", {name, now, id}));
}

Status update_password(Connection& c, const std::string& id, const std::string& password_hash, int64_t now) {
  return as_status(
      c.execute("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", {password_hash, now, id}));
}

Status mark_email_verified(Connection& c, const std::string& id, int64_t now) {
  return as_status(
      c.execute("UPDATE users SET email_verified_at = COALESCE(email_verified_at, ?), updated_at = ? WHERE id = ?",
                {now, now, id}));
}

Result<int64_t> count(Connection& c) {
  CAIRN_TRY_ASSIGN(auto rows, c.query("SELECT COUNT(*) FROM users", {}));
  return rows[0].int64(0);
}

Status insert_session(Connection& c, const SessionRecord& s) {
  return as_status(c.execute(
      std::string("INSERT INTO sessions (") + kSessionColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {s.id, s.user_id, s.user_agent, s.ip, s.created_at, s.last_used_at, s.expires_at, optional_int(s.revoked_at)}));
}

Result<std::optional<SessionRecord>> find_session(Connection& c, const std::string& id) {
  CAIRN_TRY_ASSIGN(auto rows, c.query(std::string("SELECT ") + kSessionColumns + " FROM sessions WHERE id = ?", {id}));
  if (rows.empty()) return std::optional<SessionRecord>{};
  return std::optional<SessionRecord>(session_from(rows[0]));
}

Result<std::vector<SessionRecord>> list_active_sessions(Connection& c, const std::string& user_id, int64_t now) {
  CAIRN_TRY_ASSIGN(auto rows, c.query(std::string("SELECT ") + kSessionColumns +
                                          " FROM sessions WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ?"
                                          " ORDER BY last_used_at DESC, id",
                                      {user_id, now}));
  std::vector<SessionRecord> out;
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(session_from(rows[i]));
  return out;
}

Result<bool> revoke_session(Connection& c, const std::string& user_id, const std::string& session_id, int64_t now) {
  CAIRN_TRY_ASSIGN(auto changed,
                   c.execute("UPDATE sessions SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? AND user_id = ?",
                             {now, session_id, user_id}));
  return changed > 0;
}

Status revoke_all_sessions(Connection& c, const std::string& user_id, const std::string& keep_session_id, int64_t now) {
  return as_status(c.execute("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND id <> ? AND revoked_at IS NULL",
                             {now, user_id, keep_session_id}));
}

Status touch_session(Connection& c, const std::string& id, int64_t now, int64_t expires_at) {
  return as_status(
      c.execute("UPDATE sessions SET last_used_at = ?, expires_at = ? WHERE id = ?", {now, expires_at, id}));
}

Status insert_refresh_token(Connection& c, const std::string& token_hash, const std::string& session_id, int64_t now) {
  return as_status(c.execute("INSERT INTO refresh_tokens (token_hash, session_id, created_at) VALUES (?, ?, ?)",
                             {token_hash, session_id, now}));
}

Result<std::optional<RefreshTokenState>> find_refresh_token(Connection& c, const std::string& token_hash) {
  CAIRN_TRY_ASSIGN(auto rows,
                   c.query("SELECT session_id, rotated_at FROM refresh_tokens WHERE token_hash = ?", {token_hash}));
  if (rows.empty()) return std::optional<RefreshTokenState>{};
  return std::optional<RefreshTokenState>(RefreshTokenState{rows[0].text(0), rows[0].opt_int64(1)});
}

Result<bool> mark_refresh_token_rotated(Connection& c, const std::string& token_hash, int64_t now) {
  CAIRN_TRY_ASSIGN(auto changed,
                   c.execute("UPDATE refresh_tokens SET rotated_at = ? WHERE token_hash = ? AND rotated_at IS NULL",
                             {now, token_hash}));
  return changed == 1;
}

Status insert_one_time_token(Connection& c, const std::string& token_hash, const std::string& user_id,
                             const std::string& purpose, int64_t now, int64_t expires_at) {
  return as_status(c.execute(
      "INSERT INTO one_time_tokens (token_hash, user_id, purpose, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
      {token_hash, user_id, purpose, now, expires_at}));
}

Result<std::optional<std::string>> consume_one_time_token(Connection& c, const std::string& token_hash,
                                                          const std::string& purpose, int64_t now) {
  CAIRN_TRY_ASSIGN(auto rows, c.query("UPDATE one_time_tokens SET used_at = ? WHERE token_hash = ? AND purpose = ?"
                                      " AND used_at IS NULL AND expires_at > ? RETURNING user_id",
                                      {now, token_hash, purpose, now}));
  if (rows.empty()) return std::optional<std::string>{};
  return std::optional<std::string>(rows[0].text(0));
}

}  // namespace cairn::storage::users
