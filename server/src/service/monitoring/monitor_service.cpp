#include "service/monitoring/monitor_service.hpp"

#include "common/base64.hpp"
#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "service/deployments/deployment_access.hpp"
#include "service/deployments/deployment_service.hpp"
#include "service/monitoring/record_input.hpp"
#include "service/registry/registry_access.hpp"
#include "service/tenancy/audit_trail.hpp"

namespace cairn::service {
namespace {

namespace store = storage::monitoring;
using nlohmann::json;

Result<MonitorContext> context_of(ProjectContext project, store::MonitorRecord m) {
  auto config_json = json::parse(m.config, nullptr, false);
  CAIRN_TRY_ASSIGN(auto config, parse_monitor_config(config_json.is_discarded() ? json() : config_json));
  CAIRN_TRY_ASSIGN(auto reference, parse_reference(m.reference));
  return MonitorContext{std::move(project), std::move(m), std::move(config), std::move(reference)};
}

json reference_summary(const stats::DatasetProfile& profile, const std::string& source, int64_t at) {
  json features = json::object();
  for (const auto& [name, f] : profile.features)
    features[name] = f.kind() == stats::FeatureKind::numeric ? "numeric" : "categorical";
  return {{"source", source}, {"rows", profile.rows}, {"created_at", at}, {"features", features}};
}

}  // namespace

Result<MonitorContext> monitor_for(storage::Connection& c, const Principal& p, const TrackingScope& scope,
                                   const std::string& ref, Action action) {
  auto missing = [&] { return Error::not_found("monitor '" + ref + "'"); };
  if (ref.empty() || ref.size() > 256) return missing();
  CAIRN_TRY_ASSIGN(auto project,
                   resolve_scope(c, p, scope, action == Action::monitor_ingest ? action : Action::monitor_read));
  CAIRN_TRY_ASSIGN(auto found, store::find(c, project.project.project.id, ref));
  if (!found) return missing();
  CAIRN_TRY(authorize(p, action, project.project.role));
  return context_of(std::move(project), std::move(*found));
}

Result<std::vector<store::MonitorRecord>> MonitorService::list(const Caller& caller, const TrackingScope& scope) {
  return ctx_.read(caller,
                   [&](storage::Connection& c, const Principal& p) -> Result<std::vector<store::MonitorRecord>> {
                     CAIRN_TRY_ASSIGN(auto project, resolve_scope(c, p, scope, Action::monitor_read));
                     return store::list(c, project.project.project.id);
                   });
}

Result<store::MonitorRecord> MonitorService::create(const Caller& caller, const TrackingScope& scope,
                                                    const json& body) {
  return ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Result<store::MonitorRecord> {
    if (!body.is_object()) return Error::bad_request("the body must be a JSON object {name, deployment?, config?}");
    for (const auto& [key, value] : body.items())
      if (key != "name" && key != "deployment" && key != "config") return Error::validation(key, "unknown field");
    auto name = body.find("name");
    if (name == body.end() || !name->is_string()) return Error::validation("name", "required");
    CAIRN_TRY(validate_deployment_name(name->get<std::string>(), "name"));
    CAIRN_TRY_ASSIGN(auto config, parse_monitor_config(body.value("config", json())));
    std::optional<std::string> deployment_ref;
    if (auto d = body.find("deployment"); d != body.end() && !d->is_null()) {
      if (!d->is_string() || d->get<std::string>().empty())
        return Error::validation("deployment", "must be a deployment's name");
      deployment_ref = d->get<std::string>();
    }
    CAIRN_TRY_ASSIGN(auto project, resolve_scope(c, p, scope, Action::monitor_write));
    CAIRN_TRY(authorize(p, Action::monitor_write, project.project.role));
    store::MonitorRecord m;
    m.id = crypto::new_id();
    m.org_id = project.org.org.id;
    m.project_id = project.project.project.id;
    m.name = name->get<std::string>();
    if (deployment_ref) {
      CAIRN_TRY_ASSIGN(auto d, deployment_for(c, p, scope, *deployment_ref, Action::deployment_read));
      m.deployment_id = d.deployment.id;
    }
    m.config = monitor_config_json(config).dump();
    CAIRN_TRY_ASSIGN(m.created_by, actor_name(c, p));
    m.created_at = m.updated_at = now_ms();
    auto inserted = store::insert(c, m);
    if (!inserted.ok() && inserted.error().code == ErrorCode::conflict)
      return Error{ErrorCode::conflict,
                   deployment_ref ? "the deployment already has a monitor, or the name '" + m.name + "' is taken"
                                  : "a monitor named '" + m.name + "' exists in this project",
                   "name"};
    CAIRN_TRY(inserted);
    CAIRN_TRY(record_audit(c, caller, m.org_id, "monitor.create", "monitor", m.id, {{"name", m.name}}));
    return m;
  });
}

Result<MonitorContext> MonitorService::get(const Caller& caller, const TrackingScope& scope, const std::string& ref,
                                           Action action) {
  return ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<MonitorContext> {
    return monitor_for(c, p, scope, ref, action);
  });
}

Result<MonitorContext> MonitorService::for_deployment(const Caller& caller, const TrackingScope& scope,
                                                      const std::string& deployment_ref) {
  return ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<MonitorContext> {
    CAIRN_TRY_ASSIGN(auto d, deployment_for(c, p, scope, deployment_ref, Action::deployment_read));
    CAIRN_TRY_ASSIGN(auto monitor, ensure_deployment_monitor(c, d.deployment.id));
    if (!monitor) return Error::not_found("deployment '" + deployment_ref + "'");
    CAIRN_TRY(authorize(p, Action::monitor_read, d.project.project.role));
    return context_of(std::move(d.project), std::move(*monitor));
  });
}

Result<MonitorContext> MonitorService::update(const Caller& caller, const TrackingScope& scope, const std::string& ref,
                                              const json& body) {
  return ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Result<MonitorContext> {
    if (!body.is_object()) return Error::bad_request("the body must be a JSON object {config}");
    for (const auto& [key, value] : body.items())
      if (key != "config") return Error::validation(key, "unknown field");
    if (body.contains("config") && !body["config"].is_object())
      return Error::validation("config", "must be an object of the settings to change");
    CAIRN_TRY_ASSIGN(auto config, parse_monitor_config(body.value("config", json::object())));
    CAIRN_TRY_ASSIGN(auto m, monitor_for(c, p, scope, ref, Action::monitor_write));
    m.monitor.config = monitor_config_json(config).dump();
    m.monitor.updated_at = now_ms();
    m.config = config;
    CAIRN_TRY(store::update_config(c, m.monitor.id, m.monitor.config, m.monitor.updated_at));
    CAIRN_TRY(record_audit(c, caller, m.monitor.org_id, "monitor.update", "monitor", m.monitor.id,
                           {{"name", m.monitor.name}}));
    return m;
  });
}

Status MonitorService::remove(const Caller& caller, const TrackingScope& scope, const std::string& ref) {
  return ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Status {
    CAIRN_TRY_ASSIGN(auto m, monitor_for(c, p, scope, ref, Action::monitor_write));
    CAIRN_TRY(store::remove(c, m.monitor.id));
    return record_audit(c, caller, m.monitor.org_id, "monitor.delete", "monitor", m.monitor.id,
                        {{"name", m.monitor.name}});
  });
}

Result<json> MonitorService::set_reference(const Caller& caller, const TrackingScope& scope, const std::string& ref,
                                           const ReferenceInput& input) {
  return ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<json> {
    CAIRN_TRY_ASSIGN(auto m, monitor_for(c, p, scope, ref, Action::monitor_write));
    std::vector<record_input::Record> records;
    std::string source;
    std::string dataset_description;  ///< which logged dataset, for a reference from one
    if (input.window) {
      auto [from, to] = *input.window;
      if (from >= to) return Error::validation("window", "from must be before to");
      CAIRN_TRY(
          store::for_each_record(c, m.monitor.id, from, to, 1'000'000, [&](const store::LabeledRecord& r) -> Status {
            record_input::Record rec;
            rec.id = r.record.record_id;
            rec.at = r.record.at;
            rec.features = json::parse(r.record.features, nullptr, false);
            rec.prediction = json::parse(r.record.prediction, nullptr, false);
            if (rec.features.is_object()) records.push_back(std::move(rec));
            return {};
          }));
      if (records.empty())
        return Error::validation("window",
                                 "no records were kept in that window (raise the deployment's sampling_rate "
                                 "or send records by API)");
      source = "window";
    } else if (input.dataset) {
      if (!artifacts_) return Error::internal("this server reads no artifacts for monitors");
      CAIRN_TRY_ASSIGN(auto dataset, read_logged_dataset(c, *artifacts_, caller, m.monitor.project_id,
                                                         m.monitor.deployment_id, *input.dataset));
      std::string body = std::move(dataset.body);
      if (dataset.format == record_input::Format::json) {
        // pandas' to_json(orient="records") writes a bare list of rows: each row is a record's features.
        auto rows = json::parse(body, nullptr, false);
        if (rows.is_array()) {
          json wrapped = json::array();
          for (auto& row : rows) wrapped.push_back({{"features", std::move(row)}});
          body = json{{"records", std::move(wrapped)}}.dump();
        }
      }
      CAIRN_TRY_ASSIGN(records, record_input::parse_reference_records(body, dataset.format, now_ms()));
      source = "dataset";
      dataset_description = dataset.description;
    } else {
      // The reference's own timestamps do not matter: parse as of now and ignore them.
      CAIRN_TRY_ASSIGN(records, record_input::parse_reference_records(input.body, input.format, now_ms()));
      source = input.format == record_input::Format::parquet ? "parquet"
               : input.format == record_input::Format::csv   ? "csv"
                                                             : "records";
    }
    CAIRN_TRY_ASSIGN(auto profile, stats::build_reference_profile(record_input::to_columns(records)));
    const int64_t now = now_ms();
    json summary = reference_summary(profile, source, now);
    if (!dataset_description.empty()) summary["dataset"] = dataset_description;
    const std::string stored = base64_encode(profile.serialize());
    CAIRN_TRY(storage::run_in_transaction(c, true, [&](storage::Connection& tx) -> Status {
      CAIRN_TRY(store::set_reference(tx, m.monitor.id, stored, summary.dump(), now));
      return record_audit(tx, caller, m.monitor.org_id, "monitor.reference", "monitor", m.monitor.id,
                          {{"name", m.monitor.name}, {"source", source}, {"rows", profile.rows}});
    }));
    ingest_.invalidate(m.monitor.id);
    return summary;
  });
}

Result<json> MonitorService::ingest(const Caller& caller, const TrackingScope& scope, const std::string& ref,
                                    std::string_view body, bool csv) {
  return ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<json> {
    CAIRN_TRY_ASSIGN(auto m, monitor_for(c, p, scope, ref, Action::monitor_ingest));
    if (m.monitor.deployment_id)
      return Error::conflict(
          "this monitor receives its deployment's predictions; send records to a monitor without "
          "a deployment");
    CAIRN_TRY_ASSIGN(auto records, record_input::parse_records(body, csv, now_ms(), m.reference.get()));
    std::vector<store::RawRecord> rows;
    rows.reserve(records.size());
    for (const auto& r : records) rows.push_back({r.id, r.at, 0, r.features.dump(), r.prediction.dump()});
    CAIRN_TRY_ASSIGN(auto inserted,
                     storage::in_transaction<std::vector<std::string>>(c, true, [&](storage::Connection& tx) {
                       return store::insert_records(tx, m.monitor.id, rows);
                     }));
    // Only records this call stored reach the statistics: a batch sent twice counts once.
    std::set<std::string> fresh(inserted.begin(), inserted.end());
    std::vector<IncomingRecord> incoming;
    incoming.reserve(fresh.size());
    for (auto& r : records)
      if (fresh.erase(r.id)) incoming.push_back({r.at, std::move(r.features), std::move(r.prediction)});
    ingest_.observe_records(MonitorShape{m.monitor.id, m.reference, reference_version(m.monitor)}, incoming);
    return json{
        {"received", records.size()}, {"stored", incoming.size()}, {"duplicates", records.size() - incoming.size()}};
  });
}

Result<json> MonitorService::label(const Caller& caller, const TrackingScope& scope, const std::string& ref,
                                   std::string_view body, bool csv) {
  return ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<json> {
    CAIRN_TRY_ASSIGN(auto labels, record_input::parse_labels(body, csv));
    CAIRN_TRY_ASSIGN(auto m, monitor_for(c, p, scope, ref, Action::monitor_ingest));
    std::vector<store::Label> rows;
    rows.reserve(labels.size());
    for (const auto& l : labels) rows.push_back({l.id, l.value.dump()});
    CAIRN_TRY_ASSIGN(auto matched, storage::in_transaction<int64_t>(c, true, [&](storage::Connection& tx) {
                       return store::put_labels(tx, m.monitor.id, rows, now_ms());
                     }));
    return json{{"received", labels.size()}, {"matched", matched}};
  });
}

}  // namespace cairn::service
