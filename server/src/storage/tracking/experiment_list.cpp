#include "storage/tracking/experiment_list.hpp"

#include "common/text.hpp"

namespace cairn::storage::experiments {

const Listing<ExperimentRecord>& experiment_sorts() {
  static const Listing<ExperimentRecord> listing(
      {sort_key("name", "e.name", &ExperimentRecord::name),
       sort_key("created_at", "e.created_at", &ExperimentRecord::created_at),
       sort_key("updated_at", "e.updated_at", &ExperimentRecord::updated_at)},
      "e.id");
  return listing;
}

Result<std::vector<ExperimentRecord>> list(Connection& c, const ExperimentListFilter& f, const PageRequest& page,
                                           const SortKey<ExperimentRecord>& sort) {
  SqlWhere where;
  where.add("e.project_id = ?", {f.project_id});
  add_view(where, "e.lifecycle_stage", f.view);
  if (!f.query.empty()) where.add("lower(e.name) LIKE ? ESCAPE '\\'", {"%" + like_escape(ascii_lower(f.query)) + "%"});
  where.keyset_page(sort, page);
  CAIRN_TRY_ASSIGN(auto rows, where.query(c, std::string("SELECT ") + kExperimentColumns + " FROM experiments e"));

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
