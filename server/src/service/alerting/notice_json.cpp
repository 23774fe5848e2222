#include "service/alerting/notice_json.hpp"

namespace cairn::service::alerting {

using nlohmann::json;

json to_json(const notify::Notice& n) {
  json alerts = json::array();
  for (const auto& a : n.alerts)
    alerts.push_back({{"id", a.id},
                      {"status", a.status},
                      {"severity", a.severity},
                      {"labels", a.labels},
                      {"annotations", a.annotations},
                      {"starts_at", a.starts_at_ms},
                      {"ends_at", a.ends_at_ms},
                      {"value", a.value},
                      {"url", a.url}});
  return {{"id", n.id},
          {"group_key", n.group_key},
          {"status", n.status},
          {"event", n.event},
          {"receiver", n.receiver},
          {"group_labels", n.group_labels},
          {"common_labels", n.common_labels},
          {"common_annotations", n.common_annotations},
          {"alerts", alerts},
          {"external_url", n.external_url},
          {"test", n.test}};
}

Result<notify::Notice> notice_from_json(const json& j) {
  try {
    notify::Notice n;
    n.id = j.at("id").get<std::string>();
    n.group_key = j.at("group_key").get<std::string>();
    n.status = j.at("status").get<std::string>();
    n.event = j.at("event").get<std::string>();
    n.receiver = j.at("receiver").get<std::string>();
    n.group_labels = j.at("group_labels").get<std::map<std::string, std::string>>();
    n.common_labels = j.at("common_labels").get<std::map<std::string, std::string>>();
    n.common_annotations = j.at("common_annotations").get<std::map<std::string, std::string>>();
    n.external_url = j.at("external_url").get<std::string>();
    n.test = j.value("test", false);
    for (const auto& a : j.at("alerts")) {
      notify::NoticeAlert x;
      x.id = a.at("id").get<std::string>();
      x.status = a.at("status").get<std::string>();
      x.severity = a.at("severity").get<std::string>();
      x.labels = a.at("labels").get<std::map<std::string, std::string>>();
      x.annotations = a.at("annotations").get<std::map<std::string, std::string>>();
      x.starts_at_ms = a.at("starts_at").get<int64_t>();
      x.ends_at_ms = a.at("ends_at").get<int64_t>();
      x.value = a.at("value").get<double>();
      x.url = a.at("url").get<std::string>();
      n.alerts.push_back(std::move(x));
    }
    return n;
  } catch (const json::exception& e) {
    return Error::internal(std::string("a stored notification does not parse: ") + e.what());
  }
}

}  // namespace cairn::service::alerting
