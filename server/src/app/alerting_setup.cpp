#include "app/alerting_setup.hpp"

#include <sstream>

#include "api/alerting/alert_routes.hpp"
#include "api/api.hpp"
#include "common/crypto.hpp"

namespace cairn::app {
namespace {

std::vector<std::string> allow_list(const std::string& setting) {
  std::vector<std::string> out;
  std::stringstream in(setting);
  std::string item;
  while (std::getline(in, item, ',')) {
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::unique_ptr<notify::Mailer> alert_mailer(const config::Settings& s) {
  if (s.smtp_url.empty()) return nullptr;
  return notify::make_smtp_mailer({s.smtp_url, s.smtp_username, s.smtp_password, s.smtp_from});
}

}  // namespace

Alerting::Alerting(App& app)
    : secrets(app.settings.secret_key),
      guard(allow_list(app.settings.outbound_allow)),
      mailer(alert_mailer(app.settings)),
      delivery(*app.context, secrets, guard, mailer.get()),
      engine(*app.context, *app.deployments),
      dispatcher(*app.context),
      rules(*app.context),
      inbox(*app.context),
      channels(*app.context, secrets, guard, delivery),
      scheduler(*app.db, "alerting-" + crypto::random_hex(6), 250),
      delivery_scheduler(*app.db, "delivery-" + crypto::random_hex(6), 250) {
  scheduler.add({"alerting.evaluate", 1000, [this] { return engine.evaluate_due(); }});
  scheduler.add({"alerting.dispatch", 1000, [this] { return dispatcher.dispatch(); }});
  delivery_scheduler.add({"alerting.deliver", 1000, [this] { return delivery.deliver_due(); }});
}

void Alerting::start() {
  scheduler.start();
  delivery_scheduler.start();
}

void Alerting::stop() {
  scheduler.stop();
  delivery_scheduler.stop();
}

void Alerting::add_routes(api::Api& api) {
  api::add_alert_routes(api, {rules, inbox, channels});
}

std::string Alerting::metrics_text() const {
  return engine.metrics_text() + dispatcher.metrics_text() + delivery.metrics_text();
}

}  // namespace cairn::app
