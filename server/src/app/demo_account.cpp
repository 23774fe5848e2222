#include "app/demo_account.hpp"

#include <iostream>

#include "common/log.hpp"
#include "storage/identity/user_store.hpp"

namespace cairn::app {

Status ensure_demo_account(App& app) {
  {
    CAIRN_TRY_ASSIGN(auto conn, app.db->acquire());
    CAIRN_TRY_ASSIGN(auto users, storage::users::count(*conn));
    if (users > 0) return {};
  }
  CAIRN_TRY_ASSIGN(auto user, app.accounts->create_user(kDemoEmail, "Demo Admin", kDemoPassword));
  service::Caller caller;
  service::Principal principal;
  principal.user_id = user.id;
  caller.principal = principal;
  caller.request_id = "demo-setup";
  CAIRN_TRY_ASSIGN(auto org, app.orgs->create(caller, "Demo", "demo"));
  service::ProjectInput project{"Getting started", "getting-started", "A first project to log runs into.", "org"};
  CAIRN_TRY(app.projects->create(caller, org.org.id, project));
  log::info("demo account created", {{"url", app.settings.public_url}, {"email", kDemoEmail}});
  // A banner for the person who ran `make run`, not a log line: the demo password is public
  // (in the README) but log pipelines should never learn to carry passwords.
  std::cerr << "\n  Cairn is starting at " << app.settings.public_url << "\n  Sign in as " << kDemoEmail
            << " with the password " << kDemoPassword << " (change it in the account settings).\n\n";
  return {};
}

}  // namespace cairn::app
