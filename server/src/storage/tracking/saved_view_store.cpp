#include "storage/tracking/saved_view_store.hpp"

namespace cairn::storage::saved_views {
namespace {

const char* const kColumns =
    "id, org_id, project_id, experiment_id, name, visibility, created_by, state, created_at, updated_at";

SavedViewRecord view_from(const Row& r) {
  SavedViewRecord v;
  v.id = r.text(0);
  v.org_id = r.text(1);
  v.project_id = r.text(2);
  v.experiment_id = r.text(3);
  v.name = r.text(4);
  v.visibility = r.text(5);
  v.created_by = r.text(6);
  v.state = r.text(7);
  v.created_at = r.int64(8);
  v.updated_at = r.int64(9);
  return v;
}

/// Names are unique per owner: the creator for a private view, the project ('') for a shared one.
std::string owner_key(const SavedViewRecord& v) {
  return v.visibility == "private" ? v.created_by : std::string();
}

Status named_conflict(const Result<int64_t>& r, const SavedViewRecord& v) {
  if (!r.ok() && r.error().code == ErrorCode::conflict) {
    return Error{ErrorCode::conflict,
                 "a " + v.visibility + " view named '" + v.name + "' already exists in this experiment", "name"};
  }
  return as_status(r);
}

}  // namespace

Status insert(Connection& c, const SavedViewRecord& v) {
  return named_conflict(c.execute("INSERT INTO saved_views (id, org_id, project_id, experiment_id, name, visibility,"
                                  " owner_key, created_by, state, created_at, updated_at)"
                                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                  {v.id, v.org_id, v.project_id, v.experiment_id, v.name, v.visibility, owner_key(v),
                                   v.created_by, v.state, v.created_at, v.updated_at}),
                        v);
}

Result<std::optional<SavedViewRecord>> find(Connection& c, const std::string& experiment_id, const std::string& id) {
  CAIRN_TRY_ASSIGN(auto rows,
                   c.query(std::string("SELECT ") + kColumns + " FROM saved_views WHERE experiment_id = ? AND id = ?",
                           {experiment_id, id}));
  if (rows.empty()) return std::optional<SavedViewRecord>{};
  return std::optional<SavedViewRecord>(view_from(rows[0]));
}

Result<std::vector<SavedViewRecord>> list_visible(Connection& c, const std::string& experiment_id,
                                                  const std::string& user_id) {
  CAIRN_TRY_ASSIGN(auto rows, c.query(std::string("SELECT ") + kColumns +
                                          " FROM saved_views WHERE experiment_id = ?"
                                          " AND (visibility = 'project' OR created_by = ?) ORDER BY name, id",
                                      {experiment_id, user_id}));
  std::vector<SavedViewRecord> out;
  out.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(view_from(rows[i]));
  return out;
}

Status update(Connection& c, const SavedViewRecord& v) {
  return named_conflict(
      c.execute(
          "UPDATE saved_views SET name = ?, visibility = ?, owner_key = ?, state = ?, updated_at = ? WHERE id = ?",
          {v.name, v.visibility, owner_key(v), v.state, v.updated_at, v.id}),
      v);
}

Status remove(Connection& c, const std::string& id) {
  return as_status(c.execute("DELETE FROM saved_views WHERE id = ?", {id}));
}

}  // namespace cairn::storage::saved_views
