#include "service/alerting/notification_dispatcher.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <set>

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "service/alerting/alert_access.hpp"
#include "service/alerting/alert_views.hpp"
#include "service/alerting/notice_json.hpp"
#include "storage/alerting/alert_store.hpp"
#include "storage/alerting/notification_store.hpp"

namespace cairn::service {
namespace {

using nlohmann::json;
namespace store = storage::alerting;
namespace al = alerting;

/// Resolved alerts stay candidates for a resolved notification this long.
constexpr int64_t kResolvedWindowMs = 24 * 3'600'000;

std::set<std::string> split_ids(const std::string& digest) {
  std::set<std::string> out;
  std::size_t at = 0;
  while (at < digest.size()) {
    auto comma = digest.find(',', at);
    if (comma == std::string::npos) comma = digest.size();
    if (comma > at) out.insert(digest.substr(at, comma - at));
    at = comma + 1;
  }
  return out;
}

std::string join_ids(const std::vector<const store::AlertRecord*>& alerts) {
  std::vector<std::string> ids;
  for (const auto* a : alerts) ids.push_back(a->id);
  std::sort(ids.begin(), ids.end());
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ",") + id;
  return out;
}

/// The labels (or annotations) every alert of the notice shares.
std::map<std::string, std::string> common(const std::vector<notify::NoticeAlert>& alerts,
                                          std::map<std::string, std::string> notify::NoticeAlert::*field) {
  if (alerts.empty()) return {};
  auto out = alerts.front().*field;
  for (const auto& a : alerts)
    for (auto it = out.begin(); it != out.end();) {
      auto other = (a.*field).find(it->first);
      it = other == (a.*field).end() || other->second != it->second ? out.erase(it) : std::next(it);
    }
  return out;
}

/// What inhibition compares: a critical mutes the alerts of the same deployment, or of the same
/// monitor when it watches no deployment.
std::string inhibition_target(const al::Labels& l) {
  auto d = l.find("deployment");
  if (d != l.end()) return "d:" + d->second;
  auto m = l.find("monitor");
  return "m:" + (m == l.end() ? std::string() : m->second);
}

struct Group {
  std::size_t route = 0;
  al::Labels labels;
  std::vector<const store::AlertRecord*> firing;
  std::vector<const store::AlertRecord*> resolved;
};

}  // namespace

Status NotificationDispatcher::dispatch() {
  const int64_t now = now_ms();
  std::set<std::string> projects;
  {
    CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
    CAIRN_TRY_ASSIGN(auto alerts, store::active_alerts(*conn, now - kResolvedWindowMs));
    for (const auto& a : alerts) projects.insert(a.project_id);
    // Groups still waiting to say their alerts resolved belong to projects without active alerts.
    CAIRN_TRY_ASSIGN(auto pending_groups, conn->query("SELECT DISTINCT project_id FROM alert_groups", {}));
    for (std::size_t i = 0; i < pending_groups.size(); ++i) projects.insert(pending_groups[i].text(0));
  }
  for (const auto& project : projects) {
    auto done = dispatch_project(project, now);
    if (!done.ok()) spdlog::warn("alert notifications of project {}: {}", project, done.error().message);
  }
  return {};
}

Status NotificationDispatcher::dispatch_project(const std::string& project_id, int64_t now) {
  CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
  return storage::run_in_transaction(*conn, true, [&](storage::Connection& c) -> Status {
    CAIRN_TRY_ASSIGN(auto policy_text, store::policy_of(c, project_id));
    if (!policy_text) return {};
    CAIRN_TRY_ASSIGN(auto policy, al::parse_policy(json::parse(*policy_text, nullptr, false)));
    CAIRN_TRY_ASSIGN(auto silences, store::list_silences(c, project_id, now, false));
    CAIRN_TRY_ASSIGN(auto channels, store::list_channels(c, project_id));
    std::map<std::string, const store::ChannelRecord*> channel_by_name;
    for (const auto& ch : channels) channel_by_name[ch.name] = &ch;
    CAIRN_TRY_ASSIGN(auto base_url, al::project_url(c, ctx_.config.public_url, project_id));

    store::AlertFilter filter;
    filter.states = {"firing", "resolved"};
    filter.limit = 5000;
    CAIRN_TRY_ASSIGN(auto alerts, store::list_alerts(c, project_id, filter));
    // Silenced alerts are not notified; a firing critical inhibits the warnings and infos of the
    // same deployment (or monitor), so one incident pages once.
    std::set<std::string> critical_targets;
    std::vector<const store::AlertRecord*> live;
    std::map<std::string, al::Labels> labels;
    for (const auto& a : alerts) {
      if (a.state == "resolved" && a.resolved_at < now - kResolvedWindowMs) continue;
      labels[a.id] = al::labels_of(a);
      if (al::silenced_by(silences, labels[a.id], now)) continue;
      live.push_back(&a);
      if (a.state == "firing" && a.severity == "critical") critical_targets.insert(inhibition_target(labels[a.id]));
    }
    std::map<std::string, Group> groups;
    for (const auto* a : live) {
      const auto& l = labels[a->id];
      if (a->severity != "critical" && critical_targets.count(inhibition_target(l))) continue;
      for (auto route : al::routes_for(policy, l)) {
        auto key = al::group_key(policy, route, l);
        auto& g = groups[key];
        g.route = route;
        g.labels = al::group_labels(policy.routes[route], l);
        (a->state == "firing" ? g.firing : g.resolved).push_back(a);
      }
    }
    CAIRN_TRY_ASSIGN(auto states, store::groups_of(c, project_id));
    std::map<std::string, store::GroupRecord> state_of;
    for (auto& s : states) state_of[s.group_key] = s;
    for (const auto& [key, s] : state_of)
      if (!groups.count(key)) groups[key];  // its alerts are gone or silenced: it may still owe a resolved notice

    auto enqueue = [&](const std::vector<std::string>& channel_names, const std::string& group_key,
                       const al::Labels& group_labels, const std::vector<const store::AlertRecord*>& firing,
                       const std::vector<const store::AlertRecord*>& resolved, const std::string& reason) -> Status {
      notify::Notice notice;
      notice.group_key = group_key;
      notice.status = firing.empty() ? "resolved" : "firing";
      notice.event = firing.empty() ? "resolve" : "trigger";
      notice.group_labels = group_labels;
      notice.external_url = ctx_.config.public_url;
      for (const auto* a : firing) notice.alerts.push_back(al::notice_alert(*a, base_url));
      for (const auto* a : resolved) notice.alerts.push_back(al::notice_alert(*a, base_url));
      notice.common_labels = common(notice.alerts, &notify::NoticeAlert::labels);
      notice.common_annotations = common(notice.alerts, &notify::NoticeAlert::annotations);
      for (const auto& name : channel_names) {
        auto ch = channel_by_name.find(name);
        if (ch == channel_by_name.end()) continue;  // removed since the policy named it
        if (firing.empty() && !ch->second->send_resolved) continue;
        notice.id = crypto::new_id();
        notice.receiver = name;
        store::NotificationRecord n;
        n.id = notice.id;
        n.org_id = ch->second->org_id;
        n.project_id = project_id;
        n.channel_id = ch->second->id;
        n.group_key = group_key;
        n.reason = reason;
        n.payload = al::to_json(notice).dump();
        n.next_attempt_at = now;
        n.created_at = now;
        CAIRN_TRY(store::insert_notification(c, n));
        ++queued_;
        for (const auto& a : notice.alerts)
          CAIRN_TRY(
              store::add_event(c, {crypto::new_id(), a.id, now, reason == "escalation" ? "escalated" : "notified", "",
                                   json{{"channel", name}, {"notification", n.id}, {"status", a.status}}.dump()}));
      }
      return {};
    };

    for (auto& [key, g] : groups) {
      auto s = state_of.find(key);
      const auto last_firing = s == state_of.end() ? std::set<std::string>{} : split_ids(s->second.digest);
      std::vector<const store::AlertRecord*> resolved_now;
      for (const auto* a : g.resolved)
        if (last_firing.count(a->id)) resolved_now.push_back(a);
      const std::string digest = join_ids(g.firing);
      if (g.firing.empty() && resolved_now.empty()) {
        if (s != state_of.end()) CAIRN_TRY(store::delete_group(c, project_id, key));
        continue;
      }
      if (s == state_of.end()) {
        store::GroupRecord fresh{project_id, key, now, 0, ""};
        CAIRN_TRY(store::upsert_group(c, fresh));
        s = state_of.emplace(key, fresh).first;
      }
      const auto& route = policy.routes[g.route];
      auto& st = s->second;
      bool send = false;
      if (st.last_sent_at == 0)
        send = now >= st.first_seen_at + route.group_wait_seconds * 1000;
      else if (digest != st.digest || !resolved_now.empty())
        send = now >= st.last_sent_at + route.group_interval_seconds * 1000;
      else
        send = !g.firing.empty() && now >= st.last_sent_at + route.repeat_interval_seconds * 1000;
      if (!send) continue;
      CAIRN_TRY(enqueue(route.channels, key, g.labels, g.firing, resolved_now, "group"));
      if (g.firing.empty()) {
        CAIRN_TRY(store::delete_group(c, project_id, key));
      } else {
        st.last_sent_at = now;
        st.digest = digest;
        CAIRN_TRY(store::upsert_group(c, st));
      }
    }

    // Escalation: levels after the alert fired, while nobody acknowledged it; with a repeat, the
    // levels start over after the last one until someone does.
    for (const auto* a : live) {
      if (a->state != "firing" || a->acknowledged_at) continue;
      const auto& l = labels[a->id];
      for (auto r : al::routes_for(policy, l)) {
        const auto& route = policy.routes[r];
        if (route.escalation.empty()) continue;
        const int64_t elapsed = (now - a->fired_at) / 1000;
        const int64_t period = route.escalation.back().after_seconds + route.escalation_repeat_seconds;
        const int64_t cycle = route.escalation_repeat_seconds > 0 && period > 0 ? elapsed / period : 0;
        const int64_t in_cycle = elapsed - cycle * period;
        for (std::size_t level = 0; level < route.escalation.size(); ++level) {
          if (route.escalation[level].after_seconds > in_cycle) break;
          const std::string mark = json{{"route", r}, {"level", level}, {"cycle", cycle}}.dump();
          CAIRN_TRY_ASSIGN(bool done, store::has_event(c, a->id, "escalation_level", mark));
          if (done) continue;
          CAIRN_TRY(store::add_event(c, {crypto::new_id(), a->id, now, "escalation_level", "", mark}));
          auto targets = route.escalation[level].channels;
          for (const auto& email : route.escalation[level].members) {
            CAIRN_TRY_ASSIGN(bool member, al::is_org_member(c, a->org_id, email));
            if (member) targets.push_back(al::member_channel(email));
          }
          CAIRN_TRY(enqueue(targets, al::group_key(policy, r, l) + "/escalation", al::group_labels(route, l), {a}, {},
                            "escalation"));
        }
      }
    }
    return {};
  });
}

std::string NotificationDispatcher::metrics_text() const {
  return fmt::format(
      "# HELP cairn_alert_notifications_queued_total Notifications this process wrote to the outbox.\n"
      "# TYPE cairn_alert_notifications_queued_total counter\ncairn_alert_notifications_queued_total {}\n",
      queued_.load());
}

}  // namespace cairn::service
