#pragma once

#include <string>

#include "config/settings.hpp"

/// `cairn admin ...`: operator commands that act on the database directly.
namespace cairn::app {

struct AdminArgs {
  std::string email;
  std::string name;
  std::string password;
};

int run_create_user(const config::Settings& settings, AdminArgs args);
int run_reset_password(const config::Settings& settings, AdminArgs args);
int run_list_orgs(const config::Settings& settings);

}  // namespace cairn::app
