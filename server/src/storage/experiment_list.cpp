#include "storage/experiment_list.hpp"

#include <cctype>
#include <unordered_map>

#include "common/text.hpp"

namespace cairn::storage::experiments {

const std::vector<SortColumn>& experiment_sorts() {
  static const std::vector<SortColumn> sorts = {
      {"name", "e.name", true}, {"created_at", "e.created_at", false}, {"updated_at", "e.updated_at", false}};
  return sorts;
}

Result<std::vector<ExperimentRecord>> list(Connection& c, const ExperimentListFilter& f, const PageRequest& page,
                                           const SortColumn& sort) {
  std::string sql = std::string("SELECT ") + kExperimentColumns + " FROM experiments e WHERE e.project_id = ?";
  std::vector<Value> params = {f.project_id};
  if (f.view == ViewType::active_only) sql += " AND e.lifecycle_stage = 'active'";
  if (f.view == ViewType::deleted_only) sql += " AND e.lifecycle_stage = 'deleted'";
  if (!f.query.empty()) {
    const std::string lowered = ascii_lower(f.query);
    sql += " AND lower(e.name) LIKE ? ESCAPE '\\'";
    params.emplace_back("%" + like_escape(lowered) + "%");
  }
  auto keyset = keyset_sql(sort, "e.id", page);
  sql += keyset.where + keyset.order_limit;
  params.insert(params.end(), keyset.params.begin(), keyset.params.end());
  CAIRN_TRY_ASSIGN(auto rows, c.query(sql, params));

  std::vector<ExperimentRecord> out;
  out.reserve(rows.size());
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    ExperimentRecord e = experiment_from_row(rows[i]);
    index.emplace(e.id, out.size());
    out.push_back(std::move(e));
  }
  if (out.empty()) return out;

  std::string tags_sql = "SELECT experiment_id, key, value FROM experiment_tags WHERE experiment_id IN (";
  std::vector<Value> ids;
  for (std::size_t i = 0; i < out.size(); ++i) {
    tags_sql += i ? ", ?" : "?";
    ids.emplace_back(out[i].id);
  }
  tags_sql += ") ORDER BY key";
  CAIRN_TRY_ASSIGN(auto tag_rows, c.query(tags_sql, ids));
  for (std::size_t i = 0; i < tag_rows.size(); ++i) {
    out[index.at(tag_rows[i].text(0))].tags.emplace_back(tag_rows[i].text(1), tag_rows[i].text(2));
  }
  return out;
}

Result<std::vector<std::string>> ids_in_project(Connection& c, const std::string& project_id) {
  CAIRN_TRY_ASSIGN(auto rows, c.query("SELECT id FROM experiments WHERE project_id = ? ORDER BY id", {project_id}));
  std::vector<std::string> out;
  out.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(rows[i].text(0));
  return out;
}

}  // namespace cairn::storage::experiments
