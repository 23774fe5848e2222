#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/principal.hpp"
#include "service/service_context.hpp"
#include "storage/records.hpp"

namespace cairn::service {

struct TokenPair {
  storage::UserRecord user;
  std::string access_token;
  std::string refresh_token;
  int64_t expires_in = 0;  ///< seconds
  std::string session_id;
};

struct SignupInput {
  std::string email;  ///< already validated and lowercased
  std::string password;
  std::string name;
  std::optional<std::string> invitation_token;
};

struct MeView {
  storage::UserRecord user;
  std::vector<storage::OrgRecord> organizations;  ///< with the user's role
};

/// Accounts and sessions: sign-up, sign-in with throttling, refresh-token rotation with reuse
/// detection, password changes and resets, email verification.
class AccountService {
 public:
  static constexpr int64_t kSessionLifetimeMs = 30LL * 24 * 3600 * 1000;
  static constexpr int64_t kVerifyTokenLifetimeMs = 48LL * 3600 * 1000;
  static constexpr int64_t kResetTokenLifetimeMs = 3600LL * 1000;

  explicit AccountService(ServiceContext& ctx) : ctx_(ctx) {}

  /// ErrorCode::conflict when the email is taken (also under concurrent sign-ups).
  Result<TokenPair> signup(const SignupInput& input, const Caller& caller);
  /// One message for a wrong password and an unknown account; 429 after repeated failures.
  Result<TokenPair> login(const std::string& email, const std::string& password, const Caller& caller);
  /// Exchanges a refresh token for a new pair. A token used twice revokes its whole session.
  Result<TokenPair> refresh(const std::string& refresh_token, const Caller& caller);
  /// Revokes the session of `refresh_token`, or else the caller's current session.
  Status logout(const std::optional<std::string>& refresh_token, const Caller& caller);

  /// Resolves an access token to a principal; the session must still be live.
  Result<Principal> authenticate_access_token(const std::string& token);

  Result<MeView> me(const Principal& principal);
  Result<storage::UserRecord> update_name(const Principal& principal, const std::string& name);
  /// Revokes the user's other sessions.
  Status change_password(const Principal& principal, const std::string& current_password,
                         const std::string& new_password, const Caller& caller);
  Result<std::vector<storage::SessionRecord>> list_sessions(const Principal& principal);
  Status revoke_session(const Principal& principal, const std::string& session_id, const Caller& caller);

  Status request_email_verification(const Principal& principal);
  Result<storage::UserRecord> verify_email(const std::string& token);
  /// Always succeeds from the caller's view; emails a token only when the account exists.
  Status request_password_reset(const std::string& email, const Caller& caller);
  /// Sets the password and revokes every session of the user.
  Status reset_password(const std::string& token, const std::string& new_password, const Caller& caller);

  /// For `cairn admin` and the demo account: creates a verified user directly.
  Result<storage::UserRecord> create_user(const std::string& email, const std::string& name,
                                          const std::string& password);
  Status set_password(const std::string& email, const std::string& password);

 private:
  Result<TokenPair> start_session(storage::Connection& c, const storage::UserRecord& user, const Caller& caller);
  Status send_token_email(const storage::UserRecord& user, const std::string& purpose, int64_t lifetime_ms,
                          storage::Connection& c);
  Status throttle_check(const std::string& email, const Caller& caller);
  void throttle_failure(const std::string& email, const Caller& caller);

  ServiceContext& ctx_;
};

}  // namespace cairn::service
