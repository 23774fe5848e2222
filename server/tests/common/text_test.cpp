#include "common/text.hpp"

#include <gtest/gtest.h>

namespace cairn {
namespace {

TEST(PlainNumber, ReadsPlainDecimalNumbers) {
  EXPECT_EQ(plain_number("8"), 8.0);
  EXPECT_EQ(plain_number("12"), 12.0);
  EXPECT_EQ(plain_number("-1.5"), -1.5);
  EXPECT_EQ(plain_number("+.5"), 0.5);
  EXPECT_EQ(plain_number("5."), 5.0);
  EXPECT_EQ(plain_number("1e-3"), 0.001);
  EXPECT_EQ(plain_number("2E+10"), 2e10);
}

// Whatever PostgreSQL's twin regex (run_search.cpp) refuses: params that sort as text.
TEST(PlainNumber, RefusesEverythingElse) {
  for (const char* text : {"", "-", ".", "e5", "1e", "1e123", " 8", "8 ", "0x10", "inf", "nan", "1,5", "1.2.3", "deep",
                           "1234567890123456789012345678901", "1.1234567890123456789012345678901"}) {
    EXPECT_FALSE(plain_number(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace cairn
