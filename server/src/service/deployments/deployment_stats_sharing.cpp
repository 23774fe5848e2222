#include "service/deployments/deployment_stats_sharing.hpp"

#include "common/clock.hpp"
#include "storage/deployments/deployment_stats_store.hpp"

namespace cairn::service {

namespace {
constexpr int64_t kSlotMs = serving::RequestStats::kBucketSeconds * 1000;
/// The hour the slots cover, and a minute more so a slow publish is not pruned mid-window.
constexpr int64_t kKeptMs = serving::RequestStats::kBuckets * kSlotMs + 60'000;
}  // namespace

DeploymentStatsSharing::DeploymentStatsSharing(storage::Database& db, DeploymentSupervisor& supervisor,
                                               std::string replica)
    : db_(db), supervisor_(supervisor), replica_(std::move(replica)) {}

Status DeploymentStatsSharing::publish() {
  std::lock_guard lock(mutex_);
  const int64_t now = now_ms();
  for (const auto& [id, stats] : supervisor_.all_stats()) {
    uint64_t counter = 0;
    auto& last = published_[id];
    auto changed = stats->changed_since(last, counter);
    std::erase_if(changed, [now](const serving::StatsSlot& s) { return s.start < now - kKeptMs; });
    if (!changed.empty()) {
      CAIRN_TRY_ASSIGN(auto conn, db_.acquire());
      CAIRN_TRY(storage::run_in_transaction(*conn, true, [&](storage::Connection& c) {
        return storage::deployment_stats::publish(c, replica_, id, changed, now);
      }));
    }
    last = counter;
  }
  return {};
}

Status DeploymentStatsSharing::prune() {
  CAIRN_TRY_ASSIGN(auto conn, db_.acquire());
  return storage::as_status(storage::deployment_stats::prune(*conn, now_ms() - kKeptMs));
}

Result<serving::StatsSummary> DeploymentStatsSharing::summary(const std::string& deployment_id, int window_seconds) {
  const int64_t now = now_ms();
  std::vector<serving::StatsSlot> others;
  {
    CAIRN_TRY_ASSIGN(auto conn, db_.acquire());
    const int64_t from = now - now % kSlotMs - static_cast<int64_t>(window_seconds) * 1000;
    CAIRN_TRY_ASSIGN(others, storage::deployment_stats::others(*conn, deployment_id, replica_, from));
  }
  return local(deployment_id)->summary(now, window_seconds, others);
}

std::shared_ptr<serving::RequestStats> DeploymentStatsSharing::local(const std::string& deployment_id) {
  return supervisor_.stats(deployment_id);
}

}  // namespace cairn::service
