#include "service/monitoring/gateway_records.hpp"

#include <map>
#include <nlohmann/json.hpp>

#include "common/clock.hpp"
#include "storage/monitoring/monitor_store.hpp"

namespace cairn::service {
namespace {

using nlohmann::json;

/// The rows of one sampled request as monitor records; none when its JSON is not row-aligned.
std::vector<storage::monitoring::RawRecord> rows_of(const serving::RequestRecord& r) {
  std::vector<storage::monitoring::RawRecord> out;
  if (!r.inputs_json || !r.outputs_json) return out;
  auto inputs = json::parse(*r.inputs_json, nullptr, false);
  auto outputs = json::parse(*r.outputs_json, nullptr, false);
  if (!inputs.is_array() || !outputs.is_array() || inputs.size() != outputs.size()) return out;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (!inputs[i].is_object()) return {};
    std::string id = inputs.size() == 1 ? r.request_id : r.request_id + "/" + std::to_string(i);
    out.push_back({std::move(id), r.at_ms, r.revision, inputs[i].dump(), outputs[i].dump()});
  }
  return out;
}

}  // namespace

Status GatewayRecordSink::write(const std::vector<serving::RequestRecord>& batch) {
  Status logged = requests_.write(batch);
  std::map<std::string, std::vector<storage::monitoring::RawRecord>> sampled;  // by monitor id
  const int64_t now = now_ms();
  for (const auto& r : batch) {
    if (!r.inputs_json) continue;
    auto shape = ingest_.shape_of_deployment(r.deployment_id, now);
    if (!shape) continue;
    auto rows = rows_of(r);
    auto& list = sampled[shape->id];
    list.insert(list.end(), std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
  }
  Status kept;
  if (!sampled.empty()) {
    auto conn = db_.acquire();
    if (!conn.ok()) kept = conn.error();
    if (conn.ok())
      kept = storage::run_in_transaction(**conn, true, [&](storage::Connection& c) -> Status {
        for (const auto& [monitor_id, rows] : sampled) {
          auto inserted = storage::monitoring::insert_records(c, monitor_id, rows);
          if (!inserted.ok()) return inserted.error();
        }
        return {};
      });
  }
  // Profiled last: once a report shows these requests, their kept rows are already stored (a
  // reference taken from a production window right after sees them).
  ingest_.observe_requests(batch);
  return logged.ok() ? kept : logged;
}

}  // namespace cairn::service
