#include "service/tracking/experiment_service.hpp"

#include <algorithm>

#include "common/clock.hpp"
#include "search/search_filter.hpp"
#include "storage/listing.hpp"
#include "storage/tracking/experiment_list.hpp"

namespace cairn::service {

using storage::Connection;
namespace experiments = storage::experiments;

Result<storage::ExperimentRecord> ExperimentService::create(const Caller& caller, const TrackingScope& scope,
                                                            const std::string& name,
                                                            const std::optional<std::string>& artifact_location,
                                                            const storage::KeyValues& tags) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Result<storage::ExperimentRecord> {
    CAIRN_TRY_ASSIGN(auto project, resolve_scope(c, p, scope, Action::tracking_write));
    storage::ExperimentRecord e;
    e.id = experiments::new_experiment_id();
    e.org_id = project.org.org.id;
    e.project_id = project.project.project.id;
    e.name = name;
    // Artifacts always go through Cairn's proxy: clients never need the store's credentials,
    // and a client-chosen location could point into another tenant's space.
    (void)artifact_location;
    e.artifact_location = "mlflow-artifacts:/" + e.id;
    e.created_at = e.updated_at = now_ms();
    e.tags = tags;
    CAIRN_TRY(experiments::insert(c, e));
    return e;
  });
}

Result<storage::ExperimentRecord> ExperimentService::get(const Caller& caller, const TrackingScope& scope,
                                                         const std::string& id) {
  return ctx_.read(caller, [&](Connection& c, const Principal& p) -> Result<storage::ExperimentRecord> {
    return experiment_for(c, p, scope, id, Action::tracking_read);
  });
}

Result<storage::runs::ExperimentKeys> ExperimentService::keys(const Caller& caller, const TrackingScope& scope,
                                                              const std::string& id) {
  return ctx_.read(caller, [&](Connection& c, const Principal& p) -> Result<storage::runs::ExperimentKeys> {
    CAIRN_TRY_ASSIGN(auto experiment, experiment_for(c, p, scope, id, Action::tracking_read));
    return storage::runs::keys_in_experiment(c, experiment.id);
  });
}

Result<storage::ExperimentRecord> ExperimentService::get_by_name(const Caller& caller, const TrackingScope& scope,
                                                                 const std::string& name) {
  return ctx_.read(caller, [&](Connection& c, const Principal& p) -> Result<storage::ExperimentRecord> {
    CAIRN_TRY_ASSIGN(auto project, resolve_scope(c, p, scope, Action::tracking_read));
    if (name == "Default") return default_experiment(c, project);
    CAIRN_TRY_ASSIGN(auto found, experiments::find_by_name(c, project.project.project.id, name));
    if (!found) return Error::not_found("experiment '" + name + "'");
    return *found;
  });
}

Result<ExperimentPage> ExperimentService::search(const Caller& caller, const TrackingScope& scope,
                                                 const ExperimentSearch& search) {
  return ctx_.read(caller, [&](Connection& c, const Principal& p) -> Result<ExperimentPage> {
    CAIRN_TRY_ASSIGN(auto project, resolve_scope(c, p, scope, Action::tracking_read));
    (void)default_experiment(c, project);  // MLflow always lists a Default experiment

    experiments::ExperimentQuery query;
    query.project_id = project.project.project.id;
    query.view = search.view;
    query.limit = search.max_results;
    query.offset = search.offset;
    CAIRN_TRY_ASSIGN(query.filter, search::parse_search_filter(search.filter, search::SearchTarget::experiments));
    for (const auto& text : search.order_by) {
      CAIRN_TRY_ASSIGN(auto order, search::parse_order_by(text, search::SearchTarget::experiments));
      query.order_by.push_back(std::move(order));
    }
    CAIRN_TRY_ASSIGN(auto found, experiments::search(c, query));
    ExperimentPage page;
    if (auto next = storage::trim_offset_page(found, search.offset, search.max_results)) page.next_offset = *next;
    page.experiments = std::move(found);
    return page;
  });
}

Result<Page<storage::ExperimentRecord>> ExperimentService::list(const Caller& caller, const TrackingScope& scope,
                                                                const ExperimentListQuery& query,
                                                                const storage::PageRequest& page) {
  const auto* sort = storage::find_sort(experiments::experiment_sorts(), page.sort);
  CAIRN_TRY_ASSIGN(
      auto items,
      ctx_.read(caller, [&](Connection& c, const Principal& p) -> Result<std::vector<storage::ExperimentRecord>> {
        if (!sort) return Error::bad_request("sort is not a sortable field of this list", "sort");
        CAIRN_TRY_ASSIGN(auto project, resolve_scope(c, p, scope, Action::tracking_read));
        experiments::ExperimentListFilter filter;
        filter.project_id = project.project.project.id;
        filter.view = query.view;
        filter.query = query.q;
        return experiments::list(c, filter, page, *sort);
      }));
  Page<storage::ExperimentRecord> out;
  out.next_cursor = storage::finish_page(items, page, *sort);
  out.items = std::move(items);
  return out;
}

Result<storage::ExperimentRecord> ExperimentService::update(const Caller& caller, const TrackingScope& scope,
                                                            const std::string& id, const ExperimentChanges& changes) {
  return change(caller, scope, id, [&](Connection& c, const storage::ExperimentRecord& experiment) -> Status {
    const int64_t now = now_ms();
    if (changes.name && *changes.name != experiment.name) {
      CAIRN_TRY(experiments::rename(c, experiment.id, *changes.name, now));
    }
    if (changes.description) {
      if (changes.description->empty()) {
        CAIRN_TRY(experiments::delete_tag(c, experiment.id, kNoteTag));
      } else {
        CAIRN_TRY(experiments::set_tag(c, experiment.id, kNoteTag, *changes.description));
      }
      CAIRN_TRY(c.execute("UPDATE experiments SET updated_at = ? WHERE id = ?", {now, experiment.id}));
    }
    return {};
  });
}

Result<storage::ExperimentRecord> ExperimentService::set_deleted(const Caller& caller, const TrackingScope& scope,
                                                                 const std::string& id, bool deleted) {
  return change(caller, scope, id, [&](Connection& c, const storage::ExperimentRecord& experiment) {
    return experiments::set_lifecycle(c, experiment.id, deleted ? "deleted" : "active", now_ms());
  });
}

Result<storage::ExperimentRecord> ExperimentService::set_tag(const Caller& caller, const TrackingScope& scope,
                                                             const std::string& id, const std::string& key,
                                                             const std::string& value) {
  return change(caller, scope, id, [&](Connection& c, const storage::ExperimentRecord& experiment) {
    return experiments::set_tag(c, experiment.id, key, value);
  });
}

Status ExperimentService::delete_tag(const Caller& caller, const TrackingScope& scope, const std::string& id,
                                     const std::string& key) {
  auto changed = change(caller, scope, id, [&](Connection& c, const storage::ExperimentRecord& experiment) -> Status {
    const bool present =
        std::any_of(experiment.tags.begin(), experiment.tags.end(), [&](const auto& kv) { return kv.first == key; });
    // MLflow's store answers RESOURCE_DOES_NOT_EXIST for a missing tag too.
    if (!present) return Error::not_found("tag '" + key + "' on experiment '" + id + "'");
    return experiments::delete_tag(c, experiment.id, key);
  });
  if (!changed.ok()) return std::move(changed).error();
  return {};
}

Result<storage::ExperimentRecord> ExperimentService::change(
    const Caller& caller, const TrackingScope& scope, const std::string& id,
    const std::function<Status(Connection&, const storage::ExperimentRecord&)>& apply) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Result<storage::ExperimentRecord> {
    CAIRN_TRY_ASSIGN(auto experiment, experiment_for(c, p, scope, id, Action::tracking_write));
    CAIRN_TRY(apply(c, experiment));
    CAIRN_TRY_ASSIGN(auto updated, experiments::find(c, experiment.id));
    if (!updated) return Error::not_found("experiment '" + id + "'");
    return *updated;
  });
}

}  // namespace cairn::service
