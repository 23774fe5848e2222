#include "storage/deployments/request_record_store.hpp"

namespace cairn::storage::requests {

Status insert(Connection& c, const std::vector<serving::RequestRecord>& batch) {
  // Rows of 15 values, at most 64 per statement (well under both databases' parameter limits).
  constexpr std::size_t kPerStatement = 64;
  for (std::size_t start = 0; start < batch.size(); start += kPerStatement) {
    const std::size_t end = std::min(batch.size(), start + kPerStatement);
    std::string sql =
        "INSERT INTO inference_requests (deployment_id, request_id, org_id, project_id, revision, at, latency_ms,"
        " status, error_code, error_field, principal, rows_count, cache_hit, inputs, outputs) VALUES ";
    std::vector<Value> params;
    params.reserve((end - start) * 15);
    for (std::size_t i = start; i < end; ++i) {
      const auto& r = batch[i];
      sql += i == start ? "(" : ", (";
      sql += "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
      params.insert(params.end(), {r.deployment_id, r.request_id, r.org_id, r.project_id, r.revision, r.at_ms,
                                   r.latency_ms, static_cast<int64_t>(r.status), r.error_code, r.error_field,
                                   r.principal, r.rows, static_cast<int64_t>(r.cache_hit ? 1 : 0),
                                   optional_text(r.inputs_json), optional_text(r.outputs_json)});
    }
    // A request id repeats only if a client reuses X-Request-Id within one millisecond: keep the first.
    sql += " ON CONFLICT DO NOTHING";
    CAIRN_TRY(as_status(c.execute(sql, params)));
  }
  return {};
}

Result<int64_t> count(Connection& c, const std::string& deployment_id) {
  CAIRN_TRY_ASSIGN(auto rows,
                   c.query("SELECT COUNT(*) FROM inference_requests WHERE deployment_id = ?", {deployment_id}));
  return rows.empty() ? 0 : rows[0].int64(0);
}

}  // namespace cairn::storage::requests
