#include <cstdio>

#include "notify/channels.hpp"
#include "notify/http_post.hpp"

namespace cairn::notify {
namespace {

// Slack caps: header text 150 characters, section text 3000, a message 50 blocks.
constexpr std::size_t kSlackHeaderMax = 150;
constexpr std::size_t kSlackTextMax = 3000;
constexpr std::size_t kSlackMaxAlertsShown = 10;

// Slack's mrkdwn treats &, < and > as control characters (links, mentions).
std::string slack_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out.push_back(c);
  }
  return out;
}

// Cuts at a UTF-8 character boundary so the payload stays valid JSON text.
std::string slack_clip(std::string text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t cut = max - 3;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "...";
}

std::string slack_value(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", value);
  return buf;
}

nlohmann::json mrkdwn(const std::string& text) {
  return {{"type", "mrkdwn"}, {"text", slack_clip(text, kSlackTextMax)}};
}

class SlackChannel final : public AlertChannel {
 public:
  SlackChannel(std::string url, ChannelDeps deps) : url_(std::move(url)), deps_(deps) {}

  Delivery deliver(const Notice& notice) override {
    bool transient = false;
    // The hook's path is the secret: name the field, never the URL.
    auto target = deps_.guard->check(url_, "config.url", transient);
    if (!target.ok()) return Delivery{false, 0, target.error().message, transient, 0, {}};
    return post_json(JsonPost{url_, *target, slack_message(notice).dump(), {}, deps_.timeout_ms});
  }

 private:
  std::string url_;
  ChannelDeps deps_;
};

}  // namespace

nlohmann::json slack_message(const Notice& notice) {
  bool resolved = notice.status == "resolved";
  std::string title = notice_title(notice);
  nlohmann::json blocks = nlohmann::json::array();
  blocks.push_back(
      {{"type", "header"},
       {"text",
        {{"type", "plain_text"},
         {"text", slack_clip((resolved ? ":white_check_mark: " : ":rotating_light: ") + title, kSlackHeaderMax)},
         {"emoji", true}}}});
  std::string fallback = title;
  std::size_t shown = 0;
  for (const auto& alert : notice.alerts) {
    if (shown++ == kSlackMaxAlertsShown) {
      blocks.push_back({{"type", "context"},
                        {"elements",
                         {mrkdwn("and " + std::to_string(notice.alerts.size() - kSlackMaxAlertsShown) +
                                 " more alerts in this group")}}});
      break;
    }
    std::string severity = alert.severity.empty() ? alert_field(notice, alert, "severity") : alert.severity;
    std::string deployment = alert_field(notice, alert, "deployment");
    nlohmann::json fields = nlohmann::json::array();
    fields.push_back(mrkdwn("*Status*\n" + slack_escape(alert.status)));
    fields.push_back(mrkdwn("*Severity*\n" + slack_escape(severity.empty() ? "none" : severity)));
    if (!deployment.empty()) fields.push_back(mrkdwn("*Deployment*\n" + slack_escape(deployment)));
    if (!resolved) fields.push_back(mrkdwn("*Value*\n" + slack_value(alert.value)));
    nlohmann::json section = {{"type", "section"}, {"fields", std::move(fields)}};
    blocks.push_back(std::move(section));

    std::string summary = alert_field(notice, alert, "summary");
    std::string description = alert_field(notice, alert, "description");
    std::string text;
    if (!summary.empty()) text += "*" + slack_escape(summary) + "*";
    if (!description.empty()) text += (text.empty() ? "" : "\n") + slack_escape(description);
    if (!text.empty()) blocks.push_back({{"type", "section"}, {"text", mrkdwn(text)}});
    if (!summary.empty() && shown == 1) fallback += ": " + summary;

    nlohmann::json buttons = nlohmann::json::array();
    if (!alert.url.empty()) {
      buttons.push_back(
          {{"type", "button"}, {"text", {{"type", "plain_text"}, {"text", "View alert"}}}, {"url", alert.url}});
    }
    std::string runbook = alert_field(notice, alert, "runbook_url");
    if (!runbook.empty()) {
      buttons.push_back(
          {{"type", "button"}, {"text", {{"type", "plain_text"}, {"text", "Runbook"}}}, {"url", runbook}});
    }
    if (!buttons.empty()) blocks.push_back({{"type", "actions"}, {"elements", std::move(buttons)}});
  }
  if (notice.test) {
    blocks.push_back(
        {{"type", "context"}, {"elements", {mrkdwn("A test notification sent from Cairn's channel settings.")}}});
  }
  // `text` is what notifications and clients without Block Kit show.
  return {{"text", slack_clip(fallback, kSlackTextMax)}, {"blocks", std::move(blocks)}};
}

Result<std::unique_ptr<AlertChannel>> make_slack_channel(const nlohmann::json& config, const ChannelDeps& deps) {
  return std::unique_ptr<AlertChannel>(std::make_unique<SlackChannel>(config.value("url", ""), deps));
}

}  // namespace cairn::notify
