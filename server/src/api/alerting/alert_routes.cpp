// Alerting: /api/v1/orgs/{org}/projects/{project}/{alert-rules,alerts,alert-channels,...}
#include "api/alerting/alert_routes.hpp"

#include <sstream>

#include "api/api.hpp"
#include "api/json_input.hpp"
#include "common/clock.hpp"
#include "service/alerting/rule_spec.hpp"

namespace cairn::api {
namespace {

using http::Request;
using nlohmann::json;
using service::Caller;

const std::string kAlertingProject = "/api/v1/orgs/{org}/projects/{project}";

Result<json> body_of(const Request& req) {
  CAIRN_TRY_ASSIGN(auto body, JsonBody::parse(req.body));
  return body.json();
}

std::vector<std::string> comma_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

Result<int> limit_of(const Request& req, int fallback, int max) {
  CAIRN_TRY_ASSIGN(auto limit, query_int(req, "limit"));
  if (!limit) return fallback;
  if (*limit < 1 || *limit > max) return Error::validation("limit", "from 1 to " + std::to_string(max));
  return static_cast<int>(*limit);
}

Result<std::string> note_of(const Request& req) {
  CAIRN_TRY_ASSIGN(auto body, body_of(req));
  auto note = body.find("note");
  if (note == body.end() || note->is_null()) return std::string();
  if (!note->is_string()) return Error::validation("note", "must be a string");
  return note->get<std::string>();
}

void add_rule_routes(Api& api, service::AlertRuleService& rules) {
  const std::string base = kAlertingProject + "/alert-rules";
  api.add_in_project("GET", base, [&rules](Request& req, const Caller& caller) -> Result<http::Response> {
    CAIRN_TRY_ASSIGN(auto out, rules.list(caller, tracking_scope(req)));
    return json_result(200, out);
  });
  api.add_in_project("POST", base, [&rules](Request& req, const Caller& caller) -> Result<http::Response> {
    CAIRN_TRY_ASSIGN(auto body, body_of(req));
    CAIRN_TRY_ASSIGN(auto out, rules.create(caller, tracking_scope(req), body));
    return json_result(201, out);
  });
  api.add_in_project("GET", kAlertingProject + "/alert-rule-templates",
                     [](Request&, const Caller&) -> Result<http::Response> {
                       return json_result(200, {{"templates", service::alerting::rule_templates()}});
                     });
  api.add_in_project("POST", base + "/preview", [&rules](Request& req, const Caller& caller) -> Result<http::Response> {
    CAIRN_TRY_ASSIGN(auto body, body_of(req));
    CAIRN_TRY_ASSIGN(auto out, rules.preview(caller, tracking_scope(req), body));
    return json_result(200, out);
  });
  api.add_in_project("GET", base + "/{rule}", [&rules](Request& req, const Caller& caller) -> Result<http::Response> {
    CAIRN_TRY_ASSIGN(auto out, rules.get(caller, tracking_scope(req), req.param("rule")));
    return json_result(200, out);
  });
  api.add_in_project("PATCH", base + "/{rule}", [&rules](Request& req, const Caller& caller) -> Result<http::Response> {
    CAIRN_TRY_ASSIGN(auto body, body_of(req));
    CAIRN_TRY_ASSIGN(auto out, rules.update(caller, tracking_scope(req), req.param("rule"), body));
    return json_result(200, out);
  });
  api.add_in_project("DELETE", base + "/{rule}",
                     [&rules](Request& req, const Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY(rules.remove(caller, tracking_scope(req), req.param("rule")));
                       return http::Response::no_content();
                     });
}

void add_inbox_routes(Api& api, service::AlertInboxService& inbox) {
  const std::string base = kAlertingProject + "/alerts";
  api.add_in_project("GET", base, [&inbox](Request& req, const Caller& caller) -> Result<http::Response> {
    service::AlertQuery q;
    if (auto s = req.query("state")) q.states = comma_list(*s);
    q.severity = req.query("severity");
    q.rule = req.query("rule");
    q.deployment = req.query("deployment");
    CAIRN_TRY_ASSIGN(auto from, query_time_ms(req, "from"));
    CAIRN_TRY_ASSIGN(auto to, query_time_ms(req, "to"));
    if (from) q.from = *from;
    if (to) q.to = *to;
    CAIRN_TRY_ASSIGN(q.limit, limit_of(req, 100, 1000));
    CAIRN_TRY_ASSIGN(auto out, inbox.list(caller, tracking_scope(req), q));
    return json_result(200, out);
  });
  api.add_in_project(
      "GET", base + "/analytics", [&inbox](Request& req, const Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto to, query_time_ms(req, "to"));
        CAIRN_TRY_ASSIGN(auto from, query_time_ms(req, "from"));
        const int64_t end = to.value_or(now_ms());
        CAIRN_TRY_ASSIGN(auto out,
                         inbox.analytics(caller, tracking_scope(req), from.value_or(end - 30LL * 86'400'000), end));
        return json_result(200, out);
      });
  api.add_in_project("POST", base + "/bulk", [&inbox](Request& req, const Caller& caller) -> Result<http::Response> {
    CAIRN_TRY_ASSIGN(auto body, body_of(req));
    CAIRN_TRY_ASSIGN(auto out, inbox.bulk(caller, tracking_scope(req), body));
    return json_result(200, out);
  });
  api.add_in_project("GET", base + "/{alert}", [&inbox](Request& req, const Caller& caller) -> Result<http::Response> {
    CAIRN_TRY_ASSIGN(auto out, inbox.get(caller, tracking_scope(req), req.param("alert")));
    return json_result(200, out);
  });
  api.add_in_project(
      "POST", base + "/{alert}/acknowledge", [&inbox](Request& req, const Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto note, note_of(req));
        CAIRN_TRY_ASSIGN(auto out, inbox.acknowledge(caller, tracking_scope(req), req.param("alert"), note));
        return json_result(200, out);
      });
  api.add_in_project("POST", base + "/{alert}/resolve",
                     [&inbox](Request& req, const Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto note, note_of(req));
                       CAIRN_TRY_ASSIGN(auto out, inbox.resolve(caller, tracking_scope(req), req.param("alert"), note));
                       return json_result(200, out);
                     });
}

void add_channel_routes(Api& api, service::AlertChannelService& channels) {
  const std::string base = kAlertingProject + "/alert-channels";
  api.add_in_project("GET", base, [&channels](Request& req, const Caller& caller) -> Result<http::Response> {
    CAIRN_TRY_ASSIGN(auto out, channels.list_channels(caller, tracking_scope(req)));
    return json_result(200, out);
  });
  api.add_in_project("POST", base, [&channels](Request& req, const Caller& caller) -> Result<http::Response> {
    CAIRN_TRY_ASSIGN(auto body, body_of(req));
    CAIRN_TRY_ASSIGN(auto out, channels.create_channel(caller, tracking_scope(req), body));
    return json_result(201, out);
  });
  api.add_in_project(
      "PATCH", base + "/{channel}", [&channels](Request& req, const Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto body, body_of(req));
        CAIRN_TRY_ASSIGN(auto out, channels.update_channel(caller, tracking_scope(req), req.param("channel"), body));
        return json_result(200, out);
      });
  api.add_in_project("DELETE", base + "/{channel}",
                     [&channels](Request& req, const Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY(channels.remove_channel(caller, tracking_scope(req), req.param("channel")));
                       return http::Response::no_content();
                     });
  api.add_in_project(
      "POST", base + "/{channel}/test", [&channels](Request& req, const Caller& caller) -> Result<http::Response> {
        CAIRN_TRY_ASSIGN(auto out, channels.test_channel(caller, tracking_scope(req), req.param("channel")));
        return json_result(200, out);
      });
  api.add_in_project("GET", kAlertingProject + "/notification-policy",
                     [&channels](Request& req, const Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto out, channels.policy(caller, tracking_scope(req)));
                       return json_result(200, out);
                     });
  api.add_in_project("PUT", kAlertingProject + "/notification-policy",
                     [&channels](Request& req, const Caller& caller) -> Result<http::Response> {
                       // PUT replaces the whole tree: a missing body is a mistake, not "no routes".
                       if (req.body.empty()) return Error::bad_request("the body is the policy: {\"routes\": [...]}");
                       CAIRN_TRY_ASSIGN(auto body, body_of(req));
                       CAIRN_TRY_ASSIGN(auto out, channels.put_policy(caller, tracking_scope(req), body));
                       return json_result(200, out);
                     });
  api.add_in_project("GET", kAlertingProject + "/silences",
                     [&channels](Request& req, const Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(const bool expired, query_bool(req, "include_expired", false));
                       CAIRN_TRY_ASSIGN(auto out, channels.list_silences(caller, tracking_scope(req), expired));
                       return json_result(200, out);
                     });
  api.add_in_project("POST", kAlertingProject + "/silences",
                     [&channels](Request& req, const Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(auto body, body_of(req));
                       CAIRN_TRY_ASSIGN(auto out, channels.create_silence(caller, tracking_scope(req), body));
                       return json_result(201, out);
                     });
  api.add_in_project("DELETE", kAlertingProject + "/silences/{silence}",
                     [&channels](Request& req, const Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY(channels.expire_silence(caller, tracking_scope(req), req.param("silence")));
                       return http::Response::no_content();
                     });
  api.add_in_project("GET", kAlertingProject + "/alert-notifications",
                     [&channels](Request& req, const Caller& caller) -> Result<http::Response> {
                       CAIRN_TRY_ASSIGN(int limit, limit_of(req, 100, 500));
                       CAIRN_TRY_ASSIGN(auto out,
                                        channels.notifications(caller, tracking_scope(req), req.query("channel"),
                                                               req.query("status"), limit));
                       return json_result(200, out);
                     });
}

}  // namespace

void add_alert_routes(Api& api, AlertServices services) {
  add_rule_routes(api, services.rules);
  add_inbox_routes(api, services.inbox);
  add_channel_routes(api, services.channels);
}

}  // namespace cairn::api
