#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "storage/listing.hpp"
#include "storage/registry/registry_records.hpp"

/// Registered models of a project, their tags, and the full-text index over them.
namespace cairn::storage::registered_models {

/// ErrorCode::conflict when the project has a model of that name.
Status insert(Connection& c, const RegisteredModelRecord& model);
/// With tags and the version summary.
Result<std::optional<RegisteredModelRecord>> find_by_name(Connection& c, const std::string& project_id,
                                                          const std::string& name);
Result<std::optional<RegisteredModelRecord>> find(Connection& c, const std::string& project_id, const std::string& id);
/// The organization and project of a model, by id alone (for artifact paths that name it).
struct ModelOwner {
  std::string org_id;
  std::string project_id;
};
Result<std::optional<ModelOwner>> owner_of(Connection& c, const std::string& id);
/// ErrorCode::conflict when the new name is taken.
Status update(Connection& c, const std::string& id, const std::string& name, const std::string& description,
              int64_t now);
Status touch(Connection& c, const std::string& id, int64_t now);
Status remove(Connection& c, const std::string& id);
Status set_tag(Connection& c, const std::string& id, const std::string& key, const std::string& value);
Status delete_tag(Connection& c, const std::string& id, const std::string& key);
/// Takes the next version number (never reused, even after deletes).
Result<int64_t> take_version_number(Connection& c, const std::string& id);
/// Rewrites the model's full-text entry from its name, description and tags: SQLite FTS5 or
/// PostgreSQL tsvector.
Status refresh_search(Connection& c, const std::string& id);

struct ModelListFilter {
  std::string project_id;
  std::string text;       ///< full text; words match by prefix, all must match
  std::string name_like;  ///< a LIKE pattern on the name (MLflow's filter), case-sensitive unless ilike
  bool name_ilike = false;
  std::optional<std::string> name_equals;
  std::string stage;                                                     ///< a version in this stage
  std::string framework;                                                 ///< of the latest version
  std::vector<std::pair<std::string, std::optional<std::string>>> tags;  ///< key, optional value
  /// Models without this tag value (absent tags match, as in MLflow's `tags.k != 'v'`).
  std::vector<std::pair<std::string, std::string>> tags_not;
};

/// Sortable by name, created_at, updated_at.
const Listing<RegisteredModelRecord>& model_sorts();
Result<std::vector<RegisteredModelRecord>> list(Connection& c, const ModelListFilter& filter, const PageRequest& page,
                                                const SortKey<RegisteredModelRecord>& sort);

}  // namespace cairn::storage::registered_models
