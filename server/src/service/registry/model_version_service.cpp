#include "service/registry/model_version_service.hpp"

#include <algorithm>
#include <cmath>
#include <regex>

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "common/json_number.hpp"
#include "common/text.hpp"
#include "service/registry/mlflow_search.hpp"
#include "service/tenancy/audit_trail.hpp"
#include "storage/listing.hpp"
#include "storage/registry/registered_model_store.hpp"
#include "storage/tracking/experiment_store.hpp"
#include "storage/tracking/run_store.hpp"

namespace cairn::service {

Status validate_alias(const std::string& alias) {
  static const std::regex kAlias("^[A-Za-z][A-Za-z0-9_-]{0,254}$");
  static const std::regex kVersionLike("^[vV]?[0-9]+$");
  if (!std::regex_match(alias, kAlias)) {
    return Error::validation("alias", "an alias is letters, digits, '_' and '-', starting with a letter (at most 255)");
  }
  if (ascii_lower(alias) == "latest" || std::regex_match(alias, kVersionLike)) {
    return Error::validation("alias", "'" + alias + "' is reserved: it reads as a version");
  }
  return {};
}

std::string ModelVersionService::download_uri(const storage::ModelVersionRecord& version) {
  return "mlflow-artifacts:/" + version.storage_location;
}

Result<std::optional<storage::RunView>> ModelVersionService::source_run(storage::Connection& c,
                                                                        const ModelContext& model,
                                                                        const std::optional<std::string>& run_id) {
  if (!run_id) return std::optional<storage::RunView>{};
  CAIRN_TRY_ASSIGN(auto run, storage::runs::find(c, *run_id));
  // The run may be gone, or (MLflow sources) in a project the version's readers cannot see.
  if (!run || run->project_id != model.model.project_id) return std::optional<storage::RunView>{};
  CAIRN_TRY_ASSIGN(auto views, storage::runs::load_views(c, {*run}));
  if (views.empty()) return std::optional<storage::RunView>{};
  return std::optional<storage::RunView>(std::move(views[0]));
}

Result<VersionView> ModelVersionService::view_with_run(storage::Connection& c, const ModelContext& model,
                                                       storage::ModelVersionRecord version,
                                                       const std::optional<storage::RunView>& run) {
  VersionView view{model.model.name, std::move(version), {{"run", nullptr}, {"datasets", nlohmann::json::array()}}};
  if (!run) return view;
  CAIRN_TRY_ASSIGN(auto experiment, storage::experiments::find(c, run->info.experiment_id));
  view.lineage["run"] = {{"id", run->info.id},
                         {"name", run->info.name},
                         {"experiment_id", run->info.experiment_id},
                         {"experiment_name", experiment ? experiment->name : ""}};
  for (const auto& input : run->inputs) {
    view.lineage["datasets"].push_back({{"name", input.dataset.name},
                                        {"digest", input.dataset.digest},
                                        {"source_type", input.dataset.source_type},
                                        {"source", input.dataset.source}});
  }
  return view;
}

Result<VersionView> ModelVersionService::view_of(storage::Connection& c, const ModelContext& model,
                                                 storage::ModelVersionRecord version) {
  CAIRN_TRY_ASSIGN(auto run, source_run(c, model, version.run_id));
  return view_with_run(c, model, std::move(version), run);
}

Result<VersionView> ModelVersionService::get_version(const Caller& caller, const TrackingScope& scope,
                                                     const std::string& model_ref, int64_t version) {
  return ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<VersionView> {
    CAIRN_TRY_ASSIGN(auto model, model_for(c, p, scope, model_ref, Action::registry_read));
    CAIRN_TRY_ASSIGN(auto found, version_of(c, model, version));
    return view_of(c, model, std::move(found));
  });
}

Result<VersionPage> ModelVersionService::list_versions(const Caller& caller, const TrackingScope& scope,
                                                       const std::string& model_ref, const std::string& stage,
                                                       int64_t offset, int limit) {
  return ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<VersionPage> {
    CAIRN_TRY_ASSIGN(auto model, model_for(c, p, scope, model_ref, Action::registry_read));
    CAIRN_TRY_ASSIGN(auto versions, storage::model_versions::list(c, model.model.id, stage, offset, limit));
    VersionPage page;
    if (auto next = storage::trim_offset_page(versions, offset, limit))
      page.next_token = storage::encode_offset_token(*next);
    for (auto& v : versions) {
      CAIRN_TRY_ASSIGN(auto view, view_of(c, model, std::move(v)));
      page.versions.push_back(std::move(view));
    }
    return page;
  });
}

Result<VersionPage> ModelVersionService::search_versions(const Caller& caller, const TrackingScope& scope,
                                                         const VersionSearchRequest& request) {
  CAIRN_TRY_ASSIGN(auto query, mlflow_search::version_filter(request.filter));
  const int64_t max = request.max_results.value_or(10000);
  if (max < 1 || max > 200000) {
    return Error{ErrorCode::validation_failed,
                 "Invalid value " + std::to_string(max) +
                     " for parameter 'max_results' supplied. It must be at "
                     "most 200000.",
                 "max_results"};
  }
  query.limit = static_cast<int>(std::min<int64_t>(max, 10000));
  if (request.page_token && !request.page_token->empty()) {
    auto offset = storage::decode_offset_token(*request.page_token, true);
    if (!offset) return Error{ErrorCode::validation_failed, "Invalid page token", "page_token"};
    query.offset = *offset;
  }
  return ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<VersionPage> {
    CAIRN_TRY_ASSIGN(auto project, registry_project(c, p, scope, Action::registry_read));
    query.project_id = project.project.project.id;
    CAIRN_TRY_ASSIGN(auto found, storage::model_versions::search(c, query));
    VersionPage page;
    if (auto next = storage::trim_offset_page(found, query.offset, query.limit)) {
      page.next_token = storage::encode_offset_token(*next);
    }
    for (auto& named : found) {
      page.versions.push_back(VersionView{named.model_name, std::move(named.version), nlohmann::json::object()});
    }
    return page;
  });
}

Result<std::vector<VersionView>> ModelVersionService::newest_per_stage(storage::Connection& c,
                                                                       const ModelContext& model,
                                                                       const std::vector<std::string>& stages) {
  std::vector<VersionView> out;
  for (const auto& [stage, newest] : model.model.stages) {
    if (!stages.empty() && std::find(stages.begin(), stages.end(), stage) == stages.end()) continue;
    CAIRN_TRY_ASSIGN(auto found, version_of(c, model, newest));
    out.push_back(VersionView{model.model.name, std::move(found), nlohmann::json::object()});
  }
  return out;
}

Result<std::vector<VersionView>> ModelVersionService::latest_versions(const Caller& caller, const TrackingScope& scope,
                                                                      const std::string& model_ref,
                                                                      const std::vector<std::string>& stages) {
  return ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<std::vector<VersionView>> {
    CAIRN_TRY_ASSIGN(auto model, model_for(c, p, scope, model_ref, Action::registry_read));
    return newest_per_stage(c, model, stages);
  });
}

Result<std::vector<std::vector<VersionView>>> ModelVersionService::latest_versions_of(
    const Caller& caller, const TrackingScope& scope, const std::vector<storage::RegisteredModelRecord>& models) {
  return ctx_.read(caller,
                   [&](storage::Connection& c, const Principal& p) -> Result<std::vector<std::vector<VersionView>>> {
                     CAIRN_TRY_ASSIGN(auto project, registry_project(c, p, scope, Action::registry_read));
                     std::vector<std::vector<VersionView>> out;
                     out.reserve(models.size());
                     for (const auto& m : models) {
                       if (m.project_id != project.project.project.id)
                         return Error::not_found("registered model '" + m.name + "'");
                       CAIRN_TRY_ASSIGN(auto latest, newest_per_stage(c, ModelContext{project, m}, {}));
                       out.push_back(std::move(latest));
                     }
                     return out;
                   });
}

Result<VersionView> ModelVersionService::update_version(const Caller& caller, const TrackingScope& scope,
                                                        const std::string& model_ref, int64_t version,
                                                        const std::string& description) {
  return ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Result<VersionView> {
    CAIRN_TRY_ASSIGN(auto model, model_for(c, p, scope, model_ref, Action::registry_write));
    CAIRN_TRY(version_of(c, model, version));
    CAIRN_TRY(storage::model_versions::set_description(c, model.model.id, version, description, now_ms()));
    CAIRN_TRY_ASSIGN(auto found, version_of(c, model, version));
    return view_of(c, model, std::move(found));
  });
}

Status ModelVersionService::delete_version(const Caller& caller, const TrackingScope& scope,
                                           const std::string& model_ref, int64_t version) {
  // The store key of the version's own files: uploads belong to the registry and go with it.
  CAIRN_TRY_ASSIGN(
      auto uploaded,
      ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Result<std::optional<std::string>> {
        CAIRN_TRY_ASSIGN(auto model, model_for(c, p, scope, model_ref, Action::registry_write));
        CAIRN_TRY_ASSIGN(auto found, version_of(c, model, version));
        CAIRN_TRY(storage::model_versions::remove(c, model.model.id, version));
        CAIRN_TRY(storage::registered_models::touch(c, model.model.id, now_ms()));
        CAIRN_TRY(audit_version(c, caller, model, version, "model_version.delete", {{"stage", found.stage}}));
        if (found.source_type != "upload") return std::optional<std::string>{};
        return std::optional<std::string>(artifacts::join_key(model.model.org_id, found.storage_location));
      }));
  if (uploaded) (void)store_.remove(*uploaded);
  return {};
}

Status ModelVersionService::set_version_tag(const Caller& caller, const TrackingScope& scope,
                                            const std::string& model_ref, int64_t version, const std::string& key,
                                            const std::string& value) {
  return ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Status {
    CAIRN_TRY_ASSIGN(auto model, model_for(c, p, scope, model_ref, Action::registry_write));
    CAIRN_TRY(version_of(c, model, version));
    return storage::model_versions::set_tag(c, model.model.id, version, key, value);
  });
}

Status ModelVersionService::delete_version_tag(const Caller& caller, const TrackingScope& scope,
                                               const std::string& model_ref, int64_t version, const std::string& key) {
  return ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Status {
    CAIRN_TRY_ASSIGN(auto model, model_for(c, p, scope, model_ref, Action::registry_write));
    CAIRN_TRY(version_of(c, model, version));
    return storage::model_versions::delete_tag(c, model.model.id, version, key);
  });
}

Result<VersionView> ModelVersionService::set_version_metrics(
    const Caller& caller, const TrackingScope& scope, const std::string& model_ref, int64_t version,
    const std::vector<std::pair<std::string, std::optional<double>>>& metrics) {
  return ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Result<VersionView> {
    CAIRN_TRY_ASSIGN(auto model, model_for(c, p, scope, model_ref, Action::registry_write));
    CAIRN_TRY(version_of(c, model, version));
    for (const auto& [key, value] : metrics) {
      if (value) {
        CAIRN_TRY(storage::model_versions::set_metric(c, model.model.id, version, key, *value, "user"));
      } else {
        CAIRN_TRY(storage::model_versions::delete_metric(c, model.model.id, version, key));
      }
    }
    CAIRN_TRY_ASSIGN(auto found, version_of(c, model, version));
    return view_of(c, model, std::move(found));
  });
}

Result<VersionView> ModelVersionService::transition_stage(const Caller& caller, const TrackingScope& scope,
                                                          const std::string& model_ref, int64_t version,
                                                          const std::string& stage, const std::string& comment,
                                                          bool archive_existing) {
  return ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Result<VersionView> {
    auto target = parse_stage(stage);
    if (!target) {
      return Error::bad_request("unknown stage '" + stage + "': use development, staging, production or archived",
                                "stage");
    }
    CAIRN_TRY_ASSIGN(auto model, model_for(c, p, scope, model_ref, Action::registry_write));
    CAIRN_TRY_ASSIGN(auto found, version_of(c, model, version));
    // Leaving production is as consequential as entering it.
    if (*target == "production" || found.stage == "production") CAIRN_TRY(authorize_production(p, model.project));
    CAIRN_TRY_ASSIGN(auto actor, actor_name(c, p));
    const int64_t now = now_ms();
    // Touching the model first takes its row lock: concurrent moves of its versions queue here.
    CAIRN_TRY(storage::registered_models::touch(c, model.model.id, now));
    auto record = [&](int64_t v, const std::string& from, const std::string& to, const std::string& why) -> Status {
      CAIRN_TRY(storage::model_versions::set_stage(c, model.model.id, v, to, now));
      CAIRN_TRY(storage::model_versions::add_transition(
          c, storage::StageTransitionRecord{crypto::new_id(), model.model.id, v, from, to, why, actor, now}));
      return audit_version(c, caller, model, v, "model_version.stage_change",
                           {{"from", from}, {"to", to}, {"comment", why}});
    };
    if (found.stage != *target) CAIRN_TRY(record(version, found.stage, *target, comment));
    if (archive_existing && *target != "archived" && *target != "development") {
      CAIRN_TRY_ASSIGN(auto others, storage::model_versions::versions_in_stage(c, model.model.id, *target, version));
      for (int64_t other : others) {
        CAIRN_TRY(record(other, *target, "archived",
                         "archived when version " + std::to_string(version) + " moved to " + *target));
      }
    }
    CAIRN_TRY_ASSIGN(auto after, version_of(c, model, version));
    return view_of(c, model, std::move(after));
  });
}

Result<TransitionPage> ModelVersionService::stage_history(const Caller& caller, const TrackingScope& scope,
                                                          const std::string& model_ref, int64_t version, int64_t offset,
                                                          int limit) {
  return ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<TransitionPage> {
    CAIRN_TRY_ASSIGN(auto model, model_for(c, p, scope, model_ref, Action::registry_read));
    CAIRN_TRY_ASSIGN(auto rows, storage::model_versions::transitions(c, model.model.id, version, offset, limit));
    TransitionPage page;
    if (auto next = storage::trim_offset_page(rows, offset, limit))
      page.next_token = storage::encode_offset_token(*next);
    page.transitions = std::move(rows);
    return page;
  });
}

Result<VersionView> ModelVersionService::set_alias(const Caller& caller, const TrackingScope& scope,
                                                   const std::string& model_ref, const std::string& alias,
                                                   int64_t version) {
  return ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Result<VersionView> {
    CAIRN_TRY(validate_alias(alias));
    CAIRN_TRY_ASSIGN(auto model, model_for(c, p, scope, model_ref, Action::registry_write));
    CAIRN_TRY(version_of(c, model, version));
    CAIRN_TRY(storage::model_versions::set_alias(c, model.model.id, alias, version));
    CAIRN_TRY(storage::registered_models::touch(c, model.model.id, now_ms()));
    CAIRN_TRY(record_audit(c, caller, model.model.org_id, "registered_model.alias_set", "registered_model",
                           model.model.id,
                           {{"target_name", model.model.name}, {"alias", alias}, {"version", version}}));
    CAIRN_TRY_ASSIGN(auto found, version_of(c, model, version));
    return view_of(c, model, std::move(found));
  });
}

Status ModelVersionService::delete_alias(const Caller& caller, const TrackingScope& scope, const std::string& model_ref,
                                         const std::string& alias) {
  // A name no alias may have is a mistake to say, not a missing alias to ignore.
  CAIRN_TRY(validate_alias(alias));
  return ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Status {
    CAIRN_TRY_ASSIGN(auto model, model_for(c, p, scope, model_ref, Action::registry_write));
    CAIRN_TRY(storage::model_versions::delete_alias(c, model.model.id, alias));
    return record_audit(c, caller, model.model.org_id, "registered_model.alias_delete", "registered_model",
                        model.model.id, {{"target_name", model.model.name}, {"alias", alias}});
  });
}

Result<VersionView> ModelVersionService::version_by_alias(const Caller& caller, const TrackingScope& scope,
                                                          const std::string& model_ref, const std::string& alias) {
  return ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<VersionView> {
    CAIRN_TRY_ASSIGN(auto model, model_for(c, p, scope, model_ref, Action::registry_read));
    CAIRN_TRY_ASSIGN(auto version, storage::model_versions::alias_version(c, model.model.id, alias));
    if (!version) return Error::not_found("alias '" + alias + "' of registered model '" + model.model.name + "'");
    CAIRN_TRY_ASSIGN(auto found, version_of(c, model, *version));
    return view_of(c, model, std::move(found));
  });
}

Result<VersionComparison> ModelVersionService::compare(const Caller& caller, const TrackingScope& scope,
                                                       const std::string& model_ref,
                                                       const std::vector<int64_t>& versions) {
  return ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<VersionComparison> {
    if (versions.size() < 2 || versions.size() > 10) {
      return Error::validation("versions", "compare 2 to 10 versions");
    }
    CAIRN_TRY_ASSIGN(auto model, model_for(c, p, scope, model_ref, Action::registry_read));
    VersionComparison out;
    std::vector<storage::KeyValues> params;
    for (int64_t v : versions) {
      CAIRN_TRY_ASSIGN(auto found, version_of(c, model, v));
      CAIRN_TRY_ASSIGN(auto run, source_run(c, model, found.run_id));
      params.push_back(run ? run->params : storage::KeyValues{});
      CAIRN_TRY_ASSIGN(auto view, view_with_run(c, model, std::move(found), run));
      out.versions.push_back(std::move(view));
    }
    out.rows = nlohmann::json::array();
    auto add_row = [&](const char* kind, const std::string& key, nlohmann::json values) {
      bool differs = false;
      for (const auto& v : values) differs = differs || v != values[0];
      out.rows.push_back({{"kind", kind}, {"key", key}, {"values", std::move(values)}, {"differs", differs}});
    };
    auto metadata_row = [&](const std::string& key, auto get) {
      nlohmann::json values = nlohmann::json::array();
      for (const auto& v : out.versions) values.push_back(get(v.version));
      add_row("metadata", key, std::move(values));
    };
    metadata_row("stage", [](const storage::ModelVersionRecord& v) { return v.stage; });
    metadata_row("framework", [](const storage::ModelVersionRecord& v) { return v.framework; });
    metadata_row("source_type", [](const storage::ModelVersionRecord& v) { return v.source_type; });
    metadata_row("run_id", [](const storage::ModelVersionRecord& v) { return v.run_id.value_or(""); });
    metadata_row("size_bytes", [](const storage::ModelVersionRecord& v) { return v.size_bytes; });
    metadata_row("file_count", [](const storage::ModelVersionRecord& v) { return v.file_count; });
    metadata_row("executable_code", [](const storage::ModelVersionRecord& v) { return v.executable_code; });
    metadata_row("created_at", [](const storage::ModelVersionRecord& v) { return v.created_at; });

    std::map<std::string, std::vector<nlohmann::json>> param_rows;
    for (std::size_t i = 0; i < params.size(); ++i) {
      for (const auto& [key, value] : params[i]) {
        auto& row = param_rows[key];
        row.resize(params.size());
        row[i] = value;
      }
    }
    for (auto& [key, values] : param_rows) add_row("param", key, nlohmann::json(values));
    std::map<std::string, std::vector<nlohmann::json>> metric_rows;
    for (std::size_t i = 0; i < out.versions.size(); ++i) {
      for (const auto& [key, value] : out.versions[i].version.metrics) {
        auto& row = metric_rows[key];
        row.resize(out.versions.size());
        row[i] = number_json(value);
      }
    }
    for (auto& [key, values] : metric_rows) add_row("metric", key, nlohmann::json(values));
    return out;
  });
}

}  // namespace cairn::service
