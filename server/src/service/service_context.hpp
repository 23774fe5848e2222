#pragma once

#include <string>

#include "notify/mailer.hpp"
#include "service/access_tokens.hpp"
#include "service/limit_store.hpp"
#include "storage/database.hpp"

namespace cairn::service {

struct ServiceConfig {
  std::string public_url;  ///< for links in emails
  int api_key_rate_limit = 600;  ///< per minute
  int api_key_rate_burst = 600;
  int login_max_failures = 5;
  int login_window_seconds = 900;
};

/// What every service shares. Owned by app/; services keep a reference.
struct ServiceContext {
  storage::Database& db;
  notify::Mailer& mailer;
  LimitStore& limits;
  AccessTokens tokens;
  ServiceConfig config;
};

}  // namespace cairn::service
