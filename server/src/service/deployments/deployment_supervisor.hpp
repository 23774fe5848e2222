#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <thread>

#include "artifacts/artifact_store.hpp"
#include "common/timer_queue.hpp"
#include "deploy/deployment_logs.hpp"
#include "deploy/local/revision_pool.hpp"
#include "runtime/runtime.hpp"
#include "service/deployments/deployment_service.hpp"
#include "service/service_context.hpp"
#include "serving/model_signature.hpp"
#include "serving/request_stats.hpp"

namespace cairn::service {

struct SupervisorOptions {
  std::string data_dir;  ///< model files go to <data_dir>/models, logs to <data_dir>/deployments
  std::string python;    ///< the interpreter with the cairn package (python runtime)
  std::chrono::milliseconds tick{2000};
  /// Called with a deployment's id once it stopped running here (its cached answers go).
  std::function<void(const std::string&)> on_stopped;
};

/// What the gateway needs of a running deployment to serve one request.
struct ServingTarget {
  std::shared_ptr<deploy::RevisionPool> pool;
  std::shared_ptr<deploy::RevisionPool> shadow;           ///< gets a copy, its answer is only logged
  std::shared_ptr<serving::RequestStats> stats;           ///< the deployment's (its page)
  std::shared_ptr<serving::RequestStats> revision_stats;  ///< the chosen revision's (/metrics)
  deploy::DeploymentConfig config;
  /// The served version's MLflow signature, parsed once when the revision starts (empty: none).
  std::shared_ptr<const serving::ModelSignature> signature;
  std::string endpoint_name;
  std::string org_id;
  std::string project_id;
  std::string model_name;
  int64_t model_version = 0;  ///< the version the chosen revision serves
  int64_t revision = 0;
};

/// The local target (DESIGN D10, D13): makes this server run what the database says should run.
/// On every change (`nudge`) and every tick it rolls out revisions whose alias or stage moved,
/// starts the revisions each running deployment's traffic needs (model files fetched from the
/// artifact store to local disk once per version), stops what is no longer wanted, and writes each
/// deployment's state (pending -> starting -> healthy / degraded / failed -> stopped) and its
/// transitions as events. With several replicas each runs every deployment: capacity grows with
/// replicas.
class DeploymentSupervisor {
 public:
  DeploymentSupervisor(ServiceContext& ctx, DeploymentService& deployments, artifacts::ArtifactStore& store,
                       std::vector<runtime::Runtime*> runtimes, TimerQueue& timers, SupervisorOptions options);
  ~DeploymentSupervisor();

  void start();
  void stop();
  /// Asks for a reconcile now (a deployment changed).
  void nudge();

  /// The revision to send a request of deployment `id` to, by the traffic split; unavailable
  /// while none of it runs here.
  Result<ServingTarget> target(const std::string& deployment_id);
  nlohmann::json workers(const std::string& deployment_id);
  std::shared_ptr<deploy::DeploymentLogs> logs(const std::string& deployment_id);
  std::shared_ptr<serving::RequestStats> stats(const std::string& deployment_id);
  /// Every deployment's stats this replica holds, by deployment id.
  std::vector<std::pair<std::string, std::shared_ptr<serving::RequestStats>>> all_stats();
  /// Prometheus lines for every running deployment (cairn_deployment_* series).
  std::string metrics_text();

 private:
  struct Running {
    storage::DeploymentRecord record;
    std::map<int64_t, std::shared_ptr<deploy::RevisionPool>> pools;  ///< by revision
    std::vector<std::pair<int64_t, int>> routes;                     ///< revision, weight
    std::optional<std::pair<int64_t, double>> shadow;                ///< revision, percent
    std::shared_ptr<deploy::DeploymentLogs> logs;
    std::shared_ptr<serving::RequestStats> stats;
    // By revision: what each running revision serves and how.
    std::map<int64_t, std::shared_ptr<const serving::ModelSignature>> signatures;
    std::map<int64_t, deploy::DeploymentConfig> configs;
    std::map<int64_t, int64_t> versions;
    std::map<int64_t, std::shared_ptr<serving::RequestStats>> revision_stats;  ///< for /metrics
    std::map<int64_t, int64_t> crashes_recorded;  ///< by revision: worker exits already written as events
    std::set<int64_t> healthy_recorded;           ///< revisions whose first healthy moment is recorded
  };

  void loop();
  void reconcile();
  Result<std::shared_ptr<deploy::RevisionPool>> start_revision(const storage::DeploymentRecord& d,
                                                               const storage::RevisionRecord& r, Running& running);
  /// The version's files on local disk (downloaded once), and its MLmodel metadata.
  Result<runtime::ModelSource> fetch_model(const storage::DeploymentRecord& d, const storage::RevisionRecord& r);
  runtime::Runtime* choose_runtime(const deploy::DeploymentConfig& config, const runtime::ModelSource& model,
                                   std::string& why_not);
  void record_state(const std::string& id, const std::string& state, const std::string& reason);
  std::shared_ptr<deploy::DeploymentLogs> logs_for(const std::string& id);
  /// Writes what the alerting reads from the event list: each worker crash (`worker_exited`,
  /// counted by the worker_restarts series) and a revision's first healthy moment
  /// (`revision_healthy`, how a rollback finds the last revision that worked).
  void record_revision_events(const storage::DeploymentRecord& d, Running& running);
  /// Takes a pool out of service gracefully: it takes no new traffic (it is no longer in
  /// running_) but keeps its workers until the requests it already accepted are answered, or its
  /// request timeout has passed; then it stops. A request routed a moment before a rollout is
  /// answered, not failed with "the worker was stopped".
  void retire(std::shared_ptr<deploy::RevisionPool> pool);
  /// Stops the retired pools that are idle or past their deadline (all of them when `all`).
  void stop_drained(bool all);

  struct Draining {
    std::shared_ptr<deploy::RevisionPool> pool;
    std::chrono::steady_clock::time_point deadline;
  };

  ServiceContext& ctx_;
  DeploymentService& deployments_;
  artifacts::ArtifactStore& store_;
  std::vector<runtime::Runtime*> runtimes_;
  TimerQueue& timers_;
  SupervisorOptions options_;

  std::mutex mutex_;  ///< guards running_ and the log/stat maps
  std::map<std::string, Running> running_;
  std::vector<Draining> draining_;  ///< retired pools finishing their requests; under mutex_
  std::map<std::string, std::shared_ptr<deploy::DeploymentLogs>> logs_;
  std::map<std::string, std::shared_ptr<serving::RequestStats>> stats_;
  std::mt19937_64 random_{std::random_device{}()};

  std::mutex wake_mutex_;
  std::condition_variable wake_;
  bool nudged_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace cairn::service
