#include "service/identity/account_service.hpp"

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "common/log.hpp"
#include "service/tenancy/audit_trail.hpp"
#include "service/tenancy/invitation_acceptance.hpp"
#include "storage/identity/user_store.hpp"
#include "storage/tenancy/org_store.hpp"

namespace cairn::service {

using storage::Connection;
using storage::UserRecord;
namespace users = storage::users;

namespace {

constexpr const char* kPurposeVerify = "verify_email";
constexpr const char* kPurposeReset = "password_reset";

Error bad_credentials() {
  return Error::unauthenticated("email or password is incorrect");
}

// Verifying against this when the account does not exist makes both answers take as long.
const std::string& dummy_hash() {
  static const std::string hash = crypto::hash_password(crypto::random_token(24));
  return hash;
}

}  // namespace

Result<TokenPair> AccountService::start_session(Connection& c, const UserRecord& user, const Caller& caller) {
  const int64_t now = now_ms();
  storage::SessionRecord session{
      crypto::new_id(),         user.id,     caller.user_agent.substr(0, 256), caller.ip, now, now,
      now + kSessionLifetimeMs, std::nullopt};
  CAIRN_TRY(users::insert_session(c, session));
  std::string refresh = crypto::random_token(48);
  CAIRN_TRY(users::insert_refresh_token(c, crypto::sha256_hex(refresh), session.id, now));
  return TokenPair{user, ctx_.tokens.issue(user.id, session.id, now), refresh, AccessTokens::kLifetimeSeconds,
                   session.id};
}

Result<TokenPair> AccountService::signup(const SignupInput& input, const Caller& caller) {
  CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
  const int64_t now = now_ms();
  UserRecord user{crypto::new_id(), input.email, input.name, crypto::hash_password(input.password),
                  std::nullopt,     now,         now};
  return storage::in_transaction<TokenPair>(*conn, true, [&](Connection& c) -> Result<TokenPair> {
    CAIRN_TRY(users::insert(c, user));
    if (input.invitation_token) {
      // Accepting proves the mailbox: the invitation reached this address.
      CAIRN_TRY(accept_invitation_token(c, *input.invitation_token, user, caller, "invitation_token"));
      CAIRN_TRY(users::mark_email_verified(c, user.id, now));
      user.email_verified_at = now;
    }
    CAIRN_TRY(record_user_event(c, caller, user.id, "auth.signup"));
    return start_session(c, user, caller);
  });
}

Status AccountService::throttle_check(const std::string& email, const Caller& caller) {
  const int64_t max = ctx_.config.login_max_failures;
  for (const auto& key : {"login:acct:" + email, "login:ip:" + caller.ip}) {
    auto window = ctx_.limits.peek(key);
    if (window.count >= max) {
      return Error::rate_limited(static_cast<int>((window.ttl_ms + 999) / 1000),
                                 "too many failed sign-in attempts; try again later");
    }
  }
  return {};
}

void AccountService::throttle_failure(const std::string& email, const Caller& caller) {
  const int64_t window_ms = ctx_.config.login_window_seconds * 1000LL;
  ctx_.limits.increment("login:acct:" + email, window_ms);
  ctx_.limits.increment("login:ip:" + caller.ip, window_ms);
}

Result<TokenPair> AccountService::login(const std::string& email, const std::string& password, const Caller& caller) {
  CAIRN_TRY(throttle_check(email, caller));
  CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
  CAIRN_TRY_ASSIGN(auto found, users::find_by_email(*conn, email));
  const bool ok = crypto::verify_password(found ? found->password_hash : dummy_hash(), password) && found;
  if (!ok) {
    throttle_failure(email, caller);
    auto details = nlohmann::json{{"email", email}};
    if (found) {
      (void)record_user_event(*conn, caller, found->id, "auth.login_failed", details);
    } else {
      (void)record_audit_as(*conn, caller, std::nullopt, "anonymous", "", "auth.login_failed", "user", "", details);
    }
    return bad_credentials();
  }
  ctx_.limits.reset("login:acct:" + email);
  return storage::in_transaction<TokenPair>(*conn, true, [&](Connection& c) -> Result<TokenPair> {
    CAIRN_TRY(record_user_event(c, caller, found->id, "auth.login"));
    return start_session(c, *found, caller);
  });
}

Result<TokenPair> AccountService::refresh(const std::string& refresh_token, const Caller& caller) {
  auto invalid = [] { return Error::unauthenticated("refresh token is invalid, expired or revoked"); };
  if (refresh_token.empty() || refresh_token.size() > 256) return invalid();
  const std::string hash = crypto::sha256_hex(refresh_token);
  CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
  bool reused = false;
  auto result = storage::in_transaction<TokenPair>(*conn, true, [&](Connection& c) -> Result<TokenPair> {
    const int64_t now = now_ms();
    CAIRN_TRY_ASSIGN(auto token, users::find_refresh_token(c, hash));
    if (!token) return invalid();
    CAIRN_TRY_ASSIGN(auto session, users::find_session(c, token->session_id));
    if (!session || session->revoked_at || session->expires_at <= now) return invalid();
    CAIRN_TRY_ASSIGN(bool first_use, users::mark_refresh_token_rotated(c, hash, now));
    if (!first_use) {
      reused = true;
      return invalid();
    }
    CAIRN_TRY_ASSIGN(auto user, users::find_by_id(c, session->user_id));
    if (!user) return invalid();
    CAIRN_TRY(users::touch_session(c, session->id, now, now + kSessionLifetimeMs));
    std::string next = crypto::random_token(48);
    CAIRN_TRY(users::insert_refresh_token(c, crypto::sha256_hex(next), session->id, now));
    return TokenPair{*user, ctx_.tokens.issue(user->id, session->id, now), next, AccessTokens::kLifetimeSeconds,
                     session->id};
  });
  if (reused) {
    // A rotated token came back: someone holds a copy. End the whole family, in its own
    // transaction (the one above rolled back).
    auto revoked = storage::in_transaction<bool>(*conn, true, [&](Connection& c) -> Result<bool> {
      CAIRN_TRY_ASSIGN(auto token, users::find_refresh_token(c, hash));
      if (!token) return false;
      CAIRN_TRY_ASSIGN(auto session, users::find_session(c, token->session_id));
      if (!session) return false;
      CAIRN_TRY(users::revoke_session(c, session->user_id, session->id, now_ms()));
      CAIRN_TRY(
          record_user_event(c, caller, session->user_id, "session.refresh_token_reuse", {{"session_id", session->id}}));
      return true;
    });
    if (!revoked.ok())
      log::error("could not revoke a session after refresh-token reuse", {{"error", revoked.error().message}});
  }
  return result;
}

Status AccountService::logout(const std::optional<std::string>& refresh_token, const Caller& caller) {
  CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
  std::optional<std::string> session_id;
  if (refresh_token && !refresh_token->empty()) {
    CAIRN_TRY_ASSIGN(auto token, users::find_refresh_token(*conn, crypto::sha256_hex(*refresh_token)));
    if (token) session_id = token->session_id;
  }
  if (!session_id && caller.principal && !caller.principal->is_key()) session_id = caller.principal->session_id;
  if (!session_id) return {};
  CAIRN_TRY_ASSIGN(auto session, users::find_session(*conn, *session_id));
  if (!session) return {};
  CAIRN_TRY(users::revoke_session(*conn, session->user_id, session->id, now_ms()));
  return {};
}

Result<Principal> AccountService::authenticate_access_token(const std::string& token) {
  const int64_t now = now_ms();
  CAIRN_TRY_ASSIGN(auto claims, ctx_.tokens.verify(token, now));
  CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
  CAIRN_TRY_ASSIGN(auto session, users::find_session(*conn, claims.session_id));
  if (!session || session->revoked_at || session->user_id != claims.user_id) {
    return Error::unauthenticated("the session of this access token has ended");
  }
  Principal p;
  p.kind = Principal::Kind::user;
  p.user_id = claims.user_id;
  p.session_id = claims.session_id;
  return p;
}

Result<MeView> AccountService::me(const Principal& principal) {
  CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
  CAIRN_TRY_ASSIGN(auto user, users::find_by_id(*conn, principal.user_id));
  if (!user) return Error::not_found("user");
  CAIRN_TRY_ASSIGN(auto orgs, storage::orgs::list_for_user(*conn, principal.user_id));
  if (principal.is_key()) {
    std::erase_if(orgs, [&](const auto& o) { return o.id != principal.key_org_id; });
  }
  return MeView{*user, std::move(orgs)};
}

Result<UserRecord> AccountService::update_name(const Principal& principal, const std::string& name) {
  CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
  CAIRN_TRY(users::update_name(*conn, principal.user_id, name, now_ms()));
  CAIRN_TRY_ASSIGN(auto user, users::find_by_id(*conn, principal.user_id));
  if (!user) return Error::not_found("user");
  return *user;
}

Status AccountService::change_password(const Principal& principal, const std::string& current_password,
                                       const std::string& new_password, const Caller& caller) {
  CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
  CAIRN_TRY_ASSIGN(auto user, users::find_by_id(*conn, principal.user_id));
  if (!user) return Error::not_found("user");
  if (!crypto::verify_password(user->password_hash, current_password)) {
    return Error::validation("current_password", "current password is incorrect");
  }
  const std::string hash = crypto::hash_password(new_password);
  return storage::run_in_transaction(*conn, true, [&](Connection& c) -> Status {
    const int64_t now = now_ms();
    CAIRN_TRY(users::update_password(c, user->id, hash, now));
    CAIRN_TRY(users::revoke_all_sessions(c, user->id, principal.session_id, now));
    CAIRN_TRY(record_user_event(c, caller, user->id, "auth.password_change"));
    return {};
  });
}

Result<std::vector<storage::SessionRecord>> AccountService::list_sessions(const Principal& principal) {
  CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
  return users::list_active_sessions(*conn, principal.user_id, now_ms());
}

Status AccountService::revoke_session(const Principal& principal, const std::string& session_id, const Caller& caller) {
  CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
  CAIRN_TRY_ASSIGN(bool revoked, users::revoke_session(*conn, principal.user_id, session_id, now_ms()));
  if (!revoked) return Error::not_found("session");
  return record_user_event(*conn, caller, principal.user_id, "session.revoke", {{"session_id", session_id}});
}

Status AccountService::send_token_email(const UserRecord& user, const std::string& purpose, int64_t lifetime_ms,
                                        Connection& c) {
  const int64_t now = now_ms();
  std::string token = crypto::random_token(40);
  CAIRN_TRY(users::insert_one_time_token(c, crypto::sha256_hex(token), user.id, purpose, now, now + lifetime_ms));
  notify::Email email;
  email.to = user.email;
  const std::string& base = ctx_.config.public_url;
  if (purpose == kPurposeVerify) {
    email.subject = "Confirm your email address for Cairn";
    email.text = "Hello " + user.name + ",\n\nConfirm your email address by opening this link:\n\n" + base +
                 "/verify-email?token=" + token + "\n\nOr paste this token into Cairn:\n\nToken: " + token +
                 "\n\nThe link expires in 48 hours.\n";
  } else {
    email.subject = "Reset your Cairn password";
    email.text = "Hello " + user.name +
                 ",\n\nSomeone asked to reset the password of your Cairn account. If it was you, "
                 "open this link:\n\n" +
                 base + "/reset-password?token=" + token + "\n\nOr paste this token into Cairn:\n\nToken: " + token +
                 "\n\nThe link expires in 1 hour. If it was not you, ignore this email.\n";
  }
  return ctx_.mailer.send(email);
}

Status AccountService::request_email_verification(const Principal& principal) {
  CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
  CAIRN_TRY_ASSIGN(auto user, users::find_by_id(*conn, principal.user_id));
  if (!user) return Error::not_found("user");
  if (user->email_verified_at) return {};  // nothing to do; the answer stays the same
  return send_token_email(*user, kPurposeVerify, kVerifyTokenLifetimeMs, *conn);
}

Result<UserRecord> AccountService::verify_email(const std::string& token) {
  CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
  return storage::in_transaction<UserRecord>(*conn, true, [&](Connection& c) -> Result<UserRecord> {
    const int64_t now = now_ms();
    CAIRN_TRY_ASSIGN(auto user_id, users::consume_one_time_token(c, crypto::sha256_hex(token), kPurposeVerify, now));
    if (!user_id) return Error::validation("token", "token is invalid, used or expired");
    CAIRN_TRY(users::mark_email_verified(c, *user_id, now));
    CAIRN_TRY_ASSIGN(auto user, users::find_by_id(c, *user_id));
    if (!user) return Error::validation("token", "token is invalid, used or expired");
    return *user;
  });
}

Status AccountService::request_password_reset(const std::string& email, const Caller& caller) {
  CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
  CAIRN_TRY_ASSIGN(auto user, users::find_by_email(*conn, email));
  if (!user) return {};
  CAIRN_TRY(record_user_event(*conn, caller, user->id, "auth.password_reset_request"));
  return send_token_email(*user, kPurposeReset, kResetTokenLifetimeMs, *conn);
}

Status AccountService::reset_password(const std::string& token, const std::string& new_password, const Caller& caller) {
  const std::string hash = crypto::hash_password(new_password);
  CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
  return storage::run_in_transaction(*conn, true, [&](Connection& c) -> Status {
    const int64_t now = now_ms();
    CAIRN_TRY_ASSIGN(auto user_id, users::consume_one_time_token(c, crypto::sha256_hex(token), kPurposeReset, now));
    if (!user_id) return Error::validation("token", "token is invalid, used or expired");
    CAIRN_TRY(users::update_password(c, *user_id, hash, now));
    // Receiving the reset email proves the address too.
    CAIRN_TRY(users::mark_email_verified(c, *user_id, now));
    CAIRN_TRY(users::revoke_all_sessions(c, *user_id, "", now));
    CAIRN_TRY(record_user_event(c, caller, *user_id, "auth.password_reset"));
    return {};
  });
}

Result<UserRecord> AccountService::create_user(const std::string& email, const std::string& name,
                                               const std::string& password) {
  CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
  const int64_t now = now_ms();
  UserRecord user{crypto::new_id(), email, name, crypto::hash_password(password), now, now, now};
  CAIRN_TRY(users::insert(*conn, user));
  return user;
}

Status AccountService::set_password(const std::string& email, const std::string& password) {
  CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
  CAIRN_TRY_ASSIGN(auto user, users::find_by_email(*conn, email));
  if (!user) return Error::not_found("user");
  const int64_t now = now_ms();
  CAIRN_TRY(users::update_password(*conn, user->id, crypto::hash_password(password), now));
  return users::revoke_all_sessions(*conn, user->id, "", now);
}

}  // namespace cairn::service
