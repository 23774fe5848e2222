#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "common/result.hpp"
#include "service/service_context.hpp"

namespace cairn::service {

/// Turns alerts into notifications (a scheduler job, once across replicas): routes each firing or
/// newly resolved alert by the project's policy into aggregation groups and writes a notification
/// to the outbox per channel when a group is new (after group_wait), changed (after
/// group_interval) or still firing (after repeat_interval) — Alertmanager's dispatcher, with its
/// state in the database. Silenced and inhibited alerts are left out; unacknowledged firing alerts
/// escalate by the route's levels.
class NotificationDispatcher {
 public:
  explicit NotificationDispatcher(ServiceContext& ctx) : ctx_(ctx) {}

  Status dispatch();
  std::string metrics_text() const;

 private:
  Status dispatch_project(const std::string& project_id, int64_t now);

  ServiceContext& ctx_;
  std::atomic<uint64_t> queued_{0};
};

}  // namespace cairn::service
