#include "storage/monitoring/monitor_store.hpp"

#include <map>

#include "storage/sql_where.hpp"

namespace cairn::storage::monitoring {
namespace {

constexpr const char* kMonitorSelect =
    "SELECT id, org_id, project_id, name, deployment_id, config, reference, reference_info, created_by, created_at,"
    " updated_at FROM monitors ";

MonitorRecord monitor_from(const Row& r) {
  MonitorRecord m;
  m.id = r.text(0);
  m.org_id = r.text(1);
  m.project_id = r.text(2);
  m.name = r.text(3);
  m.deployment_id = r.opt_text(4);
  m.config = r.text(5);
  m.reference = r.opt_text(6);
  m.reference_info = r.text(7);
  m.created_by = r.text(8);
  m.created_at = r.int64(9);
  m.updated_at = r.int64(10);
  return m;
}

Result<std::vector<MonitorRecord>> select_monitors(Connection& c, const std::string& where,
                                                   const std::vector<Value>& params) {
  CAIRN_TRY_ASSIGN(auto rows, c.query(std::string(kMonitorSelect) + where, params));
  std::vector<MonitorRecord> out;
  out.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(monitor_from(rows[i]));
  return out;
}

Result<std::optional<MonitorRecord>> select_one(Connection& c, const std::string& where,
                                                const std::vector<Value>& params) {
  CAIRN_TRY_ASSIGN(auto found, select_monitors(c, where, params));
  if (found.empty()) return std::optional<MonitorRecord>{};
  return std::optional<MonitorRecord>(std::move(found.front()));
}

BucketRow bucket_from(const Row& r) {
  return BucketRow{r.text(0),  r.int64(1), r.int64(2), r.int64(3), r.text(4),
                   r.int64(5), r.int64(6), r.text(7),  r.text(8),  r.int64(9)};
}

constexpr const char* kBucketSelect =
    "SELECT monitor_id, resolution, start_at, revision, writer, requests, errors, service, profile, written_at"
    " FROM monitor_buckets ";

}  // namespace

Result<std::vector<MonitorRecord>> list(Connection& c, const std::string& project_id) {
  return select_monitors(c, "WHERE project_id = ? ORDER BY name", {project_id});
}

Result<std::vector<MonitorRecord>> list_all(Connection& c) {
  return select_monitors(c, "ORDER BY id", {});
}

Result<std::optional<MonitorRecord>> find(Connection& c, const std::string& project_id, const std::string& ref) {
  return select_one(c, "WHERE project_id = ? AND (name = ? OR id = ?)", {project_id, ref, ref});
}

Result<std::optional<MonitorRecord>> find_by_id(Connection& c, const std::string& id) {
  return select_one(c, "WHERE id = ?", {id});
}

Result<std::optional<MonitorRecord>> find_by_deployment(Connection& c, const std::string& deployment_id) {
  return select_one(c, "WHERE deployment_id = ?", {deployment_id});
}

Status insert(Connection& c, const MonitorRecord& m) {
  return as_status(
      c.execute("INSERT INTO monitors (id, org_id, project_id, name, deployment_id, config, reference, reference_info,"
                " created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                {m.id, m.org_id, m.project_id, m.name, optional_text(m.deployment_id), m.config,
                 optional_text(m.reference), m.reference_info, m.created_by, m.created_at, m.updated_at}));
}

Status update_config(Connection& c, const std::string& id, const std::string& config, int64_t now) {
  return as_status(c.execute("UPDATE monitors SET config = ?, updated_at = ? WHERE id = ?", {config, now, id}));
}

Status set_reference(Connection& c, const std::string& id, const std::string& reference,
                     const std::string& reference_info, int64_t now) {
  return as_status(c.execute("UPDATE monitors SET reference = ?, reference_info = ?, updated_at = ? WHERE id = ?",
                             {reference, reference_info, now, id}));
}

Status remove(Connection& c, const std::string& id) {
  return as_status(c.execute("DELETE FROM monitors WHERE id = ?", {id}));
}

Result<std::optional<BucketRow>> find_bucket(Connection& c, const std::string& monitor_id, int64_t resolution,
                                             int64_t start_at, int64_t revision, const std::string& writer) {
  CAIRN_TRY_ASSIGN(auto rows, c.query(std::string(kBucketSelect) +
                                          "WHERE monitor_id = ? AND resolution = ? AND start_at = ? AND revision = ?"
                                          " AND writer = ?",
                                      {monitor_id, resolution, start_at, revision, writer}));
  if (rows.empty()) return std::optional<BucketRow>{};
  return std::optional<BucketRow>(bucket_from(rows[0]));
}

Status put_bucket(Connection& c, const BucketRow& row) {
  return as_status(c.execute(
      "INSERT INTO monitor_buckets (monitor_id, resolution, start_at, revision, writer, requests, errors, service,"
      " profile, written_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
      " ON CONFLICT (monitor_id, resolution, start_at, revision, writer) DO UPDATE SET requests = excluded.requests,"
      " errors = excluded.errors, service = excluded.service, profile = excluded.profile,"
      " written_at = excluded.written_at",
      {row.monitor_id, row.resolution, row.start_at, row.revision, row.writer, row.requests, row.errors, row.service,
       row.profile, row.written_at}));
}

Status for_each_bucket(Connection& c, const std::string& monitor_id, int64_t resolution, int64_t from, int64_t to,
                       const std::function<Status(const BucketRow&)>& on_row) {
  return c.for_each_row(std::string(kBucketSelect) +
                            "WHERE monitor_id = ? AND resolution = ? AND start_at >= ? AND start_at < ?"
                            " ORDER BY start_at, revision, writer",
                        {monitor_id, resolution, from, to}, [&](const Row& r) { return on_row(bucket_from(r)); });
}

Status delete_buckets(Connection& c, const std::string& monitor_id, int64_t resolution, int64_t from, int64_t to,
                      const std::string& keep_writer) {
  return as_status(
      c.execute("DELETE FROM monitor_buckets WHERE monitor_id = ? AND resolution = ? AND start_at >= ?"
                " AND start_at < ? AND writer <> ?",
                {monitor_id, resolution, from, to, keep_writer}));
}

Result<std::vector<int64_t>> stale_rollups(Connection& c, const std::string& monitor_id, int64_t fine, int64_t coarse,
                                           int64_t before) {
  // Integer division rounds the fine starts down to their coarse bucket in both dialects.
  const int64_t width = coarse * 1000;
  CAIRN_TRY_ASSIGN(auto rows,
                   c.query("SELECT f.start_at / ? * ? AS coarse_start, MAX(f.written_at) FROM monitor_buckets f"
                           " WHERE f.monitor_id = ? AND f.resolution = ? AND f.start_at < ?"
                           " GROUP BY 1 ORDER BY 1",
                           {width, width, monitor_id, fine, before}));
  CAIRN_TRY_ASSIGN(auto rolled, c.query("SELECT start_at, MIN(written_at) FROM monitor_buckets WHERE monitor_id = ?"
                                        " AND resolution = ? AND start_at < ? GROUP BY start_at",
                                        {monitor_id, coarse, before}));
  std::map<int64_t, int64_t> rolled_at;
  for (std::size_t i = 0; i < rolled.size(); ++i) rolled_at[rolled[i].int64(0)] = rolled[i].int64(1);
  std::vector<int64_t> out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    auto it = rolled_at.find(rows[i].int64(0));
    if (it == rolled_at.end() || rows[i].int64(1) > it->second) out.push_back(rows[i].int64(0));
  }
  return out;
}

Result<int64_t> delete_buckets_before(Connection& c, const std::string& monitor_id, int64_t resolution,
                                      int64_t before) {
  return c.execute("DELETE FROM monitor_buckets WHERE monitor_id = ? AND resolution = ? AND start_at < ?",
                   {monitor_id, resolution, before});
}

Result<std::vector<std::string>> insert_records(Connection& c, const std::string& monitor_id,
                                                const std::vector<RawRecord>& records) {
  // Six values a row, at most 100 rows a statement; RETURNING names the rows that were new, so a
  // batch sent twice is profiled once (SQLite >= 3.35 and PostgreSQL both have it).
  constexpr std::size_t kPerStatement = 100;
  std::vector<std::string> inserted;
  for (std::size_t start = 0; start < records.size(); start += kPerStatement) {
    const std::size_t end = std::min(records.size(), start + kPerStatement);
    std::string sql = "INSERT INTO monitor_records (monitor_id, record_id, at, revision, features, prediction) VALUES ";
    std::vector<Value> params;
    params.reserve((end - start) * 6);
    for (std::size_t i = start; i < end; ++i) {
      const auto& r = records[i];
      sql += i == start ? "(?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?)";
      params.insert(params.end(), {monitor_id, r.record_id, r.at, r.revision, r.features, r.prediction});
    }
    sql += " ON CONFLICT DO NOTHING RETURNING record_id";
    CAIRN_TRY_ASSIGN(auto rows, c.query(sql, params));
    for (std::size_t i = 0; i < rows.size(); ++i) inserted.push_back(rows[i].text(0));
  }
  return inserted;
}

Status for_each_record(Connection& c, const std::string& monitor_id, int64_t from, int64_t to, int64_t limit,
                       const std::function<Status(const LabeledRecord&)>& on_record) {
  return c.for_each_row(
      "SELECT r.record_id, r.at, r.revision, r.features, r.prediction, l.label FROM monitor_records r"
      " LEFT JOIN monitor_labels l ON l.monitor_id = r.monitor_id AND l.record_id = r.record_id"
      " WHERE r.monitor_id = ? AND r.at >= ? AND r.at < ? ORDER BY r.at, r.record_id LIMIT ?",
      {monitor_id, from, to, limit}, [&](const Row& row) {
        return on_record(LabeledRecord{RawRecord{row.text(0), row.int64(1), row.int64(2), row.text(3), row.text(4)},
                                       row.opt_text(5)});
      });
}

Result<int64_t> put_labels(Connection& c, const std::string& monitor_id, const std::vector<Label>& labels,
                           int64_t now) {
  constexpr std::size_t kPerStatement = 200;
  for (std::size_t start = 0; start < labels.size(); start += kPerStatement) {
    const std::size_t end = std::min(labels.size(), start + kPerStatement);
    std::string sql = "INSERT INTO monitor_labels (monitor_id, record_id, label, at) VALUES ";
    std::vector<Value> params;
    for (std::size_t i = start; i < end; ++i) {
      sql += i == start ? "(?, ?, ?, ?)" : ", (?, ?, ?, ?)";
      params.insert(params.end(), {monitor_id, labels[i].record_id, labels[i].label, now});
    }
    sql += " ON CONFLICT (monitor_id, record_id) DO UPDATE SET label = excluded.label, at = excluded.at";
    CAIRN_TRY(as_status(c.execute(sql, params)));
  }
  std::vector<std::string> ids;
  ids.reserve(labels.size());
  for (const auto& l : labels) ids.push_back(l.record_id);
  int64_t matched = 0;
  for (std::size_t start = 0; start < ids.size(); start += kPerStatement) {
    std::vector<std::string> part(
        ids.begin() + static_cast<std::ptrdiff_t>(start),
        ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), start + kPerStatement)));
    std::vector<Value> params{monitor_id};
    const std::string in = in_list(part, params);
    CAIRN_TRY_ASSIGN(
        auto rows, c.query("SELECT COUNT(*) FROM monitor_records WHERE monitor_id = ? AND record_id IN " + in, params));
    matched += rows.empty() ? 0 : rows[0].int64(0);
  }
  return matched;
}

Status put_series(Connection& c, const std::string& monitor_id, const std::vector<SeriesPoint>& points) {
  constexpr std::size_t kPerStatement = 200;
  for (std::size_t start = 0; start < points.size(); start += kPerStatement) {
    const std::size_t end = std::min(points.size(), start + kPerStatement);
    std::string sql = "INSERT INTO monitor_series (monitor_id, name, at, value) VALUES ";
    std::vector<Value> params;
    for (std::size_t i = start; i < end; ++i) {
      sql += i == start ? "(?, ?, ?, ?)" : ", (?, ?, ?, ?)";
      params.insert(params.end(), {monitor_id, points[i].name, points[i].at, points[i].value});
    }
    sql += " ON CONFLICT (monitor_id, name, at) DO UPDATE SET value = excluded.value";
    CAIRN_TRY(as_status(c.execute(sql, params)));
  }
  return {};
}

Result<std::vector<SeriesPoint>> series(Connection& c, const std::string& monitor_id, const std::string& name,
                                        int64_t from, int64_t to) {
  SqlWhere where;
  where.add("monitor_id = ?", {monitor_id});
  if (!name.empty() && name.back() == '*') {
    // A prefix match without LIKE, so '_' and '%' in feature names mean themselves.
    const std::string prefix = name.substr(0, name.size() - 1);
    where.add("substr(name, 1, length(?)) = ?", {prefix, prefix});
  } else {
    where.add("name = ?", {name});
  }
  where.add("at >= ? AND at < ?", {from, to}).order_by("name, at");
  CAIRN_TRY_ASSIGN(auto rows, where.query(c, "SELECT name, at, value FROM monitor_series"));
  std::vector<SeriesPoint> out;
  out.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back({rows[i].text(0), rows[i].int64(1), rows[i].real(2)});
  return out;
}

Result<int64_t> delete_series_before(Connection& c, const std::string& monitor_id, int64_t before) {
  return c.execute("DELETE FROM monitor_series WHERE monitor_id = ? AND at < ?", {monitor_id, before});
}

Result<int64_t> delete_records_before(Connection& c, const std::string& monitor_id, int64_t before) {
  // Labels go with their records (a label without a record counts for nothing).
  CAIRN_TRY(as_status(c.execute(
      "DELETE FROM monitor_labels WHERE monitor_id = ? AND at < ? AND NOT EXISTS (SELECT 1 FROM monitor_records r"
      " WHERE r.monitor_id = monitor_labels.monitor_id AND r.record_id = monitor_labels.record_id AND r.at >= ?)",
      {monitor_id, before, before})));
  return c.execute("DELETE FROM monitor_records WHERE monitor_id = ? AND at < ?", {monitor_id, before});
}

}  // namespace cairn::storage::monitoring
