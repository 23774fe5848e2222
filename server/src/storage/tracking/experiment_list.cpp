#include "storage/tracking/experiment_list.hpp"

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
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(experiment_from_row(rows[i]));
  CAIRN_TRY(load_tags(c, out));
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
