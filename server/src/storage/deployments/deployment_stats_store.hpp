#pragma once

#include <string>
#include <vector>

#include "serving/request_stats.hpp"
#include "storage/database.hpp"

/// The deployments' live traffic as each replica counted it (table deployment_stats_slots):
/// replicas publish their 10-second slots and read each other's.
namespace cairn::storage::deployment_stats {

/// Writes `replica`'s slots of a deployment (a slot published before is replaced: a replica's
/// count of a bucket only grows).
Status publish(Connection& c, const std::string& replica, const std::string& deployment_id,
               const std::vector<serving::StatsSlot>& slots, int64_t now_ms);
/// Every other replica's slots of a deployment that start at or after `from_ms`.
Result<std::vector<serving::StatsSlot>> others(Connection& c, const std::string& deployment_id,
                                               const std::string& replica, int64_t from_ms);
/// Deletes slots that start before `before_ms`; returns how many.
Result<int64_t> prune(Connection& c, int64_t before_ms);

/// The latency bins as sparse "bin:count,..." text, and back (bins out of range or counts below
/// zero are an error: the text comes from the database, written by another process).
std::string encode_bins(const serving::StatsSlot& slot);
Status decode_bins(std::string_view text, serving::StatsSlot& slot);

}  // namespace cairn::storage::deployment_stats
