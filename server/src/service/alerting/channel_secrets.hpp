#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "common/result.hpp"
#include "common/secret_box.hpp"

/// A channel's secrets at rest and in answers: Slack's URL, the webhook's URL (Alertmanager keeps
/// it a secret too: it often carries a token), its HMAC secret and every custom header value,
/// PagerDuty's routing key. Sealed in the database, answered as "***", kept when a form sends
/// "***" back.
namespace cairn::service::alerting::channel_secrets {

inline constexpr const char* kMasked = "***";

/// The config with each secret replaced by "***".
nlohmann::json masked(const std::string& kind, nlohmann::json config);
/// The config with each secret sealed, for the database.
nlohmann::json sealed(const std::string& kind, nlohmann::json config, const SecretBox& box);
/// The stored config with each secret opened, for delivery. A value stored before its field was
/// sealed (no seal prefix) is taken as it is.
Result<nlohmann::json> opened(const std::string& kind, const std::string& channel_name, nlohmann::json config,
                              const SecretBox& box);
/// An update's config where each secret left out or sent back as "***" keeps its current value
/// (`current` is opened).
nlohmann::json keep_unchanged(const std::string& kind, nlohmann::json incoming, const nlohmann::json& current);

/// Where a channel sends, without its secrets: "hooks.example.com" for a URL, the recipients of
/// an email channel; for the channel list.
std::string destination(const std::string& kind, const nlohmann::json& opened_config);

}  // namespace cairn::service::alerting::channel_secrets
