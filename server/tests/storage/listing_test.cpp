#include "storage/listing.hpp"

#include <gtest/gtest.h>

#include "storage/scratch_database.hpp"
#include "storage/sql_where.hpp"

namespace cairn::storage {
namespace {

struct Thing {
  std::string key;  // the id, under another name
  std::string name;
  int64_t n = 0;
};

const Listing<Thing>& thing_sorts() {
  static const Listing<Thing> listing({sort_key("name", "name", &Thing::name), sort_key("n", "n", &Thing::n)}, "id",
                                      &Thing::key);
  return listing;
}

TEST(Listing, finds_a_key_by_its_name_in_either_direction) {
  ASSERT_NE(find_sort(thing_sorts(), "-n"), nullptr);
  EXPECT_EQ(find_sort(thing_sorts(), "-n")->sql, "n");
  EXPECT_EQ(find_sort(thing_sorts(), "name")->name, "name");
  EXPECT_EQ(find_sort(thing_sorts(), "key"), nullptr);
}

TEST(Listing, a_key_on_a_string_member_sorts_as_text) {
  EXPECT_TRUE(find_sort(thing_sorts(), "name")->is_text);
  EXPECT_FALSE(find_sort(thing_sorts(), "n")->is_text);
  EXPECT_EQ(find_sort(thing_sorts(), "n")->id_sql, "id");
}

TEST(Listing, finish_page_trims_the_extra_row_and_points_at_the_last_record_kept) {
  PageRequest page;
  page.limit = 2;
  page.sort = "-n";
  std::vector<Thing> items = {{"a", "x", 3}, {"b", "y", 2}, {"c", "z", 1}};
  auto next = finish_page(items, page, *find_sort(thing_sorts(), page.sort));
  ASSERT_TRUE(next);
  EXPECT_EQ(items.size(), 2u);
  auto cursor = decode_cursor(*next, "-n");
  ASSERT_TRUE(cursor.ok());
  EXPECT_EQ(cursor->value, Value(int64_t{2}));
  EXPECT_EQ(cursor->id, "b");
  EXPECT_FALSE(finish_page(items, page, *find_sort(thing_sorts(), page.sort)));  // a last page has no next
}

TEST(Listing, trim_offset_page_keeps_the_limit_and_points_past_it_only_when_a_row_was_left_over) {
  std::vector<int> rows{1, 2, 3, 4};
  EXPECT_EQ(trim_offset_page(rows, 20, 3), std::optional<int64_t>(23));
  EXPECT_EQ(rows, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(trim_offset_page(rows, 20, 3), std::nullopt);  // exactly a page: the last one
  EXPECT_EQ(rows.size(), 3U);
  std::vector<int> none;
  EXPECT_EQ(trim_offset_page(none, 0, 10), std::nullopt);
}

/// Every page of a list, walked by cursor, against each dialect.
class ListingOnDatabase : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == Dialect::postgres && !storage_testing::pg_url()) GTEST_SKIP() << "set CAIRN_TEST_PG_URL";
    scratch_ = std::make_unique<storage_testing::ScratchDatabase>(GetParam());
    auto c = scratch_->connection();
    ASSERT_TRUE(c->execute_script("CREATE TABLE things (id TEXT PRIMARY KEY, name TEXT, n BIGINT)").ok());
    // Ties in n, so pages must continue by id.
    const std::vector<Thing> things = {
        {"t1", "delta", 2}, {"t2", "alpha", 1}, {"t3", "echo", 2}, {"t4", "bravo", 1}, {"t5", "charlie", 2}};
    for (const auto& t : things) {
      ASSERT_TRUE(c->execute("INSERT INTO things (id, name, n) VALUES (?, ?, ?)", {t.key, t.name, t.n}).ok());
    }
  }

  std::vector<std::string> walk(const std::string& sort) {
    auto c = scratch_->connection();
    const auto* key = find_sort(thing_sorts(), sort);
    PageRequest page;
    page.limit = 2;
    page.sort = sort;
    std::vector<std::string> seen;
    for (int pages = 0; pages < 10; ++pages) {
      SqlWhere where;
      where.keyset_page(*key, page);
      auto rows = where.query(*c, "SELECT id, name, n FROM things");
      EXPECT_TRUE(rows.ok());
      if (!rows.ok()) break;
      std::vector<Thing> items;
      for (std::size_t i = 0; i < rows->size(); ++i) {
        items.push_back({(*rows)[i].text(0), (*rows)[i].text(1), (*rows)[i].int64(2)});
      }
      auto next = finish_page(items, page, *key);
      for (const auto& t : items) seen.push_back(t.key);
      if (!next) break;
      page.after = decode_cursor(*next, sort).value();
    }
    return seen;
  }

  std::unique_ptr<storage_testing::ScratchDatabase> scratch_;
};

TEST_P(ListingOnDatabase, cursors_made_from_records_walk_every_row_once_in_order) {
  EXPECT_EQ(walk("name"), (std::vector<std::string>{"t2", "t4", "t5", "t1", "t3"}));
  EXPECT_EQ(walk("-n"), (std::vector<std::string>{"t5", "t3", "t1", "t4", "t2"}));
  EXPECT_EQ(walk("n"), (std::vector<std::string>{"t2", "t4", "t1", "t3", "t5"}));
}

INSTANTIATE_TEST_SUITE_P(Dialects, ListingOnDatabase, ::testing::Values(Dialect::sqlite, Dialect::postgres),
                         [](const auto& info) { return storage_testing::dialect_name(info.param); });

}  // namespace
}  // namespace cairn::storage
