#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

/// Saved views of an experiment's runs grid (migration 0012).
namespace cairn::storage::saved_views {

struct SavedViewRecord {
  std::string id;
  std::string org_id;
  std::string project_id;
  std::string experiment_id;
  std::string name;
  std::string visibility;  ///< "private" | "project"
  std::string created_by;  ///< user id
  std::string state;       ///< the grid state, JSON object text
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

/// ErrorCode::conflict (field "name") when the owner already has a view of that name here.
Status insert(Connection& c, const SavedViewRecord& view);
/// The view by id within an experiment; nullopt when missing.
Result<std::optional<SavedViewRecord>> find(Connection& c, const std::string& experiment_id, const std::string& id);
/// The experiment's project views and `user_id`'s private ones, by name.
Result<std::vector<SavedViewRecord>> list_visible(Connection& c, const std::string& experiment_id,
                                                  const std::string& user_id);
/// Writes name, visibility and state (and the owner key they imply); conflict as for insert.
Status update(Connection& c, const SavedViewRecord& view);
Status remove(Connection& c, const std::string& id);

}  // namespace cairn::storage::saved_views
