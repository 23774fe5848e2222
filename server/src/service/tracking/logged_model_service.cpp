#include "service/tracking/logged_model_service.hpp"

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "search/search_filter.hpp"
#include "storage/listing.hpp"
#include "storage/tracking/logged_model_store.hpp"
#include "storage/tracking/run_store.hpp"

namespace cairn::service {

using storage::Connection;
namespace models = storage::logged_models;

Result<storage::LoggedModelRecord> LoggedModelService::model_for(Connection& c, const Principal& p,
                                                                 const std::string& model_id, Action action,
                                                                 bool allow_deleted) {
  auto missing = [&] { return Error::not_found("logged model '" + model_id + "'"); };
  if (model_id.empty() || model_id.size() > 64) return missing();
  CAIRN_TRY_ASSIGN(auto model, models::find(c, model_id));
  if (!model || (!allow_deleted && model->lifecycle_stage != "active")) return missing();
  auto owner = resolve_owner(c, p, model->org_id, model->project_id, action);
  if (!owner.ok()) return owner.error().code == ErrorCode::not_found ? missing() : std::move(owner).error();
  return *model;
}

Result<storage::LoggedModelRecord> LoggedModelService::create(const Caller& caller, const TrackingScope& scope,
                                                              const LoggedModelCreate& input) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Result<storage::LoggedModelRecord> {
    CAIRN_TRY_ASSIGN(auto experiment, experiment_for(c, p, scope, input.experiment_id, Action::tracking_write));
    if (input.source_run_id && !input.source_run_id->empty()) {
      CAIRN_TRY_ASSIGN(auto run, run_for(c, p, *input.source_run_id, Action::tracking_write));
      if (run.experiment_id != experiment.id) {
        return Error::validation("source_run_id", "the source run belongs to another experiment");
      }
    }
    storage::LoggedModelRecord m;
    m.id = "m-" + crypto::new_id();
    m.org_id = experiment.org_id;
    m.project_id = experiment.project_id;
    m.experiment_id = experiment.id;
    m.name = input.name && !input.name->empty() ? *input.name : "model-" + m.id.substr(2, 8);
    m.artifact_uri = experiment.artifact_location + "/models/" + m.id + "/artifacts";
    m.model_type = input.model_type.value_or("");
    if (input.source_run_id && !input.source_run_id->empty()) m.source_run_id = input.source_run_id;
    m.created_at = m.updated_at = now_ms();
    m.params = input.params;
    m.tags = input.tags;
    CAIRN_TRY(models::insert(c, m));
    return m;
  });
}

Result<storage::LoggedModelRecord> LoggedModelService::get(const Caller& caller, const std::string& model_id,
                                                           bool allow_deleted) {
  return ctx_.read(caller, [&](Connection& c, const Principal& p) -> Result<storage::LoggedModelRecord> {
    return model_for(c, p, model_id, Action::tracking_read, allow_deleted);
  });
}

Result<storage::LoggedModelRecord> LoggedModelService::finalize(const Caller& caller, const std::string& model_id,
                                                                const std::string& status) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Result<storage::LoggedModelRecord> {
    if (status != "LOGGED_MODEL_READY" && status != "LOGGED_MODEL_UPLOAD_FAILED" && status != "LOGGED_MODEL_PENDING") {
      return Error::validation("status", "status must be LOGGED_MODEL_READY or LOGGED_MODEL_UPLOAD_FAILED");
    }
    CAIRN_TRY_ASSIGN(auto model, model_for(c, p, model_id, Action::tracking_write, false));
    model.updated_at = now_ms();
    CAIRN_TRY(models::set_status(c, model.id, status, model.updated_at));
    model.status = status;
    return model;
  });
}

Status LoggedModelService::remove(const Caller& caller, const std::string& model_id) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Status {
    CAIRN_TRY_ASSIGN(auto model, model_for(c, p, model_id, Action::tracking_write, false));
    return models::set_deleted(c, model.id, now_ms());
  });
}

Status LoggedModelService::log_params(const Caller& caller, const std::string& model_id,
                                      const storage::KeyValues& params) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Status {
    CAIRN_TRY_ASSIGN(auto model, model_for(c, p, model_id, Action::tracking_write, false));
    return models::log_params(c, model.id, params);
  });
}

Status LoggedModelService::set_tags(const Caller& caller, const std::string& model_id, const storage::KeyValues& tags) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Status {
    CAIRN_TRY_ASSIGN(auto model, model_for(c, p, model_id, Action::tracking_write, false));
    return models::set_tags(c, model.id, tags);
  });
}

Status LoggedModelService::delete_tag(const Caller& caller, const std::string& model_id, const std::string& key) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Status {
    CAIRN_TRY_ASSIGN(auto model, model_for(c, p, model_id, Action::tracking_write, false));
    CAIRN_TRY_ASSIGN(bool deleted, models::delete_tag(c, model.id, key));
    if (!deleted) return Error::not_found("tag '" + key + "'");
    return {};
  });
}

Result<LoggedModelPage> LoggedModelService::search(const Caller& caller, const TrackingScope& scope,
                                                   const LoggedModelSearch& request) {
  return ctx_.read(caller, [&](Connection& c, const Principal& p) -> Result<LoggedModelPage> {
    models::ModelQuery query;
    CAIRN_TRY_ASSIGN(query.filter, search::parse_search_filter(request.filter, search::SearchTarget::logged_models));
    query.datasets = request.datasets;
    query.order_by = request.order_by;
    query.limit = request.max_results;
    query.offset = request.offset;
    const int max_results = request.max_results;
    const int64_t offset = request.offset;
    for (const auto& id : request.experiment_ids) {
      auto experiment = experiment_for(c, p, scope, id, Action::tracking_read);
      if (!experiment.ok() && experiment.error().code == ErrorCode::not_found) continue;
      if (!experiment.ok()) return std::move(experiment).error();
      query.experiment_ids.push_back(experiment->id);
    }
    CAIRN_TRY_ASSIGN(auto found, models::search(c, query));
    LoggedModelPage page;
    if (auto next = storage::trim_offset_page(found, offset, max_results)) page.next_offset = *next;
    page.models = std::move(found);
    return page;
  });
}

Status LoggedModelService::log_outputs(const Caller& caller, const std::string& run_id,
                                       const std::vector<storage::ModelOutput>& outputs) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Status {
    CAIRN_TRY_ASSIGN(auto run, run_for(c, p, run_id, Action::tracking_write));
    for (const auto& o : outputs) {
      CAIRN_TRY_ASSIGN(auto model, model_for(c, p, o.model_id, Action::tracking_read, false));
      if (model.project_id != run.project_id) return Error::not_found("logged model '" + o.model_id + "'");
    }
    return models::log_outputs(c, run.id, outputs);
  });
}

}  // namespace cairn::service
