#include "notify/alert_channel.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "common/text.hpp"
#include "notify/channels.hpp"

namespace cairn::notify {
namespace {

constexpr std::size_t kMaxEmailRecipients = 50;
constexpr std::size_t kMaxWebhookHeaders = 20;
constexpr std::size_t kMaxHeaderValue = 4096;
constexpr std::size_t kMaxSecretLength = 1024;

// Headers the transport owns (framing, hop-by-hop) or Cairn sets itself; Authorization and other
// end-to-end headers are the user's to set.
constexpr std::array<std::string_view, 17> kReservedHeaders = {"host",
                                                               "content-length",
                                                               "content-type",
                                                               "transfer-encoding",
                                                               "connection",
                                                               "keep-alive",
                                                               "proxy-connection",
                                                               "proxy-authorization",
                                                               "proxy-authenticate",
                                                               "te",
                                                               "trailer",
                                                               "upgrade",
                                                               "expect",
                                                               "user-agent",
                                                               "idempotency-key",
                                                               "x-cairn-signature",
                                                               "x-cairn-timestamp"};

bool is_header_token(std::string_view name) {
  static constexpr std::string_view kExtra = "!#$%&'*+-.^_`|~";
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || kExtra.find(c) != std::string_view::npos;
  });
}

std::string trimmed(std::string_view text) {
  auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  auto last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

Result<std::string> required_string(const nlohmann::json& config, const std::string& key) {
  auto it = config.find(key);
  if (it == config.end() || it->is_null()) return Error::validation("config." + key, "is required");
  if (!it->is_string()) return Error::validation("config." + key, "must be a string");
  std::string value = trimmed(it->get<std::string>());
  if (value.empty()) return Error::validation("config." + key, "must not be empty");
  return value;
}

Status known_keys_only(const std::string& kind, const nlohmann::json& config,
                       std::initializer_list<std::string_view> keys) {
  for (const auto& [key, value] : config.items()) {
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      return Error::validation("config." + key, "unknown field for a " + kind + " channel");
    }
  }
  return {};
}

Result<std::string> checked_url(const nlohmann::json& config, const std::string& key, const OutboundGuard& guard) {
  CAIRN_TRY_ASSIGN(std::string url, required_string(config, key));
  CAIRN_TRY(guard.check(url, "config." + key));
  return url;
}

Result<nlohmann::json> validate_webhook(const nlohmann::json& config, const OutboundGuard& guard) {
  CAIRN_TRY(known_keys_only("webhook", config, {"url", "hmac_secret", "headers"}));
  nlohmann::json out = nlohmann::json::object();
  CAIRN_TRY_ASSIGN(out["url"], checked_url(config, "url", guard));
  if (auto it = config.find("hmac_secret"); it != config.end() && !it->is_null()) {
    if (!it->is_string()) return Error::validation("config.hmac_secret", "must be a string");
    const auto& secret = it->get_ref<const std::string&>();
    if (secret.empty()) return Error::validation("config.hmac_secret", "must not be empty (omit it to send unsigned)");
    if (secret.size() > kMaxSecretLength) return Error::validation("config.hmac_secret", "is too long");
    out["hmac_secret"] = secret;
  }
  if (auto it = config.find("headers"); it != config.end() && !it->is_null()) {
    if (!it->is_object()) return Error::validation("config.headers", "must be an object of header names to values");
    if (it->size() > kMaxWebhookHeaders) return Error::validation("config.headers", "too many headers");
    nlohmann::json headers = nlohmann::json::object();
    for (const auto& [name, value] : it->items()) {
      std::string field = "config.headers." + name;
      if (!is_header_token(name)) return Error::validation(field, "is not a valid header name");
      std::string lower = ascii_lower(name);
      if (std::find(kReservedHeaders.begin(), kReservedHeaders.end(), lower) != kReservedHeaders.end()) {
        return Error::validation(field, "is set by Cairn or the transport and cannot be configured");
      }
      if (!value.is_string()) return Error::validation(field, "must be a string");
      const auto& text = value.get_ref<const std::string&>();
      if (text.size() > kMaxHeaderValue) return Error::validation(field, "is too long");
      if (text.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
        return Error::validation(field, "must not contain line breaks");
      }
      headers[name] = text;
    }
    out["headers"] = std::move(headers);
  }
  return out;
}

Result<nlohmann::json> validate_slack(const nlohmann::json& config, const OutboundGuard& guard) {
  CAIRN_TRY(known_keys_only("slack", config, {"url"}));
  nlohmann::json out = nlohmann::json::object();
  CAIRN_TRY_ASSIGN(out["url"], checked_url(config, "url", guard));
  return out;
}

Result<nlohmann::json> validate_pagerduty(const nlohmann::json& config, const OutboundGuard& guard) {
  CAIRN_TRY(known_keys_only("pagerduty", config, {"routing_key", "url"}));
  nlohmann::json out = nlohmann::json::object();
  CAIRN_TRY_ASSIGN(std::string key, required_string(config, "routing_key"));
  if (key.size() > 255 || !std::all_of(key.begin(), key.end(), [](char c) { return c > ' ' && c < 0x7f; })) {
    return Error::validation("config.routing_key", "must be the integration's routing key (printable, no spaces)");
  }
  out["routing_key"] = key;
  if (auto it = config.find("url"); it != config.end() && !it->is_null()) {
    CAIRN_TRY_ASSIGN(out["url"], checked_url(config, "url", guard));
  }
  return out;
}

Result<nlohmann::json> validate_email(const nlohmann::json& config) {
  CAIRN_TRY(known_keys_only("email", config, {"to"}));
  auto it = config.find("to");
  if (it == config.end() || it->is_null()) return Error::validation("config.to", "is required");
  if (!it->is_array()) return Error::validation("config.to", "must be an array of email addresses");
  if (it->empty()) return Error::validation("config.to", "needs at least one address");
  if (it->size() > kMaxEmailRecipients) return Error::validation("config.to", "too many addresses");
  nlohmann::json to = nlohmann::json::array();
  for (std::size_t i = 0; i < it->size(); ++i) {
    std::string field = "config.to[" + std::to_string(i) + "]";
    const auto& item = (*it)[i];
    if (!item.is_string()) return Error::validation(field, "must be a string");
    std::string address = trimmed(item.get<std::string>());
    if (!is_email_address(address)) return Error::validation(field, "is not a valid email address");
    to.push_back(address);
  }
  return nlohmann::json{{"to", std::move(to)}};
}

}  // namespace

bool is_email_address(std::string_view address) {
  static constexpr std::string_view kLocalExtra = "!#$%&'*+/=?^_`{|}~.-";
  if (address.size() > 254) return false;
  auto at = address.rfind('@');
  if (at == std::string_view::npos || at == 0 || at > 64) return false;
  std::string_view local = address.substr(0, at);
  std::string_view domain = address.substr(at + 1);
  bool local_ok = std::all_of(local.begin(), local.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || kLocalExtra.find(c) != std::string_view::npos;
  });
  if (!local_ok || local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return false;
  }
  if (domain.empty()) return false;
  std::size_t start = 0;
  while (start <= domain.size()) {
    std::size_t dot = domain.find('.', start);
    if (dot == std::string_view::npos) dot = domain.size();
    std::string_view label = domain.substr(start, dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    if (!std::all_of(label.begin(), label.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; })) {
      return false;
    }
    start = dot + 1;
  }
  return true;
}

bool is_channel_kind(const std::string& kind) {
  return kind == "email" || kind == "slack" || kind == "webhook" || kind == "pagerduty";
}

std::vector<std::string> secret_fields(const std::string& kind) {
  if (kind == "slack") return {"url"};
  if (kind == "webhook") return {"url", "hmac_secret"};
  if (kind == "pagerduty") return {"routing_key"};
  return {};
}

std::vector<std::string> secret_maps(const std::string& kind) {
  if (kind == "webhook") return {"headers"};
  return {};
}

Result<nlohmann::json> validate_channel_config(const std::string& kind, const nlohmann::json& config,
                                               const OutboundGuard& guard) {
  if (!is_channel_kind(kind)) return Error::validation("kind", "must be one of email, slack, webhook, pagerduty");
  if (!config.is_object()) return Error::validation("config", "must be an object");
  if (kind == "webhook") return validate_webhook(config, guard);
  if (kind == "slack") return validate_slack(config, guard);
  if (kind == "pagerduty") return validate_pagerduty(config, guard);
  return validate_email(config);
}

Result<std::unique_ptr<AlertChannel>> make_channel(const std::string& kind, const nlohmann::json& config,
                                                   const ChannelDeps& deps) {
  // Without a configured guard the strictest one applies: no allowances.
  static const OutboundGuard kStrictGuard;
  ChannelDeps effective = deps;
  if (effective.guard == nullptr) effective.guard = &kStrictGuard;
  if (!config.is_object()) return Error::validation("config", "must be an object");
  if (kind == "webhook") return make_webhook_channel(config, effective);
  if (kind == "slack") return make_slack_channel(config, effective);
  if (kind == "pagerduty") return make_pagerduty_channel(config, effective);
  if (kind == "email") return make_email_channel(config, effective);
  return Error::validation("kind", "must be one of email, slack, webhook, pagerduty");
}

}  // namespace cairn::notify
