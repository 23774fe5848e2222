#include "service/deployments/rollback_target.hpp"

#include <cstdio>
#include <set>
#include <string>

#include "storage/deployments/deployment_store.hpp"

namespace cairn::service {

std::string revision_healthy_message(int64_t revision) {
  return "revision " + std::to_string(revision) + " is healthy";
}

Result<std::optional<int64_t>> last_healthy_revision(storage::Connection& c, const storage::DeploymentRecord& d) {
  CAIRN_TRY_ASSIGN(
      auto healthy_events,
      c.query("SELECT message FROM deployment_events WHERE deployment_id = ? AND kind = 'revision_healthy'", {d.id}));
  std::set<int64_t> healthy;
  for (std::size_t i = 0; i < healthy_events.size(); ++i) {
    // revision_healthy_message's format.
    const std::string message = healthy_events[i].text(0);
    long long number = 0;
    if (std::sscanf(message.c_str(), "revision %lld is healthy", &number) == 1 &&
        message == revision_healthy_message(number))
      healthy.insert(number);
  }
  CAIRN_TRY_ASSIGN(auto revisions, storage::deployments::list_revisions(c, d.id));
  const storage::RevisionRecord* serving = nullptr;
  for (const auto& r : revisions)
    if (r.number == d.revision) serving = &r;
  std::optional<int64_t> best;
  for (const auto& r : revisions) {
    if (r.number >= d.revision || !healthy.contains(r.number)) continue;
    if (serving && r.model_id == serving->model_id && r.model_version == serving->model_version &&
        r.config == serving->config)
      continue;
    if (!best || r.number > *best) best = r.number;
  }
  return best;
}

}  // namespace cairn::service
