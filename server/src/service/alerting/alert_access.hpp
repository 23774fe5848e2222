#pragma once

#include "service/access.hpp"
#include "service/principal.hpp"
#include "service/tracking/tracking_access.hpp"
#include "storage/identity/user_store.hpp"
#include "storage/tenancy/org_store.hpp"

namespace cairn::service {

/// The scope's project, visible to the caller (404 otherwise) and allowed `action` (403).
inline Result<ProjectContext> alert_project(storage::Connection& c, const Principal& p, const TrackingScope& scope,
                                            Action action) {
  CAIRN_TRY_ASSIGN(auto project, resolve_scope(c, p, scope, Action::alert_read));
  CAIRN_TRY(authorize(p, action, project.project.role));
  return project;
}

namespace alerting {

/// Whether `email` belongs to a member of the organization: only members are paged, and one who
/// left is paged no more.
inline Result<bool> is_org_member(storage::Connection& c, const std::string& org_id, const std::string& email) {
  CAIRN_TRY_ASSIGN(auto user, storage::users::find_by_email(c, email));
  if (!user) return false;
  CAIRN_TRY_ASSIGN(auto member, storage::orgs::find_member(c, org_id, user->id));
  return member.has_value();
}

}  // namespace alerting

}  // namespace cairn::service
