#include <chrono>
#include <cstdio>

#include "notify/channels.hpp"

namespace cairn::notify {
namespace {

std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

// Only web links become anchors: a javascript: or data: URL stays text.
bool is_web_link(const std::string& url) {
  return url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
}

std::string email_value(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", value);
  return buf;
}

class EmailChannel final : public AlertChannel {
 public:
  EmailChannel(std::vector<std::string> to, ChannelDeps deps) : to_(std::move(to)), deps_(deps) {}

  Delivery deliver(const Notice& notice) override {
    auto started = std::chrono::steady_clock::now();
    Delivery delivery;
    if (deps_.mailer == nullptr) {
      delivery.error = "email is not configured on this server (set smtp_url)";
      return delivery;
    }
    Status sent = deps_.mailer->send(alert_email(notice, to_));
    delivery.duration_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    if (!sent.ok()) {
      delivery.error = sent.error().message;
      delivery.retryable = true;  // the mail server may be back at the next attempt
      return delivery;
    }
    delivery.delivered = true;
    delivery.status_code = 250;
    return delivery;
  }

 private:
  std::vector<std::string> to_;
  ChannelDeps deps_;
};

}  // namespace

Email alert_email(const Notice& notice, const std::vector<std::string>& to) {
  Email email;
  for (const auto& address : to) email.to += (email.to.empty() ? "" : ", ") + address;
  email.subject = notice_title(notice);

  std::string text = email.subject + "\n";
  std::string html =
      "<!DOCTYPE html><html><body style=\"font-family:sans-serif\">"
      "<h2>" +
      html_escape(email.subject) + "</h2>";
  if (notice.test) {
    text += "\nA test notification sent from Cairn's channel settings.\n";
    html += "<p><em>A test notification sent from Cairn's channel settings.</em></p>";
  }
  for (const auto& alert : notice.alerts) {
    std::string name = alert_field(notice, alert, "alertname");
    std::string severity = alert.severity.empty() ? alert_field(notice, alert, "severity") : alert.severity;
    std::string summary = alert_field(notice, alert, "summary");
    std::string description = alert_field(notice, alert, "description");
    std::string runbook = alert_field(notice, alert, "runbook_url");

    text += "\n[" + alert.status + "] " + name + (severity.empty() ? "" : " (" + severity + ")") + "\n";
    if (!summary.empty()) text += summary + "\n";
    if (!description.empty()) text += description + "\n";
    text += "Value: " + email_value(alert.value) + "\n";
    text += "Started: " + rfc3339_utc(alert.starts_at_ms) + "\n";
    if (alert.ends_at_ms > 0) text += "Ended: " + rfc3339_utc(alert.ends_at_ms) + "\n";
    text += "Labels:\n";
    for (const auto& [k, v] : alert.labels) text += "  " + k + " = " + v + "\n";
    if (!alert.url.empty()) text += "Alert: " + alert.url + "\n";
    if (!runbook.empty()) text += "Runbook: " + runbook + "\n";

    html += "<hr><h3>[" + html_escape(alert.status) + "] " + html_escape(name) +
            (severity.empty() ? "" : " <small>(" + html_escape(severity) + ")</small>") + "</h3>";
    if (!summary.empty()) html += "<p><strong>" + html_escape(summary) + "</strong></p>";
    if (!description.empty()) html += "<p>" + html_escape(description) + "</p>";
    html += "<table cellpadding=\"4\" style=\"border-collapse:collapse\">";
    html += "<tr><td>Value</td><td>" + html_escape(email_value(alert.value)) + "</td></tr>";
    html += "<tr><td>Started</td><td>" + html_escape(rfc3339_utc(alert.starts_at_ms)) + "</td></tr>";
    if (alert.ends_at_ms > 0)
      html += "<tr><td>Ended</td><td>" + html_escape(rfc3339_utc(alert.ends_at_ms)) + "</td></tr>";
    for (const auto& [k, v] : alert.labels) {
      html += "<tr><td>" + html_escape(k) + "</td><td>" + html_escape(v) + "</td></tr>";
    }
    html += "</table>";
    std::string links;
    if (is_web_link(alert.url)) links += "<a href=\"" + html_escape(alert.url) + "\">View alert</a>";
    if (is_web_link(runbook))
      links += (links.empty() ? "" : " &middot; ") + ("<a href=\"" + html_escape(runbook) + "\">Runbook</a>");
    if (!links.empty()) html += "<p>" + links + "</p>";
  }
  if (!notice.external_url.empty()) {
    text += "\n-- \nCairn: " + notice.external_url + "\n";
    html += "<hr><p><small>Sent by Cairn";
    if (is_web_link(notice.external_url))
      html += " (<a href=\"" + html_escape(notice.external_url) + "\">" + html_escape(notice.external_url) + "</a>)";
    html += "</small></p>";
  }
  html += "</body></html>";
  email.text = std::move(text);
  // SMTP lines stop at 998 characters: break the markup after each block.
  for (std::string_view end : {"</h2>", "</h3>", "</p>", "</tr>", "</table>", "<hr>"}) {
    for (std::size_t at = html.find(end); at != std::string::npos; at = html.find(end, at + end.size() + 1)) {
      html.insert(at + end.size(), 1, '\n');
    }
  }
  email.html = std::move(html);
  return email;
}

Result<std::unique_ptr<AlertChannel>> make_email_channel(const nlohmann::json& config, const ChannelDeps& deps) {
  std::vector<std::string> to;
  if (auto it = config.find("to"); it != config.end() && it->is_array()) {
    for (const auto& address : *it) {
      if (address.is_string()) to.push_back(address.get<std::string>());
    }
  }
  if (to.empty()) return Error::validation("config.to", "at least one address is required");
  return std::unique_ptr<AlertChannel>(std::make_unique<EmailChannel>(std::move(to), deps));
}

}  // namespace cairn::notify
