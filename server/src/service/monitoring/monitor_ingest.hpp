#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "service/monitoring/bucket_profile.hpp"
#include "serving/request_recorder.hpp"
#include "storage/database.hpp"
#include "storage/monitoring/monitor_store.hpp"

namespace cairn::service {

/// A monitor as ingestion needs it: its id and, once set, the reference profile that fixes its
/// features and bins.
struct MonitorShape {
  std::string id;
  std::shared_ptr<const stats::DatasetProfile> reference;
  /// When the reference was set (0: none). Buckets are kept apart per reference: a minute that
  /// straddles a new reference becomes two rows, so the part binned on the new one compares with it.
  int64_t reference_version = 0;
};

/// One record sent by API, validated: when it happened and what was seen and predicted.
struct IncomingRecord {
  int64_t at = 0;
  nlohmann::json features;
  nlohmann::json prediction;
};

/// Turns every prediction into statistics (DESIGN D16): the gateway's request records and the
/// records sent by API are added to in-memory one-minute buckets per monitor and revision, and
/// `flush` writes the buckets this process changed as its own partial rows (writer = this
/// process), so replicas never contend for a row and reads merge the partials. A deployment's
/// monitor is created with its first record. A crash loses at most the last flush interval of
/// statistics; the records themselves are in the database.
class MonitorIngest {
 public:
  MonitorIngest(storage::Database& db, std::string writer);

  /// The gateway's records (on the recorder's thread; never blocks on the database except to
  /// find a deployment's monitor the first time).
  void observe_requests(const std::vector<serving::RequestRecord>& batch);
  /// Records sent by API to `monitor`, already stored.
  void observe_records(const MonitorShape& monitor, const std::vector<IncomingRecord>& records);
  /// Writes the buckets changed since the last flush and forgets closed ones.
  Status flush();
  /// The deployment's monitor (created when missing), cached for 30 s; nullptr when the
  /// deployment is gone or the database is away.
  std::shared_ptr<const MonitorShape> shape_of_deployment(const std::string& deployment_id, int64_t now);
  /// The monitor's reference changed: forget its cached shape (buckets already in memory keep theirs).
  void invalidate(const std::string& monitor_id);

  const std::string& writer() const { return writer_; }
  /// Prometheus lines: requests profiled, flush failures, buckets in memory.
  std::string metrics_text() const;

 private:
  struct Key {
    std::string monitor_id;
    int64_t revision;
    int64_t start;
    int64_t reference_version;
    bool operator<(const Key& o) const {
      return std::tie(monitor_id, revision, start, reference_version) <
             std::tie(o.monitor_id, o.revision, o.start, o.reference_version);
    }
  };
  /// This process's row of a bucket: one per reference the bucket was profiled against.
  std::string writer_of(const Key& key) const { return writer_ + "." + std::to_string(key.reference_version); }
  struct Bucket {
    BucketProfile profile;
    bool dirty = false;
    bool loaded = false;  ///< this writer's earlier row (if any) has been merged in
    int64_t last_change = 0;
  };
  struct CachedShape {
    std::shared_ptr<const MonitorShape> shape;
    int64_t loaded_at = 0;
  };

  /// Under mutex_: the bucket for `key`, started from the reference's shape.
  Bucket& bucket_locked(const Key& key, const MonitorShape& shape);

  storage::Database& db_;
  std::string writer_;
  mutable std::mutex mutex_;
  std::map<Key, Bucket> buckets_;
  std::map<std::string, CachedShape> shapes_;  ///< by deployment id
  std::atomic<uint64_t> profiled_{0};
  std::atomic<uint64_t> flush_failures_{0};
};

/// The deployment's monitor, created with the deployment's name (or name-<id> when an API-fed
/// monitor already has that name); nullopt when the deployment is gone. Two replicas may race;
/// the loser finds the winner's.
Result<std::optional<storage::monitoring::MonitorRecord>> ensure_deployment_monitor(storage::Connection& c,
                                                                                    const std::string& deployment_id);

/// When the monitor's reference was set (its reference_info's created_at), 0 without one.
int64_t reference_version(const storage::monitoring::MonitorRecord& m);

/// Reads a monitor's stored reference (base64 DatasetProfile); nullptr when none.
Result<std::shared_ptr<const stats::DatasetProfile>> parse_reference(const std::optional<std::string>& stored);

}  // namespace cairn::service
