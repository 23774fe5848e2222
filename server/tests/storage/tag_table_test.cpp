#include "storage/tag_table.hpp"

#include <gtest/gtest.h>

#include "storage/scratch_database.hpp"

namespace cairn::storage {
namespace {

const TagTable kThingTags("thing_tags", {"thing_id"});
const TagTable kPartTags("part_tags", {"thing_id", "part"});

/// Tag tables of one owner column and of two (as model versions'), against each dialect.
class TagTableTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == Dialect::postgres && !storage_testing::pg_url()) GTEST_SKIP() << "set CAIRN_TEST_PG_URL";
    scratch_ = std::make_unique<storage_testing::ScratchDatabase>(GetParam());
    conn_.emplace(scratch_->connection());
    ASSERT_TRUE(
        c().execute_script("CREATE TABLE thing_tags (thing_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,"
                           " PRIMARY KEY (thing_id, key));"
                           "CREATE TABLE part_tags (thing_id TEXT NOT NULL, part BIGINT NOT NULL, key TEXT NOT NULL,"
                           " value TEXT NOT NULL, PRIMARY KEY (thing_id, part, key));")
            .ok());
  }
  void TearDown() override { conn_.reset(); }
  Connection& c() { return **conn_; }

  std::unique_ptr<storage_testing::ScratchDatabase> scratch_;
  std::optional<PooledConnection> conn_;
};

TEST_P(TagTableTest, set_inserts_a_tag_and_then_replaces_its_value) {
  ASSERT_TRUE(kThingTags.set(c(), {"a"}, "stage", "dev").ok());
  ASSERT_TRUE(kThingTags.set(c(), {"a"}, "stage", "prod").ok());
  auto tags = kThingTags.load_one(c(), {"a"});
  ASSERT_TRUE(tags.ok()) << tags.error().message;
  EXPECT_EQ(*tags, (TagList{{"stage", "prod"}}));
}

TEST_P(TagTableTest, remove_says_whether_the_owner_had_the_tag) {
  ASSERT_TRUE(kPartTags.set(c(), {"a", int64_t{1}}, "k", "v").ok());
  auto other_part = kPartTags.remove(c(), {"a", int64_t{2}}, "k");
  ASSERT_TRUE(other_part.ok());
  EXPECT_FALSE(*other_part);
  auto removed = kPartTags.remove(c(), {"a", int64_t{1}}, "k");
  ASSERT_TRUE(removed.ok());
  EXPECT_TRUE(*removed);
  EXPECT_TRUE(kPartTags.load_one(c(), {"a", int64_t{1}})->empty());
}

TEST_P(TagTableTest, load_gives_each_owner_its_own_tags_in_key_order) {
  ASSERT_TRUE(kPartTags.set(c(), {"a", int64_t{1}}, "zeta", "1").ok());
  ASSERT_TRUE(kPartTags.set(c(), {"a", int64_t{1}}, "alpha", "2").ok());
  ASSERT_TRUE(kPartTags.set(c(), {"a", int64_t{2}}, "beta", "3").ok());
  ASSERT_TRUE(kPartTags.set(c(), {"b", int64_t{1}}, "gamma", "4").ok());
  auto tags = kPartTags.load(c(), {{"a", int64_t{2}}, {"c", int64_t{1}}, {"a", int64_t{1}}});
  ASSERT_TRUE(tags.ok()) << tags.error().message;
  ASSERT_EQ(tags->size(), 3u);
  EXPECT_EQ((*tags)[0], (TagList{{"beta", "3"}}));
  EXPECT_TRUE((*tags)[1].empty());
  EXPECT_EQ((*tags)[2], (TagList{{"alpha", "2"}, {"zeta", "1"}}));

  ASSERT_TRUE(kThingTags.set(c(), {"x"}, "k", "v").ok());
  auto none = kThingTags.load(c(), {});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  auto one_column = kThingTags.load(c(), {{"y"}, {"x"}});
  ASSERT_TRUE(one_column.ok());
  EXPECT_EQ(one_column->at(1), (TagList{{"k", "v"}}));
}

INSTANTIATE_TEST_SUITE_P(Dialects, TagTableTest, ::testing::Values(Dialect::sqlite, Dialect::postgres),
                         [](const auto& info) { return storage_testing::dialect_name(info.param); });

}  // namespace
}  // namespace cairn::storage
