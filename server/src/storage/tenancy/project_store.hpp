#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "storage/listing.hpp"
#include "storage/records.hpp"

/// Projects and their members.
namespace cairn::storage::projects {

struct ProjectFilter {
  std::string org_id;
  std::string viewer_user_id;             ///< private projects show only when this user is a member...
  bool viewer_sees_private = false;       ///< ...unless true (org admins)
  std::optional<std::string> project_id;  ///< API keys restricted to one project
  std::string query;                      ///< substring of name, slug or description, case-insensitive
  std::optional<std::string> visibility;
};

/// ErrorCode::conflict (field "slug") when the slug is taken in the organization.
Status insert(Connection& c, const ProjectRecord& project);
Result<std::optional<ProjectRecord>> find(Connection& c, const std::string& org_id, const std::string& id_or_slug);
Result<std::vector<ProjectRecord>> list(Connection& c, const ProjectFilter& filter, const PageRequest& page,
                                        const SortKey<ProjectRecord>& sort);
/// Sortable by name, created_at, updated_at.
const Listing<ProjectRecord>& project_sorts();
Status update(Connection& c, const ProjectRecord& project);
Status remove(Connection& c, const std::string& project_id);

/// The user's role in the project, when they are a project member.
Result<std::optional<std::string>> member_role(Connection& c, const std::string& project_id,
                                               const std::string& user_id);
Result<std::vector<MemberRecord>> list_members(Connection& c, const std::string& project_id);
Result<std::optional<MemberRecord>> find_member(Connection& c, const std::string& project_id,
                                                const std::string& user_id);
/// Adds the member or changes their role.
Status upsert_member(Connection& c, const std::string& project_id, const std::string& user_id, const std::string& role,
                     int64_t now);
Result<bool> remove_member(Connection& c, const std::string& project_id, const std::string& user_id);

struct ProjectStats {
  int64_t experiments = 0;
  int64_t runs = 0;
  int64_t models = 0;
  int64_t deployments = 0;
};
/// Counts of what lives in the project: active experiments and runs, registered models, deployments.
Result<ProjectStats> stats(Connection& c, const std::string& project_id);

}  // namespace cairn::storage::projects
