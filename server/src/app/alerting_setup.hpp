#pragma once

#include <memory>
#include <string>

#include "app/app.hpp"
#include "common/secret_box.hpp"
#include "jobs/scheduler.hpp"
#include "notify/outbound_guard.hpp"
#include "service/alerting/alert_channel_service.hpp"
#include "service/alerting/alert_engine.hpp"
#include "service/alerting/alert_inbox_service.hpp"
#include "service/alerting/alert_rule_service.hpp"
#include "service/alerting/notification_dispatcher.hpp"
#include "service/alerting/outbox_delivery.hpp"

namespace cairn::api {
class Api;
}

namespace cairn::app {

/// Alerting: rule evaluation, notification dispatch and delivery (scheduler jobs), and its routes.
struct Alerting {
  SecretBox secrets;
  notify::OutboundGuard guard;
  std::unique_ptr<notify::Mailer> mailer;  ///< synchronous SMTP for email channels (null without SMTP)
  service::OutboxDelivery delivery;
  service::AlertEngine engine;
  service::NotificationDispatcher dispatcher;
  service::AlertRuleService rules;
  service::AlertInboxService inbox;
  service::AlertChannelService channels;
  /// Evaluation and dispatch tick every second, once across replicas.
  jobs::Scheduler scheduler;
  /// Delivery has a thread of its own: a slow receiver (up to its timeout per attempt) must not
  /// delay evaluations.
  jobs::Scheduler delivery_scheduler;

  explicit Alerting(App& app);
  void start();
  void stop();
  void add_routes(api::Api& api);
  std::string metrics_text() const;
};

}  // namespace cairn::app
