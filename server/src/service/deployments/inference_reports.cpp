// InferenceService::report: request records from model servers that run outside this process.
#include "service/deployments/inference_service.hpp"
#include "storage/deployments/deployment_store.hpp"

namespace cairn::service {

Result<std::size_t> InferenceService::report(const Caller& caller, const TrackingScope& scope, const std::string& ref,
                                             std::vector<serving::RequestRecord> records) {
  CAIRN_TRY_ASSIGN(const Principal* p, signed_in(caller));
  CAIRN_TRY_ASSIGN(auto ctx, [&]() -> Result<DeploymentContext> {
    CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
    return deployment_for(*conn, *p, scope, ref, Action::monitor_ingest);
  }());
  const auto& d = ctx.deployment;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (records[i].revision > d.revision)
      return Error::validation("records[" + std::to_string(i) + "].revision",
                               "deployment '" + d.name + "' has no revision " + std::to_string(records[i].revision));
  }
  auto stats = supervisor_.stats(d.id);
  for (auto& r : records) {
    // Whose records these are comes from the path the caller was authorized on, never the body.
    r.org_id = d.org_id;
    r.project_id = d.project_id;
    r.deployment_id = d.id;
    // As the gateway counts its own: input it refused (4xx) is not traffic the model served.
    if (r.status < 400 || r.status >= 500) stats->record(r.at_ms, r.latency_ms, r.status >= 500, r.cache_hit);
    recorder_.record(std::move(r));
  }
  return records.size();
}

}  // namespace cairn::service
