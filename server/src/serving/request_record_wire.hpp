#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "common/result.hpp"
#include "serving/request_recorder.hpp"

/// The wire form of request records that a model server (`cairn serve-model`, one pod of a
/// Kubernetes deployment) reports to Cairn, so that pods are monitored like the local gateway:
///
///   POST .../deployments/{deployment}/request-records
///   {"records": [{"request_id", "revision", "at", "latency_ms", "status", "rows", "cache_hit",
///                 "error_code"?, "error_field"?, "principal"?, "inputs"?, "outputs"?}, ...]}
///
/// `inputs` (records: a list of objects) and `outputs` (the predictions, one per input row) come for
/// the share of requests the deployment's sampling_rate picks. Which organization, project and
/// deployment a record belongs to is never read from the body: Cairn takes it from the path.
namespace cairn::serving {

/// At most this many records per report (a pod sends a batch every few hundred records).
inline constexpr std::size_t kMaxReportedRecords = 1000;

nlohmann::json record_to_wire(const RequestRecord& r);

/// Reads and checks a report's records (422 naming the field: "records[3].latency_ms"). `at` lies
/// within the 7 days before `now_ms` and at most an hour after it (as records sent to a monitor).
Result<std::vector<RequestRecord>> records_from_wire(const nlohmann::json& body, int64_t now_ms);

}  // namespace cairn::serving
