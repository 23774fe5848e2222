#include "service/alerting/alert_inbox_service.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "common/json_number.hpp"
#include "service/alerting/alert_access.hpp"
#include "service/alerting/alert_views.hpp"
#include "service/alerting/notice_json.hpp"
#include "service/tenancy/audit_trail.hpp"
#include "storage/alerting/alert_store.hpp"
#include "storage/alerting/notification_store.hpp"

namespace cairn::service {
namespace {

using nlohmann::json;
namespace store = storage::alerting;
namespace al = alerting;

json alert_json(const store::AlertRecord& a, const std::optional<std::string>& silenced_by) {
  auto labels = json::parse(a.labels, nullptr, false);
  auto annotations = json::parse(a.annotations, nullptr, false);
  return {
      {"id", a.id},
      {"rule", {{"id", a.rule_id}, {"name", a.rule_name}}},
      {"state", a.state},
      {"severity", a.severity},
      {"labels", labels.is_object() ? labels : json::object()},
      {"annotations", annotations.is_object() ? annotations : json::object()},
      {"value", a.value ? json(*a.value) : json()},
      {"active_since", a.active_since},
      {"fired_at", a.fired_at ? json(a.fired_at) : json()},
      {"resolved_at", a.resolved_at ? json(a.resolved_at) : json()},
      {"acknowledged",
       a.acknowledged_at ? json{{"by", a.acknowledged_by}, {"at", a.acknowledged_at}, {"note", a.ack_note}} : json()},
      {"silenced_by", silenced_by ? json(*silenced_by) : json()}};
}

Result<std::string> note_of(const json& body) {
  auto it = body.find("note");
  if (it == body.end() || it->is_null()) return std::string();
  if (!it->is_string() || it->get<std::string>().size() > 2000)
    return Error::validation("note", "a text of at most 2000 bytes");
  return it->get<std::string>();
}

/// PagerDuty incidents follow acknowledgements: each PagerDuty channel the alert was routed to
/// gets an `acknowledge` event for the alert's group (its dedup key).
Status queue_acknowledgements(storage::Connection& c, const store::AlertRecord& a, const std::string& public_url,
                              int64_t now) {
  CAIRN_TRY_ASSIGN(auto policy_text, store::policy_of(c, a.project_id));
  if (!policy_text) return {};
  auto policy = al::parse_policy(json::parse(*policy_text, nullptr, false));
  if (!policy.ok()) return {};
  CAIRN_TRY_ASSIGN(auto channels, store::list_channels(c, a.project_id));
  CAIRN_TRY_ASSIGN(auto base_url, al::project_url(c, public_url, a.project_id));
  const auto labels = al::labels_of(a);
  for (auto r : al::routes_for(*policy, labels)) {
    const auto& route = policy->routes[r];
    for (const auto& ch : channels) {
      if (ch.kind != "pagerduty" ||
          std::find(route.channels.begin(), route.channels.end(), ch.name) == route.channels.end())
        continue;
      notify::Notice notice;
      notice.id = crypto::new_id();
      notice.group_key = al::group_key(*policy, r, labels);
      notice.status = "firing";
      notice.event = "acknowledge";
      notice.receiver = ch.name;
      notice.group_labels = al::group_labels(route, labels);
      notice.common_labels = labels;
      notice.external_url = public_url;
      notice.alerts.push_back(al::notice_alert(a, base_url));
      store::NotificationRecord n;
      n.id = notice.id;
      n.org_id = a.org_id;
      n.project_id = a.project_id;
      n.channel_id = ch.id;
      n.group_key = notice.group_key;
      n.reason = "acknowledge";
      n.payload = al::to_json(notice).dump();
      n.next_attempt_at = now;
      n.created_at = now;
      CAIRN_TRY(store::insert_notification(c, n));
    }
  }
  return {};
}

/// Acknowledges or resolves one alert of the project (409 when it is not open any more).
Result<store::AlertRecord> respond(storage::Connection& c, const Caller& caller, const Principal& p,
                                   const std::string& project_id, const std::string& id, const std::string& action,
                                   const std::string& note, const std::string& public_url) {
  CAIRN_TRY_ASSIGN(auto alert, store::find_alert(c, project_id, id));
  if (!alert) return Error::not_found("alert '" + id + "'");
  if (alert->state == "resolved") return Error::conflict("the alert is already resolved");
  const int64_t now = now_ms();
  if (action == "acknowledge") {
    if (alert->acknowledged_at) return Error::conflict("the alert is already acknowledged");
    CAIRN_TRY_ASSIGN(bool done, store::acknowledge_alert(c, alert->id, p.user_id, note, now));
    if (!done) return Error::conflict("the alert changed meanwhile (resolved or acknowledged): reload it");
    alert->acknowledged_by = p.user_id;
    alert->acknowledged_at = now;
    alert->ack_note = note;
  } else {
    CAIRN_TRY_ASSIGN(bool done, store::resolve_alert(c, alert->id, now));
    if (!done) return Error::conflict("the alert is already resolved");
    alert->state = "resolved";
    alert->resolved_at = now;
  }
  alert->updated_at = now;
  CAIRN_TRY(
      store::add_event(c, {crypto::new_id(), alert->id, now, action == "acknowledge" ? "acknowledged" : "resolved",
                           p.user_id, json{{"note", note}, {"by_hand", true}}.dump()}));
  if (action == "acknowledge") CAIRN_TRY(queue_acknowledgements(c, *alert, public_url, now));
  CAIRN_TRY(record_audit(c, caller, alert->org_id, "alert." + action, "alert", alert->id,
                         {{"rule", alert->rule_name}, {"note", note}}));
  return *alert;
}

}  // namespace

Result<json> AlertInboxService::list(const Caller& caller, const TrackingScope& scope, const AlertQuery& q) {
  return ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<json> {
    static const std::set<std::string> kStates = {"pending", "firing", "resolved", "acknowledged", "silenced"};
    for (const auto& s : q.states)
      if (!kStates.count(s))
        return Error::validation("state", "one or more of pending, firing, resolved, acknowledged, silenced");
    if (q.severity && *q.severity != "critical" && *q.severity != "warning" && *q.severity != "info")
      return Error::validation("severity", "critical, warning or info");
    CAIRN_TRY_ASSIGN(auto project, alert_project(c, p, scope, Action::alert_read));
    const auto& project_id = project.project.project.id;
    store::AlertFilter f;
    f.severity = q.severity;
    f.from = q.from;
    f.to = q.to;
    f.limit = q.limit;
    if (q.rule) {
      CAIRN_TRY_ASSIGN(auto rule, store::find_rule(c, project_id, *q.rule));
      if (!rule) return Error::validation("rule", "no alert rule '" + *q.rule + "' in this project");
      f.rule_id = rule->id;
    }
    if (q.deployment) {
      f.label_name = "deployment";
      f.label_value = *q.deployment;
    }
    // Acknowledged and silenced are views of open alerts: read the open ones and filter here.
    std::set<std::string> states(q.states.begin(), q.states.end());
    const bool derived = states.count("acknowledged") || states.count("silenced");
    for (const auto& s : states)
      if (s == "pending" || s == "firing" || s == "resolved") f.states.push_back(s);
    if (derived) {
      for (const char* s : {"pending", "firing"})
        if (!states.count(s)) f.states.push_back(s);
    }
    CAIRN_TRY_ASSIGN(auto alerts, store::list_alerts(c, project_id, f));
    const int64_t now = now_ms();
    CAIRN_TRY_ASSIGN(auto silences, store::list_silences(c, project_id, now, false));
    json items = json::array();
    std::map<std::string, int64_t> counts;
    for (const auto& a : alerts) {
      const auto silence = a.state == "resolved" ? std::nullopt : al::silenced_by(silences, al::labels_of(a), now);
      const bool acked = a.state == "firing" && a.acknowledged_at;
      if (!states.empty()) {
        const bool wanted =
            states.count(a.state) || (states.count("acknowledged") && acked) || (states.count("silenced") && silence);
        if (!wanted) continue;
      }
      ++counts[a.state];
      items.push_back(alert_json(a, silence));
    }
    return json{{"alerts", items}, {"counts", counts}};
  });
}

Result<json> AlertInboxService::get(const Caller& caller, const TrackingScope& scope, const std::string& id) {
  return ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<json> {
    CAIRN_TRY_ASSIGN(auto project, alert_project(c, p, scope, Action::alert_read));
    const auto& project_id = project.project.project.id;
    CAIRN_TRY_ASSIGN(auto alert, store::find_alert(c, project_id, id));
    if (!alert) return Error::not_found("alert '" + id + "'");
    CAIRN_TRY_ASSIGN(auto silences, store::list_silences(c, project_id, now_ms(), false));
    const auto silence =
        alert->state == "resolved" ? std::nullopt : al::silenced_by(silences, al::labels_of(*alert), now_ms());
    json view = alert_json(*alert, silence);
    CAIRN_TRY_ASSIGN(auto events, store::events_of(c, alert->id));
    json timeline = json::array();
    for (const auto& e : events) {
      auto detail = json::parse(e.detail, nullptr, false);
      timeline.push_back({{"at", e.at},
                          {"kind", e.kind},
                          {"actor", e.actor},
                          {"detail", detail.is_object() ? detail : json::object()}});
    }
    view["timeline"] = timeline;
    CAIRN_TRY_ASSIGN(auto notifications,
                     store::list_notifications(c, project_id, std::nullopt, std::nullopt, alert->id, 100));
    json deliveries = json::array();
    for (const auto& n : notifications)
      deliveries.push_back({{"id", n.id},
                            {"channel", n.channel_name},
                            {"kind", n.channel_kind},
                            {"reason", n.reason},
                            {"status", n.status},
                            {"attempts", n.attempts},
                            {"last_error", n.last_error},
                            {"created_at", n.created_at},
                            {"delivered_at", n.delivered_at ? json(n.delivered_at) : json()}});
    view["notifications"] = deliveries;
    return view;
  });
}

Result<json> AlertInboxService::acknowledge(const Caller& caller, const TrackingScope& scope, const std::string& id,
                                            const std::string& note) {
  return respond_one(caller, scope, id, "acknowledge", note);
}

Result<json> AlertInboxService::resolve(const Caller& caller, const TrackingScope& scope, const std::string& id,
                                        const std::string& note) {
  return respond_one(caller, scope, id, "resolve", note);
}

Result<json> AlertInboxService::respond_one(const Caller& caller, const TrackingScope& scope, const std::string& id,
                                            const std::string& action, const std::string& note) {
  CAIRN_TRY(ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Status {
    if (note.size() > 2000) return Error::validation("note", "a text of at most 2000 bytes");
    CAIRN_TRY_ASSIGN(auto project, alert_project(c, p, scope, Action::alert_respond));
    CAIRN_TRY(respond(c, caller, p, project.project.project.id, id, action, note, ctx_.config.public_url));
    return {};
  }));
  return get(caller, scope, id);
}

Result<json> AlertInboxService::bulk(const Caller& caller, const TrackingScope& scope, const json& body) {
  return ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Result<json> {
    if (!body.is_object()) return Error::bad_request("the body must be {ids, action}");
    for (const auto& [k, v] : body.items())
      if (k != "ids" && k != "action" && k != "note" && k != "duration_seconds")
        return Error::validation(k, "unknown field");
    auto ids = body.find("ids");
    if (ids == body.end() || !ids->is_array() || ids->empty() || ids->size() > 500)
      return Error::validation("ids", "a list of 1 to 500 alert ids");
    for (std::size_t i = 0; i < ids->size(); ++i)
      if (!(*ids)[i].is_string()) return Error::validation("ids[" + std::to_string(i) + "]", "must be an alert id");
    auto action = body.value("action", json()).is_string() ? body["action"].get<std::string>() : std::string();
    if (action != "acknowledge" && action != "resolve" && action != "silence")
      return Error::validation("action", "acknowledge, resolve or silence");
    CAIRN_TRY_ASSIGN(auto note, note_of(body));
    int64_t duration = 3600;
    if (auto d = body.find("duration_seconds"); d != body.end()) {
      const auto given = whole_number_in(*d, 60, 30 * 86400);
      if (!given) return Error::validation("duration_seconds", "from 60 seconds to 30 days");
      duration = *given;
    }
    json results = json::array();
    CAIRN_TRY_ASSIGN(auto project, alert_project(c, p, scope, Action::alert_respond));
    const auto& project_id = project.project.project.id;
    for (const auto& idv : *ids) {
      const auto id = idv.get<std::string>();
      if (action != "silence") {
        auto done = respond(c, caller, p, project_id, id, action, note, ctx_.config.public_url);
        results.push_back({{"id", id}, {"ok", done.ok()}, {"error", done.ok() ? json() : json(done.error().message)}});
        if (!done.ok() && done.error().code != ErrorCode::conflict && done.error().code != ErrorCode::not_found)
          return done.error();
        continue;
      }
      CAIRN_TRY_ASSIGN(auto alert, store::find_alert(c, project_id, id));
      if (!alert) {
        results.push_back({{"id", id}, {"ok", false}, {"error", "alert '" + id + "' not found"}});
        continue;
      }
      // A silence of this rule on this target: later episodes of the same problem stay quiet too.
      const auto labels = al::labels_of(*alert);
      json matchers = json::array(
          {{{"name", "alertname"}, {"op", "="}, {"value", labels.count("alertname") ? labels.at("alertname") : ""}}});
      for (const char* name : {"deployment", "monitor"})
        if (labels.count(name)) matchers.push_back({{"name", name}, {"op", "="}, {"value", labels.at(name)}});
      const int64_t now = now_ms();
      store::SilenceRecord s{crypto::new_id(),
                             alert->org_id,
                             project_id,
                             matchers.dump(),
                             now,
                             now + duration * 1000,
                             note.empty() ? "silenced from the alert inbox" : note,
                             p.user_id,
                             now};
      CAIRN_TRY(store::insert_silence(c, s));
      CAIRN_TRY(store::add_event(c, {crypto::new_id(), alert->id, now, "silenced", p.user_id,
                                     json{{"silence", s.id}, {"until", s.ends_at}}.dump()}));
      CAIRN_TRY(record_audit(c, caller, alert->org_id, "silence.create", "silence", s.id, {{"alert", alert->id}}));
      results.push_back({{"id", id}, {"ok", true}, {"silence", s.id}});
    }
    return json{{"results", results}};
  });
}

Result<json> AlertInboxService::analytics(const Caller& caller, const TrackingScope& scope, int64_t from, int64_t to) {
  return ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<json> {
    if (from >= to) return Error::validation("from", "must be before to");
    CAIRN_TRY_ASSIGN(auto project, alert_project(c, p, scope, Action::alert_read));
    store::AlertFilter f;
    f.from = from;
    f.to = to;
    f.limit = 20000;
    f.states = {"firing", "resolved"};
    CAIRN_TRY_ASSIGN(auto alerts, store::list_alerts(c, project.project.project.id, f));
    struct Tally {
      std::string name;
      int64_t fired = 0, resolved = 0, acknowledged = 0;
      double ack_ms = 0, resolve_ms = 0;
    };
    std::map<std::string, Tally> by_rule;
    std::map<std::string, int64_t> by_deployment;
    std::map<int64_t, int64_t> by_day;
    Tally all;
    for (const auto& a : alerts) {
      if (!a.fired_at) continue;  // resolved by hand before it ever fired
      auto& t = by_rule[a.rule_id];
      t.name = a.rule_name;
      for (Tally* x : {&t, &all}) {
        ++x->fired;
        if (a.acknowledged_at) {
          ++x->acknowledged;
          x->ack_ms += static_cast<double>(a.acknowledged_at - a.fired_at);
        }
        if (a.resolved_at) {
          ++x->resolved;
          x->resolve_ms += static_cast<double>(a.resolved_at - a.fired_at);
        }
      }
      auto labels = al::labels_of(a);
      if (labels.count("deployment")) ++by_deployment[labels["deployment"]];
      ++by_day[a.fired_at / 86'400'000 * 86'400'000];
    }
    auto mean_seconds = [](double total_ms, int64_t n) {
      return n ? json(total_ms / static_cast<double>(n) / 1000.0) : json();
    };
    json rules = json::array();
    for (const auto& [id, t] : by_rule)
      rules.push_back({{"rule_id", id},
                       {"name", t.name},
                       {"fired", t.fired},
                       {"resolved", t.resolved},
                       {"acknowledged", t.acknowledged},
                       {"mean_time_to_acknowledge_seconds", mean_seconds(t.ack_ms, t.acknowledged)},
                       {"mean_time_to_resolve_seconds", mean_seconds(t.resolve_ms, t.resolved)}});
    // Noisiest: fired most, and among equals resolved fastest (flapping rules are tuning candidates).
    json noisiest = rules;
    std::sort(noisiest.begin(), noisiest.end(), [](const json& a, const json& b) {
      if (a["fired"] != b["fired"]) return a["fired"].get<int64_t>() > b["fired"].get<int64_t>();
      const double ra =
          a["mean_time_to_resolve_seconds"].is_number() ? a["mean_time_to_resolve_seconds"].get<double>() : 1e18;
      const double rb =
          b["mean_time_to_resolve_seconds"].is_number() ? b["mean_time_to_resolve_seconds"].get<double>() : 1e18;
      return ra < rb;
    });
    if (noisiest.size() > 5) noisiest.erase(noisiest.begin() + 5, noisiest.end());
    json days = json::array();
    for (const auto& [day, n] : by_day) days.push_back({{"day", day}, {"fired", n}});
    json deployments = json::array();
    for (const auto& [name, n] : by_deployment) deployments.push_back({{"deployment", name}, {"fired", n}});
    return json{{"from", from},
                {"to", to},
                {"fired", all.fired},
                {"mean_time_to_acknowledge_seconds", mean_seconds(all.ack_ms, all.acknowledged)},
                {"mean_time_to_resolve_seconds", mean_seconds(all.resolve_ms, all.resolved)},
                {"by_rule", rules},
                {"by_deployment", deployments},
                {"by_day", days},
                {"noisiest", noisiest}};
  });
}

}  // namespace cairn::service
