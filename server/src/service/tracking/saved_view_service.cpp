#include "service/tracking/saved_view_service.hpp"

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "service/tenancy/audit_trail.hpp"

namespace cairn::service {

using storage::Connection;
using storage::saved_views::SavedViewRecord;
namespace saved_views = storage::saved_views;

namespace {

/// The view when the principal may see it: another member's private view answers 404, as if absent.
Result<SavedViewRecord> visible_view(Connection& c, const Principal& p, const storage::ExperimentRecord& experiment,
                                     const std::string& id) {
  CAIRN_TRY_ASSIGN(auto found, saved_views::find(c, experiment.id, id));
  if (!found || (found->visibility == "private" && found->created_by != p.user_id)) {
    return Error::not_found("saved view '" + id + "'");
  }
  return *found;
}

/// The view the principal may change: visible, and theirs or (shared) with a project admin asking.
Result<SavedViewRecord> changeable_view(Connection& c, const Principal& p, const TrackingScope& scope,
                                        const std::string& experiment_id, const std::string& id) {
  CAIRN_TRY_ASSIGN(auto experiment, experiment_for(c, p, scope, experiment_id, Action::tracking_write));
  CAIRN_TRY_ASSIGN(auto view, visible_view(c, p, experiment, id));
  if (view.created_by == p.user_id) return view;
  CAIRN_TRY_ASSIGN(auto project, resolve_owner(c, p, experiment.org_id, experiment.project_id, Action::tracking_write));
  if (!at_least(project.project.role, Role::admin)) {
    return Error::forbidden("only its creator or a project admin may change a shared view");
  }
  return view;
}

}  // namespace

Result<std::vector<SavedViewRecord>> SavedViewService::list(const Caller& caller, const TrackingScope& scope,
                                                            const std::string& experiment_id) {
  return ctx_.read(caller, [&](Connection& c, const Principal& p) -> Result<std::vector<SavedViewRecord>> {
    CAIRN_TRY_ASSIGN(auto experiment, experiment_for(c, p, scope, experiment_id, Action::tracking_read));
    return saved_views::list_visible(c, experiment.id, p.user_id);
  });
}

Result<SavedViewRecord> SavedViewService::create(const Caller& caller, const TrackingScope& scope,
                                                 const std::string& experiment_id, const std::string& name,
                                                 const std::string& visibility, const std::string& state) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Result<SavedViewRecord> {
    CAIRN_TRY_ASSIGN(auto experiment, experiment_for(c, p, scope, experiment_id, Action::tracking_write));
    SavedViewRecord v;
    v.id = crypto::new_id();
    v.org_id = experiment.org_id;
    v.project_id = experiment.project_id;
    v.experiment_id = experiment.id;
    v.name = name;
    v.visibility = visibility;
    v.created_by = p.user_id;
    v.state = state;
    v.created_at = v.updated_at = now_ms();
    CAIRN_TRY(saved_views::insert(c, v));
    CAIRN_TRY(record_audit(c, caller, v.org_id, "saved_view.create", "saved_view", v.id,
                           {{"name", v.name}, {"visibility", v.visibility}, {"experiment_id", v.experiment_id}}));
    return v;
  });
}

Result<SavedViewRecord> SavedViewService::get(const Caller& caller, const TrackingScope& scope,
                                              const std::string& experiment_id, const std::string& id) {
  return ctx_.read(caller, [&](Connection& c, const Principal& p) -> Result<SavedViewRecord> {
    CAIRN_TRY_ASSIGN(auto experiment, experiment_for(c, p, scope, experiment_id, Action::tracking_read));
    return visible_view(c, p, experiment, id);
  });
}

Result<SavedViewRecord> SavedViewService::update(const Caller& caller, const TrackingScope& scope,
                                                 const std::string& experiment_id, const std::string& id,
                                                 const SavedViewChanges& changes) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Result<SavedViewRecord> {
    CAIRN_TRY_ASSIGN(auto view, changeable_view(c, p, scope, experiment_id, id));
    nlohmann::json details = {{"experiment_id", view.experiment_id}};
    if (changes.name && *changes.name != view.name) details["name"] = {{"from", view.name}, {"to", *changes.name}};
    if (changes.visibility && *changes.visibility != view.visibility) {
      details["visibility"] = {{"from", view.visibility}, {"to", *changes.visibility}};
    }
    if (changes.state) details["state_changed"] = true;
    if (changes.name) view.name = *changes.name;
    if (changes.visibility) view.visibility = *changes.visibility;
    if (changes.state) view.state = *changes.state;
    view.updated_at = now_ms();
    CAIRN_TRY(saved_views::update(c, view));
    details["target_name"] = view.name;
    CAIRN_TRY(record_audit(c, caller, view.org_id, "saved_view.update", "saved_view", view.id, details));
    return view;
  });
}

Status SavedViewService::remove(const Caller& caller, const TrackingScope& scope, const std::string& experiment_id,
                                const std::string& id) {
  auto removed = ctx_.write(caller, [&](Connection& c, const Principal& p) -> Result<bool> {
    CAIRN_TRY_ASSIGN(auto view, changeable_view(c, p, scope, experiment_id, id));
    CAIRN_TRY(saved_views::remove(c, view.id));
    CAIRN_TRY(
        record_audit(c, caller, view.org_id, "saved_view.delete", "saved_view", view.id,
                     {{"name", view.name}, {"visibility", view.visibility}, {"experiment_id", view.experiment_id}}));
    return true;
  });
  if (!removed.ok()) return std::move(removed).error();
  return {};
}

}  // namespace cairn::service
