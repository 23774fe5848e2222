#include "service/alerting/rule_spec.hpp"

#include <gtest/gtest.h>

namespace cairn::service::alerting {
namespace {

using nlohmann::json;

json valid_rule() {
  return {{"monitor", "churn"},
          {"series", "latency_p99_ms"},
          {"condition", {{"type", "threshold"}, {"op", ">"}, {"value", 250}}},
          {"for_seconds", 300},
          {"annotations", {{"summary", "{{ $labels.deployment }} p99 is {{ $value }} ms"}}}};
}

std::string field_of(const json& body) {
  auto parsed = parse_rule_spec(body);
  return parsed.ok() ? "(accepted)" : parsed.error().field;
}

TEST(RuleSpec, a_valid_rule_round_trips_through_its_json) {
  auto spec = parse_rule_spec(valid_rule());
  ASSERT_TRUE(spec.ok()) << spec.error().message;
  EXPECT_EQ(spec->series, "latency_p99_ms");
  EXPECT_EQ(spec->for_seconds, 300);
  EXPECT_EQ(spec->window_seconds, 300) << "the default window";
  auto again = parse_rule_spec(to_json(*spec));
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(to_json(*again), to_json(*spec));
}

TEST(RuleSpec, a_patch_changes_only_what_it_names) {
  auto base = parse_rule_spec(valid_rule());
  ASSERT_TRUE(base.ok());
  auto patched = parse_rule_spec(json{{"condition", {{"value", 500}}}}, &*base);
  ASSERT_TRUE(patched.ok()) << patched.error().message;
  EXPECT_EQ(patched->condition.value, 500);
  EXPECT_EQ(patched->condition.op, ">");
  EXPECT_EQ(patched->series, "latency_p99_ms");
}

TEST(RuleSpec, bad_input_names_the_field) {
  auto with = [](const char* key, json value) {
    auto body = valid_rule();
    body[key] = std::move(value);
    return body;
  };
  EXPECT_EQ(field_of(with("series", "latency_p42")), "series");
  EXPECT_EQ(field_of(with("series", "drift_score:")), "series") << "a per-feature series names its feature";
  EXPECT_EQ(field_of(with("window_seconds", 10)), "window_seconds");
  EXPECT_EQ(field_of(with("interval_seconds", 0)), "interval_seconds");
  EXPECT_EQ(field_of(with("for_seconds", "5m")), "for_seconds");
  EXPECT_EQ(field_of(with("severity", "page")), "severity");
  EXPECT_EQ(field_of(with("labels", {{"alertname", "x"}})), "labels.alertname");
  EXPECT_EQ(field_of(with("labels", {{"bad-name", "x"}})), "labels.bad-name");
  EXPECT_EQ(field_of(with("condition", {{"type", "threshold"}, {"op", "~"}, {"value", 1}})), "condition.op");
  EXPECT_EQ(field_of(with("condition", {{"type", "change"}, {"op", ">"}, {"value", 1}})), "condition.offset_seconds");
  EXPECT_EQ(field_of(with("condition", {{"type", "absence"}})), "condition.type") << "absence watches traffic";
  EXPECT_EQ(field_of(with("annotations", {{"runbook_url", "javascript:alert(1)"}})), "annotations.runbook_url");
  EXPECT_EQ(field_of(with("actions", {{"rollback", {{"enabled", "yes"}}}})), "actions.rollback.enabled");
  EXPECT_EQ(field_of(with("oops", 1)), "oops");
  auto no_monitor = valid_rule();
  no_monitor.erase("monitor");
  EXPECT_EQ(field_of(no_monitor), "monitor");
}

TEST(RuleSpec, templates_render_value_and_labels_and_refuse_anything_else) {
  EXPECT_EQ(render_template("{{ $labels.deployment }} p99 is {{ $value }} ms", 312.456, {{"deployment", "churn"}}),
            "churn p99 is 312.5 ms");
  EXPECT_EQ(render_template("{{.Labels.deployment}}: {{ .Value }}", 0.5, {{"deployment", "x"}}), "x: 0.5");
  EXPECT_EQ(render_template("{{ $labels.missing }}|", 1, {}), "|");
  EXPECT_TRUE(check_template("plain text", "f").ok());
  EXPECT_EQ(check_template("{{ .Values | exec }}", "annotations.summary").error().field, "annotations.summary");
  EXPECT_FALSE(check_template("{{ $labels.x", "f").ok());
  EXPECT_FALSE(check_template("{{ range . }}", "f").ok());
}

TEST(RuleSpec, every_template_of_the_gallery_is_a_valid_rule) {
  for (const auto& t : rule_templates()) {
    auto body = t["rule"];
    body[t["target"].get<std::string>()] = "m";
    auto spec = parse_rule_spec(body);
    EXPECT_TRUE(spec.ok()) << t["id"] << ": " << spec.error().message;
  }
}

TEST(RuleSpec, a_rule_watches_an_experiments_metric_instead_of_a_monitor) {
  json body = {{"experiment", "sweep"},
               {"series", "metric:val_loss"},
               {"aggregate", "max"},
               {"condition", {{"type", "threshold"}, {"op", ">"}, {"value", 2}}}};
  auto spec = parse_rule_spec(body);
  ASSERT_TRUE(spec.ok()) << spec.error().message;
  EXPECT_EQ(spec->experiment, "sweep");
  EXPECT_EQ(tracking_metric_key(spec->series), "val_loss");
  auto again = parse_rule_spec(to_json(*spec));
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(to_json(*again), to_json(*spec));
  EXPECT_FALSE(to_json(*spec).contains("monitor"));

  // A training job that stops logging: absence works on a metric too.
  body["condition"] = {{"type", "absence"}};
  EXPECT_EQ(field_of(body), "(accepted)");
  // Naming the other target in a PATCH replaces the first.
  auto moved = parse_rule_spec(json{{"monitor", "churn"}, {"series", "error_rate"}}, &*spec);
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(moved->monitor, "churn");
  EXPECT_TRUE(moved->experiment.empty());
}

TEST(RuleSpec, targets_and_series_must_belong_together) {
  json both = valid_rule();
  both["experiment"] = "sweep";
  EXPECT_EQ(field_of(both), "experiment");
  json metric_on_monitor = valid_rule();
  metric_on_monitor["series"] = "metric:loss";
  EXPECT_EQ(field_of(metric_on_monitor), "series");
  json latency_on_experiment = {{"experiment", "sweep"},
                                {"series", "latency_p99_ms"},
                                {"condition", {{"type", "threshold"}, {"op", ">"}, {"value", 1}}}};
  EXPECT_EQ(field_of(latency_on_experiment), "series");
  json bad_aggregate = {{"experiment", "sweep"},
                        {"series", "metric:loss"},
                        {"aggregate", "median"},
                        {"condition", {{"type", "threshold"}, {"op", ">"}, {"value", 1}}}};
  EXPECT_EQ(field_of(bad_aggregate), "aggregate");
  json rollback = {{"experiment", "sweep"},
                   {"series", "metric:loss"},
                   {"condition", {{"type", "threshold"}, {"op", ">"}, {"value", 1}}},
                   {"actions", {{"rollback", {{"enabled", true}}}}}};
  EXPECT_EQ(field_of(rollback), "actions.rollback.enabled");
  json restarts = valid_rule();
  restarts["series"] = "worker_restarts";
  EXPECT_EQ(field_of(restarts), "(accepted)");
  json empty_key = {{"experiment", "sweep"},
                    {"series", "metric:"},
                    {"condition", {{"type", "threshold"}, {"op", ">"}, {"value", 1}}}};
  EXPECT_EQ(field_of(empty_key), "series");
}

}  // namespace
}  // namespace cairn::service::alerting
