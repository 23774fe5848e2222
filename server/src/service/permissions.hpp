#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "common/result.hpp"

/// The permission matrix: who may do what. Every route asks here; nothing else decides.
namespace cairn::service {

enum class Role { viewer = 1, developer = 2, admin = 3 };
enum class Scope { read, write, deploy, predict, monitor, admin };

enum class Action {
  org_read,
  org_update,
  org_delete,
  member_read,
  member_manage,
  invitation_manage,
  audit_read,
  project_read,
  project_create,
  project_update,
  project_delete,
  project_member_manage,
  api_key_create,
  api_key_manage_others,
  tracking_read,  ///< experiments, runs, metrics, artifacts of a project
  tracking_write,
  registry_read,   ///< registered models, versions, files, stage history
  registry_write,  ///< create, edit, tag, alias, move between non-production stages
  /// Moving a version into production when the organization keeps that to admins (its
  /// production_promotion setting); with "developers" the service asks registry_write instead.
  registry_promote_production,
  deployment_read,   ///< deployments, their revisions, events, logs and statistics
  deployment_write,  ///< create, change, roll back, stop, delete (development and staging)
  /// Deploying into a production-tier environment: the organization's production_promotion rule
  /// decides, as for moving a version to Production.
  deployment_promote_production,
  environment_manage,  ///< add, rename, delete a project's environments
  predict,             ///< call a deployment's inference API
  monitor_read,        ///< monitors, their statistics, drift and performance reports
  monitor_write,       ///< create, configure, set the reference of, delete monitors
  /// Send inference records and ground-truth labels (the `monitor` scope alone allows it, so a
  /// model served elsewhere gets a key that can do nothing else).
  monitor_ingest,
  alert_read,     ///< alert rules, alerts and their timelines, channels, policies, silences, deliveries
  alert_write,    ///< create and change rules, channels, the notification policy and silences
  alert_respond,  ///< acknowledge, resolve and silence alerts (the on-call's actions)
};

std::string_view to_string(Role role);
std::string_view to_string(Scope scope);
std::optional<Role> parse_role(std::string_view text);
std::optional<Scope> parse_scope(std::string_view text);

/// The least role an action needs (in the organization, or in the project for project actions).
Role required_role(Action action);
/// The API-key scope an action needs.
Scope required_scope(Action action);
/// Scopes a member of `role` may put on the keys they create.
std::set<Scope> grantable_scopes(Role role);

inline bool at_least(Role role, Role needed) {
  return static_cast<int>(role) >= static_cast<int>(needed);
}

/// Checks one cell of the matrix. `scopes` is nullopt for a signed-in user (a session carries the
/// user's full role) and the key's scopes for an API key. The 403 message names the missing scope
/// or role.
Status authorize(Action action, Role role, const std::optional<std::set<Scope>>& scopes);

/// The role a member has in a project: org admins administer every project; project members have
/// their project role (org viewers stay viewers); other members have their org role on org-wide
/// projects and no access to private ones (nullopt: the project answers 404).
std::optional<Role> project_role(Role org_role, const std::optional<Role>& project_member_role, bool is_private);

}  // namespace cairn::service
