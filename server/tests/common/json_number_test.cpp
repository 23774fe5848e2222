#include "common/json_number.hpp"

#include <gtest/gtest.h>

namespace cairn {
namespace json_number_testing {

using nlohmann::json;

TEST(WholeNumber, takes_integers_and_integral_floats_as_json_schema_does) {
  EXPECT_EQ(whole_number(json(90)), 90);
  EXPECT_EQ(whole_number(json(-7)), -7);
  EXPECT_EQ(whole_number(json(90.0)), 90);
  EXPECT_EQ(whole_number(json(-0.0)), 0);
  EXPECT_EQ(whole_number(json::parse("453.0")), 453);
  EXPECT_EQ(whole_number(json::parse("1e3")), 1000);
}

TEST(WholeNumber, refuses_fractions_other_types_and_values_outside_int64) {
  EXPECT_EQ(whole_number(json(0.5)), std::nullopt);
  EXPECT_EQ(whole_number(json("90")), std::nullopt);
  EXPECT_EQ(whole_number(json(true)), std::nullopt);
  EXPECT_EQ(whole_number(json(nullptr)), std::nullopt);
  EXPECT_EQ(whole_number(json(18446744073709551615ULL)), std::nullopt);
  EXPECT_EQ(whole_number(json(9223372036854775808.0)), std::nullopt);  // 2^63
  // -2^63 written as an integer fits; as a double (or below int64, which parses as one) it lost digits.
  EXPECT_EQ(whole_number(json::parse("-9223372036854775808")), INT64_MIN);
  EXPECT_EQ(whole_number(json(-9223372036854775808.0)), std::nullopt);
  EXPECT_EQ(whole_number(json::parse("-9223372036854775809")), std::nullopt);
  EXPECT_EQ(whole_number(json(std::numeric_limits<double>::infinity())), std::nullopt);
  EXPECT_EQ(whole_number(json(9223372036854775807ULL)), INT64_MAX);
}

}  // namespace json_number_testing
}  // namespace cairn
