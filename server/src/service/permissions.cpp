#include "service/permissions.hpp"

namespace cairn::service {

std::string_view to_string(Role role) {
  switch (role) {
    case Role::viewer:
      return "viewer";
    case Role::developer:
      return "developer";
    case Role::admin:
      return "admin";
  }
  return "viewer";
}

std::string_view to_string(Scope scope) {
  switch (scope) {
    case Scope::read:
      return "read";
    case Scope::write:
      return "write";
    case Scope::deploy:
      return "deploy";
    case Scope::predict:
      return "predict";
    case Scope::monitor:
      return "monitor";
    case Scope::admin:
      return "admin";
  }
  return "read";
}

std::optional<Role> parse_role(std::string_view text) {
  if (text == "viewer") return Role::viewer;
  if (text == "developer") return Role::developer;
  if (text == "admin") return Role::admin;
  return std::nullopt;
}

std::optional<Scope> parse_scope(std::string_view text) {
  if (text == "read") return Scope::read;
  if (text == "write") return Scope::write;
  if (text == "deploy") return Scope::deploy;
  if (text == "predict") return Scope::predict;
  if (text == "monitor") return Scope::monitor;
  if (text == "admin") return Scope::admin;
  return std::nullopt;
}

namespace {

struct Cell {
  Role role;
  Scope scope;
};

Cell cell(Action action) {
  switch (action) {
    case Action::org_read:
      return {Role::viewer, Scope::read};
    case Action::org_update:
      return {Role::admin, Scope::admin};
    case Action::org_delete:
      return {Role::admin, Scope::admin};
    case Action::member_read:
      return {Role::viewer, Scope::read};
    case Action::member_manage:
      return {Role::admin, Scope::admin};
    case Action::invitation_manage:
      return {Role::admin, Scope::admin};
    case Action::audit_read:
      return {Role::admin, Scope::admin};
    case Action::project_read:
      return {Role::viewer, Scope::read};
    case Action::project_create:
      return {Role::developer, Scope::write};
    case Action::project_update:
      return {Role::developer, Scope::write};
    case Action::project_delete:
      return {Role::admin, Scope::write};
    case Action::project_member_manage:
      return {Role::admin, Scope::write};
    // Keys that mint keys would let a leaked key outlive its revocation: only the admin scope may.
    case Action::api_key_create:
      return {Role::viewer, Scope::admin};
    case Action::api_key_manage_others:
      return {Role::admin, Scope::admin};
    case Action::tracking_read:
      return {Role::viewer, Scope::read};
    case Action::tracking_write:
      return {Role::developer, Scope::write};
    case Action::registry_read:
      return {Role::viewer, Scope::read};
    case Action::registry_write:
      return {Role::developer, Scope::write};
    case Action::registry_promote_production:
      return {Role::admin, Scope::write};
    case Action::deployment_read:
      return {Role::viewer, Scope::read};
    case Action::deployment_write:
      return {Role::developer, Scope::deploy};
    case Action::deployment_promote_production:
      return {Role::admin, Scope::deploy};
    case Action::environment_manage:
      return {Role::admin, Scope::deploy};
    case Action::predict:
      return {Role::viewer, Scope::predict};
    case Action::monitor_read:
      return {Role::viewer, Scope::read};
    case Action::monitor_write:
      return {Role::developer, Scope::write};
    case Action::monitor_ingest:
      return {Role::developer, Scope::monitor};
    case Action::alert_read:
      return {Role::viewer, Scope::read};
    case Action::alert_write:
      return {Role::developer, Scope::write};
    case Action::alert_respond:
      return {Role::developer, Scope::write};
  }
  return {Role::admin, Scope::admin};
}

}  // namespace

Role required_role(Action action) {
  return cell(action).role;
}
Scope required_scope(Action action) {
  return cell(action).scope;
}

std::set<Scope> grantable_scopes(Role role) {
  switch (role) {
    case Role::viewer:
      return {Scope::read, Scope::predict};
    case Role::developer:
      return {Scope::read, Scope::write, Scope::deploy, Scope::predict, Scope::monitor};
    case Role::admin:
      return {Scope::read, Scope::write, Scope::deploy, Scope::predict, Scope::monitor, Scope::admin};
  }
  return {};
}

Status authorize(Action action, Role role, const std::optional<std::set<Scope>>& scopes) {
  const Cell needed = cell(action);
  if (scopes && !scopes->contains(needed.scope)) {
    return Error::forbidden("API key lacks scope '" + std::string(to_string(needed.scope)) + "'");
  }
  if (!at_least(role, needed.role)) {
    return Error::forbidden("this action requires the " + std::string(to_string(needed.role)) + " role");
  }
  return {};
}

std::optional<Role> project_role(Role org_role, const std::optional<Role>& project_member_role, bool is_private) {
  if (org_role == Role::admin) return Role::admin;
  // A project role narrows a developer's access or makes them the project's admin; it never
  // lifts an org viewer above viewing.
  if (project_member_role) return org_role == Role::viewer ? Role::viewer : *project_member_role;
  if (is_private) return std::nullopt;
  return org_role;
}

}  // namespace cairn::service
