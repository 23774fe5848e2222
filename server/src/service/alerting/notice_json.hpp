#pragma once

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "notify/alert_channel.hpp"

namespace cairn::service::alerting {

/// A notice as the outbox stores it (and the delivery log shows it), and back.
nlohmann::json to_json(const notify::Notice& notice);
Result<notify::Notice> notice_from_json(const nlohmann::json& j);

}  // namespace cairn::service::alerting
