#include "service/alerting/alert_engine.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "service/alerting/alert_target.hpp"
#include "service/alerting/rule_evaluation.hpp"
#include "service/deployments/rollback_target.hpp"
#include "storage/alerting/alert_store.hpp"
#include "storage/deployments/deployment_store.hpp"

namespace cairn::service {
namespace {

using nlohmann::json;
namespace store = storage::alerting;
namespace al = alerting;

constexpr int kRulesPerRun = 500;

Status add_event(storage::Connection& c, const std::string& alert_id, int64_t at, const std::string& kind,
                 const json& detail = json::object(), const std::string& actor = "") {
  return store::add_event(c, {crypto::new_id(), alert_id, at, kind, actor, detail.dump()});
}

json rendered(const al::RuleSpec& spec, double value, const al::Labels& labels) {
  json out = json::object();
  for (const auto& [k, v] : spec.annotations) out[k] = al::render_template(v, value, labels);
  return out;
}

}  // namespace

AlertEngine::Measurement AlertEngine::measure(storage::Connection& c, const storage::alerting::RuleRecord& rule,
                                              int64_t now) {
  Measurement m;
  auto spec = al::parse_rule_spec(json::parse(rule.spec, nullptr, false));
  if (!spec.ok()) {
    m.error = "the stored rule does not parse: " + spec.error().message;
    return m;
  }
  m.spec = *spec;
  auto target = al::find_target(c, rule.project_id, rule.name, *spec);
  if (!target.ok()) {
    m.error = target.error().message;
    return m;
  }
  if (!*target) {
    m.error = al::missing_target(*spec);
    return m;
  }
  m.target = std::move(**target);
  auto reading = al::read_rule(c, *m.target, *spec, now);
  if (!reading.ok()) {
    m.error = reading.error().message;
    return m;
  }
  m.reading = *reading;
  return m;
}

Status AlertEngine::evaluate_due() {
  const int64_t now = now_ms();
  std::vector<store::RuleRecord> due;
  {
    CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
    CAIRN_TRY_ASSIGN(due, store::due_rules(*conn, now, kRulesPerRun));
  }
  for (const auto& rule : due) {
    auto done = evaluate(rule, now);
    ++evaluations_;
    if (!done.ok()) {
      ++failures_;
      spdlog::warn("alert rule {}: evaluation failed: {}", rule.id, done.error().message);
    }
  }
  return {};
}

Status AlertEngine::evaluate(const store::RuleRecord& listed, int64_t now) {
  const auto started = std::chrono::steady_clock::now();
  CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
  // Measured before the write transaction: reading a window's statistics must not hold the write
  // lock that ingestion needs (SQLite has one).
  auto measured = measure(*conn, listed, now);
  std::string fired_alert;  // rolled back after the transaction, when the rule asks for it
  std::optional<Rollback> rollback;
  CAIRN_TRY(storage::run_in_transaction(*conn, true, [&](storage::Connection& c) -> Status {
    CAIRN_TRY_ASSIGN(auto found, store::rule_by_id(c, listed.id));
    // Changed or evaluated by someone else meanwhile: the next tick measures it again.
    if (!found || !found->enabled || found->next_eval_at > now || found->updated_at != listed.updated_at) return {};
    auto rule = *found;
    auto finish = [&](std::string health, std::string error, std::optional<double> value) {
      rule.health = std::move(health);
      rule.last_error = std::move(error);
      rule.last_value = value;
      rule.last_eval_at = now;
      rule.last_eval_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
      return store::record_evaluation(c, rule);
    };
    rule.next_eval_at = now + (measured.spec ? measured.spec->interval_seconds * 1000 : 60'000);
    if (!measured.error.empty()) return finish("error", measured.error, std::nullopt);
    const auto& spec = measured.spec;
    const auto& target = measured.target;
    const auto met = measured.reading.met;
    // The value an alert shows is what the condition compared (no statistics at all: no requests).
    std::optional<double> shown = measured.reading.compared;
    if (!shown && spec->condition.kind != al::Condition::Kind::change) shown = 0.0;
    const bool active = met.value_or(false);

    CAIRN_TRY_ASSIGN(auto open, store::open_alert(c, rule.id));
    std::optional<al::OpenAlert> state;
    if (open) state = al::OpenAlert{open->state, open->active_since, open->last_true_at};
    // Written only if nobody acknowledged or resolved it meanwhile; else the next tick looks again.
    const int64_t read_at = open ? open->updated_at : 0;
    auto write = [&](const store::AlertRecord& a) -> Result<bool> { return store::update_alert(c, a, read_at); };
    const auto next = al::next_state(state, active, now, *spec);
    const double v = shown.value_or(0);
    const json detail = {{"value", shown ? json(*shown) : json()}};
    switch (next) {
      case al::Next::none:
        if (open) {
          if (active) open->last_true_at = now;
          open->value = shown;
          open->annotations = rendered(*spec, v, target->labels).dump();
          open->updated_at = now;
          CAIRN_TRY_ASSIGN(bool written, write(*open));
          if (!written) return {};
        }
        break;
      case al::Next::pending:
      case al::Next::firing:
        if (!open) {
          store::AlertRecord a;
          a.id = crypto::new_id();
          a.org_id = rule.org_id;
          a.project_id = rule.project_id;
          a.rule_id = rule.id;
          a.fingerprint = al::fingerprint(target->labels);
          a.state = next == al::Next::firing ? "firing" : "pending";
          a.severity = spec->severity;
          a.labels = json(target->labels).dump();
          a.annotations = rendered(*spec, v, target->labels).dump();
          a.value = shown;
          a.active_since = now;
          a.fired_at = next == al::Next::firing ? now : 0;
          a.last_true_at = now;
          a.updated_at = now;
          CAIRN_TRY(store::insert_alert(c, a));
          CAIRN_TRY(add_event(c, a.id, now, a.state, detail));
          if (next == al::Next::firing) fired_alert = a.id;
        } else {
          open->state = "firing";
          open->fired_at = now;
          open->last_true_at = now;
          open->value = shown;
          open->annotations = rendered(*spec, v, target->labels).dump();
          open->updated_at = now;
          CAIRN_TRY_ASSIGN(bool written, write(*open));
          if (!written) return {};
          CAIRN_TRY(add_event(c, open->id, now, "firing", detail));
          fired_alert = open->id;
        }
        break;
      case al::Next::resolved:
        open->state = "resolved";
        open->resolved_at = now;
        open->value = shown;
        open->updated_at = now;
        {
          CAIRN_TRY_ASSIGN(bool written, write(*open));
          if (!written) return {};
        }
        CAIRN_TRY(add_event(c, open->id, now, "resolved", detail));
        break;
      case al::Next::dropped:
        CAIRN_TRY(store::delete_alert(c, open->id));
        break;
    }
    if (!fired_alert.empty() && !(spec->rollback && target->deployment_id &&
                                  now - rule.last_action_at >= spec->rollback_cooldown_seconds * 1000))
      fired_alert.clear();
    if (!fired_alert.empty()) {
      CAIRN_TRY(store::set_last_action(c, rule.id, now));
      rollback = Rollback{fired_alert, *target->deployment_id, rule.name, rule.created_by};
    }
    return finish(met ? "ok" : "no_data", "", shown);
  }));
  if (rollback) roll_back(*rollback);
  return {};
}

void AlertEngine::roll_back(const Rollback& what) {
  const auto& alert_id = what.alert_id;
  // Acts as the rule's author (a developer who may roll the deployment back), so permissions,
  // the deployment's events and the audit log work as for a person's rollback.
  auto outcome = [&]() -> Result<json> {
    CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
    CAIRN_TRY_ASSIGN(auto d, storage::deployments::find_by_id(*conn, what.deployment_id));
    if (!d) return Error::not_found("the rule's deployment");
    CAIRN_TRY_ASSIGN(auto target, last_healthy_revision(*conn, *d));
    if (!target) return Error::conflict("no earlier revision of the deployment was healthy to roll back to");
    const int64_t previous = *target;
    CAIRN_TRY_ASSIGN(auto org, conn->query("SELECT slug FROM organizations WHERE id = ?", {d->org_id}));
    CAIRN_TRY_ASSIGN(auto project, conn->query("SELECT slug FROM projects WHERE id = ?", {d->project_id}));
    if (org.empty() || project.empty()) return Error::not_found("the rule's project");
    Caller caller;
    Principal p;
    p.kind = Principal::Kind::user;
    p.user_id = what.author;
    caller.principal = p;
    caller.user_agent = "alert rule " + what.rule_name;
    caller.request_id = "alert-" + alert_id.substr(0, 12);
    TrackingScope scope{org[0].text(0), project[0].text(0)};
    CAIRN_TRY_ASSIGN(auto after, deployments_.rollback(caller, scope, d->id, previous));
    return json{{"deployment", d->name},
                {"from_revision", d->revision},
                {"to_revision", previous},
                {"new_revision", after.revision}};
  }();
  auto conn = ctx_.db.acquire();
  if (!conn.ok()) return;
  if (outcome.ok()) {
    ++rollbacks_;
    (void)add_event(**conn, alert_id, now_ms(), "rollback", *outcome, "rule");
  } else {
    spdlog::warn("alert {}: rollback failed: {}", alert_id, outcome.error().message);
    (void)add_event(**conn, alert_id, now_ms(), "rollback_failed", {{"error", outcome.error().message}}, "rule");
  }
}

std::string AlertEngine::metrics_text() const {
  return fmt::format(
      "# HELP cairn_alert_rule_evaluations_total Alert rule evaluations run by this process.\n"
      "# TYPE cairn_alert_rule_evaluations_total counter\ncairn_alert_rule_evaluations_total {}\n"
      "# HELP cairn_alert_rule_evaluation_failures_total Alert rule evaluations that failed.\n"
      "# TYPE cairn_alert_rule_evaluation_failures_total counter\ncairn_alert_rule_evaluation_failures_total {}\n"
      "# HELP cairn_alert_rollbacks_total Deployments rolled back by alert rules.\n"
      "# TYPE cairn_alert_rollbacks_total counter\ncairn_alert_rollbacks_total {}\n",
      evaluations_.load(), failures_.load(), rollbacks_.load());
}

}  // namespace cairn::service
