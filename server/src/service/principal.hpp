#pragma once

#include <optional>
#include <set>
#include <string>

#include "common/result.hpp"
#include "service/permissions.hpp"

namespace cairn::service {

/// Who is calling: a signed-in user (through an access token) or an API key acting for the user
/// who created it. Keys are bound to one organization and optionally one project.
struct Principal {
  enum class Kind { user, api_key };
  Kind kind = Kind::user;
  std::string user_id;
  std::string session_id;  ///< user sessions only
  std::string api_key_id;  ///< API keys only
  std::string key_org_id;
  std::optional<std::string> key_project_id;
  std::optional<std::set<Scope>> scopes;  ///< nullopt: a user session, limited by role only
  /// A `/p/<org>/<project>` URL prefix narrows the call to that project (id or slug), like a
  /// project-restricted key: anything elsewhere answers 404.
  std::optional<std::string> scope_org_ref;
  std::optional<std::string> scope_project_ref;

  bool is_key() const { return kind == Kind::api_key; }
  /// For logs and the audit trail: "user:<id>" or "key:<id>".
  std::string log_id() const { return is_key() ? "key:" + api_key_id : "user:" + user_id; }
};

/// The request around a service call: the principal (if any) and where the call came from.
struct Caller {
  std::optional<Principal> principal;
  std::string ip;
  std::string user_agent;
  std::string request_id;
};

/// The caller's principal, or 401 when the call is anonymous.
inline Result<const Principal*> signed_in(const Caller& caller) {
  if (!caller.principal) return Error::unauthenticated();
  return &*caller.principal;
}

}  // namespace cairn::service
