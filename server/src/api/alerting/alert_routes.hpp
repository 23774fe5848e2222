#pragma once

#include "service/alerting/alert_channel_service.hpp"
#include "service/alerting/alert_inbox_service.hpp"
#include "service/alerting/alert_rule_service.hpp"

namespace cairn::api {

class Api;

struct AlertServices {
  service::AlertRuleService& rules;
  service::AlertInboxService& inbox;
  service::AlertChannelService& channels;
};

/// Alerting under /api/v1/orgs/{org}/projects/{project}: alert-rules, alerts, alert-channels,
/// notification-policy, silences and alert-notifications.
void add_alert_routes(Api& api, AlertServices services);

}  // namespace cairn::api
