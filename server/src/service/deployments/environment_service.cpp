#include "service/deployments/environment_service.hpp"

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "service/deployments/deployment_service.hpp"
#include "service/tenancy/audit_trail.hpp"
#include "storage/deployments/deployment_store.hpp"

namespace cairn::service {
namespace {

namespace store = storage::deployments;

Status validate_description(const std::string& text) {
  if (text.size() > 1000) return Error::validation("description", "at most 1000 characters");
  return {};
}

Result<storage::EnvironmentRecord> existing(storage::Connection& c, const std::string& project_id,
                                            const std::string& name) {
  CAIRN_TRY_ASSIGN(auto env, store::find_environment(c, project_id, name));
  if (!env) return Error::not_found("environment '" + name + "'");
  return std::move(*env);
}

}  // namespace

Result<std::vector<storage::EnvironmentRecord>> EnvironmentService::list(const Caller& caller,
                                                                         const TrackingScope& scope) {
  return ctx_.read(caller,
                   [&](storage::Connection& c, const Principal& p) -> Result<std::vector<storage::EnvironmentRecord>> {
                     CAIRN_TRY_ASSIGN(auto project, resolve_scope(c, p, scope, Action::deployment_read));
                     return store::list_environments(c, project.project.project.id);
                   });
}

Result<storage::EnvironmentRecord> EnvironmentService::create(const Caller& caller, const TrackingScope& scope,
                                                              const EnvironmentCreate& input) {
  return ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Result<storage::EnvironmentRecord> {
    CAIRN_TRY(validate_deployment_name(input.name, "name"));
    if (input.tier != "development" && input.tier != "staging" && input.tier != "production")
      return Error::validation("tier", "must be one of development, staging, production");
    CAIRN_TRY(validate_description(input.description));
    CAIRN_TRY_ASSIGN(auto project, resolve_scope(c, p, scope, Action::environment_manage));
    storage::EnvironmentRecord e;
    e.id = crypto::new_id();
    e.project_id = project.project.project.id;
    e.name = input.name;
    e.tier = input.tier;
    e.description = input.description;
    e.created_at = now_ms();
    auto inserted = store::insert_environment(c, e);
    if (!inserted.ok() && inserted.error().code == ErrorCode::conflict)
      return Error{ErrorCode::conflict, "an environment named '" + e.name + "' exists in this project", "name"};
    CAIRN_TRY(inserted);
    CAIRN_TRY(record_audit(c, caller, project.org.org.id, "environment.create", "environment", e.id,
                           {{"name", e.name}, {"tier", e.tier}}));
    return e;
  });
}

Result<storage::EnvironmentRecord> EnvironmentService::update(const Caller& caller, const TrackingScope& scope,
                                                              const std::string& name, const EnvironmentUpdate& input) {
  return ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Result<storage::EnvironmentRecord> {
    if (input.name) {
      CAIRN_TRY(validate_deployment_name(*input.name, "name"));
    }
    if (input.description) CAIRN_TRY(validate_description(*input.description));
    CAIRN_TRY_ASSIGN(auto project, resolve_scope(c, p, scope, Action::deployment_read));
    CAIRN_TRY_ASSIGN(auto env, existing(c, project.project.project.id, name));
    CAIRN_TRY(authorize(p, Action::environment_manage, project.project.role));
    auto updated = store::update_environment(c, env.id, input.name.value_or(env.name),
                                             input.description.value_or(env.description));
    if (!updated.ok() && updated.error().code == ErrorCode::conflict)
      return Error{ErrorCode::conflict, "an environment named '" + *input.name + "' exists in this project", "name"};
    CAIRN_TRY(updated);
    CAIRN_TRY(record_audit(c, caller, project.org.org.id, "environment.update", "environment", env.id,
                           {{"name", input.name.value_or(env.name)}, {"previous_name", env.name}}));
    return existing(c, project.project.project.id, input.name.value_or(env.name));
  });
}

Status EnvironmentService::remove(const Caller& caller, const TrackingScope& scope, const std::string& name) {
  return ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Status {
    CAIRN_TRY_ASSIGN(auto project, resolve_scope(c, p, scope, Action::deployment_read));
    CAIRN_TRY_ASSIGN(auto env, existing(c, project.project.project.id, name));
    CAIRN_TRY(authorize(p, Action::environment_manage, project.project.role));
    if (env.deployment_count > 0)
      return Error::conflict("environment '" + name + "' has " + std::to_string(env.deployment_count) +
                             " deployment(s); delete or move them first");
    CAIRN_TRY(store::remove_environment(c, env.id));
    return record_audit(c, caller, project.org.org.id, "environment.delete", "environment", env.id,
                        {{"name", env.name}});
  });
}

}  // namespace cairn::service
