#include "storage/registry/registered_model_store.hpp"

#include <unordered_map>

#include "storage/sql_where.hpp"
#include "storage/tag_table.hpp"

namespace cairn::storage::registered_models {
namespace {

const TagTable kModelTags("registered_model_tags", {"model_id"});

constexpr const char* kColumns = "m.id, m.org_id, m.project_id, m.name, m.description, m.created_at, m.updated_at";

RegisteredModelRecord from_row(const Row& r) {
  RegisteredModelRecord m;
  m.id = r.text(0);
  m.org_id = r.text(1);
  m.project_id = r.text(2);
  m.name = r.text(3);
  m.description = r.text(4);
  m.created_at = r.int64(5);
  m.updated_at = r.int64(6);
  return m;
}

/// Tags, aliases and the version summary of each model, in four queries for the whole page.
Status load_summaries(Connection& c, std::vector<RegisteredModelRecord>& models) {
  if (models.empty()) return {};
  std::unordered_map<std::string, RegisteredModelRecord*> by_id;
  std::vector<std::string> model_ids;
  for (auto& m : models) {
    by_id.emplace(m.id, &m);
    model_ids.push_back(m.id);
  }
  std::vector<Value> ids;
  const std::string in = " IN " + in_list(model_ids, ids);
  std::vector<TagTable::Owner> owners;
  for (const auto& m : models) owners.push_back({m.id});
  CAIRN_TRY_ASSIGN(auto tags, kModelTags.load(c, owners));
  for (std::size_t i = 0; i < models.size(); ++i) models[i].tags = std::move(tags[i]);
  CAIRN_TRY_ASSIGN(auto aliases,
                   c.query("SELECT model_id, alias, version FROM model_aliases WHERE model_id" + in, ids));
  for (std::size_t i = 0; i < aliases.size(); ++i) {
    by_id.at(aliases[i].text(0))->aliases[aliases[i].text(1)] = aliases[i].int64(2);
  }
  CAIRN_TRY_ASSIGN(auto stages,
                   c.query("SELECT model_id, stage, MAX(version), COUNT(*) FROM model_versions WHERE model_id" + in +
                               " GROUP BY model_id, stage",
                           ids));
  for (std::size_t i = 0; i < stages.size(); ++i) {
    auto* m = by_id.at(stages[i].text(0));
    const int64_t newest = stages[i].int64(2);
    m->stages[stages[i].text(1)] = newest;
    m->version_count += stages[i].int64(3);
    if (!m->latest_version || newest > *m->latest_version) m->latest_version = newest;
  }
  CAIRN_TRY_ASSIGN(auto frameworks,
                   c.query("SELECT v.model_id, v.framework FROM model_versions v WHERE v.model_id" + in +
                               " AND v.version = (SELECT MAX(w.version) FROM model_versions w"
                               " WHERE w.model_id = v.model_id)",
                           ids));
  for (std::size_t i = 0; i < frameworks.size(); ++i)
    by_id.at(frameworks[i].text(0))->framework = frameworks[i].text(1);
  return {};
}

Result<std::optional<RegisteredModelRecord>> find_where(Connection& c, const std::string& where,
                                                        const std::vector<Value>& params) {
  CAIRN_TRY_ASSIGN(auto rows,
                   c.query(std::string("SELECT ") + kColumns + " FROM registered_models m WHERE " + where, params));
  if (rows.empty()) return std::optional<RegisteredModelRecord>{};
  std::vector<RegisteredModelRecord> one{from_row(rows[0])};
  CAIRN_TRY(load_summaries(c, one));
  return std::optional<RegisteredModelRecord>(std::move(one[0]));
}

/// Words of a search text, each reduced to letters, digits and '_' (and any non-ASCII byte), so
/// that they can be quoted safely into an FTS5 or tsquery expression.
std::vector<std::string> search_words(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (unsigned char ch : text) {
    if (std::isalnum(ch) || ch == '_' || ch >= 0x80) {
      word += static_cast<char>(std::tolower(ch));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  if (words.size() > 16) words.resize(16);
  return words;
}

}  // namespace

Status insert(Connection& c, const RegisteredModelRecord& m) {
  CAIRN_TRY(
      c.execute("INSERT INTO registered_models (id, org_id, project_id, name, description, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                {m.id, m.org_id, m.project_id, m.name, m.description, m.created_at, m.updated_at}));
  for (const auto& [key, value] : m.tags) CAIRN_TRY(set_tag(c, m.id, key, value));
  return refresh_search(c, m.id);
}

Result<std::optional<RegisteredModelRecord>> find_by_name(Connection& c, const std::string& project_id,
                                                          const std::string& name) {
  return find_where(c, "m.project_id = ? AND m.name = ?", {project_id, name});
}

Result<std::optional<RegisteredModelRecord>> find(Connection& c, const std::string& project_id, const std::string& id) {
  return find_where(c, "m.project_id = ? AND m.id = ?", {project_id, id});
}

Result<std::optional<ModelOwner>> owner_of(Connection& c, const std::string& id) {
  CAIRN_TRY_ASSIGN(auto rows, c.query("SELECT org_id, project_id FROM registered_models WHERE id = ?", {id}));
  if (rows.empty()) return std::optional<ModelOwner>{};
  return std::optional<ModelOwner>(ModelOwner{rows[0].text(0), rows[0].text(1)});
}

Status update(Connection& c, const std::string& id, const std::string& name, const std::string& description,
              int64_t now) {
  CAIRN_TRY(c.execute("UPDATE registered_models SET name = ?, description = ?, updated_at = ? WHERE id = ?",
                      {name, description, now, id}));
  return refresh_search(c, id);
}

Status touch(Connection& c, const std::string& id, int64_t now) {
  return as_status(c.execute("UPDATE registered_models SET updated_at = ? WHERE id = ?", {now, id}));
}

Status remove(Connection& c, const std::string& id) {
  if (c.dialect() == Dialect::sqlite) {
    CAIRN_TRY(c.execute("DELETE FROM registered_model_search WHERE model_id = ?", {id}));
  }
  return as_status(c.execute("DELETE FROM registered_models WHERE id = ?", {id}));
}

Status set_tag(Connection& c, const std::string& id, const std::string& key, const std::string& value) {
  CAIRN_TRY(kModelTags.set(c, {id}, key, value));
  return refresh_search(c, id);
}

Status delete_tag(Connection& c, const std::string& id, const std::string& key) {
  CAIRN_TRY(kModelTags.remove(c, {id}, key));
  return refresh_search(c, id);
}

Result<int64_t> take_version_number(Connection& c, const std::string& id) {
  CAIRN_TRY_ASSIGN(auto rows, c.query("UPDATE registered_models SET next_version = next_version + 1 WHERE id = ?"
                                      " RETURNING next_version - 1",
                                      {id}));
  if (rows.empty()) return Error::not_found("registered model");
  return rows[0].int64(0);
}

Status refresh_search(Connection& c, const std::string& id) {
  CAIRN_TRY_ASSIGN(auto model, c.query("SELECT name, description FROM registered_models WHERE id = ?", {id}));
  if (model.empty()) return {};
  std::string body = model[0].text(0) + "\n" + model[0].text(1);
  CAIRN_TRY_ASSIGN(auto tags, kModelTags.load_one(c, {id}));
  for (const auto& [key, value] : tags) body += "\n" + key + " " + value;
  if (c.dialect() == Dialect::sqlite) {
    CAIRN_TRY(c.execute("DELETE FROM registered_model_search WHERE model_id = ?", {id}));
    return as_status(c.execute("INSERT INTO registered_model_search (model_id, body) VALUES (?, ?)", {id, body}));
  }
  return as_status(
      c.execute("UPDATE registered_models SET search_vector = to_tsvector('simple', ?) WHERE id = ?", {body, id}));
}

const Listing<RegisteredModelRecord>& model_sorts() {
  static const Listing<RegisteredModelRecord> listing(
      {sort_key("name", "m.name", &RegisteredModelRecord::name),
       sort_key("created_at", "m.created_at", &RegisteredModelRecord::created_at),
       sort_key("updated_at", "m.updated_at", &RegisteredModelRecord::updated_at)},
      "m.id");
  return listing;
}

Result<std::vector<RegisteredModelRecord>> list(Connection& c, const ModelListFilter& f, const PageRequest& page,
                                                const SortKey<RegisteredModelRecord>& sort) {
  SqlWhere where;
  where.add("m.project_id = ?", {f.project_id});
  if (auto words = search_words(f.text); !words.empty()) {
    std::string expression;
    for (const auto& w : words) {
      if (c.dialect() == Dialect::sqlite) {
        expression += (expression.empty() ? "\"" : " \"") + w + "\"*";
      } else {
        expression += (expression.empty() ? "'" : " & '") + w + "':*";
      }
    }
    where.add(c.dialect() == Dialect::sqlite
                  ? "m.id IN (SELECT model_id FROM registered_model_search WHERE registered_model_search MATCH ?)"
                  : "m.search_vector @@ to_tsquery('simple', ?)",
              {expression});
  }
  where.add_if(f.name_equals, "m.name = ?");
  if (!f.name_like.empty()) where.add(f.name_ilike ? "lower(m.name) LIKE lower(?)" : "m.name LIKE ?", {f.name_like});
  if (!f.stage.empty()) {
    where.add("EXISTS (SELECT 1 FROM model_versions v WHERE v.model_id = m.id AND v.stage = ?)", {f.stage});
  }
  if (!f.framework.empty()) {
    where.add("(SELECT v.framework FROM model_versions v WHERE v.model_id = m.id ORDER BY v.version DESC LIMIT 1) = ?",
              {f.framework});
  }
  for (const auto& [key, value] : f.tags) {
    if (value) {
      where.add("EXISTS (SELECT 1 FROM registered_model_tags t WHERE t.model_id = m.id AND t.key = ? AND t.value = ?)",
                {key, *value});
    } else {
      where.add("EXISTS (SELECT 1 FROM registered_model_tags t WHERE t.model_id = m.id AND t.key = ?)", {key});
    }
  }
  for (const auto& [key, value] : f.tags_not) {
    where.add(
        "NOT EXISTS (SELECT 1 FROM registered_model_tags t WHERE t.model_id = m.id AND t.key = ? AND t.value = ?)",
        {key, value});
  }
  where.keyset_page(sort, page);
  CAIRN_TRY_ASSIGN(auto rows, where.query(c, std::string("SELECT ") + kColumns + " FROM registered_models m"));
  std::vector<RegisteredModelRecord> out;
  out.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(from_row(rows[i]));
  CAIRN_TRY(load_summaries(c, out));
  return out;
}

}  // namespace cairn::storage::registered_models
