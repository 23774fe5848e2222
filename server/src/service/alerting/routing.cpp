#include "service/alerting/routing.hpp"

#include <regex>

#include "common/json_number.hpp"
#include "notify/alert_channel.hpp"

namespace cairn::service::alerting {
namespace {

using nlohmann::json;

bool regex_matches(const std::string& pattern, const std::string& value) {
  try {
    return std::regex_match(value, std::regex(pattern));
  } catch (const std::regex_error&) {
    return false;  // validated when stored; an unreadable one matches nothing
  }
}

Result<int64_t> route_seconds(const json& body, const char* name, const std::string& field, int64_t fallback,
                              int64_t min, int64_t max) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return fallback;
  const auto whole = whole_number_in(*it, min, max);
  if (!whole)
    return Error::validation(field + "." + name, "must be a whole number of seconds from " + std::to_string(min) +
                                                     " to " + std::to_string(max));
  return *whole;
}

Result<std::vector<std::string>> names(const json& body, const char* name, const std::string& field, bool labels) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::vector<std::string>{};
  if (!it->is_array() || it->size() > 50) return Error::validation(field + "." + name, "must be a list of names");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const auto& v = (*it)[i];
    const std::string at = field + "." + name + "[" + std::to_string(i) + "]";
    if (!v.is_string() || v.get<std::string>().empty() || v.get<std::string>().size() > 100)
      return Error::validation(at, "must be a name");
    if (labels && v != "..." && !is_label_name(v.get<std::string>()))
      return Error::validation(at, "a label name is letters, digits and _");
    out.push_back(v.get<std::string>());
  }
  return out;
}

}  // namespace

std::string member_channel(const std::string& email) {
  return "member:" + email;
}

bool is_label_name(const std::string& s) {
  static const std::regex name("[A-Za-z_][A-Za-z0-9_]{0,62}");
  return std::regex_match(s, name);
}

bool Matcher::matches(const Labels& labels) const {
  auto it = labels.find(name);
  const std::string actual = it == labels.end() ? "" : it->second;
  if (op == "=") return actual == value;
  if (op == "!=") return actual != value;
  if (op == "=~") return regex_matches(value, actual);
  return !regex_matches(value, actual);
}

bool all_match(const std::vector<Matcher>& matchers, const Labels& labels) {
  for (const auto& m : matchers)
    if (!m.matches(labels)) return false;
  return true;
}

Result<std::vector<Matcher>> parse_matchers(const json& list, const std::string& field) {
  if (!list.is_array() || list.size() > 20) return Error::validation(field, "must be a list of {name, op, value}");
  std::vector<Matcher> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string at = field + "[" + std::to_string(i) + "]";
    const auto& m = list[i];
    if (!m.is_object()) return Error::validation(at, "must be {name, op, value}");
    for (const auto& [k, v] : m.items())
      if (k != "name" && k != "op" && k != "value") return Error::validation(at + "." + k, "unknown field");
    Matcher x;
    if (!m.contains("name") || !m["name"].is_string() || !is_label_name(m["name"].get<std::string>()))
      return Error::validation(at + ".name", "a label name is letters, digits and _");
    x.name = m["name"].get<std::string>();
    if (m.contains("op")) {
      if (!m["op"].is_string() || (m["op"] != "=" && m["op"] != "!=" && m["op"] != "=~" && m["op"] != "!~"))
        return Error::validation(at + ".op", "must be =, !=, =~ or !~");
      x.op = m["op"].get<std::string>();
    }
    if (!m.contains("value") || !m["value"].is_string() || m["value"].get<std::string>().size() > 256)
      return Error::validation(at + ".value", "must be a string of at most 256 bytes");
    x.value = m["value"].get<std::string>();
    if (x.op == "=~" || x.op == "!~") {
      try {
        std::regex check(x.value);
      } catch (const std::regex_error&) {
        return Error::validation(at + ".value", "is not a valid regular expression");
      }
    }
    out.push_back(std::move(x));
  }
  return out;
}

json to_json(const std::vector<Matcher>& matchers) {
  json out = json::array();
  for (const auto& m : matchers) out.push_back({{"name", m.name}, {"op", m.op}, {"value", m.value}});
  return out;
}

Result<Policy> parse_policy(const json& body) {
  if (!body.is_object()) return Error::bad_request("the policy must be a JSON object {routes: [...]}");
  for (const auto& [k, v] : body.items())
    if (k != "routes") return Error::validation(k, "unknown field");
  Policy policy;
  auto routes = body.find("routes");
  if (routes == body.end()) return policy;
  if (!routes->is_array() || routes->size() > 100) return Error::validation("routes", "must be a list of routes");
  static const std::vector<std::string> kKeys = {"name",
                                                 "matchers",
                                                 "channels",
                                                 "group_by",
                                                 "group_wait_seconds",
                                                 "group_interval_seconds",
                                                 "repeat_interval_seconds",
                                                 "continue",
                                                 "escalation",
                                                 "escalation_repeat_seconds"};
  for (std::size_t i = 0; i < routes->size(); ++i) {
    const std::string at = "routes[" + std::to_string(i) + "]";
    const auto& r = (*routes)[i];
    if (!r.is_object()) return Error::validation(at, "must be an object");
    for (const auto& [k, v] : r.items())
      if (std::find(kKeys.begin(), kKeys.end(), k) == kKeys.end())
        return Error::validation(at + "." + k, "unknown field");
    Route route;
    if (auto n = r.find("name"); n != r.end()) {
      if (!n->is_string() || n->get<std::string>().size() > 100) return Error::validation(at + ".name", "a short text");
      route.name = n->get<std::string>();
    }
    if (auto m = r.find("matchers"); m != r.end()) {
      CAIRN_TRY_ASSIGN(route.matchers, parse_matchers(*m, at + ".matchers"));
    }
    CAIRN_TRY_ASSIGN(route.channels, names(r, "channels", at, false));
    if (r.contains("group_by")) {
      CAIRN_TRY_ASSIGN(route.group_by, names(r, "group_by", at, true));
    }
    CAIRN_TRY_ASSIGN(route.group_wait_seconds,
                     route_seconds(r, "group_wait_seconds", at, route.group_wait_seconds, 0, 3600));
    CAIRN_TRY_ASSIGN(route.group_interval_seconds,
                     route_seconds(r, "group_interval_seconds", at, route.group_interval_seconds, 1, 86400));
    CAIRN_TRY_ASSIGN(route.repeat_interval_seconds,
                     route_seconds(r, "repeat_interval_seconds", at, route.repeat_interval_seconds, 1, 30 * 86400));
    CAIRN_TRY_ASSIGN(route.escalation_repeat_seconds,
                     route_seconds(r, "escalation_repeat_seconds", at, 0, 0, 7 * 86400));
    if (auto c = r.find("continue"); c != r.end()) {
      if (!c->is_boolean()) return Error::validation(at + ".continue", "must be true or false");
      route.continue_matching = c->get<bool>();
    }
    if (auto e = r.find("escalation"); e != r.end() && !e->is_null()) {
      if (!e->is_array() || e->size() > 10) return Error::validation(at + ".escalation", "a list of at most 10 levels");
      int64_t previous = -1;
      for (std::size_t j = 0; j < e->size(); ++j) {
        const std::string level_at = at + ".escalation[" + std::to_string(j) + "]";
        const auto& l = (*e)[j];
        if (!l.is_object()) return Error::validation(level_at, "must be {after_seconds, channels, members}");
        for (const auto& [k, v] : l.items())
          if (k != "after_seconds" && k != "channels" && k != "members")
            return Error::validation(level_at + "." + k, "unknown field");
        EscalationLevel level;
        CAIRN_TRY_ASSIGN(level.after_seconds, route_seconds(l, "after_seconds", level_at, -1, 0, 7 * 86400));
        if (level.after_seconds < 0) return Error::validation(level_at + ".after_seconds", "required");
        if (level.after_seconds <= previous)
          return Error::validation(level_at + ".after_seconds", "levels come later one after another");
        previous = level.after_seconds;
        CAIRN_TRY_ASSIGN(level.channels, names(l, "channels", level_at, false));
        CAIRN_TRY_ASSIGN(level.members, names(l, "members", level_at, false));
        for (std::size_t m = 0; m < level.members.size(); ++m)
          if (!notify::is_email_address(level.members[m]))
            return Error::validation(level_at + ".members[" + std::to_string(m) + "]", "a member's email address");
        if (level.channels.empty() && level.members.empty())
          return Error::validation(level_at + ".channels", "at least one channel or member");
        route.escalation.push_back(std::move(level));
      }
    }
    if (route.channels.empty() && route.escalation.empty())
      return Error::validation(at + ".channels", "a route sends to at least one channel");
    policy.routes.push_back(std::move(route));
  }
  return policy;
}

json to_json(const Policy& policy) {
  json routes = json::array();
  for (const auto& r : policy.routes) {
    json escalation = json::array();
    for (const auto& l : r.escalation)
      escalation.push_back({{"after_seconds", l.after_seconds}, {"channels", l.channels}, {"members", l.members}});
    routes.push_back({{"name", r.name},
                      {"matchers", to_json(r.matchers)},
                      {"channels", r.channels},
                      {"group_by", r.group_by},
                      {"group_wait_seconds", r.group_wait_seconds},
                      {"group_interval_seconds", r.group_interval_seconds},
                      {"repeat_interval_seconds", r.repeat_interval_seconds},
                      {"continue", r.continue_matching},
                      {"escalation", escalation},
                      {"escalation_repeat_seconds", r.escalation_repeat_seconds}});
  }
  return {{"routes", routes}};
}

std::vector<std::size_t> routes_for(const Policy& policy, const Labels& labels) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < policy.routes.size(); ++i) {
    if (!all_match(policy.routes[i].matchers, labels)) continue;
    out.push_back(i);
    if (!policy.routes[i].continue_matching) break;
  }
  return out;
}

Labels group_labels(const Route& route, const Labels& labels) {
  Labels out;
  for (const auto& name : route.group_by) {
    if (name == "...") return labels;
    auto it = labels.find(name);
    if (it != labels.end()) out[name] = it->second;
  }
  return out;
}

std::string group_key(const Policy& policy, std::size_t route, const Labels& labels) {
  const auto grouped = group_labels(policy.routes[route], labels);
  std::string key = "route" + std::to_string(route) + ":" + policy.routes[route].name + "{";
  bool first = true;
  for (const auto& [k, v] : grouped) {
    key += (first ? "" : ",") + k + "=" + json(v).dump();
    first = false;
  }
  return key + "}";
}

}  // namespace cairn::service::alerting
