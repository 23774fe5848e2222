#include "storage/registry/model_version_store.hpp"

#include <cmath>
#include <limits>
#include <unordered_map>

#include "storage/sql_where.hpp"
#include "storage/tag_table.hpp"

namespace cairn::storage::model_versions {
namespace {

const TagTable kVersionTags("model_version_tags", {"model_id", "version"});

constexpr const char* kColumns =
    "v.model_id, v.version, v.description, v.stage, v.source_type, v.source_uri, v.run_id, v.logged_model_id,"
    " v.storage_location, v.framework, v.metadata, v.executable_code, v.size_bytes, v.file_count, v.idempotency_key,"
    " v.created_by, v.created_at, v.updated_at";

ModelVersionRecord from_row(const Row& r, std::size_t first = 0) {
  ModelVersionRecord v;
  v.model_id = r.text(first + 0);
  v.version = r.int64(first + 1);
  v.description = r.text(first + 2);
  v.stage = r.text(first + 3);
  v.source_type = r.text(first + 4);
  v.source_uri = r.text(first + 5);
  v.run_id = r.opt_text(first + 6);
  v.logged_model_id = r.opt_text(first + 7);
  v.storage_location = r.text(first + 8);
  v.framework = r.text(first + 9);
  v.metadata = r.text(first + 10);
  v.executable_code = r.int64(first + 11) != 0;
  v.size_bytes = r.int64(first + 12);
  v.file_count = r.int64(first + 13);
  v.idempotency_key = r.opt_text(first + 14);
  v.created_by = r.text(first + 15);
  v.created_at = r.int64(first + 16);
  v.updated_at = r.int64(first + 17);
  return v;
}

/// Tags, metrics and aliases of versions that all belong to one model... or to several: keyed by
/// (model_id, version).
Status load_children(Connection& c, std::vector<ModelVersionRecord*> versions) {
  if (versions.empty()) return {};
  std::unordered_map<std::string, ModelVersionRecord*> by_key;
  std::string where;
  std::vector<Value> params;
  for (auto* v : versions) {
    by_key.emplace(v->model_id + "\n" + std::to_string(v->version), v);
    where += where.empty() ? "(model_id = ? AND version = ?)" : " OR (model_id = ? AND version = ?)";
    params.emplace_back(v->model_id);
    params.emplace_back(v->version);
  }
  auto owner = [&](const Row& r) { return by_key.at(r.text(0) + "\n" + std::to_string(r.int64(1))); };
  std::vector<TagTable::Owner> owners;
  for (const auto* v : versions) owners.push_back({v->model_id, v->version});
  CAIRN_TRY_ASSIGN(auto tags, kVersionTags.load(c, owners));
  for (std::size_t i = 0; i < versions.size(); ++i) versions[i]->tags = std::move(tags[i]);
  CAIRN_TRY_ASSIGN(auto metrics,
                   c.query("SELECT model_id, version, key, value, is_nan FROM model_version_metrics WHERE " + where +
                               " ORDER BY key",
                           params));
  for (std::size_t i = 0; i < metrics.size(); ++i) {
    const double value = metrics[i].int64(4) ? std::numeric_limits<double>::quiet_NaN() : metrics[i].real(3);
    owner(metrics[i])->metrics.emplace_back(metrics[i].text(2), value);
  }
  CAIRN_TRY_ASSIGN(
      auto aliases,
      c.query("SELECT model_id, version, alias FROM model_aliases WHERE " + where + " ORDER BY alias", params));
  for (std::size_t i = 0; i < aliases.size(); ++i) owner(aliases[i])->aliases.push_back(aliases[i].text(2));
  return {};
}

Result<std::optional<ModelVersionRecord>> find_where(Connection& c, const std::string& where,
                                                     const std::vector<Value>& params) {
  CAIRN_TRY_ASSIGN(auto rows,
                   c.query(std::string("SELECT ") + kColumns + " FROM model_versions v WHERE " + where, params));
  if (rows.empty()) return std::optional<ModelVersionRecord>{};
  auto version = from_row(rows[0]);
  CAIRN_TRY(load_children(c, {&version}));
  return std::optional<ModelVersionRecord>(std::move(version));
}

}  // namespace

Status insert(Connection& c, const ModelVersionRecord& v, const std::vector<ModelFileRecord>& files) {
  CAIRN_TRY(
      c.execute("INSERT INTO model_versions (model_id, version, description, stage, source_type, source_uri, run_id,"
                " logged_model_id, storage_location, framework, metadata, executable_code, size_bytes, file_count,"
                " idempotency_key, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?, ?, ?, ?)",
                {v.model_id, v.version, v.description, v.stage, v.source_type, v.source_uri, optional_text(v.run_id),
                 optional_text(v.logged_model_id), v.storage_location, v.framework, v.metadata,
                 static_cast<int64_t>(v.executable_code), v.size_bytes, v.file_count, optional_text(v.idempotency_key),
                 v.created_by, v.created_at, v.updated_at}));
  for (const auto& f : files) {
    CAIRN_TRY(
        c.execute("INSERT INTO model_version_files (model_id, version, path, size, sha256, format, executable_code,"
                  " details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  {v.model_id, v.version, f.path, f.size, f.sha256, f.format, static_cast<int64_t>(f.executable_code),
                   f.details}));
  }
  for (const auto& [key, value] : v.tags) CAIRN_TRY(set_tag(c, v.model_id, v.version, key, value));
  return {};
}

Result<std::optional<ModelVersionRecord>> find(Connection& c, const std::string& model_id, int64_t version) {
  return find_where(c, "v.model_id = ? AND v.version = ?", {model_id, version});
}

Result<std::optional<ModelVersionRecord>> find_by_idempotency_key(Connection& c, const std::string& model_id,
                                                                  const std::string& key) {
  return find_where(c, "v.model_id = ? AND v.idempotency_key = ?", {model_id, key});
}

Result<std::vector<ModelVersionRecord>> list(Connection& c, const std::string& model_id, const std::string& stage,
                                             int64_t offset, int limit) {
  SqlWhere where;
  where.add("v.model_id = ?", {model_id});
  if (!stage.empty()) where.add("v.stage = ?", {stage});
  where.offset_page("v.version DESC", limit, offset);
  CAIRN_TRY_ASSIGN(auto rows, where.query(c, std::string("SELECT ") + kColumns + " FROM model_versions v"));
  std::vector<ModelVersionRecord> out;
  out.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(from_row(rows[i]));
  std::vector<ModelVersionRecord*> refs;
  for (auto& v : out) refs.push_back(&v);
  CAIRN_TRY(load_children(c, refs));
  return out;
}

Result<std::vector<NamedVersion>> search(Connection& c, const VersionSearch& q) {
  SqlWhere where;
  where.add("m.project_id = ?", {q.project_id}).add_if(q.name, "m.name = ?");
  if (!q.name_like.empty()) where.add(q.name_ilike ? "lower(m.name) LIKE lower(?)" : "m.name LIKE ?", {q.name_like});
  if (!q.run_ids.empty()) where.add_in("v.run_id", q.run_ids);
  where.add_if(q.stage, "v.stage = ?").add_if(q.version, "v.version = ?");
  for (const auto& [key, value] : q.tags) {
    where.add(
        "EXISTS (SELECT 1 FROM model_version_tags t WHERE t.model_id = v.model_id AND t.version = v.version"
        " AND t.key = ? AND t.value = ?)",
        {key, value});
  }
  for (const auto& [key, value] : q.tags_not) {
    where.add(
        "NOT EXISTS (SELECT 1 FROM model_version_tags t WHERE t.model_id = v.model_id AND t.version = v.version"
        " AND t.key = ? AND t.value = ?)",
        {key, value});
  }
  where.offset_page(q.newest_first ? "m.name, v.version DESC" : "m.name, v.version", q.limit, q.offset);
  CAIRN_TRY_ASSIGN(auto rows,
                   where.query(c, std::string("SELECT m.name, ") + kColumns +
                                      " FROM model_versions v JOIN registered_models m ON m.id = v.model_id"));
  std::vector<NamedVersion> out;
  out.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back({rows[i].text(0), from_row(rows[i], 1)});
  std::vector<ModelVersionRecord*> refs;
  for (auto& n : out) refs.push_back(&n.version);
  CAIRN_TRY(load_children(c, refs));
  return out;
}

Status set_description(Connection& c, const std::string& model_id, int64_t version, const std::string& description,
                       int64_t now) {
  return as_status(
      c.execute("UPDATE model_versions SET description = ?, updated_at = ? WHERE model_id = ? AND version = ?",
                {description, now, model_id, version}));
}

Status set_stage(Connection& c, const std::string& model_id, int64_t version, const std::string& stage, int64_t now) {
  return as_status(c.execute("UPDATE model_versions SET stage = ?, updated_at = ? WHERE model_id = ? AND version = ?",
                             {stage, now, model_id, version}));
}

Result<std::vector<int64_t>> versions_in_stage(Connection& c, const std::string& model_id, const std::string& stage,
                                               int64_t except) {
  CAIRN_TRY_ASSIGN(auto rows,
                   c.query("SELECT version FROM model_versions WHERE model_id = ? AND stage = ? AND version <> ?"
                           " ORDER BY version",
                           {model_id, stage, except}));
  std::vector<int64_t> out;
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(rows[i].int64(0));
  return out;
}

Status remove(Connection& c, const std::string& model_id, int64_t version) {
  return as_status(c.execute("DELETE FROM model_versions WHERE model_id = ? AND version = ?", {model_id, version}));
}

Result<std::vector<ModelFileRecord>> files(Connection& c, const std::string& model_id, int64_t version) {
  CAIRN_TRY_ASSIGN(auto rows,
                   c.query("SELECT path, size, sha256, format, executable_code, details FROM model_version_files"
                           " WHERE model_id = ? AND version = ? ORDER BY path",
                           {model_id, version}));
  std::vector<ModelFileRecord> out;
  out.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    out.push_back(
        {rows[i].text(0), rows[i].int64(1), rows[i].text(2), rows[i].text(3), rows[i].int64(4) != 0, rows[i].text(5)});
  }
  return out;
}

Result<std::vector<std::string>> upload_locations(Connection& c, const std::string& model_id) {
  CAIRN_TRY_ASSIGN(
      auto rows,
      c.query("SELECT storage_location FROM model_versions WHERE model_id = ? AND source_type = 'upload'", {model_id}));
  std::vector<std::string> out;
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(rows[i].text(0));
  return out;
}

Status set_tag(Connection& c, const std::string& model_id, int64_t version, const std::string& key,
               const std::string& value) {
  return kVersionTags.set(c, {model_id, version}, key, value);
}

Status delete_tag(Connection& c, const std::string& model_id, int64_t version, const std::string& key) {
  CAIRN_TRY(kVersionTags.remove(c, {model_id, version}, key));
  return {};
}

Status set_metric(Connection& c, const std::string& model_id, int64_t version, const std::string& key, double value,
                  const std::string& source) {
  const bool is_nan = std::isnan(value);
  return as_status(
      c.execute("INSERT INTO model_version_metrics (model_id, version, key, value, is_nan, source)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (model_id, version, key) DO UPDATE SET"
                " value = excluded.value, is_nan = excluded.is_nan, source = excluded.source",
                {model_id, version, key, is_nan ? 0.0 : value, static_cast<int64_t>(is_nan), source}));
}

Status delete_metric(Connection& c, const std::string& model_id, int64_t version, const std::string& key) {
  return as_status(c.execute("DELETE FROM model_version_metrics WHERE model_id = ? AND version = ? AND key = ?",
                             {model_id, version, key}));
}

Status set_alias(Connection& c, const std::string& model_id, const std::string& alias, int64_t version) {
  return as_status(
      c.execute("INSERT INTO model_aliases (model_id, alias, version) VALUES (?, ?, ?)"
                " ON CONFLICT (model_id, alias) DO UPDATE SET version = excluded.version",
                {model_id, alias, version}));
}

Status delete_alias(Connection& c, const std::string& model_id, const std::string& alias) {
  return as_status(c.execute("DELETE FROM model_aliases WHERE model_id = ? AND alias = ?", {model_id, alias}));
}

Result<std::optional<int64_t>> alias_version(Connection& c, const std::string& model_id, const std::string& alias) {
  CAIRN_TRY_ASSIGN(auto rows,
                   c.query("SELECT version FROM model_aliases WHERE model_id = ? AND alias = ?", {model_id, alias}));
  if (rows.empty()) return std::optional<int64_t>{};
  return std::optional<int64_t>(rows[0].int64(0));
}

Status add_transition(Connection& c, const StageTransitionRecord& t) {
  // The caller holds the model's row lock (it touched the model first), so the next number is ours.
  return as_status(
      c.execute("INSERT INTO model_stage_transitions (id, model_id, version, seq, from_stage, to_stage, comment,"
                " actor, created_at) VALUES (?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM"
                " model_stage_transitions WHERE model_id = ?), ?, ?, ?, ?, ?)",
                {t.id, t.model_id, t.version, t.model_id, t.from_stage, t.to_stage, t.comment, t.actor, t.created_at}));
}

Result<std::vector<StageTransitionRecord>> transitions(Connection& c, const std::string& model_id, int64_t version,
                                                       int64_t offset, int limit) {
  SqlWhere where;
  where.add("model_id = ?", {model_id});
  if (version > 0) where.add("version = ?", {version});
  where.offset_page("seq DESC", limit, offset);
  CAIRN_TRY_ASSIGN(auto rows, where.query(c,
                                          "SELECT id, model_id, version, from_stage, to_stage, comment, actor,"
                                          " created_at FROM model_stage_transitions"));
  std::vector<StageTransitionRecord> out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    out.push_back({rows[i].text(0), rows[i].text(1), rows[i].int64(2), rows[i].text(3), rows[i].text(4),
                   rows[i].text(5), rows[i].text(6), rows[i].int64(7)});
  }
  return out;
}

}  // namespace cairn::storage::model_versions
