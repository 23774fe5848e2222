#pragma once

#include <string>

#include "service/permissions.hpp"
#include "service/principal.hpp"
#include "storage/database.hpp"
#include "storage/records.hpp"

/// Resolves what a principal may see. Anything it may not see answers 404, so the existence of
/// another tenant's resources never leaks.
namespace cairn::service {

struct OrgAccess {
  storage::OrgRecord org;
  Role role = Role::viewer;  ///< the principal's user's role in the org
};

struct ProjectAccess {
  storage::ProjectRecord project;
  Role role = Role::viewer;  ///< effective role in the project
  bool is_member = false;    ///< has a project role of their own
};

/// The org by id or slug, when the principal's user is a member (and, for an API key, when the
/// key belongs to it).
Result<OrgAccess> resolve_org(storage::Connection& c, const Principal& principal, const std::string& org_ref);

/// The project by id or slug within an accessible org, when visible to the principal (private
/// projects: members and org admins; project-restricted keys: that project only).
Result<ProjectAccess> resolve_project(storage::Connection& c, const Principal& principal, const OrgAccess& org,
                                      const std::string& project_ref);

/// authorize() with the principal's scopes.
Status authorize(const Principal& principal, Action action, Role role);

}  // namespace cairn::service
