#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "notify/alert_channel.hpp"
#include "service/alerting/routing.hpp"
#include "storage/alerting/alert_store.hpp"
#include "storage/alerting/notification_store.hpp"

namespace cairn::service::alerting {

Labels labels_of(const storage::alerting::AlertRecord& a);
/// An alert as a notification carries it; `base_url` is the project's page in the UI.
notify::NoticeAlert notice_alert(const storage::alerting::AlertRecord& a, const std::string& base_url);
/// The UI's address of a project: <public_url>/o/<org>/projects/<project>.
Result<std::string> project_url(storage::Connection& c, const std::string& public_url, const std::string& project_id);

/// Whether an active silence matches the labels (the id of the first, for the alert's view).
std::optional<std::string> silenced_by(const std::vector<storage::alerting::SilenceRecord>& silences,
                                       const Labels& labels, int64_t now);

}  // namespace cairn::service::alerting
