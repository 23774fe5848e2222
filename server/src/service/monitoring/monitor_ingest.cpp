#include "service/monitoring/monitor_ingest.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/base64.hpp"
#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "storage/deployments/deployment_store.hpp"
#include "storage/monitoring/monitor_store.hpp"

namespace cairn::service {
namespace {

constexpr int64_t kMinute = 60;
constexpr int64_t kShapeTtlMs = 30'000;
/// A bucket stays in memory this long after its minute ends, for stragglers of the last batch.
constexpr int64_t kCloseGraceMs = 15'000;

}  // namespace

Result<std::optional<storage::monitoring::MonitorRecord>> ensure_deployment_monitor(storage::Connection& c,
                                                                                    const std::string& deployment_id) {
  CAIRN_TRY_ASSIGN(auto found, storage::monitoring::find_by_deployment(c, deployment_id));
  if (found) return found;
  CAIRN_TRY_ASSIGN(auto deployment, storage::deployments::find_by_id(c, deployment_id));
  if (!deployment) return std::optional<storage::monitoring::MonitorRecord>{};
  storage::monitoring::MonitorRecord m;
  m.id = crypto::new_id();
  m.org_id = deployment->org_id;
  m.project_id = deployment->project_id;
  m.deployment_id = deployment_id;
  m.created_by = deployment->created_by;
  m.created_at = m.updated_at = now_ms();
  for (const auto& name : {deployment->name, deployment->name + "-" + deployment_id.substr(0, 8)}) {
    m.name = name;
    if (storage::monitoring::insert(c, m).ok()) return std::optional(m);
  }
  return storage::monitoring::find_by_deployment(c, deployment_id);
}

int64_t reference_version(const storage::monitoring::MonitorRecord& m) {
  if (!m.reference) return 0;
  auto info = nlohmann::json::parse(m.reference_info, nullptr, false);
  return info.is_object() ? info.value("created_at", int64_t{1}) : 1;
}

Result<std::shared_ptr<const stats::DatasetProfile>> parse_reference(const std::optional<std::string>& stored) {
  if (!stored || stored->empty()) return std::shared_ptr<const stats::DatasetProfile>{};
  auto bytes = base64_decode(*stored);
  if (!bytes) return Error::internal("a stored reference profile is not base64");
  CAIRN_TRY_ASSIGN(auto profile, stats::DatasetProfile::deserialize(*bytes));
  return std::shared_ptr<const stats::DatasetProfile>(std::make_shared<stats::DatasetProfile>(std::move(profile)));
}

MonitorIngest::MonitorIngest(storage::Database& db, std::string writer) : db_(db), writer_(std::move(writer)) {}

std::shared_ptr<const MonitorShape> MonitorIngest::shape_of_deployment(const std::string& deployment_id, int64_t now) {
  {
    std::lock_guard lock(mutex_);
    auto it = shapes_.find(deployment_id);
    if (it != shapes_.end() && now - it->second.loaded_at < kShapeTtlMs) return it->second.shape;
  }
  auto conn = db_.acquire();
  if (!conn.ok()) return nullptr;
  auto monitor = ensure_deployment_monitor(**conn, deployment_id);
  std::shared_ptr<const MonitorShape> shape;
  if (monitor.ok() && *monitor) {
    auto reference = parse_reference((*monitor)->reference);
    if (!reference.ok()) spdlog::warn("monitor {}: {}", (*monitor)->id, reference.error().message);
    shape = std::make_shared<const MonitorShape>(MonitorShape{(*monitor)->id, reference.ok() ? *reference : nullptr});
  }
  std::lock_guard lock(mutex_);
  shapes_[deployment_id] = CachedShape{shape, now};
  return shape;
}

MonitorIngest::Bucket& MonitorIngest::bucket_locked(const Key& key, const MonitorShape& shape) {
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    Bucket b;
    if (shape.reference) b.profile.data = stats::empty_like(*shape.reference);
    it = buckets_.emplace(key, std::move(b)).first;
  }
  return it->second;
}

namespace {

/// The rows of a reported request's sampled inputs (a list of records) and its predictions (one per
/// row when they line up; otherwise the inputs are profiled alone).
void add_sampled_rows(BucketProfile& profile, const serving::RequestRecord& r, const profile_input::Policy& policy) {
  auto inputs = nlohmann::json::parse(*r.inputs_json, nullptr, false);
  if (!inputs.is_array()) return;
  auto outputs = r.outputs_json ? nlohmann::json::parse(*r.outputs_json, nullptr, false) : nlohmann::json();
  const bool aligned = outputs.is_array() && outputs.size() == inputs.size();
  for (std::size_t i = 0; i < inputs.size(); ++i)
    profile_input::add_record(profile.data, inputs[i], aligned ? outputs[i] : nlohmann::json(), policy,
                              profile.service.rejects);
}

}  // namespace

void MonitorIngest::observe_requests(const std::vector<serving::RequestRecord>& batch) {
  const int64_t now = now_ms();
  for (const auto& r : batch) {
    auto shape = shape_of_deployment(r.deployment_id, now);
    if (!shape) continue;
    profile_input::Policy policy{shape->reference != nullptr};
    std::lock_guard lock(mutex_);
    auto& bucket =
        bucket_locked(Key{shape->id, r.revision, bucket_start(r.at_ms, kMinute), shape->reference_version}, *shape);
    bucket.profile.service.add(
        ServiceProfile::Request{r.latency_ms, r.status, r.error_code, r.error_field, r.rows, r.cache_hit});
    // Inputs count when the model answered them: refused input is a data-quality matter (counted
    // by field above), not a sample of what the model sees.
    if (r.status < 400 && r.input_table) {
      profile_input::add_table(bucket.profile.data, *r.input_table, policy, bucket.profile.service.rejects);
      if (r.prediction)
        profile_input::add_prediction(bucket.profile.data, *r.prediction, policy, bucket.profile.service.rejects);
    } else if (r.status < 400 && r.inputs_json) {
      // A model server's report: only its sampled requests carry data, as records.
      add_sampled_rows(bucket.profile, r, policy);
    }
    bucket.dirty = true;
    bucket.last_change = now;
    ++profiled_;
  }
}

void MonitorIngest::observe_records(const MonitorShape& monitor, const std::vector<IncomingRecord>& records) {
  const int64_t now = now_ms();
  profile_input::Policy policy{monitor.reference != nullptr};
  std::lock_guard lock(mutex_);
  for (const auto& r : records) {
    auto& bucket = bucket_locked(Key{monitor.id, 0, bucket_start(r.at, kMinute), monitor.reference_version}, monitor);
    bucket.profile.service.add(ServiceProfile::Request{0, 200, {}, {}, 1, false});
    profile_input::add_record(bucket.profile.data, r.features, r.prediction, policy, bucket.profile.service.rejects);
    bucket.dirty = true;
    bucket.last_change = now;
    ++profiled_;
  }
}

void MonitorIngest::invalidate(const std::string& monitor_id) {
  std::lock_guard lock(mutex_);
  for (auto it = shapes_.begin(); it != shapes_.end();) {
    if (it->second.shape && it->second.shape->id == monitor_id)
      it = shapes_.erase(it);
    else
      ++it;
  }
}

Status MonitorIngest::flush() {
  const int64_t now = now_ms();
  std::vector<Key> unloaded;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [key, bucket] : buckets_)
      if (bucket.dirty && !bucket.loaded) unloaded.push_back(key);
  }
  auto conn = db_.acquire();
  if (!conn.ok()) {
    ++flush_failures_;
    return conn.error();
  }
  // A bucket new to memory may continue a row this writer flushed before it was forgotten (a
  // record sent late for an old minute): merge that row in once, so the write replaces it whole.
  for (const auto& key : unloaded) {
    auto row =
        storage::monitoring::find_bucket(**conn, key.monitor_id, kMinute, key.start, key.revision, writer_of(key));
    if (!row.ok()) {
      ++flush_failures_;
      return row.error();
    }
    std::optional<BucketProfile> earlier;
    if (*row) {
      auto parsed = bucket_from_row(**row);
      if (parsed.ok()) earlier = std::move(*parsed);
    }
    std::lock_guard lock(mutex_);
    auto it = buckets_.find(key);
    if (it == buckets_.end()) continue;
    if (earlier) it->second.profile.merge(*earlier);
    it->second.loaded = true;
  }
  std::vector<storage::monitoring::BucketRow> rows;
  std::vector<Key> written;
  {
    std::lock_guard lock(mutex_);
    for (auto& [key, bucket] : buckets_) {
      if (!bucket.dirty || !bucket.loaded) continue;
      rows.push_back(row_from_bucket(bucket.profile, key.monitor_id, kMinute, key.start, key.revision, writer_of(key)));
      written.push_back(key);
      bucket.dirty = false;
    }
  }
  auto stored = storage::run_in_transaction(**conn, true, [&](storage::Connection& c) -> Status {
    for (const auto& row : rows) CAIRN_TRY(storage::monitoring::put_bucket(c, row));
    return {};
  });
  std::lock_guard lock(mutex_);
  if (!stored.ok()) {
    ++flush_failures_;
    // Mark them dirty again: the next flush retries with whatever arrived meanwhile.
    for (const auto& key : written) {
      auto it = buckets_.find(key);
      if (it != buckets_.end()) it->second.dirty = true;
    }
    return stored;
  }
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    const bool closed = it->first.start + kMinute * 1000 + kCloseGraceMs < now;
    if (closed && !it->second.dirty && it->second.last_change + kCloseGraceMs < now)
      it = buckets_.erase(it);
    else
      ++it;
  }
  return {};
}

std::string MonitorIngest::metrics_text() const {
  std::size_t in_memory = 0;
  {
    std::lock_guard lock(mutex_);
    in_memory = buckets_.size();
  }
  return fmt::format(
      "# HELP cairn_monitoring_profiled_total Predictions and records added to monitoring profiles.\n"
      "# TYPE cairn_monitoring_profiled_total counter\ncairn_monitoring_profiled_total {}\n"
      "# HELP cairn_monitoring_flush_failures_total Monitoring bucket writes that failed (retried).\n"
      "# TYPE cairn_monitoring_flush_failures_total counter\ncairn_monitoring_flush_failures_total {}\n"
      "# HELP cairn_monitoring_buckets_in_memory One-minute monitoring buckets held by this replica.\n"
      "# TYPE cairn_monitoring_buckets_in_memory gauge\ncairn_monitoring_buckets_in_memory {}\n",
      profiled_.load(), flush_failures_.load(), in_memory);
}

}  // namespace cairn::service
