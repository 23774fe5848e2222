#include "service/alerting/alert_rule_service.hpp"

#include <algorithm>

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "common/json_number.hpp"
#include "service/alerting/alert_access.hpp"
#include "service/alerting/alert_target.hpp"
#include "service/alerting/rule_evaluation.hpp"
#include "service/tenancy/audit_trail.hpp"
#include "storage/alerting/alert_store.hpp"

namespace cairn::service {
namespace {

using nlohmann::json;
namespace store = storage::alerting;
namespace al = alerting;

Status validate_rule_name(const json& body, bool required) {
  auto it = body.find("name");
  if (it == body.end()) return required ? Error::validation("name", "required") : Status{};
  if (!it->is_string()) return Error::validation("name", "must be a string");
  const auto name = it->get<std::string>();
  if (name.empty() || name.size() > 100) return Error::validation("name", "1 to 100 characters");
  if (name.front() == ' ' || name.back() == ' ') return Error::validation("name", "no leading or trailing spaces");
  if (std::any_of(name.begin(), name.end(), [](unsigned char ch) { return ch < 0x20 || ch == 0x7f; }))
    return Error::validation("name", "no control characters");
  return {};
}

Result<bool> enabled_of(const json& body, bool fallback) {
  auto it = body.find("enabled");
  if (it == body.end()) return fallback;
  if (!it->is_boolean()) return Error::validation("enabled", "must be true or false");
  return it->get<bool>();
}

json alert_summary(const store::AlertRecord& a) {
  return {{"id", a.id}, {"state", a.state}, {"active_since", a.active_since}, {"fired_at", a.fired_at}};
}

json rule_view(const store::RuleRecord& r, const std::optional<store::AlertRecord>& open) {
  auto spec = json::parse(r.spec, nullptr, false);
  json view = spec.is_object() ? spec : json::object();
  view["id"] = r.id;
  view["name"] = r.name;
  view["enabled"] = r.enabled;
  view["status"] = {{"health", r.health},
                    {"last_error", r.last_error},
                    {"last_value", r.last_value ? json(*r.last_value) : json()},
                    {"last_evaluated_at", r.last_eval_at},
                    {"next_evaluation_at", r.next_eval_at},
                    {"last_evaluation_ms", r.last_eval_ms}};
  view["alert"] = open ? alert_summary(*open) : json();
  view["created_by"] = r.created_by;
  view["created_at"] = r.created_at;
  view["updated_at"] = r.updated_at;
  return view;
}

/// 422 on the target's field: "no monitor 'x' in this project".
Error missing_target_error(const al::RuleSpec& spec, const std::string& prefix) {
  if (!spec.experiment.empty())
    return Error::validation(prefix + "experiment", "no experiment '" + spec.experiment + "' in this project");
  return Error::validation(prefix + "monitor", "no monitor '" + spec.monitor + "' in this project");
}

/// The rule's target must exist; a rollback needs a deployment to roll back.
Status check_target(storage::Connection& c, const std::string& project_id, const std::string& name,
                    const al::RuleSpec& spec) {
  CAIRN_TRY_ASSIGN(auto target, al::find_target(c, project_id, name, spec));
  if (!target) return missing_target_error(spec, "");
  if (spec.rollback && !target->deployment_id)
    return Error::validation("actions.rollback.enabled", "the monitor watches no deployment to roll back");
  return {};
}

}  // namespace

Result<json> AlertRuleService::list(const Caller& caller, const TrackingScope& scope) {
  return ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<json> {
    CAIRN_TRY_ASSIGN(auto project, alert_project(c, p, scope, Action::alert_read));
    CAIRN_TRY_ASSIGN(auto rules, store::list_rules(c, project.project.project.id));
    json items = json::array();
    for (const auto& r : rules) {
      CAIRN_TRY_ASSIGN(auto open, store::open_alert(c, r.id));
      items.push_back(rule_view(r, open));
    }
    return json{{"rules", items}, {"templates", al::rule_templates()}};
  });
}

Result<json> AlertRuleService::get(const Caller& caller, const TrackingScope& scope, const std::string& ref) {
  return ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<json> {
    CAIRN_TRY_ASSIGN(auto project, alert_project(c, p, scope, Action::alert_read));
    CAIRN_TRY_ASSIGN(auto rule, store::find_rule(c, project.project.project.id, ref));
    if (!rule) return Error::not_found("alert rule '" + ref + "'");
    CAIRN_TRY_ASSIGN(auto open, store::open_alert(c, rule->id));
    return rule_view(*rule, open);
  });
}

Result<json> AlertRuleService::create(const Caller& caller, const TrackingScope& scope, const json& body) {
  return ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Result<json> {
    if (!body.is_object()) return Error::bad_request("the rule must be a JSON object");
    CAIRN_TRY(validate_rule_name(body, true));
    CAIRN_TRY_ASSIGN(auto spec, al::parse_rule_spec(body));
    CAIRN_TRY_ASSIGN(bool enabled, enabled_of(body, true));
    CAIRN_TRY_ASSIGN(auto project, alert_project(c, p, scope, Action::alert_write));
    const auto& project_id = project.project.project.id;
    store::RuleRecord r;
    r.id = crypto::new_id();
    r.org_id = project.org.org.id;
    r.project_id = project_id;
    r.name = body["name"].get<std::string>();
    CAIRN_TRY(check_target(c, project_id, r.name, spec));
    CAIRN_TRY_ASSIGN(auto existing, store::find_rule(c, project_id, r.name));
    if (existing) return Error::conflict("an alert rule named '" + r.name + "' already exists in this project");
    r.spec = al::to_json(spec).dump();
    r.enabled = enabled;
    r.created_by = p.user_id;
    r.created_at = r.updated_at = now_ms();
    r.next_eval_at = r.created_at;  // evaluated at the next tick
    CAIRN_TRY(store::insert_rule(c, r));
    CAIRN_TRY(record_audit(c, caller, r.org_id, "alert_rule.create", "alert_rule", r.id, {{"name", r.name}}));
    return rule_view(r, std::nullopt);
  });
}

Result<json> AlertRuleService::update(const Caller& caller, const TrackingScope& scope, const std::string& ref,
                                      const json& body) {
  return ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Result<json> {
    if (!body.is_object()) return Error::bad_request("the change must be a JSON object");
    CAIRN_TRY(validate_rule_name(body, false));
    CAIRN_TRY_ASSIGN(auto project, alert_project(c, p, scope, Action::alert_write));
    const auto& project_id = project.project.project.id;
    CAIRN_TRY_ASSIGN(auto rule, store::find_rule(c, project_id, ref));
    if (!rule) return Error::not_found("alert rule '" + ref + "'");
    CAIRN_TRY_ASSIGN(auto base, al::parse_rule_spec(json::parse(rule->spec, nullptr, false)));
    CAIRN_TRY_ASSIGN(auto spec, al::parse_rule_spec(body, &base));
    if (body.contains("name") && body["name"] != rule->name) {
      CAIRN_TRY_ASSIGN(auto clash, store::find_rule(c, project_id, body["name"].get<std::string>()));
      if (clash) return Error::conflict("an alert rule named '" + body["name"].get<std::string>() + "' already exists");
      rule->name = body["name"].get<std::string>();
    }
    CAIRN_TRY(check_target(c, project_id, rule->name, spec));
    CAIRN_TRY_ASSIGN(rule->enabled, enabled_of(body, rule->enabled));
    rule->spec = al::to_json(spec).dump();
    rule->updated_at = now_ms();
    rule->next_eval_at = rule->updated_at;  // the change takes effect at the next evaluation
    CAIRN_TRY(store::update_rule(c, *rule));
    if (!rule->enabled) {
      // A disabled rule stops watching: what it had open resolves now, as Prometheus drops its alerts.
      CAIRN_TRY_ASSIGN(auto open, store::open_alert(c, rule->id));
      if (open && open->state == "pending") CAIRN_TRY(store::delete_alert(c, open->id));
      if (open && open->state == "firing") {
        CAIRN_TRY_ASSIGN(bool resolved, store::resolve_alert(c, open->id, rule->updated_at));
        if (resolved) {
          CAIRN_TRY(store::add_event(c, {crypto::new_id(), open->id, rule->updated_at, "resolved", p.log_id(),
                                         json{{"reason", "the rule was disabled"}}.dump()}));
        }
      }
    }
    CAIRN_TRY(record_audit(c, caller, rule->org_id, "alert_rule.update", "alert_rule", rule->id,
                           {{"name", rule->name}, {"fields", [&] {
                                                     json keys = json::array();
                                                     for (const auto& [k, v] : body.items()) keys.push_back(k);
                                                     return keys;
                                                   }()}}));
    CAIRN_TRY_ASSIGN(auto open, store::open_alert(c, rule->id));
    return rule_view(*rule, open);
  });
}

Status AlertRuleService::remove(const Caller& caller, const TrackingScope& scope, const std::string& ref) {
  return ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Status {
    CAIRN_TRY_ASSIGN(auto project, alert_project(c, p, scope, Action::alert_write));
    CAIRN_TRY_ASSIGN(auto rule, store::find_rule(c, project.project.project.id, ref));
    if (!rule) return Error::not_found("alert rule '" + ref + "'");
    CAIRN_TRY(store::delete_rule(c, rule->id));
    return record_audit(c, caller, rule->org_id, "alert_rule.delete", "alert_rule", rule->id, {{"name", rule->name}});
  });
}

Result<json> AlertRuleService::preview(const Caller& caller, const TrackingScope& scope, const json& body) {
  return ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<json> {
    if (!body.is_object() || !body.contains("rule")) return Error::bad_request("the body must be {rule, hours?}");
    int64_t hours = 6;
    if (auto h = body.find("hours"); h != body.end()) {
      const auto given = whole_number_in(*h, 1, 168);
      if (!given) return Error::validation("hours", "from 1 to 168");
      hours = *given;
    }
    json rule = body["rule"];
    if (!rule.is_object()) return Error::validation("rule", "must be a rule object");
    rule.erase("name");
    rule.erase("enabled");
    auto spec = al::parse_rule_spec(rule);
    if (!spec.ok()) {
      auto e = spec.error();
      if (!e.field.empty()) e.field = "rule." + e.field;
      return e;
    }
    CAIRN_TRY_ASSIGN(auto project, alert_project(c, p, scope, Action::alert_read));
    CAIRN_TRY_ASSIGN(auto target, al::find_target(c, project.project.project.id, "preview", *spec));
    if (!target) return missing_target_error(*spec, "rule.");
    // At most 360 evaluations over the range: one per interval, or coarser for long ranges.
    const int64_t to = now_ms();
    const int64_t from = to - hours * 3'600'000;
    const int64_t step = std::max<int64_t>(spec->interval_seconds * 1000, (to - from) / 360);
    json points = json::array();
    json episodes = json::array();
    std::optional<al::OpenAlert> open;
    int64_t fired_at = 0;
    for (int64_t t = from + step; t <= to; t += step) {
      CAIRN_TRY_ASSIGN(auto reading, al::read_rule(c, *target, *spec, t));
      points.push_back(json::array({t, reading.compared ? json(*reading.compared) : json()}));
      const bool active = reading.met.value_or(false);
      switch (al::next_state(open, active, t, *spec)) {
        case al::Next::pending:
          open = al::OpenAlert{"pending", t, t};
          break;
        case al::Next::firing:
          if (!open) open = al::OpenAlert{"firing", t, t};
          open->state = "firing";
          fired_at = t;
          break;
        case al::Next::resolved:
          episodes.push_back({{"fired_at", fired_at}, {"resolved_at", t}});
          open.reset();
          break;
        case al::Next::dropped:
          open.reset();
          break;
        case al::Next::none:
          if (open && active) open->last_true_at = t;
          break;
      }
    }
    if (open && open->state == "firing") episodes.push_back({{"fired_at", fired_at}, {"resolved_at", nullptr}});
    json condition = al::to_json(*spec)["condition"];
    return json{{"from", from},           {"to", to},         {"step_ms", step},   {"series", spec->series},
                {"condition", condition}, {"points", points}, {"firing", episodes}};
  });
}

}  // namespace cairn::service
