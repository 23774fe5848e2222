// Monitors: /api/v1/orgs/{org}/projects/{project}/monitors/... (records, labels, reference, reports)
#include "api/monitoring/monitor_routes.hpp"

#include <cctype>
#include <set>
#include <string>

#include "api/api.hpp"
#include "api/event_stream.hpp"
#include "api/json_input.hpp"
#include "common/clock.hpp"
#include "http/chunk_stream.hpp"
#include "service/monitoring/monitor_reports.hpp"

namespace cairn::api {
namespace {

using nlohmann::json;
namespace reports = service::monitor_reports;

const std::string kProject = "/api/v1/orgs/{org}/projects/{project}";

json monitor_view(const storage::monitoring::MonitorRecord& m) {
  auto config = json::parse(m.config, nullptr, false);
  auto reference = json::parse(m.reference_info, nullptr, false);
  return {{"id", m.id},
          {"name", m.name},
          {"deployment_id", m.deployment_id ? json(*m.deployment_id) : json()},
          {"config", config.is_discarded() ? json::object() : config},
          {"reference", m.reference && reference.is_object() && !reference.empty() ? reference : json()},
          {"created_by", m.created_by},
          {"created_at", m.created_at},
          {"updated_at", m.updated_at}};
}

bool is_csv(const http::Request& req) {
  auto type = req.header("content-type");
  return type && type->find("text/csv") != std::string_view::npos;
}

/// A Parquet body: IANA's application/vnd.apache.parquet, or the older application/x-parquet.
bool is_parquet(const http::Request& req) {
  auto type = req.header("content-type");
  if (!type) return false;
  std::string lower(*type);
  for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return lower.find("application/vnd.apache.parquet") != std::string::npos ||
         lower.find("application/x-parquet") != std::string::npos;
}

/// The range of a report: `from` and `to` in ms (default: the last hour), `resolution` in seconds.
Result<reports::Range> range_of(const http::Request& req, const char* from_name = "from", const char* to_name = "to") {
  CAIRN_TRY_ASSIGN(auto from, query_time_ms(req, from_name));
  CAIRN_TRY_ASSIGN(auto to, query_time_ms(req, to_name));
  CAIRN_TRY_ASSIGN(auto resolution, query_int(req, "resolution"));
  reports::Range r;
  r.to = to.value_or(now_ms());
  r.from = from.value_or(r.to - 3'600'000);
  r.resolution = resolution.value_or(0);
  auto group = req.query("group_by");
  if (group && *group != "revision") return Error::validation("group_by", "may only be revision");
  r.by_revision = group.has_value();
  return reports::checked(r);
}

/// One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break. Hand-written:
/// a few lines that no library in the tree offers for writing.
std::string csv_cell(const json& value) {
  std::string text = value.is_null() ? "" : value.is_string() ? value.get<std::string>() : value.dump();
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

/// Records as CSV: id, timestamp, revision, one column per feature (the union, sorted), the
/// prediction (one column per field of an object prediction) and the label.
std::string records_csv(const json& records) {
  std::set<std::string> features;
  std::set<std::string> predictions;
  for (const auto& r : records) {
    if (r["features"].is_object())
      for (const auto& [k, v] : r["features"].items()) features.insert(k);
    if (r["prediction"].is_object())
      for (const auto& [k, v] : r["prediction"].items()) predictions.insert(k);
  }
  std::string csv = "id,timestamp,revision";
  for (const auto& f : features) csv += "," + csv_cell(f);
  if (predictions.empty())
    csv += ",prediction";
  else
    for (const auto& p : predictions) csv += "," + csv_cell("prediction." + p);
  csv += ",label\n";
  for (const auto& r : records) {
    csv += csv_cell(r["id"]) + "," + csv_cell(r["timestamp"]) + "," + csv_cell(r["revision"]);
    const json& f = r["features"];
    for (const auto& name : features) csv += "," + csv_cell(f.is_object() && f.contains(name) ? f[name] : json());
    const json& p = r["prediction"];
    if (predictions.empty())
      csv += "," + csv_cell(p);
    else
      for (const auto& name : predictions) csv += "," + csv_cell(p.is_object() && p.contains(name) ? p[name] : json());
    csv += "," + csv_cell(r["label"]) + "\n";
  }
  return csv;
}

/// A report as JSON, or as CSV with `format=csv` (one line per bucket and field; records one per line).
Result<http::Response> report(const http::Request& req, const json& body) {
  auto format = req.query("format");
  if (!format || *format == "json") return json_result(200, body);
  if (*format != "csv") return Error::validation("format", "must be json or csv");
  if (body.contains("records")) {
    auto response = http::Response::text(200, records_csv(body["records"]), "text/csv; charset=utf-8");
    response.headers.emplace_back("Content-Disposition", "attachment; filename=\"records.csv\"");
    return response;
  }
  std::string csv = "start,field,value\n";
  for (const auto& bucket : body.value("buckets", json::array())) {
    const std::string start = std::to_string(bucket.value("start", int64_t{0}));
    const json flat = bucket.flatten();  // named: items() of a temporary would dangle
    for (const auto& item : flat.items()) {
      if (item.key() == "/start") continue;
      std::string value = item.value().is_string() ? item.value().get<std::string>() : item.value().dump();
      csv += start + "," + item.key().substr(1) + "," + value + "\n";
    }
  }
  auto response = http::Response::text(200, std::move(csv), "text/csv; charset=utf-8");
  response.headers.emplace_back("Content-Disposition", "attachment; filename=\"report.csv\"");
  return response;
}

}  // namespace

void add_monitor_routes(Api& api, service::MonitorService& monitors, service::MonitorWatch& watch,
                        storage::Database& db) {
  const std::string base = kProject + "/monitors";
  const std::string one = base + "/{monitor}";

  // Live dashboards: an `update` event whenever the monitor's statistics change (any replica's
  // flush), so a page refetches its reports then instead of polling; heartbeats keep proxies open.
  api.add_in_project(
      "GET", one + "/events",
      [&monitors, &watch](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto m, monitors.get(caller, tracking_scope(req), req.param("monitor")));
        CAIRN_TRY_ASSIGN(auto stream, open_event_stream(req));
        stream->write(http::sse_event(json{{"monitor", m.monitor.name}}.dump(), "ready"));
        std::weak_ptr<http::ChunkStream> weak = stream;
        const uint64_t id = watch.subscribe(m.monitor.id, [weak](int64_t written_at) {
          auto s = weak.lock();
          return s && !s->ended() && s->write(http::sse_event(json{{"written_at", written_at}}.dump(), "update"));
        });
        stream->on_end([&watch, id] { watch.unsubscribe(id); });
        return http::Response::event_stream(stream);
      });

  api.add_in_project("GET", base,
                     [&monitors](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto list, monitors.list(caller, tracking_scope(req)));
                       json items = json::array();
                       for (const auto& m : list) items.push_back(monitor_view(m));
                       return json_result(200, {{"monitors", items}});
                     });
  api.add_in_project("POST", base,
                     [&monitors](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       auto body = json::parse(req.body, nullptr, false);
                       if (body.is_discarded()) return Error::bad_request("the body is not valid JSON");
                       CAIRN_TRY_ASSIGN(auto created, monitors.create(caller, tracking_scope(req), body));
                       return json_result(201, monitor_view(created));
                     });
  api.add_in_project("GET", one,
                     [&monitors](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto m, monitors.get(caller, tracking_scope(req), req.param("monitor")));
                       return json_result(200, monitor_view(m.monitor));
                     });
  api.add_in_project("GET", kProject + "/deployments/{deployment}/monitor",
                     [&monitors](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto m,
                                        monitors.for_deployment(caller, tracking_scope(req), req.param("deployment")));
                       return json_result(200, monitor_view(m.monitor));
                     });
  api.add_in_project(
      "PATCH", one, [&monitors](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        auto body = json::parse(req.body, nullptr, false);
        if (body.is_discarded()) return Error::bad_request("the body is not valid JSON");
        CAIRN_TRY_ASSIGN(auto m, monitors.update(caller, tracking_scope(req), req.param("monitor"), body));
        return json_result(200, monitor_view(m.monitor));
      });
  api.add_in_project("DELETE", one,
                     [&monitors](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY(monitors.remove(caller, tracking_scope(req), req.param("monitor")));
                       return http::Response::no_content();
                     });
  api.add_in_project(
      "PUT", one + "/reference",
      [&monitors](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        service::ReferenceInput input;
        using service::record_input::Format;
        input.format = is_parquet(req) ? Format::parquet : is_csv(req) ? Format::csv : Format::json;
        if (input.format == Format::json) {
          if (req.body.starts_with("PAR1"))
            return Error::bad_request(
                "the body looks like a Parquet file: send it with Content-Type: application/vnd.apache.parquet");
          auto body = json::parse(req.body, nullptr, false);
          if (!body.is_object())
            return Error::bad_request("the body must be {records: [...]}, {window: {from, to}} or {dataset: {...}}");
          if (auto d = body.find("dataset"); d != body.end()) {
            if (!d->is_object()) return Error::validation("dataset", "must be {run_id?, name?}");
            service::DatasetChoice choice;
            for (const auto& [k, v] : d->items()) {
              if (k != "run_id" && k != "name") return Error::validation("dataset." + k, "unknown field");
              if (!v.is_string() || v.get<std::string>().empty() || v.get<std::string>().size() > 500)
                return Error::validation("dataset." + k, "must be a non-empty string");
              (k == "run_id" ? choice.run_id : choice.name) = v.get<std::string>();
            }
            input.dataset = choice;
          }
          if (auto w = body.find("window"); w != body.end()) {
            if (!w->is_object() || !(*w)["from"].is_number_integer() || !(*w)["to"].is_number_integer())
              return Error::validation("window", "must be {from, to} in ms since the epoch");
            input.window = std::pair{(*w)["from"].get<int64_t>(), (*w)["to"].get<int64_t>()};
          }
        }
        if (!input.window && !input.dataset) input.body = req.body;
        CAIRN_TRY_ASSIGN(auto summary,
                         monitors.set_reference(caller, tracking_scope(req), req.param("monitor"), input));
        return json_result(200, summary);
      },
      Lane::transfer);
  api.add_in_project(
      "POST", one + "/records",
      [&monitors](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto result,
                         monitors.ingest(caller, tracking_scope(req), req.param("monitor"), req.body, is_csv(req)));
        return json_result(200, result);
      },
      Lane::transfer);
  api.add_in_project("POST", one + "/labels",
                     [&monitors](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto result, monitors.label(caller, tracking_scope(req), req.param("monitor"),
                                                                    req.body, is_csv(req)));
                       return json_result(200, result);
                     });

  // Reports: each reads the monitor (checked for monitor_read) and then its statistics.
  using Report = std::function<Result<json>(storage::Connection&, const service::MonitorContext&, http::Request&)>;
  auto add_report = [&api, &monitors, &db](const std::string& path, Report make) {
    api.add_in_project("GET", path,
                       [&monitors, &db, make = std::move(make)](
                           http::Request& req, const service::Caller& caller) -> Result<http::Response> {
                         CAIRN_TRY_ASSIGN(auto m, monitors.get(caller, tracking_scope(req), req.param("monitor")));
                         CAIRN_TRY_ASSIGN(auto conn, db.acquire());
                         CAIRN_TRY_ASSIGN(auto body, make(*conn, m, req));
                         return report(req, body);
                       });
  };
  add_report(one + "/service",
             [](storage::Connection& c, const service::MonitorContext& m, http::Request& req) -> Result<json> {
               CAIRN_TRY_ASSIGN(auto r, range_of(req));
               return reports::service_series(c, m, r);
             });
  add_report(one + "/drift",
             [](storage::Connection& c, const service::MonitorContext& m, http::Request& req) -> Result<json> {
               CAIRN_TRY_ASSIGN(auto r, range_of(req));
               std::optional<reports::Range> baseline;
               if (req.query("baseline_from") || req.query("baseline_to")) {
                 CAIRN_TRY_ASSIGN(auto b, range_of(req, "baseline_from", "baseline_to"));
                 baseline = b;
               }
               return reports::drift(c, m, r, baseline);
             });
  add_report(one + "/quality",
             [](storage::Connection& c, const service::MonitorContext& m, http::Request& req) -> Result<json> {
               CAIRN_TRY_ASSIGN(auto r, range_of(req));
               return reports::quality(c, m, r);
             });
  add_report(one + "/performance",
             [](storage::Connection& c, const service::MonitorContext& m, http::Request& req) -> Result<json> {
               CAIRN_TRY_ASSIGN(auto r, range_of(req));
               return reports::performance(c, m, r);
             });
  add_report(one + "/series",
             [](storage::Connection& c, const service::MonitorContext& m, http::Request& req) -> Result<json> {
               auto name = req.query("name");
               if (!name || name->empty() || name->size() > 512)
                 return Error::validation("name",
                                          "the series' name is required (drift_share, drift_score:<feature>, ...; a "
                                          "trailing * matches a prefix)");
               CAIRN_TRY_ASSIGN(auto r, range_of(req));
               CAIRN_TRY_ASSIGN(auto points, storage::monitoring::series(c, m.monitor.id, *name, r.from, r.to));
               json series = json::object();
               for (const auto& p : points) series[p.name].push_back(json::array({p.at, p.value}));
               return json{{"from", r.from}, {"to", r.to}, {"series", series}};
             });
  add_report(one + "/records",
             [](storage::Connection& c, const service::MonitorContext& m, http::Request& req) -> Result<json> {
               CAIRN_TRY_ASSIGN(auto r, range_of(req));
               CAIRN_TRY_ASSIGN(auto limit, query_int(req, "limit"));
               if (limit && (*limit < 1 || *limit > 10'000)) return Error::validation("limit", "from 1 to 10000");
               json records = json::array();
               CAIRN_TRY(storage::monitoring::for_each_record(
                   c, m.monitor.id, r.from, r.to, limit.value_or(1000),
                   [&](const storage::monitoring::LabeledRecord& rec) -> Status {
                     records.push_back({{"id", rec.record.record_id},
                                        {"timestamp", rec.record.at},
                                        {"revision", rec.record.revision},
                                        {"features", json::parse(rec.record.features, nullptr, false)},
                                        {"prediction", json::parse(rec.record.prediction, nullptr, false)},
                                        {"label", rec.label ? json::parse(*rec.label, nullptr, false) : json()}});
                     return {};
                   }));
               return json{{"records", records}};
             });
}

}  // namespace cairn::api
