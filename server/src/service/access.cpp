#include "service/access.hpp"

#include "storage/tenancy/org_store.hpp"
#include "storage/tenancy/project_store.hpp"

namespace cairn::service {

Result<OrgAccess> resolve_org(storage::Connection& c, const Principal& principal, const std::string& org_ref) {
  if (org_ref.empty() || org_ref.size() > 64) return Error::not_found("organization");
  CAIRN_TRY_ASSIGN(auto org, storage::orgs::find_for_member(c, org_ref, principal.user_id));
  if (!org) return Error::not_found("organization");
  if (principal.is_key() && org->id != principal.key_org_id) return Error::not_found("organization");
  if (principal.scope_org_ref && *principal.scope_org_ref != org->id && *principal.scope_org_ref != org->slug) {
    return Error::not_found("organization");
  }
  auto role = parse_role(org->role);
  if (!role) return Error::internal("membership has an unknown role: " + org->role);
  return OrgAccess{std::move(*org), *role};
}

Result<ProjectAccess> resolve_project(storage::Connection& c, const Principal& principal, const OrgAccess& org,
                                      const std::string& project_ref) {
  if (project_ref.empty() || project_ref.size() > 64) return Error::not_found("project");
  CAIRN_TRY_ASSIGN(auto project, storage::projects::find(c, org.org.id, project_ref));
  if (!project) return Error::not_found("project");
  if (principal.key_project_id && *principal.key_project_id != project->id) return Error::not_found("project");
  if (principal.scope_project_ref && *principal.scope_project_ref != project->id &&
      *principal.scope_project_ref != project->slug) {
    return Error::not_found("project");
  }
  CAIRN_TRY_ASSIGN(auto member_role_text, storage::projects::member_role(c, project->id, principal.user_id));
  std::optional<Role> member_role;
  if (member_role_text) member_role = parse_role(*member_role_text);
  auto role = project_role(org.role, member_role, project->visibility == "private");
  if (!role) return Error::not_found("project");
  return ProjectAccess{std::move(*project), *role, member_role.has_value()};
}

Status authorize(const Principal& principal, Action action, Role role) {
  return authorize(action, role, principal.scopes);
}

}  // namespace cairn::service
