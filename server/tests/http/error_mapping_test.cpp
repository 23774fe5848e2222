#include "http/error_mapping.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace cairn::http {
namespace {

TEST(ErrorMapping, each_code_has_its_status) {
  EXPECT_EQ(http_status(ErrorCode::bad_request), 400);
  EXPECT_EQ(http_status(ErrorCode::validation_failed), 422);
  EXPECT_EQ(http_status(ErrorCode::unauthenticated), 401);
  EXPECT_EQ(http_status(ErrorCode::forbidden), 403);
  EXPECT_EQ(http_status(ErrorCode::not_found), 404);
  EXPECT_EQ(http_status(ErrorCode::conflict), 409);
  EXPECT_EQ(http_status(ErrorCode::payload_too_large), 413);
  EXPECT_EQ(http_status(ErrorCode::rate_limited), 429);
  EXPECT_EQ(http_status(ErrorCode::unavailable), 503);
  EXPECT_EQ(http_status(ErrorCode::internal), 500);
}

TEST(ErrorMapping, body_has_the_one_error_shape_with_the_field) {
  auto response = error_response(Error::validation("email", "email is not valid"), "req-1");
  EXPECT_EQ(response.status, 422);
  auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["error"]["code"], "validation_failed");
  EXPECT_EQ(body["error"]["message"], "email is not valid");
  EXPECT_EQ(body["error"]["request_id"], "req-1");
  EXPECT_EQ(body["error"]["field"], "email");
}

TEST(ErrorMapping, internal_details_stay_out_of_the_body) {
  auto response = error_response(Error::internal("sqlite: disk I/O error at /secret/path"), "req-2");
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body.find("secret"), std::string::npos);
}

TEST(ErrorMapping, rate_limited_carries_retry_after) {
  auto response = error_response(Error::rate_limited(7), "req-3");
  bool found = false;
  for (const auto& [name, value] : response.headers) {
    if (name == "Retry-After") {
      found = true;
      EXPECT_EQ(value, "7");
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace cairn::http
