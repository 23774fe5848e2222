#include "service/deployments/deployment_supervisor.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <utility>

#include "artifacts/store_key.hpp"
#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "common/log.hpp"
#include "runtime/model_source.hpp"
#include "runtime/python/python_environment.hpp"
#include "service/deployments/deployment_metrics.hpp"
#include "service/deployments/rollback_target.hpp"
#include "storage/deployments/deployment_store.hpp"
#include "storage/registry/model_version_store.hpp"

namespace cairn::service {
namespace {

namespace fs = std::filesystem;
namespace store = storage::deployments;

std::vector<std::pair<int64_t, int>> routes_of(const storage::DeploymentRecord& d,
                                               std::optional<std::pair<int64_t, double>>& shadow) {
  std::vector<std::pair<int64_t, int>> routes;
  auto traffic = nlohmann::json::parse(d.traffic.empty() ? "{}" : d.traffic, nullptr, false);
  if (traffic.is_object() && traffic.contains("routes") && traffic["routes"].is_array()) {
    for (const auto& r : traffic["routes"])
      if (r.value("weight", 0) > 0) routes.emplace_back(r.value("revision", int64_t{0}), r.value("weight", 0));
    if (traffic.contains("shadow") && traffic["shadow"].is_object())
      shadow = std::make_pair(traffic["shadow"].value("revision", int64_t{0}), traffic["shadow"].value("percent", 0.0));
  }
  if (routes.empty()) routes.emplace_back(d.revision, 100);
  return routes;
}

}  // namespace

DeploymentSupervisor::DeploymentSupervisor(ServiceContext& ctx, DeploymentService& deployments,
                                           artifacts::ArtifactStore& store, std::vector<runtime::Runtime*> runtimes,
                                           TimerQueue& timers, SupervisorOptions options)
    : ctx_(ctx),
      deployments_(deployments),
      store_(store),
      runtimes_(std::move(runtimes)),
      timers_(timers),
      options_(std::move(options)) {}

DeploymentSupervisor::~DeploymentSupervisor() {
  stop();
}

void DeploymentSupervisor::start() {
  thread_ = std::thread([this] { loop(); });
}

void DeploymentSupervisor::stop() {
  {
    std::lock_guard lock(wake_mutex_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::map<std::string, Running> running;
  {
    std::lock_guard lock(mutex_);
    running.swap(running_);
  }
  for (auto& [id, r] : running)
    for (auto& [rev, pool] : r.pools) pool->stop();
  stop_drained(true);
}

void DeploymentSupervisor::retire(std::shared_ptr<deploy::RevisionPool> pool) {
  const auto grace = std::chrono::milliseconds(std::max(1000, pool->spec().config.timeout_ms));
  std::lock_guard lock(mutex_);
  draining_.push_back({std::move(pool), std::chrono::steady_clock::now() + grace});
}

void DeploymentSupervisor::stop_drained(bool all) {
  std::vector<std::shared_ptr<deploy::RevisionPool>> done;
  {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    std::erase_if(draining_, [&](Draining& d) {
      if (!all && d.pool->in_flight() > 0 && now < d.deadline) return false;
      done.push_back(std::move(d.pool));
      return true;
    });
  }
  for (auto& pool : done) pool->stop();  // outside the lock: stopping waits for the workers to exit
}

void DeploymentSupervisor::nudge() {
  {
    std::lock_guard lock(wake_mutex_);
    nudged_ = true;
  }
  wake_.notify_all();
}

void DeploymentSupervisor::loop() {
  using clock = std::chrono::steady_clock;
  auto next_reconcile = clock::now();
  while (true) {
    bool draining = false;
    {
      std::lock_guard lock(mutex_);
      draining = !draining_.empty();
    }
    bool nudged = false;
    {
      // While a retired pool drains, look at it often so it stops soon after its last answer;
      // the reconcile itself still waits for a nudge or the tick.
      const auto until =
          draining ? std::min(next_reconcile, clock::now() + std::chrono::milliseconds(100)) : next_reconcile;
      std::unique_lock lock(wake_mutex_);
      wake_.wait_until(lock, until, [this] { return nudged_ || stopping_; });
      if (stopping_) return;
      nudged = std::exchange(nudged_, false);
    }
    try {
      stop_drained(false);
      if (!nudged && clock::now() < next_reconcile) continue;
      next_reconcile = clock::now() + options_.tick;
      reconcile();
    } catch (const std::exception& e) {
      log::error("deployment supervisor failed a reconcile", {{"error", e.what()}});
    }
  }
}

void DeploymentSupervisor::reconcile() {
  (void)deployments_.follow_sources();
  std::vector<storage::DeploymentRecord> active;
  {
    auto conn = ctx_.db.acquire();
    if (!conn.ok()) return;
    auto listed = store::list_active(**conn);
    if (!listed.ok()) return;
    active = std::move(*listed);
  }
  std::set<std::string> wanted;
  for (const auto& d : active) wanted.insert(d.id);

  // Deployments that should no longer run here.
  std::vector<std::pair<std::string, Running>> gone;
  {
    std::lock_guard lock(mutex_);
    for (auto it = running_.begin(); it != running_.end();) {
      if (wanted.contains(it->first)) {
        ++it;
        continue;
      }
      gone.emplace_back(it->first, std::move(it->second));
      it = running_.erase(it);
    }
  }
  for (auto& [id, r] : gone) {
    for (auto& [rev, pool] : r.pools) retire(pool);
    record_state(id, "stopped", "");
    logs_for(id)->append({now_ms(), -1, "cairn", "deployment stopped"});
    if (options_.on_stopped) options_.on_stopped(id);
  }

  for (const auto& d : active) {
    std::optional<std::pair<int64_t, double>> shadow;
    auto routes = routes_of(d, shadow);
    std::set<int64_t> needed;
    for (const auto& [rev, weight] : routes) needed.insert(rev);
    if (shadow) needed.insert(shadow->first);

    Running current;
    {
      std::lock_guard lock(mutex_);
      auto it = running_.find(d.id);
      if (it != running_.end()) current = it->second;
    }
    if (current.pools.empty() && d.state != "starting") record_state(d.id, "starting", "starting workers");
    if (!current.logs) current.logs = logs_for(d.id);
    if (!current.stats) current.stats = stats(d.id);
    std::string failure;
    for (int64_t rev : needed) {
      if (current.pools.contains(rev)) continue;
      Result<std::optional<storage::RevisionRecord>> revision = std::optional<storage::RevisionRecord>{};
      {
        auto conn = ctx_.db.acquire();
        if (!conn.ok()) return;
        revision = store::find_revision(**conn, d.id, rev);
      }
      if (!revision.ok() || !*revision) continue;
      auto pool = start_revision(d, **revision, current);
      if (!pool.ok()) {
        failure = pool.error().message;
        current.logs->append({now_ms(), -1, "cairn", "revision " + std::to_string(rev) + " cannot start: " + failure});
        continue;
      }
      current.pools[rev] = *pool;
    }
    std::vector<std::shared_ptr<deploy::RevisionPool>> retired;
    for (auto it = current.pools.begin(); it != current.pools.end();) {
      if (needed.contains(it->first)) {
        ++it;
        continue;
      }
      retired.push_back(it->second);
      current.revision_stats.erase(it->first);
      current.crashes_recorded.erase(it->first);
      current.healthy_recorded.erase(it->first);
      it = current.pools.erase(it);
    }
    record_revision_events(d, current);
    current.record = d;
    current.routes = routes;
    current.shadow = shadow;
    {
      std::lock_guard lock(mutex_);
      running_[d.id] = current;
    }
    for (auto& pool : retired) retire(std::move(pool));

    // The deployment's state: that of the revisions taking traffic.
    std::string state = "healthy";
    std::string reason;
    bool any_healthy = false;
    bool any_failed = !failure.empty();
    bool any_starting = false;
    for (const auto& [rev, weight] : routes) {
      auto it = current.pools.find(rev);
      if (it == current.pools.end()) {
        any_failed = true;
        continue;
      }
      switch (it->second->health()) {
        case deploy::PoolHealth::healthy:
          any_healthy = true;
          break;
        case deploy::PoolHealth::starting:
          any_starting = true;
          break;
        case deploy::PoolHealth::failed:
          any_failed = true;
          if (reason.empty()) reason = it->second->reason();
          break;
        default:
          if (reason.empty()) reason = it->second->reason();
          state = "degraded";
          break;
      }
    }
    if (!failure.empty() && reason.empty()) reason = failure;
    if (any_failed && !any_healthy && !any_starting)
      state = "failed";
    else if (any_failed)
      state = "degraded";
    else if (any_starting && state == "healthy") {
      state = "starting";
      reason = "loading the model";
    }
    record_state(d.id, state, state == "healthy" ? "" : reason);

    for (const auto& [rev, pool] : current.pools) {
      auto scaled = pool->autoscale();
      if (!scaled) continue;
      auto conn = ctx_.db.acquire();
      if (conn.ok()) (void)store::append_event(**conn, d.id, now_ms(), "cairn", "scaled", *scaled);
    }
  }
}

void DeploymentSupervisor::record_revision_events(const storage::DeploymentRecord& d, Running& running) {
  for (const auto& [rev, pool] : running.pools) {
    const auto crashes = pool->crashes();
    int64_t& recorded = running.crashes_recorded[rev];
    const bool newly_healthy = pool->health() == deploy::PoolHealth::healthy && !running.healthy_recorded.contains(rev);
    if (crashes.count <= recorded && !newly_healthy) continue;
    auto conn = ctx_.db.acquire();
    if (!conn.ok()) return;
    // One event per exit, so that a rule counts them; a crash loop is slowed by the restart backoff.
    for (; recorded < crashes.count; ++recorded)
      (void)store::append_event(
          **conn, d.id, now_ms(), "cairn", "worker_exited",
          "revision " + std::to_string(rev) + ": a worker exited and restarts: " + crashes.last_reason);
    if (!newly_healthy) continue;
    running.healthy_recorded.insert(rev);
    // Replicas each run the revision: the first to see it healthy writes the event.
    const std::string message = revision_healthy_message(rev);
    auto seen = (*conn)->query(
        "SELECT 1 FROM deployment_events WHERE deployment_id = ? AND kind = 'revision_healthy' AND message = ?",
        {d.id, message});
    if (seen.ok() && seen->empty())
      (void)store::append_event(**conn, d.id, now_ms(), "cairn", "revision_healthy", message);
  }
}

Result<std::shared_ptr<deploy::RevisionPool>> DeploymentSupervisor::start_revision(const storage::DeploymentRecord& d,
                                                                                   const storage::RevisionRecord& r,
                                                                                   Running& running) {
  CAIRN_TRY_ASSIGN(auto model, fetch_model(d, r));
  auto config = deploy::config_from_stored(r.config);
  std::string why_not;
  runtime::Runtime* runtime = choose_runtime(config, model, why_not);
  if (!runtime) return Error::validation("config.runtime", why_not);
  deploy::RevisionPool::Spec spec;
  spec.deployment_id = d.id;
  spec.revision = r.number;
  spec.model = model;
  spec.config = config;
  spec.runtime = runtime;
  spec.python = options_.python;
  if (config.env_manager == "virtualenv" && runtime->name() == "python") {
    // MLflow's --env-manager virtualenv: an environment from the model's requirements, built once
    // per set of requirements and reused.
    running.logs->append({now_ms(), -1, "cairn", "preparing a virtual environment from the model's requirements"});
    CAIRN_TRY_ASSIGN(spec.python,
                     runtime::python::prepare_environment(options_.python, model.model_dir,
                                                          (fs::path(options_.data_dir) / "environments").string()));
  }
  running.configs[r.number] = config;
  running.versions[r.number] = r.model_version;
  running.signatures[r.number] = runtime::model_signature(model);
  running.logs->append({now_ms(), -1, "cairn",
                        "starting revision " + std::to_string(r.number) + " (" + d.model_name + " version " +
                            std::to_string(r.model_version) + ", " + std::string(runtime->name()) + " runtime)"});
  auto pool = deploy::RevisionPool::start(std::move(spec), timers_, running.logs);
  auto stats = running.stats;
  auto revision_stats = std::make_shared<serving::RequestStats>();
  running.revision_stats[r.number] = revision_stats;
  pool->set_batch_observer([stats, revision_stats](const serving::BatchObservation& seen) {
    const int64_t now = now_ms();
    stats->record_batch(now, seen.rows);
    revision_stats->record_batch(now, seen.rows, seen.queue_waits);
  });
  return pool;
}

Result<runtime::ModelSource> DeploymentSupervisor::fetch_model(const storage::DeploymentRecord& d,
                                                               const storage::RevisionRecord& r) {
  storage::ModelVersionRecord version;
  std::vector<storage::ModelFileRecord> files;
  {
    CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
    CAIRN_TRY_ASSIGN(auto found, storage::model_versions::find(*conn, r.model_id, r.model_version));
    if (!found) return Error::not_found("version " + std::to_string(r.model_version) + " of the deployed model");
    version = std::move(*found);
    CAIRN_TRY_ASSIGN(files, storage::model_versions::files(*conn, r.model_id, r.model_version));
  }
  const fs::path dir = fs::path(options_.data_dir) / "models" / r.model_id / std::to_string(r.model_version);
  CAIRN_TRY(runtime::place_model_files(dir.string(), [&](const std::string& partial) -> Status {
    for (const auto& f : files) {
      auto target = fs::path(partial) / f.path;
      std::error_code ec;
      fs::create_directories(target.parent_path(), ec);
      auto stream = store_.open_read(artifacts::join_key(d.org_id, version.storage_location + "/" + f.path));
      if (!stream.ok())
        return Error::unavailable("model file '" + f.path + "' cannot be read: " + stream.error().message);
      std::ofstream out(target, std::ios::binary);
      std::vector<char> buffer(1 << 20);
      while (true) {
        auto n = (*stream)->read(buffer.data(), buffer.size());
        if (!n.ok()) return Error::unavailable("model file '" + f.path + "' cannot be read: " + n.error().message);
        if (*n == 0) break;
        out.write(buffer.data(), static_cast<std::streamsize>(*n));
      }
      if (!out) return Error::internal("cannot write the model's files under " + dir.string());
    }
    return {};
  }));
  return runtime::make_model_source(dir.string(), nlohmann::json::parse(version.metadata, nullptr, false),
                                    version.framework);
}

runtime::Runtime* DeploymentSupervisor::choose_runtime(const deploy::DeploymentConfig& config,
                                                       const runtime::ModelSource& model, std::string& why_not) {
  return runtime::choose_runtime(runtimes_, config.runtime, model, why_not);
}

void DeploymentSupervisor::record_state(const std::string& id, const std::string& state, const std::string& reason) {
  auto conn = ctx_.db.acquire();
  if (!conn.ok()) return;
  const int64_t now = now_ms();
  auto changed = store::set_state(**conn, id, state, reason, now);
  if (changed.ok() && *changed) {
    (void)store::append_event(**conn, id, now, "cairn", "state", reason.empty() ? state : state + ": " + reason);
  }
}

std::shared_ptr<deploy::DeploymentLogs> DeploymentSupervisor::logs_for(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto& logs = logs_[id];
  if (!logs)
    logs = std::make_shared<deploy::DeploymentLogs>(
        (fs::path(options_.data_dir) / "deployments" / id / "workers.log").string());
  return logs;
}

std::shared_ptr<deploy::DeploymentLogs> DeploymentSupervisor::logs(const std::string& id) {
  return logs_for(id);
}

std::shared_ptr<serving::RequestStats> DeploymentSupervisor::stats(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto& stats = stats_[id];
  if (!stats) stats = std::make_shared<serving::RequestStats>();
  return stats;
}

std::vector<std::pair<std::string, std::shared_ptr<serving::RequestStats>>> DeploymentSupervisor::all_stats() {
  std::lock_guard lock(mutex_);
  return {stats_.begin(), stats_.end()};
}

Result<ServingTarget> DeploymentSupervisor::target(const std::string& deployment_id) {
  std::lock_guard lock(mutex_);
  auto it = running_.find(deployment_id);
  if (it == running_.end() || it->second.pools.empty())
    return Error::unavailable("the deployment is not running on this server yet");
  Running& r = it->second;
  int total = 0;
  for (const auto& [rev, weight] : r.routes) total += weight;
  std::uniform_int_distribution<int> pick(0, std::max(0, total - 1));
  int ticket = pick(random_);
  int64_t chosen = r.routes.front().first;
  for (const auto& [rev, weight] : r.routes) {
    if (ticket < weight) {
      chosen = rev;
      break;
    }
    ticket -= weight;
  }
  auto pool = r.pools.find(chosen);
  if (pool == r.pools.end()) return Error::unavailable("the deployment's revision is not running");
  ServingTarget t;
  t.pool = pool->second;
  t.stats = r.stats;
  t.revision_stats = r.revision_stats[chosen];
  t.config = r.configs[chosen];
  t.signature = r.signatures[chosen];
  t.endpoint_name = r.record.endpoint_name;
  t.org_id = r.record.org_id;
  t.project_id = r.record.project_id;
  t.model_name = r.record.model_name;
  t.revision = chosen;
  t.model_version = r.versions[chosen];
  if (r.shadow && r.shadow->first != chosen) {
    std::uniform_real_distribution<double> coin(0, 100);
    auto shadow = r.pools.find(r.shadow->first);
    if (shadow != r.pools.end() && coin(random_) < r.shadow->second) t.shadow = shadow->second;
  }
  return t;
}

nlohmann::json DeploymentSupervisor::workers(const std::string& deployment_id) {
  std::lock_guard lock(mutex_);
  nlohmann::json out = nlohmann::json::array();
  auto it = running_.find(deployment_id);
  if (it == running_.end()) return out;
  for (const auto& [rev, pool] : it->second.pools)
    for (auto& w : pool->workers()) out.push_back(w);
  return out;
}

std::string DeploymentSupervisor::metrics_text() {
  std::vector<RevisionMetrics> revisions;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, r] : running_) {
      for (const auto& [rev, pool] : r.pools) {
        RevisionMetrics m;
        m.deployment = r.record.name;
        m.endpoint = r.record.endpoint_name;
        m.revision = rev;
        if (auto stats = r.revision_stats.find(rev); stats != r.revision_stats.end() && stats->second)
          m.totals = stats->second->totals();
        m.in_flight = pool->in_flight();
        for (const auto& w : pool->workers()) {
          (w["state"] == "ready" ? m.ready_workers : m.other_workers) += 1;
          m.restarts += w["restarts"].get<int64_t>();
        }
        // The comparison belongs to the revision that serves while the shadow gets copies.
        if (r.stats && r.shadow && r.shadow->first != rev)
          m.shadow = RevisionMetrics::Shadow{r.stats->shadow_matches.load(), r.stats->shadow_mismatches.load(),
                                             r.stats->shadow_errors.load()};
        revisions.push_back(std::move(m));
      }
    }
  }
  return render_deployment_metrics(revisions);
}

}  // namespace cairn::service
