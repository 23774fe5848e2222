#pragma once

#include <vector>

#include "serving/request_recorder.hpp"
#include "storage/database.hpp"

namespace cairn::storage::requests {

/// Appends prediction records (one multi-row INSERT per call; the caller holds the transaction).
Status insert(Connection& c, const std::vector<serving::RequestRecord>& batch);
/// How many records a deployment has (tests and the monitoring issue's readers).
Result<int64_t> count(Connection& c, const std::string& deployment_id);

}  // namespace cairn::storage::requests
