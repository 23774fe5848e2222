#include <gtest/gtest.h>

#include "common/crypto.hpp"
#include "storage/pagination.hpp"

namespace cairn::storage {
namespace {

TEST(Cursor, round_trips_text_and_integer_values) {
  crypto::init();
  auto text = decode_cursor(encode_cursor({"name", std::string("Zoë's \"project\""), "id1"}), "name");
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(std::get<std::string>(text->value), "Zoë's \"project\"");
  EXPECT_EQ(text->id, "id1");
  auto number = decode_cursor(encode_cursor({"-created_at", int64_t{1700000000123}, "id2"}), "-created_at");
  ASSERT_TRUE(number.ok());
  EXPECT_EQ(std::get<int64_t>(number->value), 1700000000123);
}

TEST(Cursor, made_for_another_sort_is_rejected) {
  auto result = decode_cursor(encode_cursor({"name", std::string("a"), "id"}), "-name");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::bad_request);
  EXPECT_EQ(result.error().field, "cursor");
}

TEST(Cursor, garbage_is_rejected) {
  for (const char* junk : {"", "!!!", "bm90IGpzb24", "e30", "WzFd"}) {
    EXPECT_FALSE(decode_cursor(junk, "name").ok()) << junk;
  }
}

TEST(Keyset, descending_sort_pages_backwards_with_a_tie_breaker) {
  PageRequest page;
  page.limit = 10;
  page.sort = "-created_at";
  page.after = Cursor{"-created_at", int64_t{5}, "abc"};
  SortColumn column{"created_at", "p.created_at", false};
  auto sql = keyset_sql(column, "p.id", page);
  EXPECT_EQ(sql.where, " AND (p.created_at < ? OR (p.created_at = ? AND p.id < ?))");
  EXPECT_EQ(sql.order_limit, " ORDER BY p.created_at DESC, p.id DESC LIMIT ?");
  ASSERT_EQ(sql.params.size(), 4u);
  EXPECT_EQ(std::get<int64_t>(sql.params[3]), 11);  // one extra row tells whether a next page exists
}

TEST(Keyset, like_patterns_escape_wildcards) {
  EXPECT_EQ(like_escape("50%_a\\b"), "50\\%\\_a\\\\b");
}

}  // namespace
}  // namespace cairn::storage
