#include "service/tenancy/project_service.hpp"

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "service/tenancy/audit_trail.hpp"
#include "storage/tenancy/org_store.hpp"

namespace cairn::service {

using storage::Connection;
namespace projects = storage::projects;

Result<storage::ProjectRecord> ProjectService::create(const Caller& caller, const std::string& org_ref,
                                                      const ProjectInput& input) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Result<storage::ProjectRecord> {
    if (p.key_project_id) return Error::forbidden("this API key is restricted to one project");
    CAIRN_TRY_ASSIGN(auto org, resolve_org(c, p, org_ref));
    CAIRN_TRY(authorize(p, Action::project_create, org.role));
    const int64_t now = now_ms();
    storage::ProjectRecord project{crypto::new_id(), org.org.id, input.slug, input.name, input.description,
                                   input.visibility, p.user_id,  now,        now};
    CAIRN_TRY(projects::insert(c, project));
    CAIRN_TRY(projects::upsert_member(c, project.id, p.user_id, "admin", now));
    CAIRN_TRY(record_audit(c, caller, org.org.id, "project.create", "project", project.id, {{"slug", project.slug}}));
    return project;
  });
}

Result<ProjectAccess> ProjectService::get(const Caller& caller, const std::string& org_ref,
                                          const std::string& project_ref) {
  return ctx_.read(caller, [&](Connection& c, const Principal& p) -> Result<ProjectAccess> {
    CAIRN_TRY_ASSIGN(auto org, resolve_org(c, p, org_ref));
    CAIRN_TRY_ASSIGN(auto project, resolve_project(c, p, org, project_ref));
    CAIRN_TRY(authorize(p, Action::project_read, project.role));
    return project;
  });
}

Result<Page<storage::ProjectRecord>> ProjectService::list(const Caller& caller, const std::string& org_ref,
                                                          const ProjectQuery& query, const storage::PageRequest& page) {
  const auto* sort = storage::find_sort(projects::project_sorts(), page.sort);
  CAIRN_TRY_ASSIGN(
      auto items,
      ctx_.read(caller, [&](Connection& c, const Principal& p) -> Result<std::vector<storage::ProjectRecord>> {
        CAIRN_TRY_ASSIGN(auto org, resolve_org(c, p, org_ref));
        CAIRN_TRY(authorize(p, Action::project_read, org.role));
        if (!sort) return Error::bad_request("sort is not a sortable field of this list", "sort");
        projects::ProjectFilter filter;
        filter.org_id = org.org.id;
        filter.viewer_user_id = p.user_id;
        filter.viewer_sees_private = org.role == Role::admin;
        filter.project_id = p.key_project_id;
        filter.query = query.q;
        filter.visibility = query.visibility;
        return projects::list(c, filter, page, *sort);
      }));
  Page<storage::ProjectRecord> out;
  out.next_cursor = storage::finish_page(items, page, *sort);
  out.items = std::move(items);
  return out;
}

Result<storage::ProjectRecord> ProjectService::update(const Caller& caller, const std::string& org_ref,
                                                      const std::string& project_ref, const ProjectUpdate& update) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Result<storage::ProjectRecord> {
    CAIRN_TRY_ASSIGN(auto org, resolve_org(c, p, org_ref));
    CAIRN_TRY_ASSIGN(auto access, resolve_project(c, p, org, project_ref));
    CAIRN_TRY(authorize(p, Action::project_update, access.role));
    // Changing a project's settings is for its own developers and admins, not every org developer.
    if (org.role != Role::admin && !access.is_member) {
      return Error::forbidden("updating a project requires the developer role in that project");
    }
    auto project = access.project;
    nlohmann::json changes = nlohmann::json::object();
    if (update.name) project.name = *update.name, changes["name"] = *update.name;
    if (update.description) project.description = *update.description, changes["description"] = true;
    if (update.visibility) project.visibility = *update.visibility, changes["visibility"] = *update.visibility;
    project.updated_at = now_ms();
    CAIRN_TRY(projects::update(c, project));
    CAIRN_TRY(record_audit(c, caller, org.org.id, "project.update", "project", project.id, changes));
    return project;
  });
}

Status ProjectService::remove(const Caller& caller, const std::string& org_ref, const std::string& project_ref) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Status {
    CAIRN_TRY_ASSIGN(auto org, resolve_org(c, p, org_ref));
    CAIRN_TRY_ASSIGN(auto access, resolve_project(c, p, org, project_ref));
    CAIRN_TRY(authorize(p, Action::project_delete, access.role));
    CAIRN_TRY(record_audit(c, caller, org.org.id, "project.delete", "project", access.project.id,
                           {{"slug", access.project.slug}, {"name", access.project.name}}));
    CAIRN_TRY(projects::remove(c, access.project.id));
    return {};
  });
}

Result<projects::ProjectStats> ProjectService::stats(const Caller& caller, const std::string& org_ref,
                                                     const std::string& project_ref) {
  CAIRN_TRY_ASSIGN(auto access, get(caller, org_ref, project_ref));
  CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
  return projects::stats(*conn, access.project.id);
}

Result<std::vector<storage::MemberRecord>> ProjectService::list_members(const Caller& caller,
                                                                        const std::string& org_ref,
                                                                        const std::string& project_ref) {
  CAIRN_TRY_ASSIGN(auto access, get(caller, org_ref, project_ref));
  CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
  return projects::list_members(*conn, access.project.id);
}

Result<storage::MemberRecord> ProjectService::set_member(const Caller& caller, const std::string& org_ref,
                                                         const std::string& project_ref, const std::string& user_id,
                                                         Role role) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Result<storage::MemberRecord> {
    CAIRN_TRY_ASSIGN(auto org, resolve_org(c, p, org_ref));
    CAIRN_TRY_ASSIGN(auto access, resolve_project(c, p, org, project_ref));
    CAIRN_TRY(authorize(p, Action::project_member_manage, access.role));
    CAIRN_TRY_ASSIGN(auto member, storage::orgs::find_member(c, org.org.id, user_id));
    if (!member) return Error::not_found("member");
    const int64_t now = now_ms();
    CAIRN_TRY(projects::upsert_member(c, access.project.id, user_id, std::string(to_string(role)), now));
    CAIRN_TRY(record_audit(c, caller, org.org.id, "project.member_set", "project", access.project.id,
                           {{"user_id", user_id}, {"role", to_string(role)}}));
    // Read back: setting the same role again keeps the original added_at (idempotent PUT).
    CAIRN_TRY_ASSIGN(auto stored, projects::find_member(c, access.project.id, user_id));
    if (!stored) return Error::internal("project member vanished inside its transaction");
    return *stored;
  });
}

Status ProjectService::remove_member(const Caller& caller, const std::string& org_ref, const std::string& project_ref,
                                     const std::string& user_id) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Status {
    CAIRN_TRY_ASSIGN(auto org, resolve_org(c, p, org_ref));
    CAIRN_TRY_ASSIGN(auto access, resolve_project(c, p, org, project_ref));
    CAIRN_TRY(authorize(p, Action::project_member_manage, access.role));
    CAIRN_TRY_ASSIGN(bool removed, projects::remove_member(c, access.project.id, user_id));
    if (!removed) return Error::not_found("project member");
    CAIRN_TRY(record_audit(c, caller, org.org.id, "project.member_remove", "project", access.project.id,
                           {{"user_id", user_id}}));
    return {};
  });
}

}  // namespace cairn::service
