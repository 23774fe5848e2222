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
    body["monitor"] = "m";
    auto spec = parse_rule_spec(body);
    EXPECT_TRUE(spec.ok()) << t["id"] << ": " << spec.error().message;
  }
}

}  // namespace
}  // namespace cairn::service::alerting
