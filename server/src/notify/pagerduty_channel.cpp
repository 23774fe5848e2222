#include <algorithm>

#include "common/crypto.hpp"
#include "notify/channels.hpp"
#include "notify/http_post.hpp"

namespace cairn::notify {
namespace {

// Events API v2 limits: summary 1,024 characters, dedup_key 255.
constexpr std::size_t kPagerDutySummaryMax = 1024;
constexpr std::size_t kPagerDutyDedupKeyMax = 255;
constexpr std::size_t kPagerDutyMaxLinks = 10;

std::string pagerduty_severity(const std::string& severity) {
  if (severity == "critical" || severity == "warning" || severity == "info") return severity;
  return "error";  // PagerDuty's fourth level, and Alertmanager's default
}

std::string pagerduty_clip(std::string text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t cut = max - 3;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "...";
}

class PagerDutyChannel final : public AlertChannel {
 public:
  PagerDutyChannel(std::string routing_key, std::string url, ChannelDeps deps)
      : routing_key_(std::move(routing_key)), url_(std::move(url)), deps_(deps) {}

  Delivery deliver(const Notice& notice) override {
    bool transient = false;
    auto target = deps_.guard->check(url_, "config.url", transient);
    if (!target.ok()) return Delivery{false, 0, target.error().message, transient, 0, {}};
    JsonPost post{url_, *target, pagerduty_event(notice, routing_key_).dump(), {}, deps_.timeout_ms};
    Delivery delivery = post_json(post);
    // PagerDuty's 400 answer quotes the event back in places; the routing key must not reach the log.
    if (!routing_key_.empty() && delivery.response.find(routing_key_) != std::string::npos) {
      delivery.response = "(answer withheld: it quotes the routing key)";
    }
    return delivery;
  }

 private:
  std::string routing_key_;
  std::string url_;
  ChannelDeps deps_;
};

}  // namespace

nlohmann::json pagerduty_event(const Notice& notice, const std::string& routing_key) {
  std::string event_action =
      notice.event.empty() ? (notice.status == "resolved" ? "resolve" : "trigger") : notice.event;
  // Stable per group, so acknowledge and resolve reach the incident the trigger opened.
  std::string dedup_key =
      notice.group_key.size() <= kPagerDutyDedupKeyMax ? notice.group_key : crypto::sha256_hex(notice.group_key);

  const NoticeAlert* first = notice.alerts.empty() ? nullptr : &notice.alerts.front();
  auto common = [&](const std::string& name) { return first ? alert_field(notice, *first, name) : std::string(); };

  std::string summary = notice_title(notice);
  if (std::string s = common("summary"); !s.empty()) summary += ": " + s;

  nlohmann::json alerts = nlohmann::json::array();
  nlohmann::json links = nlohmann::json::array();
  int firing = 0;
  for (const auto& alert : notice.alerts) {
    if (alert.status != "resolved") ++firing;
    nlohmann::json labels = nlohmann::json::object();
    for (const auto& [k, v] : alert.labels) labels[k] = v;
    nlohmann::json annotations = nlohmann::json::object();
    for (const auto& [k, v] : alert.annotations) annotations[k] = v;
    alerts.push_back({{"status", alert.status},
                      {"labels", std::move(labels)},
                      {"annotations", std::move(annotations)},
                      {"value", alert.value},
                      {"starts_at", rfc3339_utc(alert.starts_at_ms)},
                      {"url", alert.url}});
    if (!alert.url.empty() && links.size() < kPagerDutyMaxLinks) {
      std::string name = alert_field(notice, alert, "alertname");
      links.push_back({{"href", alert.url}, {"text", "Alert in Cairn" + (name.empty() ? "" : ": " + name)}});
    }
  }
  if (std::string runbook = common("runbook_url"); !runbook.empty()) {
    links.push_back({{"href", runbook}, {"text", "Runbook"}});
  }

  std::string deployment = common("deployment");
  nlohmann::json payload = {
      {"summary", pagerduty_clip(summary, kPagerDutySummaryMax)},
      {"source", deployment.empty() ? std::string("cairn") : deployment},
      {"severity", pagerduty_severity(notice_severity(notice))},
      {"custom_details",
       {{"firing", firing},
        {"resolved", static_cast<int>(notice.alerts.size()) - firing},
        {"description", common("description")},
        {"alerts", std::move(alerts)}}},
  };
  if (first && first->starts_at_ms > 0) payload["timestamp"] = rfc3339_utc(first->starts_at_ms);
  if (!deployment.empty()) payload["component"] = deployment;
  if (std::string project = common("project"); !project.empty()) payload["group"] = project;
  if (std::string name = common("alertname"); !name.empty()) payload["class"] = name;

  nlohmann::json event = {
      {"routing_key", routing_key}, {"event_action", event_action},
      {"dedup_key", dedup_key},     {"payload", std::move(payload)},
      {"client", "Cairn"},          {"links", std::move(links)},
  };
  if (!notice.external_url.empty()) event["client_url"] = notice.external_url;
  return event;
}

Result<std::unique_ptr<AlertChannel>> make_pagerduty_channel(const nlohmann::json& config, const ChannelDeps& deps) {
  return std::unique_ptr<AlertChannel>(std::make_unique<PagerDutyChannel>(
      config.value("routing_key", ""), config.value("url", std::string(kPagerDutyEventsUrl)), deps));
}

}  // namespace cairn::notify
