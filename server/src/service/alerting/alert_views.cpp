#include "service/alerting/alert_views.hpp"

namespace cairn::service::alerting {

using nlohmann::json;

namespace {
std::map<std::string, std::string> string_map(const std::string& text) {
  auto j = json::parse(text, nullptr, false);
  std::map<std::string, std::string> out;
  if (!j.is_object()) return out;
  for (const auto& [k, v] : j.items())
    if (v.is_string()) out[k] = v.get<std::string>();
  return out;
}
}  // namespace

Labels labels_of(const storage::alerting::AlertRecord& a) {
  return string_map(a.labels);
}

notify::NoticeAlert notice_alert(const storage::alerting::AlertRecord& a, const std::string& base_url) {
  notify::NoticeAlert n;
  n.id = a.id;
  n.status = a.state == "resolved" ? "resolved" : "firing";
  n.severity = a.severity;
  n.labels = labels_of(a);
  n.annotations = string_map(a.annotations);
  n.starts_at_ms = a.fired_at ? a.fired_at : a.active_since;
  n.ends_at_ms = a.state == "resolved" ? a.resolved_at : 0;
  n.value = a.value.value_or(0);
  n.url = base_url + "/alerts/" + a.id;
  return n;
}

Result<std::string> project_url(storage::Connection& c, const std::string& public_url, const std::string& project_id) {
  CAIRN_TRY_ASSIGN(auto rows, c.query("SELECT o.slug, p.slug FROM projects p JOIN organizations o ON o.id = p.org_id"
                                      " WHERE p.id = ?",
                                      {project_id}));
  if (rows.empty()) return Error::not_found("project");
  std::string base = public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/o/" + rows[0].text(0) + "/projects/" + rows[0].text(1);
}

std::optional<std::string> silenced_by(const std::vector<storage::alerting::SilenceRecord>& silences,
                                       const Labels& labels, int64_t now) {
  for (const auto& s : silences) {
    if (s.starts_at > now || s.ends_at <= now) continue;
    auto matchers = parse_matchers(json::parse(s.matchers, nullptr, false), "matchers");
    if (matchers.ok() && all_match(*matchers, labels)) return s.id;
  }
  return std::nullopt;
}

}  // namespace cairn::service::alerting
