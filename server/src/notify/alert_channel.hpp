#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "notify/mailer.hpp"
#include "notify/outbound_guard.hpp"

namespace cairn::notify {

/// One alert as a notification carries it (Alertmanager's webhook `alerts[]` item).
struct NoticeAlert {
  std::string id;                                  ///< the alert's id in Cairn
  std::string status;                              ///< "firing" | "resolved"
  std::string severity;                            ///< "critical" | "warning" | "info"
  std::map<std::string, std::string> labels;       ///< alertname, severity, project, deployment, ...
  std::map<std::string, std::string> annotations;  ///< summary, description, runbook_url (rendered)
  int64_t starts_at_ms = 0;
  int64_t ends_at_ms = 0;  ///< 0 while firing
  double value = 0;        ///< the series' value at the last evaluation
  std::string url;         ///< the alert's page in the UI (Alertmanager's generatorURL)
};

/// What one delivery to one channel says: a group of alerts (Alertmanager's notification).
struct Notice {
  std::string id;         ///< the outbox row: an idempotency key receivers may use
  std::string group_key;  ///< stable per route and group labels (PagerDuty's dedup_key derives from it)
  std::string status;     ///< "firing" when any alert fires, else "resolved"
  std::string event;      ///< "trigger" | "acknowledge" | "resolve" (PagerDuty's event_action)
  std::string receiver;   ///< the channel's name
  std::map<std::string, std::string> group_labels;
  std::map<std::string, std::string> common_labels;
  std::map<std::string, std::string> common_annotations;
  std::vector<NoticeAlert> alerts;
  std::string external_url;  ///< the server's public URL
  bool test = false;         ///< sent by "send test": receivers may show it as such
};

/// How one delivery attempt went; the outbox retries when `retryable`.
struct Delivery {
  bool delivered = false;
  int status_code = 0;  ///< the receiver's HTTP status, 250 for an accepted email, 0 when none
  std::string error;    ///< why not delivered, without secrets
  bool retryable = false;
  double duration_ms = 0;
  std::string response;  ///< the first 1 KiB of the receiver's answer, for the delivery log
};

/// A configured destination: email, Slack, a generic webhook or PagerDuty. Implementations are
/// built by make_channel from a validated config; deliver() blocks (call it from a job thread).
class AlertChannel {
 public:
  virtual ~AlertChannel() = default;
  virtual Delivery deliver(const Notice& notice) = 0;
};

/// The kinds of channel: "email", "slack", "webhook", "pagerduty".
bool is_channel_kind(const std::string& kind);

/// A channel's config as the API received it, validated and normalised (422 naming the field,
/// e.g. "config.url"). Secret fields (Slack's and the webhook's URL, the webhook's hmac_secret
/// and header values, PagerDuty's routing_key) are kept, so the caller can seal them.
Result<nlohmann::json> validate_channel_config(const std::string& kind, const nlohmann::json& config,
                                               const OutboundGuard& guard);

/// A plain address ("ops@example.com"): the local part's atom characters, a domain of DNS labels.
bool is_email_address(std::string_view address);

/// The names of a kind's secret fields (sealed at rest, answered as "***").
std::vector<std::string> secret_fields(const std::string& kind);
/// The names of a kind's objects whose every value is a secret (the webhook's custom headers).
std::vector<std::string> secret_maps(const std::string& kind);

struct ChannelDeps {
  Mailer* mailer = nullptr;  ///< for email; may be null (then email channels fail with a clear error)
  const OutboundGuard* guard = nullptr;
  int timeout_ms = 10'000;
};

Result<std::unique_ptr<AlertChannel>> make_channel(const std::string& kind, const nlohmann::json& config,
                                                   const ChannelDeps& deps);

}  // namespace cairn::notify
