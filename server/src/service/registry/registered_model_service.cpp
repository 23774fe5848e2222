#include "service/registry/registered_model_service.hpp"

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "service/registry/mlflow_search.hpp"
#include "service/tenancy/audit_trail.hpp"
#include "storage/registry/model_version_store.hpp"

namespace cairn::service {
namespace {

bool is_unique_violation(const Error& e) {
  return e.code == ErrorCode::conflict;
}

Error name_taken(const std::string& name) {
  return Error::conflict("a registered model named '" + name + "' already exists in this project");
}

}  // namespace

Result<storage::RegisteredModelRecord> RegisteredModelService::create_model(const Caller& caller,
                                                                            const TrackingScope& scope,
                                                                            const ModelCreate& input) {
  return ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Result<storage::RegisteredModelRecord> {
    CAIRN_TRY(validate_model_name(input.name));
    CAIRN_TRY_ASSIGN(auto project, registry_project(c, p, scope, Action::registry_write));
    storage::RegisteredModelRecord m;
    m.id = crypto::new_id();
    m.org_id = project.org.org.id;
    m.project_id = project.project.project.id;
    m.name = input.name;
    m.description = input.description;
    m.tags = input.tags;
    m.created_at = m.updated_at = now_ms();
    auto inserted = storage::registered_models::insert(c, m);
    if (!inserted.ok()) return is_unique_violation(inserted.error()) ? name_taken(m.name) : inserted.error();
    CAIRN_TRY(record_audit(c, caller, m.org_id, "registered_model.create", "registered_model", m.id,
                           {{"target_name", m.name}, {"project", project.project.project.slug}}));
    return m;
  });
}

Result<storage::RegisteredModelRecord> RegisteredModelService::get_model(const Caller& caller,
                                                                         const TrackingScope& scope,
                                                                         const std::string& model_ref) {
  return ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<storage::RegisteredModelRecord> {
    CAIRN_TRY_ASSIGN(auto model, model_for(c, p, scope, model_ref, Action::registry_read));
    return std::move(model.model);
  });
}

Result<ModelPage> RegisteredModelService::list_models(const Caller& caller, const TrackingScope& scope,
                                                      storage::registered_models::ModelListFilter filter,
                                                      const storage::PageRequest& page) {
  const auto* sort = storage::find_sort(storage::registered_models::model_sorts(), page.sort);
  CAIRN_TRY_ASSIGN(
      auto models,
      ctx_.read(caller,
                [&](storage::Connection& c, const Principal& p) -> Result<std::vector<storage::RegisteredModelRecord>> {
                  if (!sort) return Error::validation("sort", "unknown sort '" + page.sort + "'");
                  CAIRN_TRY_ASSIGN(auto project, registry_project(c, p, scope, Action::registry_read));
                  filter.project_id = project.project.project.id;
                  return storage::registered_models::list(c, filter, page, *sort);
                }));
  ModelPage out;
  out.next_cursor = storage::finish_page(models, page, *sort);
  out.models = std::move(models);
  return out;
}

Result<ModelPage> RegisteredModelService::search_models(const Caller& caller, const TrackingScope& scope,
                                                        const ModelSearchRequest& request) {
  CAIRN_TRY_ASSIGN(auto filter, mlflow_search::model_filter(request.filter));
  storage::PageRequest page;
  const int64_t max = request.max_results.value_or(100);
  if (max < 1 || max > 1000) {
    return Error{ErrorCode::validation_failed,
                 "Invalid value " + std::to_string(max) +
                     " for parameter 'max_results' supplied. It must be at "
                     "most 1000.",
                 "max_results"};
  }
  page.limit = static_cast<int>(max);
  CAIRN_TRY_ASSIGN(page.sort, mlflow_search::model_sort(request.order_by));
  if (request.page_token && !request.page_token->empty()) {
    auto cursor = storage::decode_cursor(*request.page_token, page.sort);
    if (!cursor.ok()) return Error{ErrorCode::validation_failed, "Invalid page token", "page_token"};
    page.after = std::move(*cursor);
  }
  return list_models(caller, scope, std::move(filter), page);
}

Result<storage::RegisteredModelRecord> RegisteredModelService::update_model(const Caller& caller,
                                                                            const TrackingScope& scope,
                                                                            const std::string& model_ref,
                                                                            const ModelUpdate& update) {
  return ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Result<storage::RegisteredModelRecord> {
    if (update.name) CAIRN_TRY(validate_model_name(*update.name));
    CAIRN_TRY_ASSIGN(auto model, model_for(c, p, scope, model_ref, Action::registry_write));
    const std::string name = update.name.value_or(model.model.name);
    const std::string description = update.description.value_or(model.model.description);
    auto updated = storage::registered_models::update(c, model.model.id, name, description, now_ms());
    if (!updated.ok()) return is_unique_violation(updated.error()) ? name_taken(name) : updated.error();
    if (name != model.model.name) {
      CAIRN_TRY(record_audit(c, caller, model.model.org_id, "registered_model.rename", "registered_model",
                             model.model.id, {{"target_name", name}, {"previous_name", model.model.name}}));
    }
    CAIRN_TRY_ASSIGN(auto again, storage::registered_models::find(c, model.model.project_id, model.model.id));
    if (!again) return Error::internal("registered model vanished");
    return std::move(*again);
  });
}

Status RegisteredModelService::delete_model(const Caller& caller, const TrackingScope& scope,
                                            const std::string& model_ref) {
  CAIRN_TRY_ASSIGN(
      auto locations,
      ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Result<std::vector<std::string>> {
        CAIRN_TRY_ASSIGN(auto model, model_for(c, p, scope, model_ref, Action::registry_write));
        CAIRN_TRY_ASSIGN(auto uploads, storage::model_versions::upload_locations(c, model.model.id));
        for (auto& location : uploads) location = artifacts::join_key(model.model.org_id, location);
        CAIRN_TRY(storage::registered_models::remove(c, model.model.id));
        CAIRN_TRY(record_audit(c, caller, model.model.org_id, "registered_model.delete", "registered_model",
                               model.model.id,
                               {{"target_name", model.model.name}, {"project", model.project.project.project.slug}}));
        return uploads;
      }));
  // Uploaded files belong to the registry and go with it; a failure here leaves unreachable files
  // behind, never a version without its files.
  for (const auto& key : locations) (void)store_.remove(key);
  return {};
}

Status RegisteredModelService::set_model_tag(const Caller& caller, const TrackingScope& scope,
                                             const std::string& model_ref, const std::string& key,
                                             const std::string& value) {
  return ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Status {
    CAIRN_TRY_ASSIGN(auto model, model_for(c, p, scope, model_ref, Action::registry_write));
    CAIRN_TRY(storage::registered_models::set_tag(c, model.model.id, key, value));
    return storage::registered_models::touch(c, model.model.id, now_ms());
  });
}

Status RegisteredModelService::delete_model_tag(const Caller& caller, const TrackingScope& scope,
                                                const std::string& model_ref, const std::string& key) {
  return ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Status {
    CAIRN_TRY_ASSIGN(auto model, model_for(c, p, scope, model_ref, Action::registry_write));
    CAIRN_TRY(storage::registered_models::delete_tag(c, model.model.id, key));
    return storage::registered_models::touch(c, model.model.id, now_ms());
  });
}

}  // namespace cairn::service
