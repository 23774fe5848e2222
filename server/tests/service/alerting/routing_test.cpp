#include "service/alerting/routing.hpp"

#include <gtest/gtest.h>

namespace cairn::service::alerting {
namespace {

using nlohmann::json;

Policy policy_of(const json& body) {
  auto p = parse_policy(body);
  EXPECT_TRUE(p.ok()) << p.error().field << ": " << p.error().message;
  return p.ok() ? *p : Policy{};
}

TEST(Routing, matchers_compare_exactly_or_by_whole_regular_expression) {
  const Labels labels{{"severity", "critical"}, {"deployment", "churn-v2"}};
  EXPECT_TRUE((Matcher{"severity", "=", "critical"}.matches(labels)));
  EXPECT_FALSE((Matcher{"severity", "!=", "critical"}.matches(labels)));
  EXPECT_TRUE((Matcher{"deployment", "=~", "churn-.*"}.matches(labels)));
  EXPECT_FALSE((Matcher{"deployment", "=~", "churn"}.matches(labels))) << "anchored, as Alertmanager";
  EXPECT_TRUE((Matcher{"team", "=", ""}.matches(labels))) << "a missing label is the empty string";
  EXPECT_TRUE((Matcher{"deployment", "!~", "fraud.*"}.matches(labels)));
}

TEST(Routing, the_first_matching_route_wins_unless_it_continues) {
  auto p = policy_of(
      {{"routes",
        {{{"matchers", {{{"name", "severity"}, {"value", "critical"}}}}, {"channels", {"pager"}}, {"continue", true}},
         {{"matchers", {{{"name", "environment"}, {"value", "production"}}}}, {"channels", {"prod"}}},
         {{"channels", {"everything"}}}}}});
  EXPECT_EQ(routes_for(p, {{"severity", "critical"}, {"environment", "production"}}), (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(routes_for(p, {{"severity", "warning"}, {"environment", "production"}}), (std::vector<std::size_t>{1}));
  EXPECT_EQ(routes_for(p, {{"severity", "warning"}}), (std::vector<std::size_t>{2}));
}

TEST(Routing, group_keys_follow_the_group_by_labels) {
  auto p = policy_of({{"routes", {{{"channels", {"a"}}, {"group_by", {"alertname", "deployment"}}}}}});
  const Labels one{{"alertname", "slow"}, {"deployment", "churn"}, {"severity", "warning"}};
  const Labels two{{"alertname", "slow"}, {"deployment", "churn"}, {"severity", "critical"}};
  const Labels other{{"alertname", "slow"}, {"deployment", "fraud"}};
  EXPECT_EQ(group_key(p, 0, one), group_key(p, 0, two));
  EXPECT_NE(group_key(p, 0, one), group_key(p, 0, other));
  EXPECT_EQ(group_labels(p.routes[0], one), (Labels{{"alertname", "slow"}, {"deployment", "churn"}}));
  auto all = policy_of({{"routes", {{{"channels", {"a"}}, {"group_by", {"..."}}}}}});
  EXPECT_NE(group_key(all, 0, one), group_key(all, 0, two)) << "`...` groups by every label";
}

TEST(Routing, a_bad_policy_names_the_field) {
  auto field = [](const json& body) {
    auto p = parse_policy(body);
    return p.ok() ? std::string("(accepted)") : p.error().field;
  };
  EXPECT_EQ(field({{"routes", {{{"channels", json::array()}}}}}), "routes[0].channels");
  EXPECT_EQ(field({{"routes", {{{"channels", {"a"}}, {"group_wait_seconds", -1}}}}}), "routes[0].group_wait_seconds");
  EXPECT_EQ(field({{"routes", {{{"channels", {"a"}}, {"matchers", {{{"name", "x"}, {"op", "~"}, {"value", ""}}}}}}}}),
            "routes[0].matchers[0].op");
  EXPECT_EQ(field({{"routes", {{{"channels", {"a"}}, {"matchers", {{{"name", "x"}, {"op", "=~"}, {"value", "("}}}}}}}}),
            "routes[0].matchers[0].value");
  EXPECT_EQ(
      field({{"routes",
              {{{"channels", {"a"}},
                {"escalation",
                 {{{"after_seconds", 600}, {"channels", {"b"}}}, {{"after_seconds", 300}, {"channels", {"c"}}}}}}}}}),
      "routes[0].escalation[1].after_seconds");
  EXPECT_EQ(field({{"routes", {{{"channels", {"a"}}, {"surprise", 1}}}}}), "routes[0].surprise");
  EXPECT_EQ(field({{"rotues", json::array()}}), "rotues");
}

}  // namespace
}  // namespace cairn::service::alerting
