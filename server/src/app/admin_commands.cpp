#include "app/admin_commands.hpp"

#include <cstdlib>
#include <iostream>

#include "app/app.hpp"
#include "common/text.hpp"

namespace cairn::app {
namespace {

bool take_password(AdminArgs& args) {
  if (args.password.empty()) {
    if (const char* env = std::getenv("CAIRN_ADMIN_PASSWORD")) args.password = env;
  }
  if (args.password.size() < 8 || args.password.size() > 128) {
    std::cerr << "error: the password must be 8-128 characters (--password or CAIRN_ADMIN_PASSWORD)\n";
    return false;
  }
  return true;
}

}  // namespace

int run_create_user(const config::Settings& settings, AdminArgs args) {
  if (!take_password(args)) return 2;
  auto app = build_app(settings, true);
  if (!app.ok()) {
    std::cerr << "error: " << app.error().message << "\n";
    return 1;
  }
  const std::string email = ascii_lower(args.email);
  if (email.find('@') == std::string::npos) {
    std::cerr << "error: --email is not an email address\n";
    return 2;
  }
  auto user = (*app)->accounts->create_user(email, args.name.empty() ? email.substr(0, email.find('@')) : args.name,
                                            args.password);
  if (!user.ok()) {
    std::cerr << "error: " << user.error().message << "\n";
    return 1;
  }
  std::cout << "created user " << user->email << " (" << user->id << ")\n";
  return 0;
}

int run_reset_password(const config::Settings& settings, AdminArgs args) {
  if (!take_password(args)) return 2;
  auto app = build_app(settings, true);
  if (!app.ok()) {
    std::cerr << "error: " << app.error().message << "\n";
    return 1;
  }
  auto done = (*app)->accounts->set_password(ascii_lower(args.email), args.password);
  if (!done.ok()) {
    std::cerr << "error: " << done.error().message << "\n";
    return 1;
  }
  std::cout << "password set; the user's sessions were ended\n";
  return 0;
}

int run_list_orgs(const config::Settings& settings) {
  auto app = build_app(settings, true);
  if (!app.ok()) {
    std::cerr << "error: " << app.error().message << "\n";
    return 1;
  }
  auto conn = (*app)->db->acquire();
  if (!conn.ok()) {
    std::cerr << "error: " << conn.error().message << "\n";
    return 1;
  }
  auto rows = (*conn)->query(
      "SELECT o.id, o.slug, o.name, COUNT(m.user_id) FROM organizations o LEFT JOIN memberships m ON m.org_id = o.id"
      " GROUP BY o.id, o.slug, o.name ORDER BY o.slug",
      {});
  if (!rows.ok()) {
    std::cerr << "error: " << rows.error().message << "\n";
    return 1;
  }
  std::cout << "id\tslug\tname\tmembers\n";
  for (std::size_t i = 0; i < rows->size(); ++i) {
    auto r = (*rows)[i];
    std::cout << r.text(0) << "\t" << r.text(1) << "\t" << r.text(2) << "\t" << r.int64(3) << "\n";
  }
  return 0;
}

}  // namespace cairn::app
