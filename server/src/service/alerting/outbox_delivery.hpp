#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "common/result.hpp"
#include "common/secret_box.hpp"
#include "notify/alert_channel.hpp"
#include "service/service_context.hpp"
#include "storage/alerting/notification_store.hpp"

namespace cairn::service {

/// Delivers the outbox (DESIGN D17): each due notification is claimed (so one replica sends it),
/// sent through its channel, and its attempt logged; failures are retried with exponential
/// backoff up to kMaxAttempts. Delivery is at least once: a process that dies between sending and
/// recording sends again after the claim lapses, with the same Idempotency-Key / dedup key.
class OutboxDelivery {
 public:
  static constexpr int kMaxAttempts = 8;

  /// `mailer` sends synchronously (it may be null when no SMTP server is configured).
  OutboxDelivery(ServiceContext& ctx, const SecretBox& secrets, const notify::OutboundGuard& guard,
                 notify::Mailer* mailer, int timeout_ms = 10'000)
      : ctx_(ctx), secrets_(secrets), guard_(guard), mailer_(mailer), timeout_ms_(timeout_ms) {}

  /// The scheduler job.
  Status deliver_due();
  /// Sends one notification now and records the attempt (also "send test").
  Result<notify::Delivery> deliver(const storage::alerting::NotificationRecord& n);
  /// The channel's config with its secrets opened, ready for make_channel.
  Result<nlohmann::json> open_config(const storage::alerting::ChannelRecord& channel) const;
  std::string metrics_text() const;

 private:
  ServiceContext& ctx_;
  const SecretBox& secrets_;
  const notify::OutboundGuard& guard_;
  notify::Mailer* mailer_;
  int timeout_ms_;
  std::atomic<uint64_t> delivered_{0};
  std::atomic<uint64_t> failed_attempts_{0};
};

}  // namespace cairn::service
