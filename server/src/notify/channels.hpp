#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "notify/alert_channel.hpp"
#include "notify/mailer.hpp"

/// The channel implementations behind AlertChannel: what each one sends (pure functions, tested
/// against the receivers' documented shapes) and its factory, which make_channel picks by kind.
namespace cairn::notify {

// ---- shared wording ------------------------------------------------------------------------------

/// Milliseconds since the epoch as RFC 3339 in UTC, like Go's time.Time in JSON (fraction without
/// trailing zeros); 0 is Go's zero time "0001-01-01T00:00:00Z", which Alertmanager sends for an
/// alert that has not ended.
std::string rfc3339_utc(int64_t ms);

/// Alertmanager's fingerprint of a label set: FNV-1a 64 over the sorted names and values, 16 hex.
std::string label_fingerprint(const std::map<std::string, std::string>& labels);

/// Alertmanager's default title: "[FIRING:2] HighLatency (fraud-api)", "[RESOLVED] HighLatency".
std::string notice_title(const Notice& notice);

/// The most severe severity among the notice's alerts ("critical" > "warning" > "info").
std::string notice_severity(const Notice& notice);

/// A label or annotation of an alert, else of the notice's common ones, else empty.
std::string alert_field(const Notice& notice, const NoticeAlert& alert, const std::string& name);

// ---- webhook (Alertmanager's webhook JSON, version 4) ---------------------------------------------

nlohmann::json webhook_payload(const Notice& notice);
/// "sha256=<hex HMAC-SHA-256 of `signed_content` under secret>". The X-Cairn-Signature header signs
/// "<X-Cairn-Timestamp>.<body>".
std::string webhook_signature(const std::string& secret, const std::string& signed_content);
Result<std::unique_ptr<AlertChannel>> make_webhook_channel(const nlohmann::json& config, const ChannelDeps& deps);

// ---- Slack (incoming webhook, Block Kit) ----------------------------------------------------------

nlohmann::json slack_message(const Notice& notice);
Result<std::unique_ptr<AlertChannel>> make_slack_channel(const nlohmann::json& config, const ChannelDeps& deps);

// ---- PagerDuty (Events API v2) --------------------------------------------------------------------

inline constexpr const char* kPagerDutyEventsUrl = "https://events.pagerduty.com/v2/enqueue";
nlohmann::json pagerduty_event(const Notice& notice, const std::string& routing_key);
Result<std::unique_ptr<AlertChannel>> make_pagerduty_channel(const nlohmann::json& config, const ChannelDeps& deps);

// ---- email -----------------------------------------------------------------------------------------

/// One message to every address (text and HTML alternatives); every value is escaped in the HTML.
Email alert_email(const Notice& notice, const std::vector<std::string>& to);
Result<std::unique_ptr<AlertChannel>> make_email_channel(const nlohmann::json& config, const ChannelDeps& deps);

}  // namespace cairn::notify
