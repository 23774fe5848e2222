#include "service/alerting/channel_secrets.hpp"

#include <functional>
#include <vector>

#include "notify/alert_channel.hpp"

namespace cairn::service::alerting::channel_secrets {
namespace {

using nlohmann::json;

/// Calls `fn` on every secret string of the config, with its field name ("url", "headers.X-Token").
void each_secret(const std::string& kind, json& config, const std::function<void(json&, const std::string&)>& fn) {
  for (const auto& field : notify::secret_fields(kind)) {
    auto it = config.find(field);
    if (it != config.end() && it->is_string()) fn(*it, field);
  }
  for (const auto& map : notify::secret_maps(kind)) {
    auto it = config.find(map);
    if (it == config.end() || !it->is_object()) continue;
    for (auto& [name, value] : it->items())
      if (value.is_string()) fn(value, map + "." + name);
  }
}

}  // namespace

json masked(const std::string& kind, json config) {
  each_secret(kind, config, [](json& value, const std::string&) { value = kMasked; });
  return config;
}

json sealed(const std::string& kind, json config, const SecretBox& box) {
  each_secret(kind, config, [&](json& value, const std::string&) { value = box.seal(value.get<std::string>()); });
  return config;
}

Result<json> opened(const std::string& kind, const std::string& channel_name, json config, const SecretBox& box) {
  std::string failed;
  each_secret(kind, config, [&](json& value, const std::string& field) {
    const auto text = value.get<std::string>();
    if (!SecretBox::is_sealed(text)) return;  // stored before this field was sealed
    auto plain = box.open(text);
    if (plain.ok())
      value = *plain;
    else if (failed.empty())
      failed = field;
  });
  if (!failed.empty())
    return Error::internal("channel '" + channel_name + "': its " + failed +
                           " cannot be opened (was the server's secret key changed?)");
  return config;
}

json keep_unchanged(const std::string& kind, json incoming, const json& current) {
  for (const auto& field : notify::secret_fields(kind))
    if ((!incoming.contains(field) || incoming[field] == kMasked) && current.contains(field))
      incoming[field] = current[field];
  for (const auto& map : notify::secret_maps(kind)) {
    auto it = incoming.find(map);
    auto now = current.find(map);
    if (it == incoming.end() || !it->is_object() || now == current.end() || !now->is_object()) continue;
    for (auto& [name, value] : it->items())
      if (value == kMasked && now->contains(name)) value = (*now)[name];
  }
  return incoming;
}

std::string destination(const std::string& kind, const json& config) {
  if (kind == "email") {
    std::string out;
    for (const auto& to : config.value("to", json::array()))
      if (to.is_string()) out += (out.empty() ? "" : ", ") + to.get<std::string>();
    return out;
  }
  const std::string url = config.value("url", std::string());
  if (url.empty()) return kind == "pagerduty" ? "events.pagerduty.com" : "";
  // scheme://[userinfo@]host[:port]/...: the host and port only.
  auto start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  auto end = url.find_first_of("/?#", start);
  std::string authority = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (auto at = authority.rfind('@'); at != std::string::npos) authority.erase(0, at + 1);
  return authority;
}

}  // namespace cairn::service::alerting::channel_secrets
