#include <algorithm>
#include <cstdio>
#include <ctime>

#include "notify/channels.hpp"

namespace cairn::notify {

std::string rfc3339_utc(int64_t ms) {
  if (ms <= 0) return "0001-01-01T00:00:00Z";
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  int millis = static_cast<int>(ms % 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string out(buf);
  if (millis != 0) {
    char fraction[8];
    std::snprintf(fraction, sizeof fraction, ".%03d", millis);
    std::string f(fraction);
    while (f.back() == '0') f.pop_back();
    out += f;
  }
  return out + "Z";
}

std::string label_fingerprint(const std::map<std::string, std::string>& labels) {
  // prometheus/common model.LabelSet.Fingerprint: each name and value followed by 0xff.
  constexpr std::uint64_t kOffset = 14695981039346656037ULL;
  constexpr std::uint64_t kPrime = 1099511628211ULL;
  std::uint64_t hash = kOffset;
  auto add = [&](std::string_view bytes) {
    for (unsigned char c : bytes) {
      hash ^= c;
      hash *= kPrime;
    }
  };
  for (const auto& [name, value] : labels) {  // std::map: sorted by name
    add(name);
    add("\xff");
    add(value);
    add("\xff");
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

std::string alert_field(const Notice& notice, const NoticeAlert& alert, const std::string& name) {
  for (const auto* map : {&alert.labels, &alert.annotations, &notice.common_labels, &notice.common_annotations}) {
    auto it = map->find(name);
    if (it != map->end() && !it->second.empty()) return it->second;
  }
  return {};
}

std::string notice_title(const Notice& notice) {
  std::string status = notice.status == "resolved" ? "RESOLVED" : "FIRING";
  std::string title = "[" + status;
  if (status == "FIRING") {
    auto firing = std::count_if(notice.alerts.begin(), notice.alerts.end(),
                                [](const NoticeAlert& a) { return a.status != "resolved"; });
    title += ":" + std::to_string(firing);
  }
  title += "]";
  // The alert's name, then what it concerns: the group labels' values as Alertmanager does, with
  // the alert name first and the deployment in parentheses.
  std::string name;
  auto find_common = [&](const std::string& key) -> std::string {
    if (auto it = notice.group_labels.find(key); it != notice.group_labels.end()) return it->second;
    if (auto it = notice.common_labels.find(key); it != notice.common_labels.end()) return it->second;
    if (notice.alerts.size() == 1) {
      if (auto it = notice.alerts[0].labels.find(key); it != notice.alerts[0].labels.end()) return it->second;
    }
    return {};
  };
  name = find_common("alertname");
  if (name.empty())
    name = notice.alerts.empty()                        ? "alert"
           : notice.alerts[0].labels.count("alertname") ? notice.alerts[0].labels.at("alertname")
                                                        : "alert";
  title += " " + name;
  std::string deployment = find_common("deployment");
  if (!deployment.empty()) title += " (" + deployment + ")";
  if (notice.test) title = "[TEST] " + title;
  return title;
}

std::string notice_severity(const Notice& notice) {
  auto rank = [](const std::string& s) { return s == "critical" ? 3 : s == "warning" ? 2 : s == "info" ? 1 : 0; };
  std::string best;
  for (const auto& alert : notice.alerts) {
    std::string severity = alert.severity.empty() ? alert_field(notice, alert, "severity") : alert.severity;
    if (rank(severity) > rank(best)) best = severity;
  }
  return best;
}

}  // namespace cairn::notify
