#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

/// Where alerts go: channels, the project's notification policy, silences, aggregation groups,
/// and the outbox of notifications with each delivery attempt (migration 0009).
namespace cairn::storage::alerting {

struct ChannelRecord {
  std::string id;
  std::string org_id;
  std::string project_id;
  std::string name;
  std::string kind;
  std::string config;  ///< JSON, secret fields sealed
  bool send_resolved = true;
  std::string created_by;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};
Status insert_channel(Connection& c, const ChannelRecord& r);
Status update_channel(Connection& c, const ChannelRecord& r);
Status delete_channel(Connection& c, const std::string& id);
Result<std::optional<ChannelRecord>> find_channel(Connection& c, const std::string& project_id, const std::string& ref);
Result<std::vector<ChannelRecord>> list_channels(Connection& c, const std::string& project_id);

/// The project's policy document (JSON), if one was set.
Result<std::optional<std::string>> policy_of(Connection& c, const std::string& project_id);
Status put_policy(Connection& c, const std::string& project_id, const std::string& spec, const std::string& by,
                  int64_t at);

struct SilenceRecord {
  std::string id;
  std::string org_id;
  std::string project_id;
  std::string matchers;  ///< JSON [{name, op, value}]
  int64_t starts_at = 0;
  int64_t ends_at = 0;
  std::string comment;
  std::string created_by;
  int64_t created_at = 0;
};
Status insert_silence(Connection& c, const SilenceRecord& s);
/// Ends a silence now (kept for the record).
Status expire_silence(Connection& c, const std::string& id, int64_t at);
Result<std::optional<SilenceRecord>> find_silence(Connection& c, const std::string& project_id, const std::string& id);
/// Silences that have not ended by `now` (active or scheduled), or all when `include_expired`.
Result<std::vector<SilenceRecord>> list_silences(Connection& c, const std::string& project_id, int64_t now,
                                                 bool include_expired);

struct GroupRecord {
  std::string project_id;
  std::string group_key;
  int64_t first_seen_at = 0;
  int64_t last_sent_at = 0;
  std::string digest;
};
Result<std::vector<GroupRecord>> groups_of(Connection& c, const std::string& project_id);
Status upsert_group(Connection& c, const GroupRecord& g);
Status delete_group(Connection& c, const std::string& project_id, const std::string& group_key);

struct NotificationRecord {
  std::string id;
  std::string org_id;
  std::string project_id;
  std::string channel_id;
  std::string channel_name;  ///< read with it (joined)
  std::string channel_kind;  ///< read with it (joined)
  std::string group_key;
  std::string reason;  ///< group | escalation | acknowledge | test
  std::string payload;
  std::string status = "pending";
  int64_t attempts = 0;
  int64_t next_attempt_at = 0;
  std::string last_error;
  int64_t created_at = 0;
  int64_t delivered_at = 0;
};
Status insert_notification(Connection& c, const NotificationRecord& n);
/// Pending notifications due by `now` that no replica holds.
Result<std::vector<NotificationRecord>> due_notifications(Connection& c, int64_t now, int limit);
/// Takes a notification until `until`; false when another replica holds it or it is no longer pending.
Result<bool> claim_notification(Connection& c, const std::string& id, int64_t now, int64_t until);
/// After an attempt: delivered, retried at `next_attempt_at`, or failed for good.
Status finish_attempt(Connection& c, const NotificationRecord& n);
Result<std::optional<NotificationRecord>> find_notification(Connection& c, const std::string& project_id,
                                                            const std::string& id);
/// Newest first; optionally of one channel or one status, or naming one alert in its payload.
Result<std::vector<NotificationRecord>> list_notifications(Connection& c, const std::string& project_id,
                                                           const std::optional<std::string>& channel_id,
                                                           const std::optional<std::string>& status,
                                                           const std::optional<std::string>& alert_id, int limit);

struct AttemptRecord {
  std::string notification_id;
  int64_t attempt = 0;
  int64_t at = 0;
  int64_t status_code = 0;
  std::string error;
  double duration_ms = 0;
};
Status insert_attempt(Connection& c, const AttemptRecord& a);
Result<std::vector<AttemptRecord>> attempts_of(Connection& c, const std::string& notification_id);

}  // namespace cairn::storage::alerting
