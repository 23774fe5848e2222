#include "service/alerting/rule_spec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <regex>

#include "common/json_number.hpp"
#include "service/alerting/routing.hpp"

namespace cairn::service::alerting {
namespace {

using nlohmann::json;

constexpr int64_t kDay = 86'400;
const std::array<std::string, 8> kServiceSeries = {"latency_p50_ms", "latency_p90_ms", "latency_p95_ms",
                                                   "latency_p99_ms", "error_rate",     "request_rate",
                                                   "requests",       "errors"};
const std::array<std::string, 3> kStoredSeries = {"drift_share", "dataset_drift", "drifted_features"};
const std::array<std::string, 5> kStoredPrefixes = {
    "drift_score:", "drifted:", "missing_share:", "out_of_range_share:", "new_category_share:"};
const std::array<std::string, 9> kPerformanceSeries = {"accuracy", "precision", "recall", "f1", "roc_auc",
                                                       "log_loss", "mae",       "rmse",   "r2"};
const std::array<std::string, 6> kOps = {">", ">=", "<", "<=", "==", "!="};
/// Labels every alert gets from its rule and target; a rule cannot set them itself.
const std::array<std::string, 7> kReservedLabels = {"alertname",  "severity",    "project",   "monitor",
                                                    "deployment", "environment", "experiment"};
const std::string kTrackingPrefix = "metric:";
const std::array<std::string, 4> kAggregates = {"last", "min", "max", "mean"};

template <std::size_t N>
bool one_of(const std::array<std::string, N>& names, const std::string& s) {
  return std::find(names.begin(), names.end(), s) != names.end();
}

Result<int64_t> seconds(const json& body, const char* field, int64_t fallback, int64_t min, int64_t max) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return fallback;
  const auto whole = whole_number(*it);
  if (!whole) return Error::validation(field, "must be a whole number of seconds");
  const int64_t v = *whole;
  if (v < min || v > max) return Error::validation(field, fmt::format("must be between {} and {} seconds", min, max));
  return v;
}

Result<std::map<std::string, std::string>> string_map(const json& value, const std::string& field,
                                                      std::size_t max_value) {
  if (!value.is_object()) return Error::validation(field, "must be an object of strings");
  if (value.size() > 20) return Error::validation(field, "at most 20 entries");
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : value.items()) {
    if (!is_label_name(k)) return Error::validation(field + "." + k, "names are letters, digits and _ (at most 63)");
    if (!v.is_string()) return Error::validation(field + "." + k, "must be a string");
    auto s = v.get<std::string>();
    if (s.size() > max_value) return Error::validation(field + "." + k, fmt::format("at most {} bytes", max_value));
    out[k] = std::move(s);
  }
  return out;
}

Result<Condition> parse_condition(const json& c, const Condition& base) {
  if (!c.is_object()) return Error::validation("condition", "must be {type, op, value}");
  for (const auto& [k, v] : c.items())
    if (k != "type" && k != "op" && k != "value" && k != "relative" && k != "offset_seconds")
      return Error::validation("condition." + k, "unknown field");
  Condition out = base;
  if (auto t = c.find("type"); t != c.end()) {
    if (!t->is_string()) return Error::validation("condition.type", "must be threshold, change or absence");
    const auto type = t->get<std::string>();
    if (type == "threshold")
      out.kind = Condition::Kind::threshold;
    else if (type == "change")
      out.kind = Condition::Kind::change;
    else if (type == "absence")
      out.kind = Condition::Kind::absence;
    else
      return Error::validation("condition.type", "must be threshold, change or absence");
  }
  if (auto op = c.find("op"); op != c.end()) {
    if (!op->is_string() || !one_of(kOps, op->get<std::string>()))
      return Error::validation("condition.op", "must be one of >, >=, <, <=, ==, !=");
    out.op = op->get<std::string>();
  }
  if (auto v = c.find("value"); v != c.end()) {
    if (!v->is_number() || !std::isfinite(v->get<double>()))
      return Error::validation("condition.value", "must be a finite number");
    out.value = v->get<double>();
  } else if (out.kind != Condition::Kind::absence && !c.contains("value") && base.kind != out.kind) {
    return Error::validation("condition.value", "required");
  }
  if (auto r = c.find("relative"); r != c.end()) {
    if (!r->is_boolean()) return Error::validation("condition.relative", "must be true or false");
    out.relative = r->get<bool>();
  }
  CAIRN_TRY_ASSIGN(out.offset_seconds, seconds(c, "offset_seconds", out.offset_seconds, 0, 90 * kDay));
  if (out.kind == Condition::Kind::change && out.offset_seconds < 60)
    return Error::validation("condition.offset_seconds",
                             "a change compares with an earlier window: at least 60 seconds back");
  return out;
}

}  // namespace

bool compare(double value, const std::string& op, double threshold) {
  if (op == ">") return value > threshold;
  if (op == ">=") return value >= threshold;
  if (op == "<") return value < threshold;
  if (op == "<=") return value <= threshold;
  if (op == "==") return value == threshold;
  return value != threshold;
}

bool is_service_series(const std::string& series) {
  return one_of(kServiceSeries, series);
}

bool is_stored_series(const std::string& series) {
  if (one_of(kStoredSeries, series)) return true;
  return std::any_of(kStoredPrefixes.begin(), kStoredPrefixes.end(), [&](const std::string& p) {
    return series.size() > p.size() && series.compare(0, p.size(), p) == 0;
  });
}

bool is_performance_series(const std::string& series) {
  return one_of(kPerformanceSeries, series);
}

bool is_restart_series(const std::string& series) {
  return series == "worker_restarts";
}

bool is_tracking_series(const std::string& series) {
  return series.size() > kTrackingPrefix.size() && series.compare(0, kTrackingPrefix.size(), kTrackingPrefix) == 0;
}

std::string tracking_metric_key(const std::string& series) {
  return is_tracking_series(series) ? series.substr(kTrackingPrefix.size()) : std::string();
}

namespace {

/// The rule's target: a monitor or an experiment, exactly one (a PATCH naming one replaces the other).
Status parse_target(const json& body, const RuleSpec* base, RuleSpec& spec) {
  const auto m = body.find("monitor");
  const auto e = body.find("experiment");
  if (m != body.end() && e != body.end())
    return Error::validation("experiment", "a rule watches a monitor or an experiment, not both");
  if (m != body.end()) {
    if (!m->is_string() || m->get<std::string>().empty() || m->get<std::string>().size() > 256)
      return Error::validation("monitor", "must name a monitor of the project (a deployment's has its name)");
    spec.monitor = m->get<std::string>();
    spec.experiment.clear();
  } else if (e != body.end()) {
    if (!e->is_string() || e->get<std::string>().empty() || e->get<std::string>().size() > 500)
      return Error::validation("experiment", "must name an experiment of the project");
    spec.experiment = e->get<std::string>();
    spec.monitor.clear();
  } else if (!base) {
    return Error::validation("monitor",
                             "required: the monitor (or deployment) the rule watches, or an experiment instead");
  }
  return {};
}

Status check_series(const RuleSpec& spec) {
  if (!spec.experiment.empty()) {
    if (!is_tracking_series(spec.series) || spec.series.size() > 300)
      return Error::validation("series", "a rule on an experiment watches metric:<key>, a metric its runs log");
    return {};
  }
  if (is_tracking_series(spec.series))
    return Error::validation("series", "metric:<key> watches the runs of an experiment: set experiment, not monitor");
  if (spec.series.size() > 300 || !(is_service_series(spec.series) || is_stored_series(spec.series) ||
                                    is_performance_series(spec.series) || is_restart_series(spec.series)))
    return Error::validation("series",
                             "unknown series: latency_p50_ms, latency_p90_ms, latency_p95_ms, latency_p99_ms, "
                             "error_rate, request_rate, requests, errors, worker_restarts, drift_share, "
                             "dataset_drift, drifted_features, drift_score:<feature>, drifted:<feature>, "
                             "missing_share:<feature>, out_of_range_share:<feature>, new_category_share:<feature>, "
                             "accuracy, precision, recall, f1, roc_auc, log_loss, mae, "
                             "rmse, r2 (or metric:<key> on an experiment)");
  return {};
}

}  // namespace

Result<RuleSpec> parse_rule_spec(const json& body, const RuleSpec* base) {
  if (!body.is_object()) return Error::bad_request("the rule must be a JSON object");
  static const std::array<std::string, 15> kKeys = {
      "name",      "enabled",        "severity",  "monitor",          "experiment",  "series",
      "aggregate", "window_seconds", "condition", "interval_seconds", "for_seconds", "keep_firing_seconds",
      "labels",    "annotations",    "actions"};
  for (const auto& [k, v] : body.items())
    if (!one_of(kKeys, k)) return Error::validation(k, "unknown field");
  RuleSpec spec = base ? *base : RuleSpec{};
  if (auto s = body.find("severity"); s != body.end()) {
    if (!s->is_string() || (*s != "critical" && *s != "warning" && *s != "info"))
      return Error::validation("severity", "must be critical, warning or info");
    spec.severity = s->get<std::string>();
  }
  CAIRN_TRY(parse_target(body, base, spec));
  if (auto s = body.find("series"); s != body.end()) {
    if (!s->is_string()) return Error::validation("series", "must be a string");
    spec.series = s->get<std::string>();
  } else if (!base) {
    return Error::validation("series", "required");
  }
  CAIRN_TRY(check_series(spec));
  if (auto a = body.find("aggregate"); a != body.end()) {
    if (!a->is_string() || !one_of(kAggregates, a->get<std::string>()))
      return Error::validation("aggregate", "must be last, min, max or mean");
    spec.aggregate = a->get<std::string>();
  }
  CAIRN_TRY_ASSIGN(spec.window_seconds, seconds(body, "window_seconds", spec.window_seconds, 60, 30 * kDay));
  CAIRN_TRY_ASSIGN(spec.interval_seconds, seconds(body, "interval_seconds", spec.interval_seconds, 1, kDay));
  CAIRN_TRY_ASSIGN(spec.for_seconds, seconds(body, "for_seconds", spec.for_seconds, 0, 7 * kDay));
  CAIRN_TRY_ASSIGN(spec.keep_firing_seconds,
                   seconds(body, "keep_firing_seconds", spec.keep_firing_seconds, 0, 7 * kDay));
  if (auto c = body.find("condition"); c != body.end()) {
    CAIRN_TRY_ASSIGN(spec.condition, parse_condition(*c, base ? base->condition : Condition{}));
  } else if (!base) {
    return Error::validation("condition", "required: {type: threshold|change|absence, op, value}");
  }
  if (spec.condition.kind == Condition::Kind::absence && spec.series != "requests" && !is_tracking_series(spec.series))
    return Error::validation("condition.type",
                             "absence watches traffic (the series requests) or a metric no run logs any more");
  if (auto l = body.find("labels"); l != body.end()) {
    CAIRN_TRY_ASSIGN(spec.labels, string_map(*l, "labels", 256));
    for (const auto& [k, v] : spec.labels)
      if (one_of(kReservedLabels, k))
        return Error::validation("labels." + k, "set by Cairn from the rule and its target");
  }
  if (auto a = body.find("annotations"); a != body.end()) {
    CAIRN_TRY_ASSIGN(spec.annotations, string_map(*a, "annotations", 4000));
    for (const auto& [k, v] : spec.annotations) CAIRN_TRY(check_template(v, "annotations." + k));
    if (auto url = spec.annotations.find("runbook_url"); url != spec.annotations.end() && !url->second.empty() &&
                                                         url->second.rfind("https://", 0) != 0 &&
                                                         url->second.rfind("http://", 0) != 0)
      return Error::validation("annotations.runbook_url", "must be an http(s) URL");
  }
  if (auto actions = body.find("actions"); actions != body.end()) {
    if (!actions->is_object()) return Error::validation("actions", "must be {rollback: {enabled, cooldown_seconds}}");
    for (const auto& [k, v] : actions->items())
      if (k != "rollback") return Error::validation("actions." + k, "unknown action");
    if (auto r = actions->find("rollback"); r != actions->end()) {
      if (!r->is_object()) return Error::validation("actions.rollback", "must be {enabled, cooldown_seconds}");
      for (const auto& [k, v] : r->items())
        if (k != "enabled" && k != "cooldown_seconds")
          return Error::validation("actions.rollback." + k, "unknown field");
      if (auto e = r->find("enabled"); e != r->end()) {
        if (!e->is_boolean()) return Error::validation("actions.rollback.enabled", "must be true or false");
        spec.rollback = e->get<bool>();
      }
      auto cooldown = seconds(*r, "cooldown_seconds", spec.rollback_cooldown_seconds, 0, 7 * kDay);
      if (!cooldown.ok()) return Error::validation("actions.rollback.cooldown_seconds", cooldown.error().message);
      spec.rollback_cooldown_seconds = *cooldown;
    }
  }
  if (spec.rollback && !spec.experiment.empty())
    return Error::validation("actions.rollback.enabled", "an experiment has no deployment to roll back");
  return spec;
}

json to_json(const RuleSpec& s) {
  json condition = {{"type", s.condition.kind == Condition::Kind::threshold ? "threshold"
                             : s.condition.kind == Condition::Kind::change  ? "change"
                                                                            : "absence"}};
  if (s.condition.kind != Condition::Kind::absence) {
    condition["op"] = s.condition.op;
    condition["value"] = s.condition.value;
  }
  if (s.condition.kind == Condition::Kind::change) {
    condition["relative"] = s.condition.relative;
    condition["offset_seconds"] = s.condition.offset_seconds;
  }
  json out = {
      {"severity", s.severity},
      {"series", s.series},
      {"window_seconds", s.window_seconds},
      {"condition", condition},
      {"interval_seconds", s.interval_seconds},
      {"for_seconds", s.for_seconds},
      {"keep_firing_seconds", s.keep_firing_seconds},
      {"labels", s.labels},
      {"annotations", s.annotations},
      {"actions", {{"rollback", {{"enabled", s.rollback}, {"cooldown_seconds", s.rollback_cooldown_seconds}}}}}};
  if (!s.experiment.empty()) {
    out["experiment"] = s.experiment;
    out["aggregate"] = s.aggregate;
  } else {
    out["monitor"] = s.monitor;
  }
  return out;
}

namespace {

/// The placeholder inside `{{ }}`, or nullopt when it is not one we render.
std::optional<std::string> placeholder(std::string inner) {
  auto trim = [](std::string& s) {
    s.erase(0, s.find_first_not_of(" \t"));
    s.erase(s.find_last_not_of(" \t") + 1);
  };
  trim(inner);
  if (inner == "$value" || inner == ".Value") return std::string("$value");
  for (const char* prefix : {"$labels.", ".Labels."}) {
    const std::string p = prefix;
    if (inner.rfind(p, 0) == 0 && is_label_name(inner.substr(p.size()))) return "label:" + inner.substr(p.size());
  }
  return std::nullopt;
}

}  // namespace

// Hand-written: a template engine (inja, Go templates) would evaluate what users type; alerts need
// two kinds of placeholder and nothing that can loop, call or read the server's state.
std::string render_template(const std::string& text, double value, const std::map<std::string, std::string>& labels) {
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    const auto open = text.find("{{", at);
    const auto close = open == std::string::npos ? std::string::npos : text.find("}}", open + 2);
    if (close == std::string::npos) {
      out.append(text, at, std::string::npos);
      break;
    }
    out.append(text, at, open - at);
    auto p = placeholder(text.substr(open + 2, close - open - 2));
    if (p && *p == "$value") {
      out += fmt::format("{:.4g}", value);
    } else if (p) {
      auto it = labels.find(p->substr(6));
      if (it != labels.end()) out += it->second;
    }
    at = close + 2;
  }
  return out;
}

Status check_template(const std::string& text, const std::string& field) {
  std::size_t at = 0;
  while ((at = text.find("{{", at)) != std::string::npos) {
    const auto close = text.find("}}", at + 2);
    if (close == std::string::npos) return Error::validation(field, "a {{ is never closed with }}");
    if (!placeholder(text.substr(at + 2, close - at - 2)))
      return Error::validation(field, "templates may only use {{ $value }} and {{ $labels.<name> }}");
    at = close + 2;
  }
  return {};
}

json rule_templates() {
  // `target` says what the editor asks for before the template is a whole rule.
  auto rule = [](const char* id, const char* title, const char* description, json body,
                 const char* target = "monitor") {
    return json{
        {"id", id}, {"title", title}, {"description", description}, {"target", target}, {"rule", std::move(body)}};
  };
  return json::array({
      rule("latency_p99", "p99 latency above 250 ms for 5 minutes",
           "The slowest 1% of requests take longer than the threshold.",
           {{"severity", "warning"},
            {"series", "latency_p99_ms"},
            {"window_seconds", 300},
            {"condition", {{"type", "threshold"}, {"op", ">"}, {"value", 250}}},
            {"for_seconds", 300},
            {"annotations",
             {{"summary", "{{ $labels.monitor }}: p99 latency is {{ $value }} ms"},
              {"description", "The 99th percentile of latency over 5 minutes is above 250 ms."}}}}),
      rule("error_rate", "Error rate above 1 %", "More than 1% of requests fail.",
           {{"severity", "critical"},
            {"series", "error_rate"},
            {"window_seconds", 300},
            {"condition", {{"type", "threshold"}, {"op", ">"}, {"value", 0.01}}},
            {"for_seconds", 120},
            {"annotations", {{"summary", "{{ $labels.monitor }}: {{ $value }} of requests fail"}}}}),
      rule("no_traffic", "No traffic for 15 minutes", "The deployment received no request at all.",
           {{"severity", "warning"},
            {"series", "requests"},
            {"window_seconds", 900},
            {"condition", {{"type", "absence"}}},
            {"annotations", {{"summary", "{{ $labels.monitor }} received no request for 15 minutes"}}}}),
      rule("dataset_drift", "Dataset drift detected", "The drift evaluation judged the inputs drifted.",
           {{"severity", "warning"},
            {"series", "dataset_drift"},
            {"window_seconds", 7200},
            {"condition", {{"type", "threshold"}, {"op", ">="}, {"value", 1}}},
            {"annotations", {{"summary", "{{ $labels.monitor }}: the inputs drifted from the reference"}}}}),
      rule("accuracy_drop", "Accuracy dropped by 5 points from a week ago",
           "Accuracy on labelled records is 5 points below the week before.",
           {{"severity", "critical"},
            {"series", "accuracy"},
            {"window_seconds", 86400},
            {"condition", {{"type", "change"}, {"op", "<"}, {"value", -0.05}, {"offset_seconds", 604800}}},
            {"annotations", {{"summary", "{{ $labels.monitor }}: accuracy changed by {{ $value }}"}}}}),
      rule("worker_restarts", "A worker restarting repeatedly",
           "Model workers exited more than 3 times in 15 minutes (a crash loop, out of memory).",
           {{"severity", "critical"},
            {"series", "worker_restarts"},
            {"window_seconds", 900},
            {"condition", {{"type", "threshold"}, {"op", ">"}, {"value", 3}}},
            {"annotations",
             {{"summary", "{{ $labels.deployment }}: workers exited {{ $value }} times in 15 minutes"},
              {"description", "See the deployment's logs for the exit reason."}}}}),
      rule("training_stalled", "Training stopped logging",
           "No run of the experiment logged the metric for 30 minutes: a hung or dead training job.",
           {{"severity", "warning"},
            {"series", "metric:loss"},
            {"window_seconds", 1800},
            {"condition", {{"type", "absence"}}},
            {"annotations", {{"summary", "{{ $labels.experiment }}: no run logged loss for 30 minutes"}}}},
           "experiment"),
      rule("training_metric", "A training metric out of bounds",
           "The highest latest value of a metric across the experiment's runs crosses a threshold.",
           {{"severity", "warning"},
            {"series", "metric:loss"},
            {"aggregate", "max"},
            {"window_seconds", 600},
            {"condition", {{"type", "threshold"}, {"op", ">"}, {"value", 10}}},
            {"annotations", {{"summary", "{{ $labels.experiment }}: loss reached {{ $value }}"}}}},
           "experiment"),
      rule("error_burst_rollback", "Errors after a rollout: roll back",
           "More than 5% of requests fail for 2 minutes: roll back to the previous revision.",
           {{"severity", "critical"},
            {"series", "error_rate"},
            {"window_seconds", 120},
            {"condition", {{"type", "threshold"}, {"op", ">"}, {"value", 0.05}}},
            {"for_seconds", 120},
            {"actions", {{"rollback", {{"enabled", true}, {"cooldown_seconds", 3600}}}}},
            {"annotations", {{"summary", "{{ $labels.monitor }} fails {{ $value }} of requests: rolling back"}}}}),
  });
}

}  // namespace cairn::service::alerting
