#include <sodium.h>

#include <ctime>

#include "common/crypto.hpp"
#include "notify/channels.hpp"
#include "notify/http_post.hpp"

namespace cairn::notify {
namespace {

nlohmann::json label_object(const std::map<std::string, std::string>& labels) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, value] : labels) out[name] = value;
  return out;
}

class WebhookChannel final : public AlertChannel {
 public:
  WebhookChannel(std::string url, std::string hmac_secret, std::vector<std::pair<std::string, std::string>> headers,
                 ChannelDeps deps)
      : url_(std::move(url)), hmac_secret_(std::move(hmac_secret)), headers_(std::move(headers)), deps_(deps) {}

  Delivery deliver(const Notice& notice) override {
    bool transient = false;
    auto target = deps_.guard->check(url_, "config.url", transient);
    if (!target.ok()) return Delivery{false, 0, target.error().message, transient, 0, {}};
    JsonPost post{url_, *target, webhook_payload(notice).dump(), headers_, deps_.timeout_ms};
    post.headers.emplace_back("Idempotency-Key", notice.id);
    if (!hmac_secret_.empty()) {
      // The timestamp is signed with the body (as Stripe and Slack sign theirs), so a receiver that
      // refuses old timestamps cannot be replayed a captured notification.
      const std::string timestamp = std::to_string(std::time(nullptr));
      post.headers.emplace_back("X-Cairn-Signature", webhook_signature(hmac_secret_, timestamp + "." + post.body));
      post.headers.emplace_back("X-Cairn-Timestamp", timestamp);
    }
    return post_json(post);
  }

 private:
  std::string url_;
  std::string hmac_secret_;
  std::vector<std::pair<std::string, std::string>> headers_;
  ChannelDeps deps_;
};

}  // namespace

nlohmann::json webhook_payload(const Notice& notice) {
  // Alertmanager's notify/webhook Message: template.Data plus version, groupKey, truncatedAlerts.
  nlohmann::json alerts = nlohmann::json::array();
  for (const auto& alert : notice.alerts) {
    alerts.push_back({
        {"status", alert.status},
        {"labels", label_object(alert.labels)},
        {"annotations", label_object(alert.annotations)},
        {"startsAt", rfc3339_utc(alert.starts_at_ms)},
        {"endsAt", rfc3339_utc(alert.ends_at_ms)},
        {"generatorURL", alert.url},
        {"fingerprint", label_fingerprint(alert.labels)},
    });
  }
  return {
      {"version", "4"},
      {"groupKey", notice.group_key},
      {"truncatedAlerts", 0},
      {"status", notice.status},
      {"receiver", notice.receiver},
      {"groupLabels", label_object(notice.group_labels)},
      {"commonLabels", label_object(notice.common_labels)},
      {"commonAnnotations", label_object(notice.common_annotations)},
      {"externalURL", notice.external_url},
      {"alerts", std::move(alerts)},
  };
}

std::string webhook_signature(const std::string& secret, const std::string& signed_content) {
  std::string mac = crypto::hmac_sha256(secret, signed_content);
  std::string hex(mac.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(mac.data()), mac.size());
  hex.pop_back();
  return "sha256=" + hex;
}

Result<std::unique_ptr<AlertChannel>> make_webhook_channel(const nlohmann::json& config, const ChannelDeps& deps) {
  std::vector<std::pair<std::string, std::string>> headers;
  if (auto it = config.find("headers"); it != config.end() && it->is_object()) {
    for (const auto& [name, value] : it->items()) {
      if (value.is_string()) headers.emplace_back(name, value.get<std::string>());
    }
  }
  return std::unique_ptr<AlertChannel>(std::make_unique<WebhookChannel>(
      config.value("url", ""), config.value("hmac_secret", ""), std::move(headers), deps));
}

}  // namespace cairn::notify
