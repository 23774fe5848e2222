#include <gtest/gtest.h>

#include "notify/channels.hpp"

namespace cairn::notify {
namespace {

constexpr int64_t kStartedMs = 1796400000500;   // 2026-12-04T16:00:00.5Z
constexpr int64_t kResolvedMs = 1796400300000;  // 2026-12-04T16:05:00Z

NoticeAlert latency_alert(std::string status, std::string instance = {}) {
  NoticeAlert alert;
  alert.id = "a1";
  alert.status = std::move(status);
  alert.severity = "critical";
  alert.labels = {
      {"alertname", "HighLatency"}, {"deployment", "fraud-api"}, {"project", "payments"}, {"severity", "critical"}};
  if (!instance.empty()) alert.labels["instance"] = instance;
  alert.annotations = {{"summary", "p99 latency above 500 ms"},
                       {"description", "p99 is 812 ms over the last 5 minutes"},
                       {"runbook_url", "https://runbooks.example.com/latency"}};
  alert.starts_at_ms = kStartedMs;
  alert.ends_at_ms = alert.status == "resolved" ? kResolvedMs : 0;
  alert.value = 0.812;
  alert.url = "https://cairn.example.com/alerts/a1";
  return alert;
}

Notice latency_notice(std::string status = "firing") {
  Notice notice;
  notice.id = "outbox-42";
  notice.group_key = "{}:{alertname=\"HighLatency\"}";
  notice.status = status;
  notice.event = status == "resolved" ? "resolve" : "trigger";
  notice.receiver = "ops-webhook";
  notice.group_labels = {{"alertname", "HighLatency"}};
  notice.common_labels = {
      {"alertname", "HighLatency"}, {"deployment", "fraud-api"}, {"project", "payments"}, {"severity", "critical"}};
  notice.common_annotations = {{"summary", "p99 latency above 500 ms"}};
  notice.alerts = {latency_alert(status)};
  notice.external_url = "https://cairn.example.com";
  return notice;
}

TEST(ChannelText, fingerprints_labels_as_prometheus_does) {
  // prometheus/common model/signature_test.go: 5799056148416392346 and the empty set's offset basis.
  EXPECT_EQ(label_fingerprint({{"name", "garland, briggs"}, {"fear", "love is not enough"}}), "507a62d79ee76c9a");
  EXPECT_EQ(label_fingerprint({}), "cbf29ce484222325");
}

TEST(ChannelText, formats_times_as_go_marshals_them) {
  EXPECT_EQ(rfc3339_utc(0), "0001-01-01T00:00:00Z");
  EXPECT_EQ(rfc3339_utc(kStartedMs), "2026-12-04T16:00:00.5Z");
  EXPECT_EQ(rfc3339_utc(kResolvedMs), "2026-12-04T16:05:00Z");
  EXPECT_EQ(rfc3339_utc(kResolvedMs + 123), "2026-12-04T16:05:00.123Z");
}

TEST(ChannelText, titles_notices_like_alertmanager) {
  Notice notice = latency_notice();
  notice.alerts.push_back(latency_alert("firing", "b"));
  EXPECT_EQ(notice_title(notice), "[FIRING:2] HighLatency (fraud-api)");
  EXPECT_EQ(notice_title(latency_notice("resolved")), "[RESOLVED] HighLatency (fraud-api)");
  notice.test = true;
  EXPECT_EQ(notice_title(notice), "[TEST] [FIRING:2] HighLatency (fraud-api)");
}

TEST(WebhookChannel, payload_matches_alertmanager_v4_field_by_field) {
  Notice notice = latency_notice();
  notice.alerts.push_back(latency_alert("resolved", "b"));
  // What Alertmanager's webhook notifier posts for this group (docs/configuration.md, webhook_config).
  auto expected = nlohmann::json::parse(R"({
    "version": "4",
    "groupKey": "{}:{alertname=\"HighLatency\"}",
    "truncatedAlerts": 0,
    "status": "firing",
    "receiver": "ops-webhook",
    "groupLabels": {"alertname": "HighLatency"},
    "commonLabels": {"alertname": "HighLatency", "deployment": "fraud-api", "project": "payments",
                     "severity": "critical"},
    "commonAnnotations": {"summary": "p99 latency above 500 ms"},
    "externalURL": "https://cairn.example.com",
    "alerts": [
      {
        "status": "firing",
        "labels": {"alertname": "HighLatency", "deployment": "fraud-api", "project": "payments",
                   "severity": "critical"},
        "annotations": {"summary": "p99 latency above 500 ms",
                        "description": "p99 is 812 ms over the last 5 minutes",
                        "runbook_url": "https://runbooks.example.com/latency"},
        "startsAt": "2026-12-04T16:00:00.5Z",
        "endsAt": "0001-01-01T00:00:00Z",
        "generatorURL": "https://cairn.example.com/alerts/a1",
        "fingerprint": "a0ac70c31615931c"
      },
      {
        "status": "resolved",
        "labels": {"alertname": "HighLatency", "deployment": "fraud-api", "instance": "b",
                   "project": "payments", "severity": "critical"},
        "annotations": {"summary": "p99 latency above 500 ms",
                        "description": "p99 is 812 ms over the last 5 minutes",
                        "runbook_url": "https://runbooks.example.com/latency"},
        "startsAt": "2026-12-04T16:00:00.5Z",
        "endsAt": "2026-12-04T16:05:00Z",
        "generatorURL": "https://cairn.example.com/alerts/a1",
        "fingerprint": "7413f5eaadf2d589"
      }
    ]
  })");
  nlohmann::json actual = webhook_payload(notice);
  for (const auto& [key, value] : expected.items()) {
    ASSERT_TRUE(actual.contains(key)) << key;
    if (key == "alerts") continue;
    EXPECT_EQ(actual[key], value) << key;
  }
  EXPECT_EQ(actual.size(), expected.size()) << actual.dump(2);
  ASSERT_EQ(actual["alerts"].size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    for (const auto& [key, value] : expected["alerts"][i].items()) {
      EXPECT_EQ(actual["alerts"][i][key], value) << "alerts[" << i << "]." << key;
    }
    EXPECT_EQ(actual["alerts"][i].size(), expected["alerts"][i].size());
  }
  EXPECT_TRUE(actual["truncatedAlerts"].is_number_integer());
  EXPECT_TRUE(actual["version"].is_string());
}

TEST(WebhookChannel, empty_label_sets_are_objects_not_null) {
  Notice notice;
  notice.status = "firing";
  nlohmann::json payload = webhook_payload(notice);
  EXPECT_TRUE(payload["groupLabels"].is_object());
  EXPECT_TRUE(payload["commonAnnotations"].is_object());
  EXPECT_TRUE(payload["alerts"].is_array());
}

TEST(WebhookChannel, signature_is_hex_hmac_sha256_of_the_body) {
  // RFC 4231 test case 2.
  EXPECT_EQ(webhook_signature("Jefe", "what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(PagerDutyChannel, trigger_event_follows_events_api_v2) {
  nlohmann::json event = pagerduty_event(latency_notice(), "R0UTINGKEY0123456789abcdefABCDEF");
  EXPECT_EQ(event["routing_key"], "R0UTINGKEY0123456789abcdefABCDEF");
  EXPECT_EQ(event["event_action"], "trigger");
  EXPECT_EQ(event["dedup_key"], "{}:{alertname=\"HighLatency\"}");
  EXPECT_EQ(event["client"], "Cairn");
  EXPECT_EQ(event["client_url"], "https://cairn.example.com");
  const auto& payload = event["payload"];
  EXPECT_EQ(payload["summary"], "[FIRING:1] HighLatency (fraud-api): p99 latency above 500 ms");
  EXPECT_EQ(payload["source"], "fraud-api");
  EXPECT_EQ(payload["severity"], "critical");
  EXPECT_EQ(payload["timestamp"], "2026-12-04T16:00:00.5Z");
  EXPECT_EQ(payload["component"], "fraud-api");
  EXPECT_EQ(payload["group"], "payments");
  EXPECT_EQ(payload["class"], "HighLatency");
  EXPECT_EQ(payload["custom_details"]["firing"], 1);
  EXPECT_EQ(payload["custom_details"]["alerts"][0]["value"], 0.812);
  ASSERT_GE(event["links"].size(), 1u);
  EXPECT_EQ(event["links"][0]["href"], "https://cairn.example.com/alerts/a1");
  EXPECT_EQ(event["links"].back()["href"], "https://runbooks.example.com/latency");
}

TEST(PagerDutyChannel, acknowledge_and_resolve_share_the_trigger_dedup_key) {
  Notice notice = latency_notice();
  std::string trigger_key = pagerduty_event(notice, "k")["dedup_key"];
  notice.event = "acknowledge";
  EXPECT_EQ(pagerduty_event(notice, "k")["event_action"], "acknowledge");
  EXPECT_EQ(pagerduty_event(notice, "k")["dedup_key"], trigger_key);
  Notice resolved = latency_notice("resolved");
  EXPECT_EQ(pagerduty_event(resolved, "k")["event_action"], "resolve");
  EXPECT_EQ(pagerduty_event(resolved, "k")["dedup_key"], trigger_key);
}

TEST(PagerDutyChannel, maps_severities_and_bounds_keys_and_summary) {
  Notice notice = latency_notice();
  notice.alerts[0].severity = "warning";
  EXPECT_EQ(pagerduty_event(notice, "k")["payload"]["severity"], "warning");
  notice.alerts[0].severity = "info";
  EXPECT_EQ(pagerduty_event(notice, "k")["payload"]["severity"], "info");
  notice.alerts[0].severity = "page-me";
  notice.alerts[0].labels.erase("severity");
  notice.common_labels.erase("severity");
  EXPECT_EQ(pagerduty_event(notice, "k")["payload"]["severity"], "error");

  notice.group_key = std::string(400, 'g');
  notice.common_annotations["summary"] = std::string(5000, 's');
  nlohmann::json event = pagerduty_event(notice, "k");
  EXPECT_EQ(event["dedup_key"].get<std::string>().size(), 64u);  // the group key's SHA-256
  EXPECT_LE(event["payload"]["summary"].get<std::string>().size(), 1024u);
}

TEST(SlackChannel, firing_message_has_header_fields_summary_and_button) {
  nlohmann::json message = slack_message(latency_notice());
  EXPECT_EQ(message["text"], "[FIRING:1] HighLatency (fraud-api): p99 latency above 500 ms");
  const auto& blocks = message["blocks"];
  ASSERT_GE(blocks.size(), 4u) << message.dump(2);
  EXPECT_EQ(blocks[0]["type"], "header");
  EXPECT_EQ(blocks[0]["text"]["type"], "plain_text");
  EXPECT_NE(blocks[0]["text"]["text"].get<std::string>().find("[FIRING:1] HighLatency"), std::string::npos);
  EXPECT_EQ(blocks[1]["type"], "section");
  std::string fields = blocks[1]["fields"].dump();
  EXPECT_NE(fields.find("*Severity*\\ncritical"), std::string::npos) << fields;
  EXPECT_NE(fields.find("*Deployment*\\nfraud-api"), std::string::npos) << fields;
  EXPECT_NE(fields.find("*Value*\\n0.812"), std::string::npos) << fields;
  EXPECT_EQ(blocks[2]["text"]["text"], "*p99 latency above 500 ms*\np99 is 812 ms over the last 5 minutes");
  EXPECT_EQ(blocks[3]["type"], "actions");
  EXPECT_EQ(blocks[3]["elements"][0]["type"], "button");
  EXPECT_EQ(blocks[3]["elements"][0]["url"], "https://cairn.example.com/alerts/a1");
}

TEST(SlackChannel, resolved_message_says_so) {
  nlohmann::json message = slack_message(latency_notice("resolved"));
  EXPECT_EQ(message["text"].get<std::string>().rfind("[RESOLVED] HighLatency (fraud-api)", 0), 0u);
  std::string header = message["blocks"][0]["text"]["text"];
  EXPECT_NE(header.find(":white_check_mark:"), std::string::npos);
  EXPECT_EQ(message["blocks"][1]["fields"].dump().find("*Value*"), std::string::npos);
}

TEST(SlackChannel, escapes_mrkdwn_control_characters) {
  Notice notice = latency_notice();
  notice.alerts[0].annotations["description"] = "<!channel> & <https://evil.example|click>";
  std::string text = slack_message(notice)["blocks"][2]["text"]["text"];
  EXPECT_EQ(text.find("<!channel>"), std::string::npos) << text;
  EXPECT_NE(text.find("&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;"), std::string::npos) << text;
}

TEST(EmailChannel, subject_and_bodies_follow_alertmanager_wording) {
  Notice notice = latency_notice();
  notice.alerts.push_back(latency_alert("firing", "b"));
  Email email = alert_email(notice, {"ops@example.com", "oncall@example.com"});
  EXPECT_EQ(email.to, "ops@example.com, oncall@example.com");
  EXPECT_EQ(email.subject, "[FIRING:2] HighLatency (fraud-api)");
  EXPECT_NE(email.text.find("p99 latency above 500 ms"), std::string::npos);
  EXPECT_NE(email.text.find("https://cairn.example.com/alerts/a1"), std::string::npos);
  EXPECT_NE(email.html.find("<a href=\"https://cairn.example.com/alerts/a1\">"), std::string::npos);
  for (std::size_t start = 0, end; start < email.html.size(); start = end + 1) {
    end = email.html.find('\n', start);
    if (end == std::string::npos) end = email.html.size();
    EXPECT_LE(end - start, 998u) << "an SMTP line is at most 998 characters";
  }
}

TEST(EmailChannel, escapes_every_value_in_the_html_body) {
  Notice notice = latency_notice();
  notice.alerts[0].labels["deployment"] = "<script>alert(1)</script>";
  notice.alerts[0].annotations["description"] = "\"quoted\" & 'single' <b>bold</b>";
  notice.alerts[0].annotations["runbook_url"] = "javascript:alert(1)";
  Email email = alert_email(notice, {"ops@example.com"});
  EXPECT_EQ(email.html.find("<script>"), std::string::npos);
  EXPECT_EQ(email.html.find("<b>bold"), std::string::npos);
  EXPECT_NE(email.html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(email.html.find("&quot;quoted&quot; &amp; &#39;single&#39;"), std::string::npos);
  EXPECT_EQ(email.html.find("href=\"javascript:"), std::string::npos);
}

}  // namespace
}  // namespace cairn::notify
