#include "service/alerting/alert_channel_service.hpp"

#include <algorithm>

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "common/json_number.hpp"
#include "service/alerting/alert_access.hpp"
#include "service/alerting/channel_secrets.hpp"
#include "service/alerting/notice_json.hpp"
#include "service/alerting/routing.hpp"
#include "service/tenancy/audit_trail.hpp"
#include "storage/alerting/notification_store.hpp"

namespace cairn::service {
namespace {

using nlohmann::json;
namespace store = storage::alerting;
namespace al = alerting;

namespace secrets = alerting::channel_secrets;

json channel_view(const store::ChannelRecord& ch, const SecretBox& box) {
  auto config = json::parse(ch.config, nullptr, false);
  if (!config.is_object()) config = json::object();
  auto opened = secrets::opened(ch.kind, ch.name, config, box);
  return {{"id", ch.id},
          {"name", ch.name},
          {"kind", ch.kind},
          {"config", secrets::masked(ch.kind, config)},
          {"destination", opened.ok() ? secrets::destination(ch.kind, *opened) : std::string()},
          {"send_resolved", ch.send_resolved},
          {"created_by", ch.created_by},
          {"created_at", ch.created_at},
          {"updated_at", ch.updated_at}};
}

Status check_channel_name(const json& body, bool required) {
  auto it = body.find("name");
  if (it == body.end()) return required ? Error::validation("name", "required") : Status{};
  if (!it->is_string() || it->get<std::string>().empty() || it->get<std::string>().size() > 100)
    return Error::validation("name", "1 to 100 characters");
  const auto name = it->get<std::string>();
  if (std::any_of(name.begin(), name.end(), [](unsigned char ch) { return ch < 0x20 || ch == 0x7f; }))
    return Error::validation("name", "no control characters");
  return {};
}

/// The email channel a member escalation pages through (routing's member_channel), made on first use.
Result<store::ChannelRecord> add_member_channel(storage::Connection& c, const Caller& caller, const Principal& p,
                                                const std::string& org_id, const std::string& project_id,
                                                const std::string& email) {
  store::ChannelRecord ch;
  ch.id = crypto::new_id();
  ch.org_id = org_id;
  ch.project_id = project_id;
  ch.name = al::member_channel(email);
  ch.kind = "email";
  ch.config = json{{"to", {email}}}.dump();
  ch.send_resolved = true;
  ch.created_by = p.user_id;
  ch.created_at = ch.updated_at = now_ms();
  CAIRN_TRY(store::insert_channel(c, ch));
  CAIRN_TRY(record_audit(c, caller, org_id, "alert_channel.create", "alert_channel", ch.id,
                         {{"name", ch.name}, {"kind", ch.kind}, {"for", "escalation to a member"}}));
  return ch;
}

/// 422 naming the field when a config field's error does not say it is under `config`.
Error under_config(Error e) {
  if (!e.field.empty() && e.field.rfind("config", 0) != 0) e.field = "config." + e.field;
  return e;
}

json silence_view(const store::SilenceRecord& s, int64_t now) {
  auto matchers = json::parse(s.matchers, nullptr, false);
  return {{"id", s.id},
          {"matchers", matchers.is_array() ? matchers : json::array()},
          {"starts_at", s.starts_at},
          {"ends_at", s.ends_at},
          {"comment", s.comment},
          {"created_by", s.created_by},
          {"created_at", s.created_at},
          {"state", s.ends_at <= now    ? "expired"
                    : s.starts_at > now ? "pending"
                                        : "active"}};
}

}  // namespace

Result<json> AlertChannelService::list_channels(const Caller& caller, const TrackingScope& scope) {
  return ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<json> {
    CAIRN_TRY_ASSIGN(auto project, alert_project(c, p, scope, Action::alert_read));
    CAIRN_TRY_ASSIGN(auto channels, store::list_channels(c, project.project.project.id));
    json items = json::array();
    for (const auto& ch : channels) items.push_back(channel_view(ch, secrets_));
    return json{{"channels", items}};
  });
}

Result<json> AlertChannelService::create_channel(const Caller& caller, const TrackingScope& scope, const json& body) {
  return ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<json> {
    if (!body.is_object()) return Error::bad_request("the channel must be a JSON object {name, kind, config}");
    for (const auto& [k, v] : body.items())
      if (k != "name" && k != "kind" && k != "config" && k != "send_resolved")
        return Error::validation(k, "unknown field");
    CAIRN_TRY(check_channel_name(body, true));
    auto kind = body.find("kind");
    if (kind == body.end() || !kind->is_string() || !notify::is_channel_kind(kind->get<std::string>()))
      return Error::validation("kind", "email, slack, webhook or pagerduty");
    if (body.contains("send_resolved") && !body["send_resolved"].is_boolean())
      return Error::validation("send_resolved", "must be true or false");
    // Permission first: validating a config resolves its host, which a viewer has no business doing.
    {
      CAIRN_TRY_ASSIGN(auto allowed, alert_project(c, p, scope, Action::alert_write));
      (void)allowed;
    }
    auto config =
        notify::validate_channel_config(kind->get<std::string>(), body.value("config", json::object()), guard_);
    if (!config.ok()) return under_config(config.error());
    *config = secrets::sealed(kind->get<std::string>(), std::move(*config), secrets_);
    return storage::in_transaction<json>(c, true, [&](storage::Connection& tx) -> Result<json> {
      CAIRN_TRY_ASSIGN(auto project, alert_project(tx, p, scope, Action::alert_write));
      store::ChannelRecord ch;
      ch.id = crypto::new_id();
      ch.org_id = project.org.org.id;
      ch.project_id = project.project.project.id;
      ch.name = body["name"].get<std::string>();
      CAIRN_TRY_ASSIGN(auto clash, store::find_channel(tx, ch.project_id, ch.name));
      if (clash) return Error::conflict("a channel named '" + ch.name + "' already exists in this project");
      ch.kind = kind->get<std::string>();
      ch.config = config->dump();
      ch.send_resolved = body.value("send_resolved", true);
      ch.created_by = p.user_id;
      ch.created_at = ch.updated_at = now_ms();
      CAIRN_TRY(store::insert_channel(tx, ch));
      CAIRN_TRY(record_audit(tx, caller, ch.org_id, "alert_channel.create", "alert_channel", ch.id,
                             {{"name", ch.name}, {"kind", ch.kind}}));
      return channel_view(ch, secrets_);
    });
  });
}

Result<json> AlertChannelService::update_channel(const Caller& caller, const TrackingScope& scope,
                                                 const std::string& ref, const json& body) {
  return ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Result<json> {
    if (!body.is_object()) return Error::bad_request("the change must be a JSON object");
    for (const auto& [k, v] : body.items())
      if (k != "name" && k != "config" && k != "send_resolved") return Error::validation(k, "unknown field");
    CAIRN_TRY(check_channel_name(body, false));
    if (body.contains("send_resolved") && !body["send_resolved"].is_boolean())
      return Error::validation("send_resolved", "must be true or false");
    CAIRN_TRY_ASSIGN(auto project, alert_project(c, p, scope, Action::alert_write));
    CAIRN_TRY_ASSIGN(auto ch, store::find_channel(c, project.project.project.id, ref));
    if (!ch) return Error::not_found("channel '" + ref + "'");
    if (body.contains("name") && body["name"] != ch->name) {
      CAIRN_TRY_ASSIGN(auto clash, store::find_channel(c, ch->project_id, body["name"].get<std::string>()));
      if (clash) return Error::conflict("a channel named '" + body["name"].get<std::string>() + "' already exists");
      ch->name = body["name"].get<std::string>();
    }
    if (auto cfg = body.find("config"); cfg != body.end()) {
      if (!cfg->is_object()) return Error::validation("config", "must be an object");
      // Secrets are never answered, so a form sends them back masked: keep the stored value.
      CAIRN_TRY_ASSIGN(auto current, delivery_.open_config(*ch));
      auto config = notify::validate_channel_config(ch->kind, secrets::keep_unchanged(ch->kind, *cfg, current), guard_);
      if (!config.ok()) return under_config(config.error());
      ch->config = secrets::sealed(ch->kind, std::move(*config), secrets_).dump();
    }
    if (body.contains("send_resolved")) ch->send_resolved = body["send_resolved"].get<bool>();
    ch->updated_at = now_ms();
    CAIRN_TRY(store::update_channel(c, *ch));
    CAIRN_TRY(
        record_audit(c, caller, ch->org_id, "alert_channel.update", "alert_channel", ch->id, {{"name", ch->name}}));
    return channel_view(*ch, secrets_);
  });
}

Status AlertChannelService::remove_channel(const Caller& caller, const TrackingScope& scope, const std::string& ref) {
  return ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Status {
    CAIRN_TRY_ASSIGN(auto project, alert_project(c, p, scope, Action::alert_write));
    CAIRN_TRY_ASSIGN(auto ch, store::find_channel(c, project.project.project.id, ref));
    if (!ch) return Error::not_found("channel '" + ref + "'");
    CAIRN_TRY(store::delete_channel(c, ch->id));
    return record_audit(c, caller, ch->org_id, "alert_channel.delete", "alert_channel", ch->id, {{"name", ch->name}});
  });
}

Result<json> AlertChannelService::test_channel(const Caller& caller, const TrackingScope& scope,
                                               const std::string& ref) {
  CAIRN_TRY_ASSIGN(
      auto n, ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Result<store::NotificationRecord> {
        CAIRN_TRY_ASSIGN(auto project, alert_project(c, p, scope, Action::alert_write));
        CAIRN_TRY_ASSIGN(auto ch, store::find_channel(c, project.project.project.id, ref));
        if (!ch) return Error::not_found("channel '" + ref + "'");
        const int64_t now = now_ms();
        notify::Notice notice;
        notice.id = crypto::new_id();
        notice.group_key = "test/" + ch->id;
        notice.status = "firing";
        notice.event = "trigger";
        notice.receiver = ch->name;
        notice.test = true;
        notice.external_url = ctx_.config.public_url;
        notice.common_labels = {
            {"alertname", "CairnTestNotification"}, {"severity", "info"}, {"project", project.project.project.slug}};
        notice.group_labels = {{"alertname", "CairnTestNotification"}};
        notify::NoticeAlert a;
        a.id = notice.id;
        a.status = "firing";
        a.severity = "info";
        a.labels = notice.common_labels;
        a.annotations = {{"summary", "A test notification from Cairn"},
                         {"description", "Sent with \"Send test\" to check that this channel delivers."}};
        a.starts_at_ms = now;
        notice.alerts.push_back(a);
        store::NotificationRecord n;
        n.id = notice.id;
        n.org_id = ch->org_id;
        n.project_id = ch->project_id;
        n.channel_id = ch->id;
        n.channel_name = ch->name;
        n.channel_kind = ch->kind;
        n.group_key = notice.group_key;
        n.reason = "test";
        n.payload = al::to_json(notice).dump();
        // Sent now by this request, never by the delivery job: claimed from the start.
        n.next_attempt_at = now + 3'600'000;
        n.created_at = now;
        CAIRN_TRY(store::insert_notification(c, n));
        CAIRN_TRY_ASSIGN(bool claimed, store::claim_notification(c, n.id, now, now + 3'600'000));
        (void)claimed;
        return n;
      }));
  CAIRN_TRY_ASSIGN(auto d, delivery_.deliver(n));
  if (!d.delivered) {
    // A test is one attempt: a failure is reported, not retried.
    CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
    CAIRN_TRY(storage::as_status(conn->execute("UPDATE notifications SET status = 'failed' WHERE id = ?", {n.id})));
  }
  return json{{"notification", n.id},
              {"delivered", d.delivered},
              {"status_code", d.status_code},
              {"error", d.error.empty() ? json() : json(d.error)},
              {"duration_ms", d.duration_ms}};
}

Result<json> AlertChannelService::policy(const Caller& caller, const TrackingScope& scope) {
  return ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<json> {
    CAIRN_TRY_ASSIGN(auto project, alert_project(c, p, scope, Action::alert_read));
    CAIRN_TRY_ASSIGN(auto text, store::policy_of(c, project.project.project.id));
    if (!text) return json{{"routes", json::array()}};
    CAIRN_TRY_ASSIGN(auto policy, al::parse_policy(json::parse(*text, nullptr, false)));
    return al::to_json(policy);
  });
}

Result<json> AlertChannelService::put_policy(const Caller& caller, const TrackingScope& scope, const json& body) {
  return ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Result<json> {
    CAIRN_TRY_ASSIGN(auto policy, al::parse_policy(body));
    CAIRN_TRY_ASSIGN(auto project, alert_project(c, p, scope, Action::alert_write));
    const auto& project_id = project.project.project.id;
    CAIRN_TRY_ASSIGN(auto channels, store::list_channels(c, project_id));
    auto known = [&](const std::string& name) {
      return std::any_of(channels.begin(), channels.end(), [&](const auto& ch) { return ch.name == name; });
    };
    for (std::size_t i = 0; i < policy.routes.size(); ++i) {
      const auto& r = policy.routes[i];
      const std::string at = "routes[" + std::to_string(i) + "]";
      for (std::size_t j = 0; j < r.channels.size(); ++j)
        if (!known(r.channels[j]))
          return Error::validation(at + ".channels[" + std::to_string(j) + "]", "no channel '" + r.channels[j] + "'");
      for (std::size_t l = 0; l < r.escalation.size(); ++l) {
        const std::string level_at = at + ".escalation[" + std::to_string(l) + "]";
        for (std::size_t j = 0; j < r.escalation[l].channels.size(); ++j)
          if (!known(r.escalation[l].channels[j]))
            return Error::validation(level_at + ".channels[" + std::to_string(j) + "]",
                                     "no channel '" + r.escalation[l].channels[j] + "'");
        for (std::size_t j = 0; j < r.escalation[l].members.size(); ++j) {
          const auto& email = r.escalation[l].members[j];
          CAIRN_TRY_ASSIGN(bool member, al::is_org_member(c, project.org.org.id, email));
          if (!member)
            return Error::validation(level_at + ".members[" + std::to_string(j) + "]",
                                     "no member '" + email + "' in this organization");
          if (known(al::member_channel(email))) continue;
          CAIRN_TRY_ASSIGN(auto made, add_member_channel(c, caller, p, project.org.org.id, project_id, email));
          channels.push_back(std::move(made));
        }
      }
    }
    auto stored = al::to_json(policy);
    CAIRN_TRY(store::put_policy(c, project_id, stored.dump(), p.user_id, now_ms()));
    CAIRN_TRY(record_audit(c, caller, project.org.org.id, "notification_policy.update", "project", project_id,
                           {{"routes", policy.routes.size()}}));
    return stored;
  });
}

Result<json> AlertChannelService::list_silences(const Caller& caller, const TrackingScope& scope,
                                                bool include_expired) {
  return ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<json> {
    CAIRN_TRY_ASSIGN(auto project, alert_project(c, p, scope, Action::alert_read));
    const int64_t now = now_ms();
    CAIRN_TRY_ASSIGN(auto silences, store::list_silences(c, project.project.project.id, now, include_expired));
    json items = json::array();
    for (const auto& s : silences) items.push_back(silence_view(s, now));
    return json{{"silences", items}};
  });
}

Result<json> AlertChannelService::create_silence(const Caller& caller, const TrackingScope& scope, const json& body) {
  return ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Result<json> {
    if (!body.is_object()) return Error::bad_request("the silence must be a JSON object {matchers, ends_at, comment}");
    for (const auto& [k, v] : body.items())
      if (k != "matchers" && k != "starts_at" && k != "ends_at" && k != "duration_seconds" && k != "comment")
        return Error::validation(k, "unknown field");
    if (!body.contains("matchers")) return Error::validation("matchers", "required: which alerts to silence");
    CAIRN_TRY_ASSIGN(auto matchers, al::parse_matchers(body["matchers"], "matchers"));
    if (matchers.empty())
      return Error::validation("matchers", "at least one matcher (a silence of everything is a mistake)");
    const int64_t now = now_ms();
    int64_t starts = now;
    if (auto s = body.find("starts_at"); s != body.end()) {
      const auto given = whole_number(*s);
      if (!given) return Error::validation("starts_at", "ms since the epoch");
      starts = std::max(now, *given);
    }
    int64_t ends = 0;
    if (auto e = body.find("ends_at"); e != body.end()) {
      const auto given = whole_number(*e);
      if (!given) return Error::validation("ends_at", "ms since the epoch");
      ends = *given;
    } else if (auto d = body.find("duration_seconds"); d != body.end()) {
      const auto seconds = whole_number_in(*d, 60, (INT64_MAX - starts) / 1000);
      if (!seconds) return Error::validation("duration_seconds", "at least 60");
      ends = starts + *seconds * 1000;
    } else {
      return Error::validation("ends_at", "required (or duration_seconds)");
    }
    if (ends <= starts) return Error::validation("ends_at", "must be after starts_at (and in the future)");
    if (ends - starts > 90LL * 86'400'000) return Error::validation("ends_at", "a silence lasts at most 90 days");
    auto comment = body.find("comment");
    if (comment == body.end() || !comment->is_string() || comment->get<std::string>().empty() ||
        comment->get<std::string>().size() > 2000)
      return Error::validation("comment", "required: why (1 to 2000 characters)");
    CAIRN_TRY_ASSIGN(auto project, alert_project(c, p, scope, Action::alert_respond));
    store::SilenceRecord s{crypto::new_id(),
                           project.org.org.id,
                           project.project.project.id,
                           al::to_json(matchers).dump(),
                           starts,
                           ends,
                           comment->get<std::string>(),
                           p.user_id,
                           now};
    CAIRN_TRY(store::insert_silence(c, s));
    CAIRN_TRY(record_audit(c, caller, s.org_id, "silence.create", "silence", s.id, {{"comment", s.comment}}));
    return silence_view(s, now);
  });
}

Status AlertChannelService::expire_silence(const Caller& caller, const TrackingScope& scope, const std::string& id) {
  return ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Status {
    CAIRN_TRY_ASSIGN(auto project, alert_project(c, p, scope, Action::alert_respond));
    CAIRN_TRY_ASSIGN(auto s, store::find_silence(c, project.project.project.id, id));
    if (!s) return Error::not_found("silence '" + id + "'");
    CAIRN_TRY(store::expire_silence(c, s->id, now_ms()));
    return record_audit(c, caller, s->org_id, "silence.expire", "silence", s->id);
  });
}

Result<json> AlertChannelService::notifications(const Caller& caller, const TrackingScope& scope,
                                                const std::optional<std::string>& channel,
                                                const std::optional<std::string>& status, int limit) {
  return ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<json> {
    if (status && *status != "pending" && *status != "delivered" && *status != "failed")
      return Error::validation("status", "pending, delivered or failed");
    CAIRN_TRY_ASSIGN(auto project, alert_project(c, p, scope, Action::alert_read));
    const auto& project_id = project.project.project.id;
    std::optional<std::string> channel_id;
    if (channel) {
      CAIRN_TRY_ASSIGN(auto ch, store::find_channel(c, project_id, *channel));
      if (!ch) return Error::validation("channel", "no channel '" + *channel + "'");
      channel_id = ch->id;
    }
    CAIRN_TRY_ASSIGN(auto list, store::list_notifications(c, project_id, channel_id, status, std::nullopt, limit));
    json items = json::array();
    for (const auto& n : list) {
      CAIRN_TRY_ASSIGN(auto attempts, store::attempts_of(c, n.id));
      json tries = json::array();
      for (const auto& a : attempts)
        tries.push_back({{"attempt", a.attempt},
                         {"at", a.at},
                         {"status_code", a.status_code},
                         {"error", a.error.empty() ? json() : json(a.error)},
                         {"duration_ms", a.duration_ms}});
      auto payload = json::parse(n.payload, nullptr, false);
      json alert_ids = json::array();
      if (payload.is_object())
        for (const auto& a : payload.value("alerts", json::array())) alert_ids.push_back(a.value("id", ""));
      items.push_back({{"id", n.id},
                       {"channel", n.channel_name},
                       {"kind", n.channel_kind},
                       {"reason", n.reason},
                       {"group_key", n.group_key},
                       {"status", n.status},
                       {"attempts", n.attempts},
                       {"last_error", n.last_error.empty() ? json() : json(n.last_error)},
                       {"created_at", n.created_at},
                       {"delivered_at", n.delivered_at ? json(n.delivered_at) : json()},
                       {"event", payload.is_object() ? payload.value("event", "") : ""},
                       {"alert_ids", alert_ids},
                       {"log", tries}});
    }
    return json{{"notifications", items}};
  });
}

}  // namespace cairn::service
