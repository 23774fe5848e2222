#pragma once

#include "service/access.hpp"
#include "service/principal.hpp"
#include "service/tracking/tracking_access.hpp"

namespace cairn::service {

/// The scope's project, visible to the caller (404 otherwise) and allowed `action` (403).
inline Result<ProjectContext> alert_project(storage::Connection& c, const Principal& p, const TrackingScope& scope,
                                            Action action) {
  CAIRN_TRY_ASSIGN(auto project, resolve_scope(c, p, scope, Action::alert_read));
  CAIRN_TRY(authorize(p, action, project.project.role));
  return project;
}

}  // namespace cairn::service
