#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

/// Monitors, their bucket rows, raw records, labels and stored series, as free functions on a
/// Connection. Callers scope lookups by project; the `_all` functions serve the background jobs.
namespace cairn::storage::monitoring {

struct MonitorRecord {
  std::string id;
  std::string org_id;
  std::string project_id;
  std::string name;
  std::optional<std::string> deployment_id;
  std::string config = "{}";
  std::optional<std::string> reference;  ///< base64 DatasetProfile
  std::string reference_info = "{}";
  std::string created_by;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

Result<std::vector<MonitorRecord>> list(Connection& c, const std::string& project_id);
Result<std::vector<MonitorRecord>> list_all(Connection& c);
/// By name or id within the project.
Result<std::optional<MonitorRecord>> find(Connection& c, const std::string& project_id, const std::string& ref);
Result<std::optional<MonitorRecord>> find_by_id(Connection& c, const std::string& id);
Result<std::optional<MonitorRecord>> find_by_deployment(Connection& c, const std::string& deployment_id);
/// Conflict when the name is taken in the project or the deployment already has a monitor.
Status insert(Connection& c, const MonitorRecord& m);
Status update_config(Connection& c, const std::string& id, const std::string& config, int64_t now);
Status set_reference(Connection& c, const std::string& id, const std::string& reference,
                     const std::string& reference_info, int64_t now);
Status remove(Connection& c, const std::string& id);

struct BucketRow {
  std::string monitor_id;
  int64_t resolution = 60;  ///< seconds
  int64_t start_at = 0;     ///< ms
  int64_t revision = 0;
  std::string writer;
  int64_t requests = 0;
  int64_t errors = 0;
  std::string service;  ///< base64 ServiceProfile
  std::string profile;  ///< base64 DatasetProfile
  int64_t written_at = 0;
};

Result<std::optional<BucketRow>> find_bucket(Connection& c, const std::string& monitor_id, int64_t resolution,
                                             int64_t start_at, int64_t revision, const std::string& writer);
/// Inserts or replaces the row of (monitor, resolution, start, revision, writer).
Status put_bucket(Connection& c, const BucketRow& row);
/// Rows of one resolution with start_at in [from, to), oldest first.
Status for_each_bucket(Connection& c, const std::string& monitor_id, int64_t resolution, int64_t from, int64_t to,
                       const std::function<Status(const BucketRow&)>& on_row);
/// Deletes rows of one resolution with start_at in [from, to); `keep_writer` survives.
Status delete_buckets(Connection& c, const std::string& monitor_id, int64_t resolution, int64_t from, int64_t to,
                      const std::string& keep_writer);
/// Starts of the `coarse` buckets before `before` that need (re)computing from rows of `fine`:
/// no coarse row yet, or a fine row written after it.
Result<std::vector<int64_t>> stale_rollups(Connection& c, const std::string& monitor_id, int64_t fine, int64_t coarse,
                                           int64_t before);
/// Retention, one monitor at a time so that each delete walks the primary key (or the records' (monitor, at)
/// index) instead of scanning every monitor's rows: the monitor's rows of `resolution` that start before `before`.
Result<int64_t> delete_buckets_before(Connection& c, const std::string& monitor_id, int64_t resolution, int64_t before);

struct RawRecord {
  std::string record_id;
  int64_t at = 0;
  int64_t revision = 0;
  std::string features;    ///< JSON object
  std::string prediction;  ///< JSON value
};
/// Inserts the records a previous call did not; returns the ids that were new (idempotency).
Result<std::vector<std::string>> insert_records(Connection& c, const std::string& monitor_id,
                                                const std::vector<RawRecord>& records);

struct LabeledRecord {
  RawRecord record;
  std::optional<std::string> label;  ///< JSON value
};
/// Records with `at` in [from, to), oldest first, each with its label when one arrived.
Status for_each_record(Connection& c, const std::string& monitor_id, int64_t from, int64_t to, int64_t limit,
                       const std::function<Status(const LabeledRecord&)>& on_record);

struct Label {
  std::string record_id;
  std::string label;  ///< JSON value
};
/// Sets (or replaces) labels; returns how many name records that exist.
Result<int64_t> put_labels(Connection& c, const std::string& monitor_id, const std::vector<Label>& labels, int64_t now);

struct SeriesPoint {
  std::string name;
  int64_t at = 0;
  double value = 0;
};
Status put_series(Connection& c, const std::string& monitor_id, const std::vector<SeriesPoint>& points);
/// Points whose name equals `name` or, when `name` ends with '*', starts with what precedes it.
Result<std::vector<SeriesPoint>> series(Connection& c, const std::string& monitor_id, const std::string& name,
                                        int64_t from, int64_t to);
Result<int64_t> delete_series_before(Connection& c, const std::string& monitor_id, int64_t before);
Result<int64_t> delete_records_before(Connection& c, const std::string& monitor_id, int64_t before);

}  // namespace cairn::storage::monitoring
