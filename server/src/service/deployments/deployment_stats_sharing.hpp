#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "common/result.hpp"
#include "service/deployments/deployment_supervisor.hpp"
#include "serving/request_stats.hpp"
#include "storage/database.hpp"

namespace cairn::service {

/// A deployment's live traffic across replicas. Behind a load balancer each replica counts only
/// the requests it answered (and the records the pods it was sent report), so each publishes its
/// 10-second slots to the database every few seconds and /stats adds every replica's to its own.
/// The other replicas' part is at most one publish interval old; this replica's is live.
class DeploymentStatsSharing {
 public:
  /// `replica` names this process's rows: unique per process (a restarted replica is a new one,
  /// and its earlier rows still count until they age out).
  DeploymentStatsSharing(storage::Database& db, DeploymentSupervisor& supervisor, std::string replica);

  /// Writes the slots this replica changed since its last publish (a job on every replica).
  Status publish();
  /// Deletes slots older than the hour /stats reaches (a job, once across replicas).
  Status prune();
  /// The deployment's traffic over the window: this replica's and every other's.
  Result<serving::StatsSummary> summary(const std::string& deployment_id, int window_seconds);
  /// This replica's own stats (the shadow comparison and /metrics stay per replica).
  std::shared_ptr<serving::RequestStats> local(const std::string& deployment_id);

  static constexpr int64_t kPublishIntervalMs = 2000;

 private:
  storage::Database& db_;
  DeploymentSupervisor& supervisor_;
  std::string replica_;
  std::mutex mutex_;                           ///< one publish at a time; guards published_
  std::map<std::string, uint64_t> published_;  ///< per deployment: the change counter last written
};

}  // namespace cairn::service
