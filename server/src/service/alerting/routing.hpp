#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/result.hpp"

/// Alertmanager's routing, as plain data: label matchers, the project's ordered routes with their
/// grouping timers and escalation levels, and silences. Pure functions, tested on their own.
namespace cairn::service::alerting {

using Labels = std::map<std::string, std::string>;

/// Prometheus label names: a letter or _, then letters, digits and _ (at most 63 here).
bool is_label_name(const std::string& name);

struct Matcher {
  std::string name;
  std::string op = "=";  ///< = != =~ !~ (regular expressions match the whole value)
  std::string value;
  bool matches(const Labels& labels) const;
};

/// 422 naming `field`[i] when malformed (unknown op, bad name, a regex that does not compile).
Result<std::vector<Matcher>> parse_matchers(const nlohmann::json& list, const std::string& field);
nlohmann::json to_json(const std::vector<Matcher>& matchers);
bool all_match(const std::vector<Matcher>& matchers, const Labels& labels);

struct EscalationLevel {
  int64_t after_seconds = 0;  ///< since the alert fired, unacknowledged
  std::vector<std::string> channels;
  /// Members of the organization (emails), paged by email through their own channel (member_channel).
  std::vector<std::string> members;
};

/// The email channel a member escalation goes through: "member:<email>", made when a policy
/// names the member, visible and testable like any other channel.
std::string member_channel(const std::string& email);

struct Route {
  std::string name;
  std::vector<Matcher> matchers;  ///< all must match; none matches everything
  std::vector<std::string> channels;
  std::vector<std::string> group_by = {"alertname"};
  int64_t group_wait_seconds = 30;
  int64_t group_interval_seconds = 300;
  int64_t repeat_interval_seconds = 4 * 3600;
  bool continue_matching = false;  ///< Alertmanager's `continue`
  std::vector<EscalationLevel> escalation;
  /// Repeat the escalation levels every this many seconds after the last one until acknowledged (0: once).
  int64_t escalation_repeat_seconds = 0;
};

struct Policy {
  std::vector<Route> routes;
};

/// Validates the API's JSON. Channel names are checked by the caller against the project's.
Result<Policy> parse_policy(const nlohmann::json& body);
nlohmann::json to_json(const Policy& policy);

/// Indexes of the routes an alert with `labels` goes to, in order (first match, then those after a
/// `continue`).
std::vector<std::size_t> routes_for(const Policy& policy, const Labels& labels);

/// The aggregation group of an alert on a route: stable text naming the route and the values of its
/// group_by labels (`...` groups by every label).
std::string group_key(const Policy& policy, std::size_t route, const Labels& labels);
/// The group_by labels' values.
Labels group_labels(const Route& route, const Labels& labels);

}  // namespace cairn::service::alerting
