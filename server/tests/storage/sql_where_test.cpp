#include "storage/sql_where.hpp"

#include <gtest/gtest.h>

#include "storage/scratch_database.hpp"

namespace cairn::storage {
namespace {

TEST(SqlWhere, conditions_join_with_and_and_bind_their_values_in_order) {
  SqlWhere where;
  where.add("a = ?", {int64_t{1}}).add("b = 'x'").add("(c = ? OR d = ?)", {"c", "d"});
  auto s = where.statement("SELECT * FROM t JOIN u ON u.k = ?", {"head"});
  EXPECT_EQ(s.sql, "SELECT * FROM t JOIN u ON u.k = ? WHERE a = ? AND b = 'x' AND (c = ? OR d = ?)");
  EXPECT_EQ(s.params, (std::vector<Value>{"head", int64_t{1}, "c", "d"}));
}

TEST(SqlWhere, no_condition_leaves_no_where) {
  EXPECT_EQ(SqlWhere().statement("SELECT 1").sql, "SELECT 1");
}

TEST(SqlWhere, an_optional_condition_is_added_only_when_its_value_is_set) {
  SqlWhere where;
  where.add_if(std::optional<std::string>{}, "a = ?").add_if(std::optional<int64_t>{7}, "b = ?");
  auto s = where.statement("SELECT * FROM t");
  EXPECT_EQ(s.sql, "SELECT * FROM t WHERE b = ?");
  EXPECT_EQ(s.params, (std::vector<Value>{int64_t{7}}));
}

TEST(SqlWhere, the_page_comes_after_conditions_added_later) {
  PageRequest page;
  page.limit = 2;
  page.sort = "name";
  page.after = Cursor{"name", "b", "id-b"};
  SqlWhere where;
  where.keyset_page(SortColumn{"name", "t.name", true}, "t.id", page).add("t.kind = ?", {"k"});
  auto s = where.statement("SELECT * FROM t");
  EXPECT_EQ(s.sql,
            "SELECT * FROM t WHERE (t.name > ? OR (t.name = ? AND t.id > ?)) AND t.kind = ?"
            " ORDER BY t.name ASC, t.id ASC LIMIT ?");
  EXPECT_EQ(s.params, (std::vector<Value>{"b", "b", "id-b", "k", int64_t{3}}));
}

TEST(SqlWhere, an_offset_page_fetches_one_row_more_than_its_limit) {
  SqlWhere where;
  where.add("a = ?", {int64_t{1}}).offset_page("a DESC", 10, 20);
  auto s = where.statement("SELECT a FROM t");
  EXPECT_EQ(s.sql, "SELECT a FROM t WHERE a = ? ORDER BY a DESC LIMIT ? OFFSET ?");
  EXPECT_EQ(s.params, (std::vector<Value>{int64_t{1}, int64_t{11}, int64_t{20}}));
}

/// The same statements against each dialect: `?` stays portable, PostgreSQL numbers it.
class SqlWhereOnDatabase : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == Dialect::postgres && !storage_testing::pg_url()) GTEST_SKIP() << "set CAIRN_TEST_PG_URL";
    scratch_ = std::make_unique<storage_testing::ScratchDatabase>(GetParam());
    auto c = scratch_->connection();
    ASSERT_TRUE(c->execute_script("CREATE TABLE things (id TEXT PRIMARY KEY, kind TEXT, n BIGINT)").ok());
    for (int i = 0; i < 6; ++i) {
      ASSERT_TRUE(c->execute("INSERT INTO things (id, kind, n) VALUES (?, ?, ?)",
                             {"t" + std::to_string(i), i % 2 ? "odd" : "even", int64_t{i / 2}})
                      .ok());
    }
  }
  std::vector<std::string> ids(const SqlWhere& where) {
    auto c = scratch_->connection();
    auto rows = where.query(*c, "SELECT id FROM things");
    EXPECT_TRUE(rows.ok()) << rows.error().message;
    std::vector<std::string> out;
    for (std::size_t i = 0; rows.ok() && i < rows->size(); ++i) out.push_back((*rows)[i].text(0));
    return out;
  }
  std::unique_ptr<storage_testing::ScratchDatabase> scratch_;
};

TEST_P(SqlWhereOnDatabase, keyset_pages_continue_after_the_cursor_with_the_filters_bound) {
  const SortColumn by_n{"n", "n", false};
  PageRequest page;
  page.limit = 2;
  page.sort = "-n";
  SqlWhere first;
  first.add("kind = ?", {"even"}).add_in("id", {"t0", "t2", "t4", "t1"}).keyset_page(by_n, "id", page);
  EXPECT_EQ(ids(first), (std::vector<std::string>{"t4", "t2", "t0"}));  // one more than the page

  page.after = Cursor{"-n", int64_t{1}, "t2"};
  SqlWhere second;
  second.add("kind = ?", {"even"}).add_in("id", {"t0", "t2", "t4", "t1"}).keyset_page(by_n, "id", page);
  EXPECT_EQ(ids(second), (std::vector<std::string>{"t0"}));
}

TEST_P(SqlWhereOnDatabase, in_over_no_values_matches_no_row) {
  SqlWhere where;
  where.add_in("id", {});
  EXPECT_TRUE(ids(where).empty());
}

TEST_P(SqlWhereOnDatabase, offset_pages_and_limits_bind_after_the_conditions) {
  SqlWhere page;
  page.add("kind = ?", {"odd"}).offset_page("id", 1, 1);
  EXPECT_EQ(ids(page), (std::vector<std::string>{"t3", "t5"}));
  SqlWhere first;
  first.add("n >= ?", {int64_t{1}}).order_limit("id DESC", 2);
  EXPECT_EQ(ids(first), (std::vector<std::string>{"t5", "t4"}));
}

INSTANTIATE_TEST_SUITE_P(Dialects, SqlWhereOnDatabase, ::testing::Values(Dialect::sqlite, Dialect::postgres),
                         [](const auto& info) { return storage_testing::dialect_name(info.param); });

}  // namespace
}  // namespace cairn::storage
