#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "common/secret_box.hpp"
#include "notify/outbound_guard.hpp"
#include "service/alerting/outbox_delivery.hpp"
#include "service/principal.hpp"
#include "service/service_context.hpp"
#include "service/tracking/tracking_access.hpp"

namespace cairn::service {

/// Where a project's alerts go: channels (secrets sealed, never answered), the notification policy,
/// silences, and the log of every notification and delivery attempt.
class AlertChannelService {
 public:
  AlertChannelService(ServiceContext& ctx, const SecretBox& secrets, const notify::OutboundGuard& guard,
                      OutboxDelivery& delivery)
      : ctx_(ctx), secrets_(secrets), guard_(guard), delivery_(delivery) {}

  Result<nlohmann::json> list_channels(const Caller& caller, const TrackingScope& scope);
  /// Body: {name, kind, config, send_resolved?}.
  Result<nlohmann::json> create_channel(const Caller& caller, const TrackingScope& scope, const nlohmann::json& body);
  /// Body: {name?, config?, send_resolved?}; a secret field sent as "***" (or left out) keeps its value.
  Result<nlohmann::json> update_channel(const Caller& caller, const TrackingScope& scope, const std::string& ref,
                                        const nlohmann::json& body);
  Status remove_channel(const Caller& caller, const TrackingScope& scope, const std::string& ref);
  /// Sends a test notification now and answers how the delivery went (it is logged too).
  Result<nlohmann::json> test_channel(const Caller& caller, const TrackingScope& scope, const std::string& ref);

  Result<nlohmann::json> policy(const Caller& caller, const TrackingScope& scope);
  Result<nlohmann::json> put_policy(const Caller& caller, const TrackingScope& scope, const nlohmann::json& body);

  Result<nlohmann::json> list_silences(const Caller& caller, const TrackingScope& scope, bool include_expired);
  /// Body: {matchers, starts_at?, ends_at? | duration_seconds?, comment}.
  Result<nlohmann::json> create_silence(const Caller& caller, const TrackingScope& scope, const nlohmann::json& body);
  Status expire_silence(const Caller& caller, const TrackingScope& scope, const std::string& id);

  /// The outbox and its delivery log, newest first.
  Result<nlohmann::json> notifications(const Caller& caller, const TrackingScope& scope,
                                       const std::optional<std::string>& channel,
                                       const std::optional<std::string>& status, int limit);

 private:
  ServiceContext& ctx_;
  const SecretBox& secrets_;
  const notify::OutboundGuard& guard_;
  OutboxDelivery& delivery_;
};

}  // namespace cairn::service
