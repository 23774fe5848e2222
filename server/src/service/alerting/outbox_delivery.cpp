#include "service/alerting/outbox_delivery.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "common/clock.hpp"
#include "service/alerting/channel_secrets.hpp"
#include "service/alerting/notice_json.hpp"

namespace cairn::service {
namespace {

using nlohmann::json;
namespace store = storage::alerting;

constexpr int kPerRun = 50;
constexpr int64_t kClaimMs = 120'000;  ///< longer than any attempt's timeout

int64_t backoff_ms(int64_t attempts) {
  return std::min<int64_t>(int64_t{1000} << std::min<int64_t>(attempts, 20), 300'000);
}

}  // namespace

Result<json> OutboxDelivery::open_config(const store::ChannelRecord& channel) const {
  auto config = json::parse(channel.config, nullptr, false);
  if (!config.is_object()) return Error::internal("channel '" + channel.name + "': its stored config does not parse");
  return alerting::channel_secrets::opened(channel.kind, channel.name, std::move(config), secrets_);
}

Result<notify::Delivery> OutboxDelivery::deliver(const store::NotificationRecord& n) {
  CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
  CAIRN_TRY_ASSIGN(auto channel, store::find_channel(*conn, n.project_id, n.channel_id));
  notify::Delivery d;
  if (!channel) {
    d.error = "the channel was deleted";
  } else {
    auto config = open_config(*channel);
    auto notice = alerting::notice_from_json(json::parse(n.payload, nullptr, false));
    if (!config.ok()) {
      d.error = config.error().message;
    } else if (!notice.ok()) {
      d.error = notice.error().message;
    } else {
      notify::ChannelDeps deps{mailer_, &guard_, timeout_ms_};
      auto sender = notify::make_channel(channel->kind, *config, deps);
      if (!sender.ok())
        d.error = sender.error().message;
      else
        d = (*sender)->deliver(*notice);
    }
  }
  const int64_t now = now_ms();
  auto record = n;
  record.attempts = n.attempts + 1;
  if (d.delivered) {
    record.status = "delivered";
    record.delivered_at = now;
    record.last_error.clear();
    ++delivered_;
  } else {
    ++failed_attempts_;
    record.last_error = d.error;
    record.status = d.retryable && record.attempts < kMaxAttempts ? "pending" : "failed";
    record.next_attempt_at = now + backoff_ms(record.attempts - 1);
  }
  CAIRN_TRY(storage::run_in_transaction(*conn, true, [&](storage::Connection& c) -> Status {
    CAIRN_TRY(store::insert_attempt(c, {n.id, record.attempts, now, d.status_code, d.error, d.duration_ms}));
    return store::finish_attempt(c, record);
  }));
  return d;
}

Status OutboxDelivery::deliver_due() {
  const int64_t now = now_ms();
  std::vector<store::NotificationRecord> due;
  {
    CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
    CAIRN_TRY_ASSIGN(due, store::due_notifications(*conn, now, kPerRun));
  }
  for (const auto& n : due) {
    bool mine = false;
    {
      CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
      CAIRN_TRY_ASSIGN(mine, store::claim_notification(*conn, n.id, now, now + kClaimMs));
    }
    if (!mine) continue;  // another replica took it
    auto sent = deliver(n);
    if (!sent.ok()) spdlog::warn("notification {}: {}", n.id, sent.error().message);
  }
  return {};
}

std::string OutboxDelivery::metrics_text() const {
  return fmt::format(
      "# HELP cairn_alert_notifications_delivered_total Notifications this process delivered.\n"
      "# TYPE cairn_alert_notifications_delivered_total counter\ncairn_alert_notifications_delivered_total {}\n"
      "# HELP cairn_alert_notification_failed_attempts_total Delivery attempts that failed.\n"
      "# TYPE cairn_alert_notification_failed_attempts_total counter\n"
      "cairn_alert_notification_failed_attempts_total {}\n",
      delivered_.load(), failed_attempts_.load());
}

}  // namespace cairn::service
