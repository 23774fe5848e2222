#pragma once

#include <memory>
#include <string>
#include <utility>

#include "limits/limit_store.hpp"
#include "notify/mailer.hpp"
#include "service/access_epoch.hpp"
#include "service/identity/access_tokens.hpp"
#include "service/principal.hpp"
#include "service/service_call.hpp"
#include "storage/database.hpp"

namespace cairn::service {

struct ServiceConfig {
  std::string public_url;        ///< for links in emails
  int api_key_rate_limit = 600;  ///< per minute
  int api_key_rate_burst = 600;
  int login_max_failures = 5;
  int login_window_seconds = 900;
  /// False when no SMTP server is configured: emails are only logged, so invitation links are
  /// shown to the org's admins to pass on instead.
  bool sends_email = true;
};

/// What every service shares. Owned by app/; services keep a reference.
struct ServiceContext {
  storage::Database& db;
  notify::Mailer& mailer;
  limits::LimitStore& limits;
  AccessTokens tokens;
  ServiceConfig config;
  std::shared_ptr<AccessEpoch> access_epoch = std::make_shared<AccessEpoch>();

  /// `fn(connection, principal)` for a signed-in caller, in no transaction (service_call.hpp).
  template <class Fn>
  CallResult<Fn> read(const Caller& caller, Fn&& fn) {
    return read_call(db, caller, std::forward<Fn>(fn));
  }
  /// `fn(connection, principal)` for a signed-in caller, in one write transaction (service_call.hpp).
  template <class Fn>
  CallResult<Fn> write(const Caller& caller, Fn&& fn) {
    return write_call(db, caller, std::forward<Fn>(fn));
  }
};

}  // namespace cairn::service
