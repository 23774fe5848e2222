#include "http/router.hpp"

#include <gtest/gtest.h>

namespace cairn::http {
namespace {

Handler named(std::string name) {
  return [name](Request&, Responder responder) { responder.send(Response::text(200, name)); };
}

std::string call(const Router::Match& match) {
  Request req;
  std::string body;
  (*match.handler)(req, Responder([&body](Response&& response) { body = response.body; }));
  return body;
}

TEST(Router, matches_parameters_and_decodes_them) {
  Router router;
  router.add("GET", "/api/v1/orgs/{org}/projects/{project}", named("project"));
  auto match = router.match("GET", "/api/v1/orgs/acme/projects/my%20proj");
  ASSERT_EQ(match.kind, Router::MatchKind::found);
  EXPECT_EQ(match.route, "/api/v1/orgs/{org}/projects/{project}");
  ASSERT_EQ(match.params.size(), 2u);
  EXPECT_EQ(match.params[0], (std::pair<std::string, std::string>{"org", "acme"}));
  EXPECT_EQ(match.params[1].second, "my proj");
}

TEST(Router, literal_segments_win_over_parameters_in_any_order) {
  Router router;
  router.add("POST", "/api/v1/invitations/{id}", named("param"));
  router.add("POST", "/api/v1/invitations/accept", named("literal"));
  EXPECT_EQ(call(router.match("POST", "/api/v1/invitations/accept")), "literal");
  EXPECT_EQ(call(router.match("POST", "/api/v1/invitations/xyz")), "param");
}

TEST(Router, wrong_method_reports_the_allowed_ones) {
  Router router;
  router.add("GET", "/things", named("get"));
  router.add("POST", "/things", named("post"));
  auto match = router.match("DELETE", "/things");
  EXPECT_EQ(match.kind, Router::MatchKind::method_not_allowed);
  EXPECT_EQ(match.allowed_methods, (std::vector<std::string>{"GET", "POST"}));
}

TEST(Router, a_literal_path_is_not_served_by_a_template_of_another_method) {
  Router router;
  router.add("POST", "/runs/compare", named("compare"));
  router.add("PATCH", "/runs/{run_id}", named("update"));
  auto match = router.match("PATCH", "/runs/compare");
  EXPECT_EQ(match.kind, Router::MatchKind::method_not_allowed);
  EXPECT_EQ(match.allowed_methods, (std::vector<std::string>{"POST"}));
  EXPECT_EQ(call(router.match("PATCH", "/runs/abc")), "update");
}

TEST(Router, empty_segments_and_extra_segments_do_not_match) {
  Router router;
  router.add("GET", "/orgs/{org}", named("org"));
  EXPECT_EQ(router.match("GET", "/orgs/").kind, Router::MatchKind::not_found);
  EXPECT_EQ(router.match("GET", "/orgs/a/b").kind, Router::MatchKind::not_found);
  EXPECT_EQ(router.match("GET", "/orgs").kind, Router::MatchKind::not_found);
}

TEST(Router, malformed_escape_is_a_bad_path) {
  Router router;
  router.add("GET", "/orgs/{org}", named("org"));
  EXPECT_EQ(router.match("GET", "/orgs/%zz").kind, Router::MatchKind::bad_path);
  EXPECT_EQ(router.match("GET", "/orgs/%4").kind, Router::MatchKind::bad_path);
}

TEST(Router, registering_a_route_twice_is_a_programming_error) {
  Router router;
  router.add("GET", "/x", named("a"));
  EXPECT_THROW(router.add("GET", "/x", named("b")), std::logic_error);
}

TEST(Request, query_parameters_are_decoded) {
  Request req;
  req.query_string = "q=hello+world&limit=5&empty&enc=%2Fa%26b";
  EXPECT_EQ(req.query("q"), "hello world");
  EXPECT_EQ(req.query("limit"), "5");
  EXPECT_EQ(req.query("empty"), "");
  EXPECT_EQ(req.query("enc"), "/a&b");
  EXPECT_EQ(req.query("missing"), std::nullopt);
}

}  // namespace
}  // namespace cairn::http

namespace cairn::http {
namespace {

TEST(Router, rest_parameter_takes_the_remaining_segments) {
  Router router;
  router.add("GET", "/files/{path...}", named("rest"));
  router.add("GET", "/files/special", named("literal"));
  auto match = router.match("GET", "/files/a/b%20c/d.txt");
  ASSERT_EQ(match.kind, Router::MatchKind::found);
  EXPECT_EQ(match.params[0].second, "a/b c/d.txt");
  EXPECT_EQ(call(router.match("GET", "/files/special")), "literal");
  EXPECT_EQ(router.match("GET", "/files").kind, Router::MatchKind::not_found);
}

}  // namespace
}  // namespace cairn::http
